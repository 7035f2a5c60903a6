"""Every course widget, live in a real JupyterLab: run it, press an arrow key on its demo slider
(the registry ``widgets.ui.WIDGETS``), and the figure changes (the kernel recomputed the model and
sent a new image)."""

from __future__ import annotations

import json

import pytest
from browser import watch_page
from jupyterlab_session import notebook, open_and_run, slider_demos, slider_step_ms

pytestmark = pytest.mark.browser


@pytest.fixture
def lab_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch_page(page)
    yield page
    context.close()


@pytest.mark.parametrize(
    "name, code, slider", [pytest.param(*demo, id=demo[0]) for demo in slider_demos()]
)
def test_keyboard_step_on_a_slider_redraws_the_figure(lab, lab_page, name, code, slider):
    base, token, work = lab
    (work / f"live_{name}.ipynb").write_text(json.dumps(notebook([code])))
    open_and_run(lab_page, base, token, f"live_{name}.ipynb")
    lab_page.locator("img.cramp-figure").first.wait_for(timeout=60_000)
    step = slider_step_ms(lab_page, slider, "ArrowRight")
    assert step["after"] != step["before"]
    back = slider_step_ms(lab_page, slider, "ArrowLeft")
    assert back["after"] != back["before"]
    assert lab_page.offsite_requests == []


def test_ticking_a_red_flag_puts_emergency_care_first(lab, lab_page):
    base, token, work = lab
    name = "live_SpecialistFinder.ipynb"
    (work / name).write_text(
        json.dumps(notebook(["from widgets.ui import SpecialistFinder\nSpecialistFinder()"]))
    )
    open_and_run(lab_page, base, token, name)
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
