"""Figures drawn by the chapters' cells, in the built book (issue 13, items 4, 5 and 10).

Every PNG a chapter's cell shows (not the widgets, which are explorable figures) is a figure with
a numbered caption "Figure N.k: ..." (k counting per chapter), an "Enlarge" link to the full-size
file and a collapsed "Text description" holding exactly its alt text (``_ext/figure_captions.py``).

In a real browser on a phone (390 px) every figure is measured: the smallest text a reader gets,
in CSS pixels, in the page and in the enlarged view (a tap on the picture), from the size of the
smallest text in the PNG (``data-min-text-px``, recorded when the figure was drawn) and the width
at which the picture is shown. One of the two must be at least 9 px. The enlarged view is a
dialog that opens from the keyboard too, is labelled by the caption, closes with Escape and
gives the focus back; without JavaScript the link opens the PNG itself. The caption and the
description are readable (contrast) in light and dark mode, and axe-core finds nothing serious
with the description or the dialog open. The measurements are written to
``_build/figure_text_sizes.json``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest
from book_site import HTML, ROOT, contrast, loaded_page, serious_axe_violations, toc_docnames

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MIN_CSS_PX = 9.0
SIZES_FILE = ROOT / "_build" / "figure_text_sizes.json"
CAPTION = re.compile(r"Figure (\d+)\.(\d+): (\S.*)")


def _cell_figures() -> dict[str, int]:
    """docname -> number of PNG figures its cells show (stored outputs; widgets excluded)."""
    counts = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        n = sum(
            "image/png" in o.get("data", {}) and WIDGET_VIEW not in o.get("data", {})
            for cell in nb["cells"]
            for o in cell.get("outputs", [])
        )
        if n:
            counts[f"chapters/{path.stem}"] = n
    return counts


FIGURES = _cell_figures()
PAGES = sorted(FIGURES)


def _soup(docname: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((HTML / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def _words(text: str) -> str:
    return " ".join(text.split())


def test_chapters_have_cell_figures():
    assert len(PAGES) >= 7 and sum(FIGURES.values()) >= 25, FIGURES


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_cell_figure_is_numbered_captioned_and_described(book_build, docname):
    soup = _soup(docname)
    article = soup.select_one("article.bd-article")
    loose = [
        img.get("src")
        for img in article.select(".cell_output img")
        if not img.find_parent("figure", class_="cramp-figure")
        and not img.find_parent("figure", class_="cramp-explorable")
    ]
    assert loose == [], f"{docname}: cell images outside a figure: {loose}"
    figures = article.select("figure.cramp-figure")
    assert len(figures) == FIGURES.get(docname, 0), docname
    chapter = int(docname.split("/")[-1].split("_")[0]) if docname in FIGURES else None
    for k, figure in enumerate(figures, start=1):
        img = figure.find("img", recursive=False)
        alt = _words(img["alt"])
        caption = _words(figure.select_one("figcaption > p").get_text(" ").replace("#", ""))
        match = CAPTION.fullmatch(caption.replace(" :", ":"))
        assert match, f"{docname}: caption {caption!r}"
        assert (int(match.group(1)), int(match.group(2))) == (chapter, k), caption
        assert 10 <= len(match.group(3)) <= 100, caption
        assert figure.get("id") == f"figure-{chapter}-{k}"
        details = figure.select("details.cramp-text-description")
        assert len(details) == 1 and details[0].get("open") is None, (
            f"{caption}: not one closed box"
        )
        assert _words(details[0].summary.get_text()) == "Text description"
        assert _words(details[0].p.get_text()) == alt, f"{caption}: description differs from alt"
        link = figure.select_one("a.cramp-enlarge")
        assert link["href"] == img["src"], caption
        assert (HTML / urljoin(f"{docname}.html", link["href"])).is_file()
        assert float(link["data-min-text-px"]) > 0
        assert link["aria-label"] == f"Enlarge figure {chapter}.{k}"


MEASURE_JS = """(figure) => {
  const img = figure.querySelector(':scope > img');
  const link = figure.querySelector('a.cramp-enlarge');
  return {src: img.currentSrc, natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
          minPx: parseFloat(link.dataset.minTextPx),
          caption: Array.from(figure.querySelectorAll('figcaption > p > .caption-number, figcaption > p > .caption-text'))
                     .map(e => e.textContent).join('').replace(/\\s+/g, ' ').trim()};
}"""
ZOOM_JS = """() => {
  const d = document.querySelector('dialog.cramp-zoom');
  const img = d.querySelector('.cramp-zoom-body > img');
  const label = document.getElementById(d.getAttribute('aria-labelledby'));
  return {open: d.open, natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
          label: label.textContent, alt: img.alt, focus: document.activeElement.className};
}"""


def _record(docname: str, rows: list[dict]) -> None:
    data = json.loads(SIZES_FILE.read_text()) if SIZES_FILE.is_file() else {}
    data[docname] = rows
    SIZES_FILE.parent.mkdir(exist_ok=True)
    SIZES_FILE.write_text(json.dumps(data, indent=1, sort_keys=True))


@pytest.mark.browser
@pytest.mark.parametrize("docname", PAGES)
def test_every_figure_is_readable_on_a_phone_in_the_page_or_enlarged(browser, site, docname):
    with loaded_page(browser, site, docname, "phone") as page:
        rows, small = [], []
        figures = page.locator("article figure.cramp-figure")
        for i in range(figures.count()):
            figure = figures.nth(i)
            figure.scroll_into_view_if_needed()
            figure.locator(":scope > img").evaluate(
                "img => img.complete && img.naturalWidth ? 0 : new Promise(r => img.addEventListener('load', r, {once: true}))"
            )
            shape = figure.evaluate(MEASURE_JS)
            in_page = shape["minPx"] * shape["shown"] / shape["natural"]
            figure.locator(":scope > img").tap()  # a tap on the picture enlarges it
            page.wait_for_function("document.querySelector('dialog.cramp-zoom')?.open")
            page.wait_for_function(
                "document.querySelector('dialog.cramp-zoom .cramp-zoom-body > img').complete"
            )
            zoom = page.evaluate(ZOOM_JS)
            enlarged = shape["minPx"] * zoom["shown"] / zoom["natural"]
            assert zoom["label"] == shape["caption"], (zoom["label"], shape["caption"])
            assert zoom["alt"] and zoom["focus"] == "cramp-zoom-close", zoom
            if i == 0:
                page.wait_for_function(
                    "document.getAnimations().every(a => a.playState !== 'running')"
                )
                serious = serious_axe_violations(page)
                assert serious == [], f"{docname}, enlarged figure: " + "\n".join(serious)
            page.keyboard.press("Escape")
            page.wait_for_function("!document.querySelector('dialog.cramp-zoom').open")
            # the focus goes back to the figure's Enlarge link (when the dialog's close event runs)
            page.wait_for_function(
                "document.activeElement.classList.contains('cramp-enlarge')", timeout=3_000
            )
            row = {
                "caption": shape["caption"],
                "png_width": shape["natural"],
                "min_text_png_px": shape["minPx"],
                "in_page_css_px": round(in_page, 1),
                "enlarged_css_px": round(enlarged, 1),
            }
            rows.append(row)
            if max(in_page, enlarged) < MIN_CSS_PX:
                small.append(row)
        _record(docname, rows)
        assert rows, f"{docname}: no figure measured"
        assert small == [], (
            f"{docname}: text under {MIN_CSS_PX} px in the page and enlarged: {small}"
        )
        assert page.console_errors == [] and page.offsite_requests == [], (
            page.console_errors,
            page.offsite_requests,
        )


@pytest.mark.browser
def test_enlarge_works_from_the_keyboard_on_a_laptop(browser, site):
    with loaded_page(browser, site, "chapters/03_excitability") as page:
        link = page.locator("article figure.cramp-figure a.cramp-enlarge").nth(1)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('dialog.cramp-zoom')?.open")
        zoom = page.evaluate(ZOOM_JS)
        assert zoom["label"].startswith("Figure 3.2: ") and zoom["focus"] == "cramp-zoom-close"
        assert zoom["shown"] == zoom["natural"], "the enlarged picture is not at full size"
        page.keyboard.press("Tab")  # the picture's scrolling area takes the focus next
        assert page.evaluate("document.activeElement.classList.contains('cramp-zoom-body')")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")  # Close
        page.wait_for_function("!document.querySelector('dialog.cramp-zoom').open")
        page.wait_for_function(
            "document.activeElement.getAttribute('aria-label') === 'Enlarge figure 3.2'",
            timeout=3_000,
        )
        assert not page.evaluate("document.documentElement.classList.contains('cramp-zoom-open')")
        assert page.console_errors == [] and page.offsite_requests == []


@pytest.mark.browser
def test_without_javascript_enlarge_opens_the_picture_file(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site}/chapters/07_treatment.html", wait_until="load")
        link = page.locator("article figure.cramp-figure a.cramp-enlarge").first
        href = link.get_attribute("href")
        with page.expect_navigation() as navigation:
            link.click()
        response = navigation.value
        assert response.ok and response.headers["content-type"] == "image/png"
        assert page.url == urljoin(f"{site}/chapters/07_treatment.html", href)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_caption_and_text_description_are_readable(browser, site, dark):
    with loaded_page(browser, site, "chapters/07_treatment", "phone", dark=dark) as page:
        figure = page.locator("article figure.cramp-figure").first
        figure.scroll_into_view_if_needed()
        description = figure.locator("details.cramp-text-description")
        assert not description.locator("p").is_visible()
        description.locator("summary").click()
        assert description.locator("p").is_visible()
        assert description.evaluate("d => d.open")
        for part in (
            figure.locator(".caption-number"),
            figure.locator(".caption-text"),
            description.locator("summary"),
            description.locator("p"),
            figure.locator("a.cramp-enlarge"),
        ):
            assert contrast(part) >= 4.5, f"{part}: contrast {contrast(part):.2f}"
        for target in (description.locator("summary"), figure.locator("a.cramp-enlarge")):
            height = target.evaluate("e => e.getBoundingClientRect().height")
            assert height >= 24, f"{target}: a {height:.0f} px target"
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        serious = serious_axe_violations(page)
        assert serious == [], "\n".join(serious)
        assert page.console_errors == [] and page.offsite_requests == []


# --- the extension's pure helpers (no build) ------------------------------------------------------


def _extension():
    import figure_captions

    return figure_captions


def test_caption_numbers_get_a_colon():
    ext = _extension()
    body = (
        '<span class="caption-number">Figure 3.10 </span><span class="caption-text">x</span>'
        '<span class="caption-number">Table 1 </span>'
    )
    assert ext.colon_after_numbers(body) == (
        '<span class="caption-number">Figure 3.10: </span><span class="caption-text">x</span>'
        '<span class="caption-number">Table 1 </span>'
    )


def test_figure_from_an_image_with_and_without_a_stored_caption():
    from docutils import nodes

    ext = _extension()
    alt = "Line plot of force against rate. It rises."
    stored = nodes.image(
        uri="a.png", alt=alt, cramp_caption="Force against rate", cramp_min_text_px=12.5
    )
    figure = ext.make_figure(stored, "figure-4-1")
    assert figure["ids"] == ["figure-4-1"] and "cramp-figure" in figure["classes"]
    assert figure.next_node(nodes.caption).astext() == "Force against rate"
    assert figure.next_node(ext.figure_enlarge)["min_text_px"] == 12.5
    assert figure.next_node(ext.text_description).astext() == alt
    assert "cramp_caption" not in stored.attributes and stored["alt"] == alt
    plain = ext.make_figure(nodes.image(uri="b.png", alt=alt), "figure-1")
    assert plain.next_node(nodes.caption).astext() == "Line plot of force against rate"
    assert "min_text_px" not in plain.next_node(ext.figure_enlarge).attributes


def test_the_shown_mime_type_is_chosen_as_myst_nb_does():
    from docutils import nodes

    ext = _extension()
    bundle = nodes.container(nb_element="mime_bundle")
    for mime in ("application/vnd.cramp-lab.explorable+json", "image/png", "text/plain"):
        bundle += nodes.container(mime_type=mime)
    assert ext._selected_mime(bundle, ["image/png", "text/plain"])["mime_type"] == "image/png"
    assert (
        ext._selected_mime(bundle, ["application/vnd.cramp-lab.explorable+json", "image/png"])[
            "mime_type"
        ]
        == "application/vnd.cramp-lab.explorable+json"
    )
    assert ext._selected_mime(bundle, ["text/html"]) is None
