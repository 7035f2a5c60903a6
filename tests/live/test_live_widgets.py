"""Every course widget, live in a real JupyterLab: run it, press an arrow key on a slider, and
the figure changes (the kernel recomputed the model and sent a new image)."""

from __future__ import annotations

import json
import pytest

from book_site import watch_page
from jupyterlab_session import notebook, open_and_run, slider_step_ms

pytestmark = pytest.mark.browser

# (widget call, index of a slider that changes the picture in that state): one widget a notebook.
WIDGETS = [
    ("ElectrolyteExplorer()", 0),
    ("ExcitabilityLab()", 0),
    ("ForceSummation()", 0),
    ("MotorUnitRecruitment()", 0),
    ("TonicClonicExplorer(pattern='clonus')", 0),
]


@pytest.fixture
def lab_page(lab_browser):
    context = lab_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch_page(page)
    yield page
    context.close()


@pytest.mark.parametrize("widget, slider", WIDGETS)
def test_keyboard_step_on_a_slider_redraws_the_figure(lab, lab_page, widget, slider):
    base, token, work = lab
    cls = widget.split("(")[0]
    name = f"live_{cls}.ipynb"
    (work / name).write_text(json.dumps(notebook([f"from widgets.ui import {cls}\n{widget}"])))
    open_and_run(lab_page, base, token, name)
    lab_page.locator("img.cramp-figure").first.wait_for(timeout=60_000)
    step = slider_step_ms(lab_page, slider, "ArrowRight")
    assert step["after"] != step["before"]
    back = slider_step_ms(lab_page, slider, "ArrowLeft")
    assert back["after"] != back["before"]
    assert lab_page.offsite_requests == []


def test_ticking_a_red_flag_puts_emergency_care_first(lab, lab_page):
    base, token, work = lab
    name = "live_SpecialistFinder.ipynb"
    (work / name).write_text(json.dumps(notebook(["from widgets.ui import SpecialistFinder\nSpecialistFinder()"])))
    open_and_run(lab_page, base, token, name)
    output = lab_page.locator(".jp-OutputArea").first
    output.get_by_label("Dark (tea- or cola-coloured) urine").wait_for(timeout=60_000)
    assert "rhabdomyolysis" not in output.inner_text()
    for finding in ("Dark (tea- or cola-coloured) urine", "Weakness of a leg or foot"):
        output.get_by_label(finding).focus()
        lab_page.keyboard.press("Space")  # keyboard operable
    lab_page.wait_for_function(
        "() => document.querySelector('.jp-OutputArea').innerText.includes('rhabdomyolysis')",
        timeout=20_000)
    assert lab_page.offsite_requests == []
