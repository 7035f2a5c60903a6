"""Issue 21, the reader's first minutes, at 390x844 (phone) and 1280x800 (laptop).

- The landing page says what the course is and where to start within the first screen; its
  generated red-flag list is one tap away.
- Search for "tetany" shows snippets of the matching text (not the toolbar's "Binder" or ".md"),
  lists each page once, and the typed text starts right of the magnifier; the article header has
  a search button at every width.
- The bibliography is labelled with the citations' own words ("Boron and Boulpaep, 2017").
- The theme's "Back to top" is readable and sits in a corner, off the quiz answers; axe finds
  nothing serious and no logo outside a landmark.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from book_site import contrast, loaded_page, serious_axe_violations
from page_report import per_page

pytestmark = pytest.mark.browser

BOTH = ["phone", "desktop"]
CHAPTER = "chapters/03_excitability"


def _clean(page, what: str) -> None:
    assert page.console_errors == [], f"{what}: console errors {page.console_errors}"
    assert page.offsite_requests == [], f"{what}: reached off the machine {page.offsite_requests}"


# --- The landing page ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", BOTH)
def test_intro_says_what_and_where_to_start_on_the_first_screen(browser, site, viewport):
    with loaded_page(browser, site, "intro", viewport) as page:
        height = page.viewport_size["height"]
        article = page.locator("article.bd-article")
        # first the notice with what to do in an emergency, then the pitch
        notice = article.locator("section > p").first
        assert "not medical advice" in notice.inner_text().lower()
        assert "call an emergency number" in notice.inner_text()
        assert notice.evaluate("e => e.getBoundingClientRect().bottom") <= height
        pitch = article.locator("section > p").nth(1)
        assert "leg cramp" in pitch.inner_text().lower()
        assert pitch.evaluate("e => e.getBoundingClientRect().bottom") <= height, (
            "pitch below the fold"
        )
        start = article.locator('a[href$="00_how_to_use.html"]').first
        assert start.is_visible() and "start" in start.inner_text().lower()
        assert start.evaluate("e => e.getBoundingClientRect().bottom") <= height, (
            "start link below the fold"
        )
        # The safety line is there, before the course map, and folded: no list on the first screen.
        box = article.locator("div.admonition.red-flags")
        assert box.count() == 1
        title = box.locator(".admonition-title")
        assert "red flags" in title.inner_text().lower()
        assert title.evaluate("e => e.getBoundingClientRect().bottom") <= height
        items = box.locator("li.red-flag")
        assert items.count() >= 5 and not items.first.is_visible()
        first_card = article.locator(".sd-card").first
        assert first_card.evaluate("e => e.getBoundingClientRect().top") < 1.6 * height, (
            "the chapter cards start more than one and a half screens down"
        )
        # One tap opens the generated list, each item with its urgency class from the rules.
        title.click()
        items.first.wait_for(state="visible")
        assert items.evaluate_all(
            "els => els.every(e => [...e.classList].some(c => c.startsWith('urgency-')))"
        )
        chapter9 = box.locator('a[href*="09_specialists.html#red-flags"]')
        assert chapter9.count() >= 1 and chapter9.first.is_visible()
        _clean(page, f"intro ({viewport})")


# --- Search --------------------------------------------------------------------------------------


def _search(page, site: str, words: str) -> list[dict]:
    page.goto(f"{site}/search.html?q={words}", wait_until="load")
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.innerText.includes('Search finished') ||"
        " /finished/i.test(document.querySelector('#search-results p')?.innerText || '')",
        timeout=20_000,
    )
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results li')].every(li => li.querySelector('p.context'))",
        timeout=20_000,
    )
    return page.eval_on_selector_all(
        "#search-results li",
        "lis => lis.map(li => ({title: li.querySelector('a').innerText.trim(),"
        " href: li.querySelector('a').getAttribute('href'),"
        " snippet: li.querySelector('p.context').innerText}))",
    )


@pytest.mark.parametrize("viewport", BOTH)
def test_search_snippets_show_the_matching_text(browser, site, viewport):
    with loaded_page(browser, site, None, viewport) as page:
        results = _search(page, site, "tetany")
        assert len(results) >= 5, results
        titles = [r["title"] for r in results]
        assert len(titles) == len(set(titles)), f"a page listed twice: {titles}"
        for result in results:
            snippet = result["snippet"]
            assert not re.search(r"Binder|\.md\b|\.ipynb\b|Colab", snippet), result
            assert "tetan" in snippet.lower(), result
        assert any(r["href"].startswith("glossary.html") for r in results)
        _clean(page, f"search ({viewport})")


@pytest.mark.parametrize("viewport", BOTH)
def test_search_text_starts_right_of_the_magnifier(browser, site, viewport):
    with loaded_page(browser, site, "search", viewport) as page:
        form = page.locator(".bd-search-container form.bd-search")
        field = form.locator("input")
        field.fill("tetany")
        icon = form.locator(".fa-magnifying-glass").evaluate("e => e.getBoundingClientRect()")
        text_left = field.evaluate(
            "e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)"
            " + parseFloat(getComputedStyle(e).borderLeftWidth)"
        )
        assert icon["width"] > 0 and text_left >= icon["x"] + icon["width"], (icon, text_left)


@pytest.mark.parametrize("viewport", BOTH)
@pytest.mark.parametrize("docname", ["chapters/09_specialists", "glossary"])
def test_article_header_has_a_search_button(browser, site, docname, viewport):
    with loaded_page(browser, site, docname, viewport) as page:
        button = page.locator(".bd-header-article .search-button")
        assert button.count() == 1 and button.is_visible(), (
            f"{docname} ({viewport}): no header search"
        )
        box = button.evaluate("e => e.getBoundingClientRect()")
        assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
        assert box["width"] >= 24 and box["height"] >= 24
        button.click()
        page.wait_for_function("document.querySelector('#pst-search-dialog').open")
        dialog_input = page.locator("#pst-search-dialog input")
        dialog_input.type("tetany")
        icon = page.locator("#pst-search-dialog .fa-magnifying-glass").evaluate(
            "e => e.getBoundingClientRect()"
        )
        text_left = dialog_input.evaluate(
            "e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)"
        )
        assert text_left >= icon["x"] + icon["width"], (icon, text_left)
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=tetany*")
        _clean(page, f"{docname} header search ({viewport})")


# --- References ----------------------------------------------------------------------------------


def test_references_are_labelled_as_they_are_cited(browser, site):
    with loaded_page(browser, site, "chapters/02_electrolytes", "desktop") as page:
        cites = page.locator('article a[href*="references.html#"]')
        assert cites.count() >= 5
        cited = [(c.inner_text().strip(), c.get_attribute("href")) for c in cites.all()[:8]]
        page.goto(urljoin(page.url, cited[0][1]), wait_until="load")
        labels = page.locator("div.citation > span.label").all_inner_texts()
        labels = [label.strip() for label in labels]
        assert len(labels) >= 100 and len(set(labels)) == len(labels), "labels repeat"
        assert not [label for label in labels if re.fullmatch(r"\[?\d+\]?", label)], (
            "numbered labels"
        )
        assert "Boron and Boulpaep, 2017" in labels
        for words, href in cited:
            anchor = urlparse(href).fragment
            label = page.locator(f'[id="{anchor}"]').locator("span.label").inner_text().strip()
            assert label == words, (words, label)
        text = page.locator("article").inner_text()
        assert "3rd edition" in text and not re.search(r"\b\d+ edition", text)
        _clean(page, "references")


# --- Back to top and axe -------------------------------------------------------------------------


def _show_back_to_top(page, y: int) -> dict | None:
    """Scroll to Y and back up a little, as a reader does before reaching for "Back to top"; its
    box, or None where the theme never shows it (1200 px and wider: the chapter list is there)."""
    page.evaluate(f"window.scrollTo(0, {y})")
    page.wait_for_timeout(150)
    page.evaluate(f"window.scrollTo(0, {y - 120})")
    button = page.locator("#pst-back-to-top")
    if page.viewport_size["width"] >= 1200:
        page.wait_for_timeout(300)
        assert not button.is_visible(), "Back to top shown on a laptop"
        return None
    button.wait_for(state="visible", timeout=5_000)
    return button.evaluate("e => e.getBoundingClientRect()")


@pytest.mark.parametrize("viewport", ["phone", "tablet"])
def test_back_to_top_is_readable_and_off_the_quiz_answers(browser, site, viewport):
    with loaded_page(browser, site, "chapters/01_muscle", viewport) as page:
        width, height = page.viewport_size["width"], page.viewport_size["height"]
        answer = page.locator("label.cq-option").first
        top = answer.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
        box = _show_back_to_top(page, int(top - height / 2))
        button = page.locator("#pst-back-to-top")
        assert contrast(button) >= 4.5, f"Back to top: contrast {contrast(button):.2f}"
        assert box["x"] + box["width"] >= width - 24, f"not in the corner: {box}"
        assert box["y"] + box["height"] >= height - 40, f"not at the bottom: {box}"
        if viewport == "phone":
            assert box["width"] <= 48 and box["height"] >= 44, box
            assert (
                button.evaluate("e => e.innerText.trim() || e.getAttribute('aria-label')")
                == "Back to top"
            )
        covered = page.evaluate(
            """(button) => [...document.querySelectorAll('label.cq-option')]
            .map(l => l.getBoundingClientRect())
            .filter(r => r.bottom > 0 && r.top < innerHeight)
            .filter(r => { const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                           return e && button.contains(e); }).length""",
            button.element_handle(),
        )
        assert covered == 0, "Back to top covers a quiz answer"
        serious = serious_axe_violations(page)
        assert serious == [], "\n".join(serious)


def _logo_region_findings(report) -> list[str]:
    """The page's axe-core "region" findings (content outside every landmark) on the logo."""
    return [
        target
        for v in report.axe
        if v["id"] == "region"
        for target in v["targets"]
        if re.search(r"logo|navbar-brand|sidebar-primary", target)
    ]


@pytest.mark.parametrize("docname, viewport", per_page(["intro", CHAPTER], BOTH))
def test_axe_finds_nothing_serious_and_the_logo_in_a_landmark(page_report, docname, viewport):
    report = page_report(docname, viewport)
    assert report.serious() == []
    assert _logo_region_findings(report) == []


@pytest.mark.parametrize("viewport", BOTH)
def test_axe_finds_nothing_serious_once_back_to_top_shows(browser, site, viewport):
    # the theme's "Back to top" shows once the reader scrolls back up
    with loaded_page(browser, site, CHAPTER, viewport) as page:
        _show_back_to_top(page, 6000)
        assert serious_axe_violations(page) == []
        _clean(page, f"{CHAPTER} back to top ({viewport})")
