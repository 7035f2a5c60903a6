"""The book builds with `jupyter-book build . -W -n --keep-going` and says nothing worrying."""

from __future__ import annotations

from book_site import HTML, toc_docnames


def test_book_builds_without_warnings(book_build):
    assert book_build.returncode == 0, book_build.output[-4000:]
    assert book_build.warnings == [], "\n".join(book_build.warnings)


def test_every_toc_page_is_built(book_build):
    missing = [doc for doc in toc_docnames() if not (HTML / f"{doc}.html").is_file()]
    assert missing == []


def test_vendored_assets_are_in_the_site(book_build):
    vendor = HTML / "_static" / "offline"
    for relative in ["mathjax/tex-chtml.js", "requirejs/require.js", "html-manager/embed-amd.js"]:
        assert (vendor / relative).is_file(), relative


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
