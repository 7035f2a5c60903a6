"""Every course widget, live in a real JupyterLab: run it, press an arrow key on a slider, and
the figure changes (the kernel recomputed the model and sent a new image)."""

from __future__ import annotations

import json
import pytest

from book_site import watch_page
from jupyterlab_session import notebook, open_and_run, slider_step_ms

pytestmark = pytest.mark.browser

# (widget class, index of the slider to move): each notebook shows one widget.
WIDGETS = [
    ("ElectrolyteExplorer", 0),
    ("ExcitabilityLab", 0),
    ("ForceSummation", 0),
    ("MotorUnitRecruitment", 0),
    ("TonicClonicExplorer", 0),
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
    name = f"live_{widget}.ipynb"
    (work / name).write_text(json.dumps(notebook([f"from widgets.ui import {widget}\n{widget}()"])))
    open_and_run(lab_page, base, token, name)
    lab_page.locator("img.cramp-figure").first.wait_for(timeout=60_000)
    step = slider_step_ms(lab_page, slider, "ArrowRight")
    assert step["after"] != step["before"]
    back = slider_step_ms(lab_page, slider, "ArrowLeft")
    assert back["after"] != back["before"]
    assert lab_page.offsite_requests == []
