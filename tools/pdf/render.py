"""Print the print HTML to PDF with Debian's chromium (playwright), offline: every request that is
not a local file is blocked; MathJax finishes typesetting and every image loads before printing."""

from __future__ import annotations

import os
from pathlib import Path

from chromium import CHROMIUM, MISSING

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PAGE = {
    "format": "A4",
    "margin": {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
}
# The printable width of an A4 page in CSS pixels (96 per inch): 210 mm less both side margins.
CONTENT_WIDTH_PX = round((210 - 16 - 16) / 25.4 * 96)
FOOTER = (
    '<div style="width: 100%; font-size: 9px; color: #444; text-align: center;">'
    'Cramp Lab · <span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
READY = """async () => {
  if (window.MathJax && MathJax.startup) { await MathJax.startup.promise; }
  await Promise.all([...document.images].map((img) => img.complete ? null : img.decode().catch(() => null)));
  await document.fonts.ready;
  return [...document.images].filter((img) => !img.naturalWidth).map((img) => img.src);
}"""


def open_print_page(browser, print_html: Path):
    """PRINT_HTML in a new page of BROWSER with print media, ready to print; (page, blocked)."""
    page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": 1100})
    blocked = []

    def local_only(route):
        if route.request.url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.emulate_media(media="print")
    page.goto(print_html.resolve().as_uri(), wait_until="load")
    broken = page.evaluate(READY)
    if broken:
        raise RuntimeError(f"{len(broken)} images did not load, e.g. {broken[0]}")
    return page, blocked


def render(print_html: Path, pdf_path: Path, browser=None) -> Path:
    """Print PRINT_HTML to PDF_PATH (A4, page numbers, outline, tagged) and return PDF_PATH; in
    BROWSER when given (a playwright chromium), else in a chromium of its own."""
    if browser is not None:
        _print(browser, print_html, pdf_path)
        return pdf_path
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(MISSING)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            _print(browser, print_html, pdf_path)
        finally:
            browser.close()
    return pdf_path


def _print(browser, print_html: Path, pdf_path: Path) -> None:
    page, _ = open_print_page(browser, print_html)
    try:
        page.pdf(
            path=str(pdf_path),
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            outline=True,
            tagged=True,
            **PAGE,
        )
    finally:
        page.close()
