"""Mechanics shared by every course widget (the registry ``widgets.ui.WIDGETS``): checked
arguments, labelled controls, alt text, display bundle, blitted live frames, units."""

from __future__ import annotations

import io
import itertools

import ipywidgets as ipw
import numpy as np
import pytest
from PIL import Image

from widgets.figures.render import LIVE_DPI
from widgets.ui import (
    WIDGETS,
    ElectrolyteExplorer,
    ExcitabilityLab,
    ForceSummation,
    MotorUnitRecruitment,
)
from widgets.ui.base import ModelView
from widgets.ui.common import check_value

NAMES = sorted(WIDGETS)
SLIDERS = (ipw.FloatSlider, ipw.IntSlider)


def make(name: str):
    cls = WIDGETS[name]
    return cls(**cls.demo.setup)


@pytest.fixture(scope="module")
def views():
    return {name: make(name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_demo_control_exists_and_its_value_is_a_new_valid_one(views, name):
    view, demo = views[name], WIDGETS[name].demo
    control = view.controls[demo.control]
    assert check_value(demo.control, control, demo.value) == demo.value != control.value


@pytest.mark.parametrize("name", NAMES)
def test_bundle_has_live_widget_and_png_with_alt(views, name):
    data, metadata = views[name]._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"] and metadata["image/png"]["alt"] == data["text/plain"]
    assert len(data["text/plain"]) > 80


@pytest.mark.parametrize("name", NAMES)
def test_every_control_is_labelled_and_every_slider_shows_its_unit(views, name):
    for control in views[name].controls.values():
        assert control.description, "every control is labelled"
        if isinstance(control, SLIDERS):
            assert f"({control._unit})" in control.description and control.continuous_update


@pytest.mark.parametrize("name", NAMES)
def test_alt_text_and_live_output_change_with_state(name):
    view, demo = make(name), WIDGETS[name].demo
    alt, live, figure = view.alt_text, view.output.value, view.figure
    view.controls[demo.control].value = demo.value
    assert view.redraws == 2 and view.alt_text != alt
    assert view.output.value != live and view.figure is figure
    assert view.alt_text == view.describe(view.result)  # deterministic: same result, same text


def extremes(control) -> list:
    """The ends of a slider's range, else every option (a check box: both states)."""
    if isinstance(control, SLIDERS):
        return [control.max, control.min]
    if isinstance(control, ipw.Checkbox):
        return [not control.value, control.value]
    return [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]


@pytest.mark.parametrize(
    "name", [n for n in NAMES if WIDGETS[n].output_widget is ModelView.output_widget]
)
def test_no_control_redraws_the_background_and_live_frames_match_an_ordinary_render(name):
    view, demo = make(name), WIDGETS[name].demo
    for control in view.controls.values():
        start = control.value
        for value in extremes(control) + [start]:
            control.value = value
    view.controls[demo.control].value = demo.value
    # axes and ticks drawn once (once per set of axes a menu switches between), whatever moved
    assert view.blitter.full_redraws == getattr(view, "BACKGROUNDS", 1)
    live = np.asarray(Image.open(io.BytesIO(view.output.value)).convert("RGB"), dtype=float)
    full = np.asarray(
        Image.open(io.BytesIO(view.blitter.full_png(LIVE_DPI))).convert("RGB"), dtype=float
    )
    assert live.shape == full.shape
    differs = np.mean(np.abs(live - full).max(axis=2) > 40)
    assert differs < 0.003, (
        f"{differs:.2%} of pixels differ between the live frame and a full render"
    )


@pytest.mark.parametrize(
    "cls,kwargs,pattern",
    [
        (
            ElectrolyteExplorer,
            {"k_out_mM": 50.0},
            r"k_out_mM must be a finite number in \[1.5, 9\] mmol/L",
        ),
        (
            WIDGETS["ExcitabilityLab"],
            {"duration_ms": 0.0},
            r"duration_ms must be .* \[0.5, 100\] ms",
        ),
        (WIDGETS["ForceSummation"], {"rate_hz": 500}, r"rate_hz must be .* \[1, 100\] Hz"),
        (
            WIDGETS["MotorUnitRecruitment"],
            {"excitation_pct": 12.5},
            r"excitation_pct must be an integer in \[0, 100\] % of maximum",
        ),
        (
            WIDGETS["TonicClonicExplorer"],
            {"loop_delay_ms": 200.0},
            r"loop_delay_ms must be .* \[30, 90\] ms",
        ),
        (WIDGETS["TonicClonicExplorer"], {"action": "seizure"}, r"action must be one of"),
        (WIDGETS["SpecialistFinder"], {"statin": "yes"}, r"statin must be True or False"),
        (ElectrolyteExplorer, {"potassium": 4.0}, r"unknown control.*potassium.*k_out_mM"),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_bad_python_arguments_give_a_clear_error(cls, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        cls(**kwargs)


def test_unit_switch_keeps_the_physical_value_and_rescales():
    view = ElectrolyteExplorer(ca_out_mM=0.9, mg_out_mM=0.6)
    ca = view.controls["ca_out_mM"]
    before = dict(view.result.values_mM)
    redraws = view.redraws
    view.controls["units"].value = "mg/dL"
    assert view.redraws == redraws + 1  # one redraw for the whole switch
    assert ca.value == pytest.approx(0.9 * 4.0078, rel=1e-9) and "mg/dL" in ca.description
    assert ca.min == pytest.approx(0.25 * 4.0078) and ca.max == pytest.approx(2.0 * 4.0078)
    assert view.result.values_mM["ca_out_mM"] == pytest.approx(before["ca_out_mM"], rel=1e-12)
    assert view.result.values_mM["mg_out_mM"] == pytest.approx(before["mg_out_mM"], rel=1e-12)
    assert (
        "mg/dL" in view.alt_text
        and view.result.states == ElectrolyteExplorer(ca_out_mM=0.9, mg_out_mM=0.6).result.states
    )
    view.controls["units"].value = "mmol/L"
    assert ca.value == pytest.approx(0.9, rel=1e-9) and ca.max == pytest.approx(2.0)


def test_constructor_values_are_mmol_per_litre_even_with_mg_dl_units():
    view = ElectrolyteExplorer(units="mg/dL", ca_out_mM=0.3)
    assert view.result.values_mM["ca_out_mM"] == pytest.approx(0.3)
    assert view.controls["ca_out_mM"].value == pytest.approx(0.3 * 4.0078)


# --- the tour in chapter 0 ------------------------------------------------------------------------


def test_the_how_to_chapter_tours_every_registered_widget():
    """Chapter 0's list, generated from the registry, names every widget with every control's
    range and unit; its previews (a section and a live cell each) are of registered widgets."""
    import re
    from pathlib import Path

    import nbformat

    from widgets.ui.tour import tour_markdown

    path = Path(__file__).resolve().parents[2] / "chapters" / "00_how_to_use.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    headings = [
        h
        for c in cells
        if c.cell_type == "markdown"
        for h in re.findall(r"^### (.+)$", c.source, re.M)
    ]
    titles = {cls().title: name for name, cls in WIDGETS.items()}  # titles in words
    # the hand-written previews below the list: registered widgets, in registry order, each live
    assert headings and headings == [t for t in titles if t in headings]
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert all(f"{titles[h]}()" in code for h in headings)
    table = tour_markdown()
    stored = [
        o["data"]["text/markdown"]
        for c in cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]
    assert stored == [table]
    assert all(
        f"**{cls().title}**" in table and name not in table for name, cls in WIDGETS.items()
    )
    from widgets.clinical.specialists import FINDING_IDS

    assert (
        "pulse amplitude: 0 to 100 µA/cm²" in table
        and f"{len(FINDING_IDS)} findings to tick" in table
    )
    assert table.count("\n- ") == len(WIDGETS) - 1


@pytest.mark.parametrize(
    "cls",
    [ElectrolyteExplorer, ExcitabilityLab, ForceSummation, MotorUnitRecruitment],
    ids=lambda c: c.__name__,
)
def test_phone_picture_stacks_its_panels_and_its_description_says_so(cls):
    """Issue 21: in the phone picture the panels are one above another (none beside another) and
    the text description places them top to bottom, not left and right."""
    view = cls(layout="phone")
    boxes = sorted((ax.get_window_extent() for ax in view.figure.axes), key=lambda b: -b.y0)
    assert len(boxes) >= 2
    assert all(upper.y0 >= lower.y1 for upper, lower in itertools.pairwise(boxes))
    assert "Top:" in view.alt_text and "Bottom:" in view.alt_text
    assert not any(side in view.alt_text.lower() for side in ("left:", "right:"))
    assert "left:" in cls().alt_text.lower()
