"""Explorable figures in the built book (issue 12), in a real browser (Debian's chromium).

Every widget a chapter displays is, in the HTML, a figure with real controls. For every widget
page, on a phone (390 px) and on a laptop: each kind of control (range, menu, check box, and the
chapter's examples) is moved with the keyboard, and the picture and its description (alt text and
the announced paragraph) become those of the right state, which is also what the Python widget
says in that state; nothing is requested outside 127.0.0.1, there is no console error, axe-core
finds nothing serious after the interaction, and nothing scrolls sideways. The specialist finder
answers like Python's ``recommend`` (every vignette of the triage tests and 200 random sets of
findings), in the same HTML as the live widget. Nothing is fetched for a figure before the reader
uses it, and a key press shows its picture within 100 ms (95th percentile, local server).
"""

from __future__ import annotations

import functools
import json
import random
import re

import pytest
from book_site import HTML, ROOT, loaded_page, serious_axe_violations
from triage_vignettes import VIGNETTES

from widgets.book import explorable as ex
from widgets.book.explorable.draw import set_values
from widgets.book.explorable_html import PICTURE_ALT
from widgets.clinical.specialists import FINDING_IDS, recommend

pytestmark = pytest.mark.browser

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _widget_pages() -> dict[str, int]:
    """docname -> number of widgets the chapter displays (from the stored notebooks)."""
    pages = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        n = sum(
            WIDGET_VIEW in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])
        )
        if n:
            pages[f"chapters/{path.stem}"] = n
    return pages


PAGES = _widget_pages()
SITE = HTML / "_static" / ex.SITE_FOLDER


# --- the built site ------------------------------------------------------------------------------


def test_widget_pages_found():
    assert len(PAGES) >= 6 and sum(PAGES.values()) >= 12, PAGES


@pytest.mark.parametrize("docname", sorted(PAGES))
def test_every_widget_is_an_explorable_figure_with_all_its_states(book_build, docname):
    text = (HTML / f"{docname}.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="cramp-explorable[^"]*"', text)
    assert len(figures) == PAGES[docname], f"{docname}: {len(figures)} explorable figures"
    assert "%%CX_" not in text
    assert "explorable.js" in text and "explorable.css" in text
    for sid in set(re.findall(r'data-cx-root="[^"]*/explorable/([0-9a-f]{16})/"', text)):
        index = json.loads((SITE / sid / "states.json").read_text())
        assert "initial" in index["states"]
        for key in index["states"]:
            assert (SITE / sid / f"{key}.webp").read_bytes()[8:12] == b"WEBP", (sid, key)
            assert len((SITE / sid / f"{key}.txt").read_text(encoding="utf-8")) > 80, (sid, key)


def test_pages_without_figures_do_not_load_the_script(book_build):
    for name in ("intro", "glossary", "chapters/06_causes"):
        text = (HTML / f"{name}.html").read_text(encoding="utf-8")
        assert "explorable.js" not in text and "explorable.css" not in text, name


# --- in the browser ------------------------------------------------------------------------------

RECORD_JS = """
figure => {
  if (!figure.__shown) {
    figure.__shown = [];
    figure.addEventListener('cx-shown', e => figure.__shown.push(e.detail));
  }
  return figure.__shown.length;
}
"""


def _figures(page):
    page.wait_for_function(
        "Array.from(document.querySelectorAll('figure.cramp-explorable'))"
        ".every(f => f.getAttribute('data-cx-ready') === 'true')"
    )
    return page.locator("figure.cramp-explorable")


def _act(page, figure, action) -> str:
    """Run ACTION (a function of nothing) and return the key of the state the figure shows."""
    before = figure.evaluate(RECORD_JS)
    action()
    try:
        figure.page.wait_for_function(
            "([f, n]) => f.__shown.length > n",
            arg=[figure.element_handle(), before],
            timeout=10_000,
        )
    except Exception as error:  # say what the figure shows and says, not only that it timed out
        state = figure.evaluate(
            "f => [f.getAttribute('data-cx-state'), f.getAttribute('aria-busy'),"
            " f.querySelector('.cx-status')?.textContent]"
        )
        raise AssertionError(f"no new state shown within 10 s: {state}") from error
    return figure.evaluate("f => f.__shown[f.__shown.length - 1].key")


def _spec(figure) -> dict:
    return json.loads(figure.locator("script.cx-spec").text_content())


def _expected_key(control: dict, spec: dict, index: int) -> str:
    if not spec["context"].get(control["name"]) and index == control["initial_index"]:
        return "initial"
    return f"{control['name']}-{index}"


def _moves(spec: dict):
    """One control of each kind, with the key to press and the index it then shows."""
    seen = set()
    for control in spec["controls"]:
        kind = control["kind"]
        if kind in seen:
            continue
        seen.add(kind)
        i = control["initial_index"]
        if kind == "range":
            last = control["n"] - 1
            yield control, ("ArrowRight", i + 1) if i < last else ("ArrowLeft", i - 1)
        elif kind == "select":
            last = len(control["values"]) - 1
            yield control, ("ArrowDown", i + 1) if i < last else ("ArrowUp", i - 1)
        else:
            yield control, ("Space", 1 - i)


@functools.cache
def _python_view(widget: str, layout: str):
    """One Python view per widget and layout for this worker (building one draws a picture)."""
    return ex.load_class(widget)(layout=layout)


def _python_description(widget: str, spec: dict, key: str, layout: str = "wide") -> str:
    """The Python widget's own description of state KEY: its controls set to the state's values,
    its model run again (no cache of the book involved)."""
    index = json.loads((SITE / spec["id"] / "states.json").read_text())
    view = _python_view(widget, layout)
    set_values(view, spec["initial"])  # the figure's starting state, then the state's own moves
    set_values(view, index["states"][key])
    view.result = view.compute(**view.values)
    return view.alt_text


def _check_picture(figure, spec: dict, key: str) -> None:
    src = figure.locator("img.cx-image").get_attribute("src")
    narrow = figure.page.viewport_size["width"] <= 640 and "phone" in spec.get("layouts", [])
    name = key + (".phone" if narrow else "")
    assert src.endswith(f"/{spec['id']}/{name}.webp"), (src, key)
    assert (
        figure.locator("a.cramp-enlarge")
        .get_attribute("href")
        .endswith(f"/{spec['id']}/{key}.webp")
    )
    expected = (SITE / spec["id"] / f"{name}.txt").read_text(encoding="utf-8")
    assert figure.locator("img.cx-image").get_attribute("alt") == PICTURE_ALT  # read once, below
    assert figure.locator(".cx-description").text_content() == expected
    widget = json.loads((SITE / spec["id"] / "states.json").read_text())["widget"]
    layout = "phone" if narrow else "wide"
    assert _python_description(widget, spec, key, layout) == expected, (
        f"{key}: not the Python widget's state"
    )


def _assert_clean(page, what: str) -> None:
    assert page.console_errors == [], (
        f"{what}: console errors {page.console_errors} {page.failed_responses}"
    )
    assert page.offsite_requests == [], f"{what}: reached off the machine {page.offsite_requests}"
    sideways = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert sideways <= 0, f"{what}: the page scrolls {sideways} px sideways"
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    # the figures as they are after the interaction; the rest of the page did not change, and
    # its own axe check at this viewport is test_browser's test_no_serious_accessibility_violations
    serious = serious_axe_violations(page, "figure.cramp-explorable")
    assert serious == [], f"{what}: " + "\n".join(serious)


def _finder_expected_text(findings: set[str]) -> str:
    from widgets.ui.specialists import FinderResult, SpecialistFinder

    result = FinderResult(tuple(sorted(findings)), tuple(recommend(findings)))
    html = SpecialistFinder.list_html(result)
    return " ".join(
        re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&amp;", "&").split()
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("docname", sorted(PAGES))
def test_keyboard_moves_each_kind_of_control_to_the_right_state(browser, site, docname, viewport):
    with loaded_page(browser, site, docname, viewport) as page:
        figures = _figures(page)
        assert figures.count() == PAGES[docname]
        for n in range(figures.count()):
            figure = figures.nth(n)
            figure.scroll_into_view_if_needed()
            spec = _spec(figure)
            reset = figure.locator("button.cx-reset")
            if spec.get("evaluator") == "specialist_rules":
                box = figure.locator("input[type=checkbox]").nth(1)
                name = box.get_attribute("name")
                ticked = {
                    b.get_attribute("name")
                    for b in figure.locator("input[type=checkbox]:checked").all()
                }
                box.focus()
                key = _act(page, figure, lambda: page.keyboard.press("Space"))
                now = ticked ^ {name}
                assert key == ",".join(sorted(now))
                shown = " ".join(figure.locator(".cx-list").inner_text().split())
                assert shown == _finder_expected_text(now)
                scenario = figure.locator("select[name='__scenario']")
                scenario.focus()
                _act(page, figure, lambda: page.keyboard.press("ArrowDown"))
                values = {**spec["initial"], **spec["scenarios"][0]}
                assert " ".join(
                    figure.locator(".cx-list").inner_text().split()
                ) == _finder_expected_text({k for k, v in values.items() if v})
                continue
            for control, (press, index) in _moves(spec):
                if figure.get_attribute("data-cx-state") != "initial":
                    assert _act(page, figure, lambda reset=reset: reset.click()) == "initial"
                field = figure.locator(f"[name='{control['name']}']")
                assert field.is_visible()
                box = field.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], (
                    control["name"]
                )
                field.focus()
                key = _act(page, figure, lambda press=press: page.keyboard.press(press))
                assert key == _expected_key(control, spec, index), (control["name"], key)
                _check_picture(figure, spec, key)
                if control["kind"] == "range":
                    value = control["min"] + index * control["step"]
                    assert field.get_attribute("aria-valuetext").startswith(
                        f"{value:.{control['decimals']}f}"
                    )
            if spec["scenarios"]:
                scenario = figure.locator("select[name='__scenario']")
                scenario.focus()
                key = _act(page, figure, lambda: page.keyboard.press("ArrowDown"))
                assert key == "scenario-0"
                _check_picture(figure, spec, key)
                for name, value in spec["scenarios"][0].items():
                    control = next(c for c in spec["controls"] if c["name"] == name)
                    field = figure.locator(f"[name='{name}']")
                    if control["kind"] == "range":
                        assert float(field.input_value()) == pytest.approx(value)
        _assert_clean(page, f"{docname} ({viewport}) after moving every kind of control")


def test_moving_a_control_puts_the_others_back(browser, site):
    with loaded_page(browser, site, "chapters/04_force") as page:
        figure = _figures(page).first
        spec = _spec(figure)
        rate, ct = (figure.locator(f"[name='{n}']") for n in ("rate_hz", "contraction_time_ms"))
        rate.focus()
        _act(page, figure, lambda: page.keyboard.press("ArrowRight"))
        ct.focus()
        key = _act(page, figure, lambda: page.keyboard.press("ArrowLeft"))
        assert key == f"contraction_time_ms-{spec['controls'][1]['initial_index'] - 1}"
        assert float(rate.input_value()) == spec["initial"]["rate_hz"]
        assert (
            "every other control at its starting value"
            in figure.locator(".cx-status").inner_text()
        )
        _check_picture(figure, spec, key)
        rate.focus()
        _act(page, figure, lambda: page.keyboard.press("End"))
        assert figure.get_attribute("data-cx-state") == f"rate_hz-{spec['controls'][0]['n'] - 1}"


def test_specialist_finder_in_the_page_answers_like_python(browser, site):
    from widgets.ui.specialists import FinderResult, SpecialistFinder

    with loaded_page(browser, site, "chapters/09_specialists") as page:
        figure = _figures(page).first
        spec = _spec(figure)
        url = figure.get_attribute("data-cx-rules")
        rng = random.Random(20261201)
        ids = sorted(FINDING_IDS)
        sets = [sorted(v[0]) for v in VIGNETTES]
        sets += [sorted(rng.sample(ids, rng.randint(0, 8))) for _ in range(200)]
        got = page.evaluate(
            "([u, s, c]) => CrampExplorable.check(u, s, c)", [url, sets, spec["colours"]]
        )
        assert len(got) == len(sets) >= 260
        for findings, answer in zip(sets, got):
            recs = recommend(set(findings))
            expected = [
                [r.rule_id, r.urgency, r.source, r.red_flag, list(r.triggered_by)] for r in recs
            ]
            assert answer["recs"] == expected, findings
            html = SpecialistFinder.to_html(None, FinderResult(tuple(findings), tuple(recs)))
            assert answer["html"] == html, findings
        _assert_clean(page, "specialist finder")


def test_captions_are_honest_and_link_the_chapter_live(browser, site):
    with loaded_page(browser, site) as page:
        for docname in sorted(PAGES):
            page.goto(f"{site}/{docname}.html", wait_until="load")
            launch = page.locator(
                ".dropdown-launch-buttons a[href*='mybinder.org']"
            ).first.get_attribute("href")
            assert docname.split("/")[-1] + ".ipynb" in launch
            for figure in _figures(page).all():
                caption = figure.locator("figcaption.cx-caption")
                text = " ".join(caption.inner_text().split())
                assert text.startswith(
                    (
                        "Precomputed pictures: move one control at a time",
                        "Worked out in your browser",
                    )
                ), text
                assert caption.locator("a.cx-launch").get_attribute("href") == launch


def test_nothing_is_fetched_for_a_figure_before_it_is_used(browser, site):
    urls = []

    def record(page):
        page.on("request", lambda request: urls.append(request.url))

    with loaded_page(browser, site, "chapters/00_how_to_use", "phone", before_load=record) as page:
        fetched = [u for u in urls if f"/_static/{ex.SITE_FOLDER}/" in u]
        assert all(u.endswith(("/initial.webp", "/initial.phone.webp")) for u in fetched), fetched
        assert page.console_errors == [] and page.offsite_requests == []


# Speed (key press to painted picture) is measured by `make bench` (tools/bench_explorable.py),
# not asserted here: a timed test only measures how busy the machine is.
