"""Issue 21 in a real browser, at a 390-px phone and a 1280-px laptop: the specialist finder's
answer is in view after a tick and is the only thing announced; explorable pictures are legible
on a phone (their phone layout, not a shrunk laptop picture) and can be enlarged; every range has
- and + buttons of at least 24 px that step it; moving one control says which others it set
back; each figure is named by its title and announces one short line."""

from __future__ import annotations

import pytest
from book_site import loaded_page
from test_explorable import PAGES, _act, _figures, _spec

from widgets.clinical.specialists import URGENCY_LABELS, recommend
from widgets.figures.render import PNG_DPI
from widgets.ui.base import PHONE_MIN_FONT_PT, PHONE_WIDTH_IN

pytestmark = pytest.mark.browser

FINDER_PAGES = ["chapters/09_specialists", "chapters/00_how_to_use"]
MIN_TEXT_CSS_PX = 9.0


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("docname", FINDER_PAGES)
def test_finder_answer_is_in_view_after_a_tick_and_announced_alone(
    browser, site, docname, viewport
):
    finding = "breathless_or_chest_pain"
    with loaded_page(browser, site, docname, viewport) as page:
        figure = next(
            f for f in _figures(page).all() if _spec(f).get("evaluator") == "specialist_rules"
        )
        box = figure.locator(f"input[name='{finding}']")
        box.scroll_into_view_if_needed()
        box.focus()
        ticked = {
            b.get_attribute("name") for b in figure.locator("input[type=checkbox]:checked").all()
        }
        _act(page, figure, lambda: page.keyboard.press("Space"))
        top = recommend(ticked | {finding})[0]
        assert top.urgency == "emergency"
        summary = figure.locator(".cx-summary")
        assert URGENCY_LABELS["emergency"] in summary.inner_text()
        height = page.viewport_size["height"]
        if viewport == "phone":  # at the foot of the screen (on a laptop the list column is)
            rect = summary.bounding_box()
            assert rect["y"] >= 0 and rect["y"] + rect["height"] <= height, (viewport, rect)
        # and the check box just ticked is still on screen: the reader sees both at once
        tick = box.bounding_box()
        assert tick["y"] >= 0 and tick["y"] + tick["height"] <= height
        # one live region in the finder: the summary line, a sentence, not the whole list
        live = figure.locator("[aria-live]")
        assert live.count() == 1 and "cx-summary" in live.first.get_attribute("class")
        assert len(summary.inner_text()) < 200
        # on a laptop the list itself is in view too, most urgent first
        if viewport == "desktop":
            first = figure.locator(".cx-list li").first
            r = first.bounding_box()
            assert (
                r["y"] >= 0
                and r["y"] < height
                and URGENCY_LABELS["emergency"] in first.inner_text()
            )


def _pictured(page):
    return [f for f in _figures(page).all() if _spec(f).get("evaluator") != "specialist_rules"]


@pytest.mark.parametrize("docname", sorted(PAGES))
def test_explorable_pictures_read_on_a_phone(browser, site, docname):
    """At 390 px each picture is its phone layout (at most PHONE_WIDTH_IN wide, no text under
    PHONE_MIN_FONT_PT: tests/unit/test_picture_layouts.py), shown large enough that its smallest
    text is at least 9 CSS px."""
    with loaded_page(browser, site, docname, "phone") as page:
        for figure in _pictured(page):
            image = figure.locator("img.cx-image")
            image.scroll_into_view_if_needed()
            page.wait_for_function(
                "i => i.complete && i.naturalWidth > 0", arg=image.element_handle()
            )
            natural, shown, src = image.evaluate(
                "i => [i.naturalWidth, i.getBoundingClientRect().width, i.currentSrc]"
            )
            assert src.endswith(".phone.webp"), src
            assert natural <= PHONE_WIDTH_IN * PNG_DPI + 1
            smallest = PHONE_MIN_FONT_PT * PNG_DPI / 72 * shown / natural
            assert smallest >= MIN_TEXT_CSS_PX, f"{_spec(figure)['title']}: {smallest:.1f} CSS px"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_step_buttons_enlarge_and_what_moved(browser, site, viewport):
    with loaded_page(browser, site, "chapters/04_force", viewport) as page:
        figure = _pictured(page)[0]
        spec = _spec(figure)
        rate = next(c for c in spec["controls"] if c["name"] == "rate_hz")
        plus = figure.locator(".cx-control:has([name='rate_hz']) button.cx-step[data-step='1']")
        minus = figure.locator(".cx-control:has([name='rate_hz']) button.cx-step[data-step='-1']")
        for button in (plus, minus):
            r = button.bounding_box()
            assert r["width"] >= 24 and r["height"] >= 24
        plus.scroll_into_view_if_needed()
        key = _act(page, figure, lambda: plus.click())
        assert key == f"rate_hz-{rate['initial_index'] + 1}"
        assert _act(page, figure, lambda: minus.click()) == "initial"
        # Enter on a focused button steps it too (keyboard), and the status line says what it shows
        plus.focus()
        assert (
            _act(page, figure, lambda: page.keyboard.press("Enter"))
            == f"rate_hz-{rate['initial_index'] + 1}"
        )
        status = figure.locator(".cx-status")
        assert status.get_attribute("role") == "status" and len(status.inner_text()) < 240
        # moving another control sets this one back, and says so beside it and in the status
        other = figure.locator("[name='contraction_time_ms']")
        other.focus()
        _act(page, figure, lambda: page.keyboard.press("ArrowLeft"))
        note = figure.locator(".cx-control:has([name='rate_hz']) .cx-note")
        assert note.is_visible() and "one control at a time" in note.inner_text()
        assert "Set back: " in status.inner_text() and rate["label"] in status.inner_text()
        # Enlarge opens the wide picture of the state on show
        link = figure.locator("a.cramp-enlarge")
        link.scroll_into_view_if_needed()
        link.click()
        dialog = page.locator("dialog.cramp-zoom[open]")
        dialog.wait_for()
        shown = figure.get_attribute("data-cx-state")
        assert dialog.locator("img").get_attribute("src").endswith(f"/{shown}.webp")
        assert spec["title"] in dialog.locator(".cramp-zoom-title").inner_text()
        page.keyboard.press("Escape")
        page.wait_for_function("!document.querySelector('dialog.cramp-zoom[open]')")
        assert page.evaluate("document.activeElement.classList.contains('cramp-enlarge')")
        assert page.console_errors == []


def test_figures_are_named_by_their_titles_and_say_one_short_line(browser, site):
    with loaded_page(browser, site, "chapters/00_how_to_use", "desktop") as page:
        figures = _figures(page).all()
        assert len(figures) >= 6
        for figure in figures:
            title_id = figure.get_attribute("aria-labelledby")
            heading = page.locator(f"#{title_id}")
            assert heading.evaluate("h => h.tagName") == "H3"
            assert heading.inner_text().strip() == _spec(figure)["title"]
            live = figure.locator("[aria-live]")
            assert live.count() == 1
            # the accessible name (what a screen reader says on reaching the figure) is the title
            assert page.get_by_role("figure", name=_spec(figure)["title"], exact=True).count() >= 1
