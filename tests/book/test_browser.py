"""Every page of the built book, opened in a real browser (Debian's chromium via playwright).

For each page in the table of contents: it loads, has exactly one h1, logs no console error,
requests nothing outside 127.0.0.1, gives every image a real alt text and has no serious or
critical accessibility violation (axe-core). The search page finds words from the chapters.
"""

from __future__ import annotations

import re
import pytest

from book_site import toc_docnames, watch_page

pytestmark = pytest.mark.browser

FILENAME_ALT = re.compile(r"\.(png|jpe?g|svg|gif)$|^_images/|^\.\./", re.IGNORECASE)


@pytest.fixture
def page(browser, site):
    """A fresh page that records console errors and blocks (and records) off-site requests."""
    context = browser.new_context()
    page = context.new_page()
    watch_page(page)
    yield page
    context.close()


@pytest.mark.parametrize("docname", toc_docnames())
def test_page_loads_cleanly(page, site, docname):
    response = page.goto(f"{site}/{docname}.html", wait_until="load")
    assert response is not None and response.ok, f"{docname}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    # The theme keeps a print-only copy of the title (display: none on screen); count what is shown.
    assert page.locator("h1:visible").count() == 1, f"{docname}: expected exactly one visible h1"
    assert page.offsite_requests == [], f"{docname} reached off the machine: {page.offsite_requests}"
    assert page.console_errors == [], f"{docname}: console errors {page.console_errors}"


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_image_has_real_alt_text(page, site, docname):
    page.goto(f"{site}/{docname}.html", wait_until="load")
    alts = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.getAttribute('alt'))")
    bad = [alt for alt in alts if not alt or not alt.strip() or FILENAME_ALT.search(alt.strip())]
    assert bad == [], f"{docname}: images without a real description: {bad}"


@pytest.mark.parametrize("docname", toc_docnames())
def test_no_serious_accessibility_violations(page, site, docname):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site}/{docname}.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], f"{docname}: " + "\n".join(serious)


def test_every_page_shows_the_educational_notice(page, site):
    for docname in toc_docnames():
        page.goto(f"{site}/{docname}.html", wait_until="load")
        banner = page.locator(".bd-header-announcement")
        assert banner.count() == 1, docname
        assert "not medical advice" in banner.inner_text().lower(), docname


@pytest.mark.parametrize("word, expected_page", [("slider", "00_how_to_use")])
def test_search_finds_chapter_words(page, site, word, expected_page):
    page.goto(f"{site}/search.html?q={word}", wait_until="load")
    results = page.locator("#search-results li a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(expected_page in (href or "") for href in hrefs), hrefs
    assert page.offsite_requests == []
