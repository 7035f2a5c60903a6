"""The book builds with `jupyter-book build . -W -n --keep-going` and says nothing worrying."""

from __future__ import annotations

from book_site import HTML, ROOT, BuildResult, toc_docnames


def test_book_builds_without_warnings(book_build):
    assert book_build.returncode == 0, book_build.output[-4000:]
    assert book_build.warnings == [], "\n".join(book_build.warnings)


def test_only_the_kernel_shutdown_race_is_left_out_of_the_warnings():
    race = [
        "ERROR:tornado.general:Uncaught exception in ZMQStream callback",
        "Traceback (most recent call last):",
        '  File "/x/ipykernel/iostream.py", line 343, in schedule',
        '    self._event_pipe.send(b"")',
        "zmq.error.ZMQError: Socket operation on non-socket",
    ]
    other_end = [*race[:-1], "RuntimeError: boom"]
    build = BuildResult(0, "\n".join(["build succeeded.", *race, "done"]))
    assert build.warnings == []
    build = BuildResult(0, "\n".join([*other_end, "x.md:3: WARNING: undefined label"]))
    assert build.warnings == [race[0], "x.md:3: WARNING: undefined label"]


def test_every_toc_page_is_built(book_build):
    missing = [doc for doc in toc_docnames() if not (HTML / f"{doc}.html").is_file()]
    assert missing == []


def test_vendored_assets_are_in_the_site_and_nothing_unused(book_build):
    vendor = HTML / "_static" / "offline"
    assert (vendor / "mathjax" / "tex-chtml.js").is_file()
    assert sorted(p.name for p in vendor.iterdir() if p.is_dir()) == ["mathjax"]


# The whole built site (pages, pictures, 50 MB of explorable states, MathJax): 91 MB; it was
# 110 MB while the unused widget manager (18 MB) shipped. New pictures or assets must fit.
SITE_BUDGET_MB = 100


def test_site_within_its_size_budget(book_build):
    size_mb = sum(p.stat().st_size for p in HTML.rglob("*") if p.is_file()) / 1e6
    assert size_mb <= SITE_BUDGET_MB, f"built site {size_mb:.1f} MB > {SITE_BUDGET_MB} MB"


def test_no_page_points_at_a_cdn(book_build):
    """Static check beside the browser test: no script or stylesheet URL leaves the site."""
    import re

    offenders = {}
    for page in HTML.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        urls = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        if urls:
            offenders[str(page.relative_to(HTML))] = urls
    assert offenders == {}


def _site_pages():
    """The built pages (not the theme's template fragments under _static/)."""
    return [p for p in HTML.rglob("*.html") if "_static" not in p.relative_to(HTML).parts]


def test_mathjax_only_on_pages_with_maths(book_build):
    """MathJax (about 1 MB) is loaded by the pages that show mathematics, and only by them."""
    import re

    wrong = {}
    for page in _site_pages():
        text = page.read_text(encoding="utf-8")
        has_maths = re.search(r'class="[^"]*\bmath\b', text) is not None
        loads_mathjax = "mathjax/tex-chtml.js" in text
        if has_maths != loads_mathjax:
            wrong[str(page.relative_to(HTML))] = {"maths": has_maths, "mathjax": loads_mathjax}
    assert wrong == {}
    assert "mathjax/tex-chtml.js" in (HTML / "chapters" / "03_excitability.html").read_text()


def test_pages_skip_theme_assets_the_book_does_not_use(book_build):
    """No page loads fontawesome.js (the theme's CSS draws the icons); only the search page loads
    the search index (search-as-you-type is off)."""
    for page in _site_pages():
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(HTML))
        assert "fontawesome.js" not in text, name
        if name != "search.html":
            assert "searchindex.js" not in text, name
    assert "searchindex.js" in (HTML / "search.html").read_text(encoding="utf-8")


def test_figures_load_lazily_with_their_size(book_build):
    import re

    for doc in toc_docnames():
        text = (HTML / f"{doc}.html").read_text(encoding="utf-8")
        for tag in re.findall(r"<img\b[^>]*_images/[^>]*>", text):
            assert 'loading="lazy"' in tag, (doc, tag[:120])
            if ".png" in tag:
                assert re.search(r'width="\d+" height="\d+"', tag), (doc, tag[:120])


def test_outputs_fit_a_phone_and_no_page_shows_a_raw_citation_key(book_build):
    """Issue 21: in chapters 0-5 no printed output (a <pre> that does not wrap) is wider than 45
    characters a line, which scrolls sideways on a 390-px phone; on no page does a reader see a
    references.bib key (in text, alt text or a title) instead of an author-year citation."""
    import re

    from bs4 import BeautifulSoup

    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{\s*([^,\s]+)\s*,", bib, re.MULTILINE))
    assert {"minetto2009", "sica1971"} <= keys
    wide, raw = [], []
    for doc in toc_docnames():
        soup = BeautifulSoup((HTML / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
        for node in soup(["script", "style", "noscript"]):
            node.decompose()
        if re.match(r"chapters/0[0-5]_", doc):
            wide += [
                f"{doc}: {len(line)} characters: {line[:50]!r}"
                for pre in soup.select("div.cell_output pre")
                for line in pre.get_text().splitlines()
                if len(line) > 45
            ]
        main = soup.find("main") or soup
        texts = [main.get_text(" ")] + [
            el[attr]
            for attr in ("alt", "title", "aria-label")
            for el in main.find_all(attrs={attr: True})
        ]
        raw += [
            f"{doc}: {word!r}"
            for text in texts
            for word in re.findall(r"[\w-]+", text)
            if word in keys
        ]
    assert wide == [], "printed outputs too wide for a phone:\n" + "\n".join(wide)
    assert raw == [], "raw citation keys on the pages:\n" + "\n".join(raw)
