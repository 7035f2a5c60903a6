"""Every course widget, live in a real JupyterLab: run it, press an arrow key on its demo slider
(the registry ``widgets.ui.WIDGETS``), and the figure changes (the kernel recomputed the model and
sent a new image). All of them run in one notebook and one kernel, as a chapter's widgets do."""

from __future__ import annotations

import json

import pytest
from browser import watch_page
from jupyterlab_session import notebook, open_and_run, slider_demos, slider_step_ms

pytestmark = pytest.mark.browser


DEMOS = slider_demos()
FINDER = "from widgets.ui import SpecialistFinder\nSpecialistFinder()"


def _opened(lab, browser, name: str, cells: list[str]):
    base, token, work = lab
    (work / name).write_text(json.dumps(notebook(cells)))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch_page(page)
    open_and_run(page, base, token, name)
    return context, page


@pytest.fixture(scope="module")
def lab_page(lab, browser):
    """One notebook with every slider widget's demo cell, as a chapter holds several widgets in
    one kernel: opened in JupyterLab and run once for all the slider tests."""
    context, page = _opened(lab, browser, "live_widgets.ipynb", [c for _, c, _ in DEMOS])
    yield page
    context.close()


@pytest.fixture
def finder_page(lab, browser):
    """The specialist finder in a notebook of its own."""
    context, page = _opened(lab, browser, "live_finder.ipynb", [FINDER])
    yield page
    context.close()


@pytest.mark.parametrize(
    "cell, slider", [pytest.param(i, demo[2], id=demo[0]) for i, demo in enumerate(DEMOS)]
)
def test_keyboard_step_on_a_slider_redraws_the_figure(lab_page, cell, slider):
    output = lab_page.locator(".jp-Notebook .jp-CodeCell").nth(cell).locator(".jp-OutputArea")
    output.locator("img.cramp-figure").first.wait_for(timeout=60_000)
    step = slider_step_ms(lab_page, slider, "ArrowRight", cell=cell)
    assert step["after"] != step["before"]
    back = slider_step_ms(lab_page, slider, "ArrowLeft", cell=cell)
    assert back["after"] != back["before"]
    assert lab_page.offsite_requests == []
    assert lab_page.console_errors == [], lab_page.console_errors


def test_ticking_a_red_flag_puts_emergency_care_first(finder_page):
    lab_page = finder_page
    output = lab_page.locator(".jp-OutputArea").first
    output.get_by_label("Dark (tea- or cola-coloured) urine").wait_for(timeout=60_000)
    assert "rhabdomyolysis" not in output.inner_text()
    for finding in ("Dark (tea- or cola-coloured) urine", "Weakness of a leg or foot"):
        output.get_by_label(finding).focus()
        lab_page.keyboard.press("Space")  # keyboard operable
    lab_page.wait_for_function(
        "() => document.querySelector('.jp-OutputArea').innerText.includes('rhabdomyolysis')",
        timeout=20_000,
    )
    assert lab_page.offsite_requests == []
