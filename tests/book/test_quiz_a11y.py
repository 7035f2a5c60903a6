"""The self-check quizzes with a keyboard, a screen reader's view and a phone keypad, in the built
book (issue 21): visible focus on every option, arrow keys that move without answering, check boxes
that keep earlier picks, named option groups, numbers typed with a comma or a point that stay in
the box, and no serious axe finding in the quiz after answering, light and dark, 390 and 1280 px."""

from __future__ import annotations

import pytest
from book_site import contrast, loaded_page

pytestmark = pytest.mark.browser

BOTH = ["phone", "desktop"]


def _record_console(page):
    page.console_messages = []
    page.on("console", lambda msg: page.console_messages.append(f"{msg.type}: {msg.text}"))


def _verdict(page, question) -> str:
    feedback = question.locator(".cq-feedback")
    page.wait_for_function(
        "el => el.innerText.trim() !== ''", arg=feedback.element_handle(), timeout=5_000
    )
    return feedback.inner_text().strip()


def _ring(page) -> dict:
    return page.evaluate("""() => {
      const label = document.activeElement.closest('label');
      const s = getComputedStyle(label);
      return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor};
    }""")


@pytest.mark.parametrize("viewport", BOTH)
def test_keyboard_only_single_answer(browser, site, viewport):
    with loaded_page(
        browser, site, "chapters/01_muscle", viewport, before_load=_record_console
    ) as page:
        question = page.locator(".cq-quiz .cq-single").first
        question.scroll_into_view_if_needed()
        legend = question.locator("legend")
        assert legend.inner_text().strip(), "the option group has no name"
        radios = question.locator("input[type=radio]")
        # Start the keyboard at the question text, then Tab onto the first option.
        legend.evaluate("e => { e.tabIndex = -1; e.focus(); e.removeAttribute('tabindex'); }")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == radios.nth(0).get_attribute("id")
        ring = _ring(page)
        assert ring["style"] == "solid" and ring["width"] >= 3, f"no visible focus ring: {ring}"
        assert "rgba(0, 0, 0, 0)" not in ring["colour"]

        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.id") == radios.nth(1).get_attribute("id")
        assert [r.is_checked() for r in radios.all()] == [False] * radios.count(), "arrow answered"
        assert question.locator(".cq-feedback").inner_text().strip() == ""
        assert question.locator(".cq-right, .cq-wrong").count() == 0
        assert _ring(page)["width"] >= 3

        page.keyboard.press("Space")
        assert radios.nth(1).is_checked()
        right = radios.nth(1).get_attribute("data-correct") == "true"
        text = _verdict(page, question)
        assert text.startswith("✓ Correct" if right else "✗ Not quite"), text
        feedback = question.locator(".cq-feedback")
        assert feedback.get_attribute("role") == "status"
        assert feedback.get_attribute("aria-live") == "polite"

        # Enter answers too; ArrowUp wraps round without answering.
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        last = radios.count() - 1
        assert page.evaluate("document.activeElement.id") == radios.nth(last).get_attribute("id")
        assert radios.nth(1).is_checked() and not radios.nth(last).is_checked()
        page.keyboard.press("Enter")
        assert radios.nth(last).is_checked()
        assert question.locator("label.cq-right, label.cq-wrong").count() == 1
        theirs = ("[PST]", "[togglebutton]")  # the theme's own messages
        assert [
            m for m in page.console_messages if not m.split(": ", 1)[1].startswith(theirs)
        ] == []


@pytest.mark.parametrize("viewport", BOTH)
def test_choose_all_keeps_earlier_correct_picks(browser, site, viewport):
    with loaded_page(browser, site, "chapters/01_muscle", viewport) as page:
        question = page.locator(".cq-quiz .cq-many").first
        question.scroll_into_view_if_needed()
        assert "all that apply" in question.locator("legend").inner_text()
        right = question.locator('input[data-correct="true"]')
        wrong = question.locator('input[data-correct="false"]')
        right_labels = question.locator('label.cq-option:has(input[data-correct="true"])')
        wrong_labels = question.locator('label.cq-option:has(input[data-correct="false"])')
        total = right.count()
        assert question.locator("input[type=radio]").count() == 0
        assert total >= 2 and wrong.count() >= 1

        right.nth(0).focus()
        page.keyboard.press("Space")
        assert _verdict(page, question).startswith("✓ Correct")
        assert (
            f"1 of {total} correct answers found" in question.locator(".cq-feedback").inner_text()
        )

        wrong_labels.nth(0).click()
        page.wait_for_function(
            "el => el.innerText.includes('Not quite')",
            arg=question.locator(".cq-feedback").element_handle(),
        )
        assert right.nth(0).is_checked(), "a wrong pick wiped an earlier correct one"
        assert "cq-right" in right_labels.nth(0).get_attribute("class")
        assert (
            f"1 of {total} correct answers found" in question.locator(".cq-feedback").inner_text()
        )

        right_labels.nth(1).click()
        page.wait_for_function(
            f"el => el.innerText.includes('2 of {total} correct')",
            arg=question.locator(".cq-feedback").element_handle(),
        )
        assert (
            right.nth(0).is_checked() and right.nth(1).is_checked() and wrong.nth(0).is_checked()
        )


def _numeric(page, docname_prefix: str):
    return page.locator(".cq-numeric").filter(has_text=docname_prefix).first


def _answer(page, question, typed: str) -> str:
    box = question.locator("input[type=text]")
    box.fill(typed)
    question.locator(".cq-feedback").evaluate("el => { el.textContent = ''; }")
    box.press("Enter")
    return _verdict(page, question)


@pytest.mark.parametrize("viewport", BOTH)
def test_numbers_with_comma_or_point_stay_typed(browser, site, viewport):
    with loaded_page(browser, site, "chapters/02_electrolytes", viewport) as page:
        # "2.0 mmol/L total calcium in mg/dL": right in [7.95, 8.05), three significant digits.
        question = _numeric(page, "in mg/dL")
        question.scroll_into_view_if_needed()
        box = question.locator("input[type=text]")
        assert box.get_attribute("inputmode") == "decimal"
        assert box.evaluate("e => e.labels.length") == 1
        for typed, shown in (("8,02", "8.02"), ("8.02", "8.02"), (" 8,0 ", "8")):
            text = _answer(page, question, typed)
            assert text.startswith("✓ Correct"), f"{typed!r}: {text}"
            assert f"You answered {shown}." in text
        text = _answer(page, question, "80,2")
        assert text.startswith("✗ Not quite") and "You answered 80.2." in text
        assert "not a number" in _answer(page, question, "eight")

        box.fill("8,02")
        question.locator(".cq-check").click()
        assert _verdict(page, question).startswith("✓ Correct")
        page.keyboard.press("Tab")
        box.focus()
        assert box.input_value() == "8,02", "focusing the box again erased the answer"

        # The negative answer (-97.7 mV) can be typed on a keypad without a minus key.
        nernst = _numeric(page, "equilibrium potential")
        nernst.locator("input[type=text]").fill("97,7")
        nernst.locator(".cq-sign").click()
        assert nernst.locator("input[type=text]").input_value() == "-97,7"
        nernst.locator(".cq-check").click()
        assert _verdict(page, nernst).startswith("✓ Correct")


def test_numeric_marking_matches_jupyterquiz_precision(browser, site):
    """Chapter 0: range [61, 62.5) with 2 significant digits, as jupyterquiz marks it: the typed
    number is rounded first (62.4 -> 62 is right, 62.5 -> 63 is not, 60.6 -> 61 is right)."""
    with loaded_page(browser, site, "chapters/00_how_to_use", "desktop") as page:
        question = page.locator(".cq-numeric").first
        question.scroll_into_view_if_needed()
        expected = {"61,5": True, "62.4": True, "62,5": False, "60.6": True, "60,4": False}
        got = {typed: _answer(page, question, typed).startswith("✓ Correct") for typed in expected}
        assert got == expected


@pytest.mark.parametrize("viewport", BOTH)
@pytest.mark.parametrize("dark", [False, True])
def test_quiz_has_no_serious_axe_finding_after_answering(browser, site, viewport, dark):
    from axe_playwright_python.sync_playwright import Axe

    with loaded_page(browser, site, "chapters/01_muscle", viewport, dark) as page:
        quiz = page.locator(".cq-quiz")
        for question in quiz.locator(".cq-single, .cq-many").all()[:3]:
            question.scroll_into_view_if_needed()
            question.locator("label.cq-option").first.click()
            _verdict(page, question)
        numeric = quiz.locator(".cq-numeric")
        if numeric.count():
            _answer(page, numeric.first, "12,5")
        results = Axe().run(
            page,
            context={"include": [[".cq-quiz"]]},
            options={"resultTypes": ["violations"], "preload": False},
        )
        serious = [
            f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == []
        assert page.console_errors == []
        # Readable in both modes: option text, chosen options and feedback.
        for part in (
            quiz.locator("label.cq-option").last,
            quiz.locator(".cq-option.cq-right, .cq-option.cq-wrong").first,
            quiz.locator(".cq-feedback:not(:empty)").first,
        ):
            assert contrast(part) >= 4.5
        if dark:
            plate = quiz.first.evaluate("e => getComputedStyle(e.parentElement).backgroundColor")
            assert plate in {"rgba(0, 0, 0, 0)", "transparent"}, f"quiz on a light plate: {plate}"
            page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
            option_bg = quiz.locator("label.cq-option").last.evaluate(
                "e => getComputedStyle(e).backgroundColor"
            )
            assert option_bg != "rgb(250, 250, 250)", f"light options on a dark page {page_bg}"
