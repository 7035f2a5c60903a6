"""Mechanics shared by the six widgets: bounded controls, checked arguments, units, alt text, bundle."""

from __future__ import annotations

import ipywidgets as ipw
import numpy as np
import pytest
from PIL import Image
import io

from widgets.ui import (
    ElectrolyteExplorer,
    ExcitabilityLab,
    ForceSummation,
    MotorUnitRecruitment,
    SpecialistFinder,
    TonicClonicExplorer,
)

# widget, a slider to move, a new in-range value for it
SLIDERS = [
    (ElectrolyteExplorer, "k_out_mM", 6.5),
    (ExcitabilityLab, "amplitude_uA_cm2", 30.0),
    (ForceSummation, "rate_hz", 40.0),
    (MotorUnitRecruitment, "excitation_pct", 70),
    (TonicClonicExplorer, "effort_pct", 60),
]
INITIAL = {TonicClonicExplorer: {"pattern": "voluntary"}}  # effort acts on voluntary contraction
ALL = [cls for cls, _, _ in SLIDERS] + [SpecialistFinder]


@pytest.fixture(scope="module")
def views():
    return {cls: cls() for cls in ALL}


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_bundle_has_live_widget_and_png_with_alt(views, cls):
    data, metadata = views[cls]._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"] and metadata["image/png"]["alt"] == data["text/plain"]
    assert len(data["text/plain"]) > 80


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_every_control_is_labelled_and_every_slider_shows_its_unit(views, cls):
    for control in views[cls].controls.values():
        assert control.description, "every control is labelled"
        if isinstance(control, (ipw.FloatSlider, ipw.IntSlider)):
            assert f"({control._unit})" in control.description and control.continuous_update
            assert control.min < control.max


@pytest.mark.parametrize("cls,name,value", SLIDERS, ids=lambda x: getattr(x, "__name__", str(x)))
def test_alt_text_and_picture_change_with_state(cls, name, value):
    view = cls(**INITIAL.get(cls, {}))
    alt, png, figure = view.alt_text, view._image.value, view.figure
    view.controls[name].value = value
    assert view.alt_text and view.alt_text != alt
    assert view._image.value != png and view.figure is figure
    assert view.alt_text == view.describe(view.result)   # deterministic: same result, same text


@pytest.mark.parametrize("cls,name,value", SLIDERS, ids=lambda x: getattr(x, "__name__", str(x)))
def test_live_blitted_picture_matches_a_full_render(cls, name, value):
    view = cls(**INITIAL.get(cls, {}))
    for v in (value, view.controls[name].min, value):
        view.controls[name].value = v
    live = np.asarray(Image.open(io.BytesIO(view._image.value)).convert("RGB"), dtype=float)
    view._static = view._background = None
    view._moved = None
    view.update()                                         # a full redraw of the same state
    fresh = np.asarray(Image.open(io.BytesIO(view._image.value)).convert("RGB"), dtype=float)
    assert live.shape == fresh.shape
    differs = np.mean(np.abs(live - fresh).max(axis=2) > 40)
    assert differs < 0.003, f"{differs:.2%} of pixels differ between blitted and full render"


@pytest.mark.parametrize("cls,kwargs,pattern", [
    (ElectrolyteExplorer, {"k_out_mM": 50.0}, r"k_out_mM must be a finite number in \[1.5, 9\] mmol/L"),
    (ExcitabilityLab, {"duration_ms": 0.0}, r"duration_ms must be .* \[0.5, 100\] ms"),
    (ForceSummation, {"rate_hz": 500}, r"rate_hz must be .* \[1, 100\] Hz"),
    (MotorUnitRecruitment, {"excitation_pct": 12.5}, r"excitation_pct must be an integer in \[0, 100\] % of maximum"),
    (TonicClonicExplorer, {"clonus_hz": 10.0}, r"clonus_hz must be .* \[3, 7\] Hz"),
    (TonicClonicExplorer, {"pattern": "seizure"}, r"pattern must be one of"),
    (SpecialistFinder, {"statin": "yes"}, r"statin must be True or False"),
    (ElectrolyteExplorer, {"potassium": 4.0}, r"unknown control.*potassium.*k_out_mM"),
])
def test_bad_python_arguments_give_a_clear_error(cls, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        cls(**kwargs)


def test_unit_switch_keeps_the_physical_value_and_rescales():
    view = ElectrolyteExplorer(ca_ionised_mM=0.9, mg_mM=0.6)
    ca = view.controls["ca_ionised_mM"]
    before = dict(view.result.values_mM)
    redraws = view.redraws
    view.controls["units"].value = "mg/dL"
    assert view.redraws == redraws + 1                    # one redraw for the whole switch
    assert ca.value == pytest.approx(0.9 * 4.0078, rel=1e-9) and "mg/dL" in ca.description
    assert ca.min == pytest.approx(0.25 * 4.0078) and ca.max == pytest.approx(2.0 * 4.0078)
    assert view.result.values_mM["ca_ionised_mM"] == pytest.approx(before["ca_ionised_mM"], rel=1e-12)
    assert view.result.values_mM["mg_mM"] == pytest.approx(before["mg_mM"], rel=1e-12)
    assert "mg/dL" in view.alt_text and view.result.states == ElectrolyteExplorer(ca_ionised_mM=0.9, mg_mM=0.6).result.states
    view.controls["units"].value = "mmol/L"
    assert ca.value == pytest.approx(0.9, rel=1e-9) and ca.max == pytest.approx(2.0)


def test_constructor_values_are_mmol_per_litre_even_with_mg_dl_units():
    view = ElectrolyteExplorer(units="mg/dL", ca_ionised_mM=0.3)
    assert view.result.values_mM["ca_ionised_mM"] == pytest.approx(0.3)
    assert view.controls["ca_ionised_mM"].value == pytest.approx(0.3 * 4.0078)
