"""Every page of the built book, opened in a real browser (Debian's chromium via playwright).

For each page in the table of contents: it loads, has exactly one h1, logs no console error,
requests nothing outside 127.0.0.1, gives every image a real alt text and has no serious or
critical accessibility violation (axe-core) on a phone (390 px) and on a laptop (1280 px). The
search page finds words from the chapters.

The reader-experience tests below then use the book as a reader would, at 390 px and 1280 px:
the chapter drawer and "On this page" open from their buttons, the landing page links every
chapter, there is one search box, the notice bar is one line and its red-flag link works from
every page, quizzes give readable, announced feedback, exercises are numbered per chapter and the
solution bar opens the solution, wide equations scroll in their own box, nothing pushes a page
sideways, and a chapter's first load stays within its byte budget. Every one of them also checks
that the page logged no console error, asked nothing of another machine and, after the
interaction, still has no serious or critical axe-core finding.
"""

from __future__ import annotations

import re

import pytest
from book_site import toc_docnames, watch_page
from page_report import per_page

pytestmark = pytest.mark.browser

BOTH = ["phone", "desktop"]
FILENAME_ALT = re.compile(r"\.(png|jpe?g|svg|gif)$|^_images/|^\.\./", re.IGNORECASE)


@pytest.fixture
def page(browser, site):
    """A fresh page that records console errors and blocks (and records) off-site requests."""
    context = browser.new_context()
    page = context.new_page()
    watch_page(page)
    yield page
    context.close()


# --- Every page at 390 and 1280 px: one load each, read by the checks below (page_report.py) ----

EVERY_PAGE = per_page(toc_docnames(), BOTH)


@pytest.mark.parametrize("docname, viewport", EVERY_PAGE)
def test_page_loads_cleanly(page_report, docname, viewport):
    report = page_report(docname, viewport)
    assert 200 <= report.status < 300, f"{docname}: HTTP {report.status}"
    # The theme keeps a print-only copy of the title (display: none on screen); count what is shown.
    assert report.visible_h1 == 1, f"{docname}: expected exactly one visible h1"
    assert report.offsite_requests == [], (
        f"{docname} reached off the machine: {report.offsite_requests}"
    )
    assert report.console_errors == [], (
        f"{docname}: console errors {report.console_errors} {report.failed_responses}"
    )


@pytest.mark.parametrize("docname, viewport", EVERY_PAGE)
def test_every_image_has_real_alt_text(page_report, docname, viewport):
    alts = page_report(docname, viewport).images["all_alts"]
    bad = [alt for alt in alts if not alt or not alt.strip() or FILENAME_ALT.search(alt.strip())]
    assert bad == [], f"{docname}: images without a real description: {bad}"


@pytest.mark.parametrize("docname, viewport", EVERY_PAGE)
def test_no_serious_accessibility_violations(page_report, docname, viewport):
    serious = page_report(docname, viewport).serious()
    assert serious == [], f"{docname} ({viewport}): " + "\n".join(serious)


@pytest.mark.parametrize("docname, viewport", EVERY_PAGE)
def test_every_page_shows_the_educational_notice(page_report, docname, viewport):
    banner = page_report(docname, viewport).banner
    assert banner is not None and banner["count"] == 1, docname
    assert "not medical advice" in banner["text"].lower(), docname


@pytest.mark.parametrize("word, expected_page", [("slider", "00_how_to_use")])
def test_search_finds_chapter_words(page, site, word, expected_page):
    page.goto(f"{site}/search.html?q={word}", wait_until="load")
    results = page.locator("#search-results li a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(expected_page in (href or "") for href in hrefs), hrefs
    assert page.offsite_requests == []
