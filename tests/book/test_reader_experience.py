"""Reader experience on a phone and on a laptop, in a real browser (Debian's chromium via
playwright): what a reader does on a page, beyond the read-only checks of test_browser.py."""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from urllib.parse import urlparse

import pytest
from book_site import contrast, loaded_page, serious_axe_violations, toc_docnames
from page_report import per_page

pytestmark = pytest.mark.browser

CHAPTERS = [doc for doc in toc_docnames() if doc.startswith("chapters/")]
BOTH = ["phone", "desktop"]


# --- Reader experience on a phone and on a laptop -------------------------------------------------


@pytest.fixture
def reader(browser, site):
    """open(docname, viewport, dark=False) -> page, loaded and idle; contexts closed afterwards."""
    with ExitStack() as pages:
        yield lambda docname, viewport, dark=False: pages.enter_context(
            loaded_page(browser, site, docname, viewport, dark)
        )


def assert_clean(page, what: str, within: str | None = None) -> None:
    """No console error, no off-site request, no serious or critical axe finding, as it is now
    (once CSS transitions such as a dropdown's fade-in have finished): on the whole page, or only
    in the elements WITHIN selects when nothing else changed since the page's own axe check
    (``test_no_serious_accessibility_violations``)."""
    assert page.console_errors == [], (
        f"{what}: console errors {page.console_errors} {page.failed_responses}"
    )
    assert page.offsite_requests == [], f"{what}: reached off the machine {page.offsite_requests}"
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    serious = serious_axe_violations(page, within)
    assert serious == [], f"{what}: " + "\n".join(serious)


def _dialog_open(page, selector: str) -> bool:
    return page.evaluate(f"!!document.querySelector('{selector}')?.open")


# Item 1: navigation. The chapter drawer and "On this page" open from their buttons.


@pytest.mark.parametrize("viewport", ["phone", "tablet"])
@pytest.mark.parametrize("docname", ["intro", "chapters/02_electrolytes"])
def test_chapter_drawer_opens_and_reaches_every_chapter(reader, site, docname, viewport):
    page = reader(docname, viewport)
    assert_clean(page, f"{docname} ({viewport}) before opening the drawer")
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1, "one visible chapter-list button"
    toggle.click()
    page.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")
    drawer = page.locator("#pst-primary-sidebar-modal")
    for chapter in CHAPTERS:
        if chapter == docname:  # the current page is listed with href="#"
            continue
        link = drawer.locator(f'a[href$="{chapter.split("/")[-1]}.html"]')
        assert link.count() >= 1 and link.first.is_visible(), (
            f"drawer has no visible link to {chapter}"
        )
    assert_clean(page, f"{docname} ({viewport}) with the drawer open")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('#pst-primary-sidebar-modal').open")
    toggle.click()
    page.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")
    drawer.locator('a[href$="07_treatment.html"]').first.click()
    page.wait_for_url("**/chapters/07_treatment.html")
    assert page.console_errors == [] and page.offsite_requests == []


def test_chapter_list_collapses_on_a_laptop(reader):
    page = reader("chapters/02_electrolytes", "desktop")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1
    toggle.click()
    sidebar.wait_for(state="hidden")
    assert not _dialog_open(page, "#pst-primary-sidebar-modal"), "a laptop collapses, no dialog"
    assert_clean(page, "chapter list collapsed")
    toggle.click()
    sidebar.wait_for(state="visible")


@pytest.mark.parametrize("viewport", ["phone", "tablet"])
def test_on_this_page_opens_from_its_button(reader, viewport):
    page = reader("chapters/03_excitability", viewport)
    toggle = page.locator(".secondary-toggle:visible")
    assert toggle.count() == 1, "one visible 'On this page' button"
    toggle.click()
    page.wait_for_function("document.querySelector('#pst-secondary-sidebar-modal').open")
    links = page.locator("#pst-secondary-sidebar-modal nav a:visible")
    assert links.count() >= 5
    assert_clean(page, f"'On this page' open ({viewport})")
    section = links.nth(2).get_attribute("href")
    links.nth(2).click()
    page.wait_for_function("!document.querySelector('#pst-secondary-sidebar-modal').open")
    assert page.url.endswith(section)
    page.wait_for_timeout(300)
    top = page.locator(section).evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, f"{section} not brought into view ({top})"


def test_on_this_page_is_shown_on_a_laptop(reader):
    page = reader("chapters/03_excitability", "desktop")
    toc = page.locator("#pst-secondary-sidebar nav a")
    assert toc.count() >= 5 and toc.first.is_visible()
    assert page.locator(".secondary-toggle:visible").count() == 0


@pytest.mark.parametrize("viewport", BOTH)
def test_landing_page_links_every_chapter(reader, site, viewport):
    page = reader("intro", viewport)
    article = page.locator("article.bd-article")
    hrefs = article.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    paths = {urlparse(href).path for href in hrefs}
    missing = [doc for doc in CHAPTERS if f"/{doc}.html" not in paths]
    assert missing == [], f"the landing page does not link {missing}"
    card = article.locator(".sd-card", has=page.locator('a[href$="07_treatment.html"]'))
    assert card.count() == 1 and card.is_visible()
    card.click()
    page.wait_for_url("**/chapters/07_treatment.html")
    assert_clean(page, f"chapter 7 reached from the landing page ({viewport})")


# Item 9: less chrome. One search box; the notice bar is one line and links to the red flags.


@pytest.mark.parametrize("viewport", BOTH)
@pytest.mark.parametrize("docname", ["intro", "chapters/02_electrolytes", "glossary"])
def test_one_search_box(reader, site, docname, viewport):
    # One search field (the sidebar's, on a laptop) and one search button, in the article header
    # at every width (it stays in view when the sidebar scrolls); both open the same dialog.
    page = reader(docname, viewport)
    fields = page.locator(".search-button-field:visible, form.bd-search:visible")
    assert fields.count() == (1 if viewport == "desktop" else 0), (
        f"{docname} ({viewport}): {fields.count()} search fields"
    )
    buttons = page.locator(".search-button:visible")
    assert buttons.count() == 1, f"{docname} ({viewport}): {buttons.count()} search buttons"
    assert page.locator(".bd-header-article .search-button:visible").count() == 1
    search = fields if fields.count() else buttons
    search.first.click()
    page.wait_for_function("document.querySelector('#pst-search-dialog').open")
    page.keyboard.type("slider")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=slider*")
    page.locator("#search-results li a").first.wait_for(timeout=15_000)
    assert page.console_errors == [] and page.offsite_requests == []


@pytest.mark.parametrize(
    "docname, viewport", per_page([*toc_docnames(), "search", "genindex"], BOTH)
)
def test_notice_bar_is_one_line_and_links_to_the_red_flags(page_report, docname, viewport):
    bar = page_report(docname, viewport).banner
    assert bar is not None and bar["count"] == 1, docname
    assert bar["text"] == "Education only, not medical advice. Red flags: when to get help", bar
    assert bar["lines"] == 1 and not bar["clipped"], f"{docname} ({viewport}): {bar}"
    assert bar["height"] <= (40 if viewport == "phone" else 48), f"{docname}: {bar}"
    assert not bar["href"].startswith(("/", "http")), f"{docname}: {bar['href']} is not relative"
    target = urlparse(bar["target"])
    assert target.path == "/chapters/09_specialists.html", (docname, bar["target"])
    assert target.fragment == "red-flags", (docname, bar["target"])
    assert bar["target_ok"], bar["target"]


@pytest.mark.parametrize("viewport", BOTH)
def test_notice_bar_link_opens_the_red_flag_section(reader, viewport):
    page = reader("chapters/04_force", viewport)
    page.locator(".bd-header-announcement a").click()
    page.wait_for_url("**/chapters/09_specialists.html#red-flags")
    page.wait_for_load_state("networkidle")
    target = page.locator("#red-flags")
    assert target.count() == 1, "chapter 9 has no element with id red-flags"
    # The label may be an empty anchor just before its heading: check where the page scrolled.
    top = target.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, (
        f"red-flag section not brought into view ({top})"
    )
    assert_clean(page, f"red-flag section ({viewport})")


# Item 2: readable self-checks.


def _expect_verdict(page, feedback, prefix: str) -> None:
    feedback.locator(".cq-verdict").first.wait_for(timeout=5_000)
    page.wait_for_function(
        "([el, p]) => el.innerText.trim().startsWith(p)",
        arg=[feedback.element_handle(), prefix],
        timeout=5_000,
    )
    for part in (feedback, feedback.locator(".cq-verdict").first):
        ratio = contrast(part)
        assert ratio >= 4.5, f"feedback contrast {ratio:.2f} < 4.5 ({prefix})"


def _correct_number(answers: list[dict]) -> float:
    for answer in answers:
        if answer.get("correct") and "range" in answer:
            low, high = answer["range"]
            return (low + high) / 2
        if answer.get("correct") and "value" in answer:
            return answer["value"]
    raise AssertionError(f"no correct numeric answer in {answers}")


QUIZ_CASES = (
    [("phone", False, doc) for doc in CHAPTERS]
    + [("desktop", False, doc) for doc in CHAPTERS]
    + [
        (viewport, True, doc)
        for viewport in BOTH
        for doc in ("chapters/00_how_to_use", "chapters/02_electrolytes")
    ]
)


@pytest.mark.parametrize("viewport, dark, docname", QUIZ_CASES)
def test_quiz_feedback_is_readable_and_announced(reader, viewport, dark, docname):
    page = reader(docname, viewport, dark)
    what = f"{docname} ({viewport}, {'dark' if dark else 'light'})"
    questions = page.locator(".cq-question")
    assert questions.count() > 0, f"{what}: no quiz"
    for box in page.locator(".cq-quiz input[type=text]").all():
        width = box.evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)")
        assert width >= 1, f"{what}: numeric input has no border"
        assert contrast(box, "border") >= 3, f"{what}: numeric input border too faint"
    for i in range(questions.count()):
        question = questions.nth(i)
        question.scroll_into_view_if_needed()
        feedback = question.locator(".cq-feedback")
        assert feedback.get_attribute("aria-live") == "polite", what
        assert feedback.get_attribute("role") == "status", what
        choices = question.locator("label.cq-option")
        if choices.count():
            wrong = question.locator('label.cq-option:has(input[data-correct="false"])')
            if wrong.count():
                wrong.first.click()
                _expect_verdict(page, feedback, "✗ Not quite")
                assert contrast(wrong.first) >= 4.5, f"{what}: chosen wrong answer unreadable"
            right = question.locator('label.cq-option:has(input[data-correct="true"])').first
            right.click()
            _expect_verdict(page, feedback, "✓ Correct")
            assert contrast(right) >= 4.5, f"{what}: chosen right answer unreadable"
        else:
            box = question.locator("input[type=text]")
            box.fill("987654")
            box.press("Enter")
            _expect_verdict(page, feedback, "✗ Not quite")
            box.fill(f"{_correct_number(json.loads(box.get_attribute('data-answers')))}")
            box.press("Enter")
            _expect_verdict(page, feedback, "✓ Correct")
            assert contrast(box) >= 4.5, f"{what}: answered numeric box unreadable"
    # answering changes only the quizzes: in light mode the rest of the page is the one the page's
    # own axe check read; the dark pages are checked whole
    assert_clean(page, f"{what} after answering every question", None if dark else ".cq-quiz")


# Item 7: exercises numbered per chapter; the solution bar opens the solution.


@pytest.mark.parametrize("docname, viewport", per_page(CHAPTERS, BOTH))
def test_exercises_numbered_per_chapter(page_report, docname, viewport):
    found = page_report(docname, viewport).exercises
    chapter = int(docname.split("/")[-1].split("_")[0])
    numbers = [re.match(r"Exercise (\S+)", t).group(1) for t in found["exercises"]]
    assert numbers == [f"{chapter}.{k}" for k in range(1, len(numbers) + 1)], (docname, numbers)
    assert found["solution_links"] == 0, f"{docname}: a link in a solution title"
    for text in found["solutions"]:
        assert re.fullmatch(rf"Solution to Exercise {chapter}\.\d+", text), (docname, text)


@pytest.mark.parametrize("viewport", BOTH)
def test_the_solution_bar_opens_and_closes_the_solution(reader, viewport):
    page = reader("chapters/02_electrolytes", viewport)
    solution = page.locator("div.solution").first
    title = solution.locator("p.admonition-title")
    button = title.locator("button.toggle-button")
    assert button.get_attribute("aria-label") == "Solution to Exercise 2.1"
    assert button.get_attribute("aria-expanded") == "false"
    body = solution.locator(":scope > :not(p.admonition-title)").first
    assert not body.is_visible()
    title.scroll_into_view_if_needed()
    title.click(position={"x": 60, "y": 12})  # on the words "Solution to Exercise 2.1"
    page.wait_for_function(
        "([b]) => b.getAttribute('aria-expanded') === 'true'", arg=[button.element_handle()]
    )
    assert body.is_visible()
    assert_clean(page, f"solution 2.1 open ({viewport})")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([b]) => b.getAttribute('aria-expanded') === 'false'", arg=[button.element_handle()]
    )
    assert not body.is_visible()


# Item 10: rendering defects that are not chapter content.

MATH_PAGES = ["chapters/02_electrolytes", "chapters/03_excitability", "chapters/04_force"]


@pytest.mark.parametrize("docname, viewport", per_page(MATH_PAGES, BOTH))
def test_wide_equations_scroll_in_their_own_box(page_report, docname, viewport):
    equations = page_report(docname, viewport).equations
    assert equations and equations["boxes"], f"{docname}: no display maths rendered"
    for shape in equations["boxes"]:
        assert shape["right"] <= equations["column"] + 1, f"{docname}: an equation sticks out"
        if shape["sw"] > shape["cw"] + 1:
            assert shape["ox"] in {"auto", "scroll"} and shape["tab"] == "0" and shape["cue"], (
                shape
            )


@pytest.mark.parametrize("docname, viewport", per_page(toc_docnames(), BOTH))
def test_page_never_scrolls_sideways(page_report, docname, viewport):
    shape = page_report(docname, viewport).sideways
    assert shape["scroll"] <= 0, f"{docname} scrolls {shape['scroll']} px sideways ({viewport})"
    assert shape["empty"] == 0, f"{docname}: {shape['empty']} empty output boxes"


# Item 9: lighter pages. A chapter's first load (before any scrolling) within a byte budget;
# figures load lazily. Sizes are the bytes the local server sends (no compression).

FIRST_LOAD_BUDGET_KB = {"without maths": 1400, "with maths": 2700}


@pytest.mark.parametrize("docname, viewport", per_page(CHAPTERS, BOTH))
def test_chapter_first_load_within_budget(page_report, docname, viewport):
    report = page_report(docname, viewport)
    sizes = report.first_load
    budget = FIRST_LOAD_BUDGET_KB["with maths" if report.has_maths else "without maths"]
    total_kb = sum(sizes.values()) / 1024
    heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    assert total_kb <= budget, (
        f"{docname} ({viewport}): first load {total_kb:.0f} KB > {budget} KB; heaviest: "
        + ", ".join(f"{urlparse(u).path} {n // 1024} KB" for u, n in heaviest)
    )
    images = report.images
    assert images["eager"] == [], f"{docname}: figures without lazy loading {images['eager']}"
    fetched = [u for u in sizes if "/_images/" in u]
    if images["article"] >= 4:
        assert len(fetched) < images["article"], f"{docname}: every figure fetched on first load"
    assert not any(
        u.endswith(("fontawesome.js", "searchindex.js")) or "fontawesome.js?" in u for u in sizes
    ), f"{docname}: loads an asset the book does not use"
