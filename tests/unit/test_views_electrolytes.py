"""ElectrolyteExplorer (``widgets.ui.electrolytes``): what the unit switch does to the calcium and
magnesium sliders, as a reader and the static book see them."""

from __future__ import annotations

import pytest

from widgets.ui import ElectrolyteExplorer
from widgets.ui.explorable_spec import control_spec

CONVERTED = ("ca_out_mM", "mg_out_mM")


@pytest.fixture(scope="module")
def view():
    return ElectrolyteExplorer()


@pytest.fixture
def in_mg_dl(view):
    """The view with calcium and magnesium shown in mg/dL; switched back afterwards."""
    view.controls["units"].value = "mg/dL"
    yield view
    view.controls["units"].value = "mmol/L"


def test_unit_switch_gives_the_book_sliders_in_mg_dl_with_a_mg_dl_step(in_mg_dl):
    for name in CONVERTED:
        spec = control_spec(name, in_mg_dl.controls[name])
        assert spec["unit"] == "mg/dL", name
        assert "(" not in spec["label"], spec["label"]  # the unit is not left in the label
        assert spec["step"] == pytest.approx(0.05), name


def test_switching_back_restores_the_mmol_per_litre_slider(view):
    view.controls["units"].value = "mg/dL"
    view.controls["units"].value = "mmol/L"
    for name in CONVERTED:
        spec = control_spec(name, view.controls[name])
        assert spec["unit"] == "mmol/L", name
        assert spec["step"] == pytest.approx(0.01), name
        assert spec["min"] < spec["max"] <= 2.5


def test_unit_switch_rewrites_the_reference_range_tooltip_in_the_new_unit(view):
    ca, mg = view.controls["ca_out_mM"], view.controls["mg_out_mM"]
    view.controls["units"].value = "mg/dL"
    try:
        # ionised Ca 1.15-1.32 mmol/L = 4.61-5.29 mg/dL; Mg 0.70-1.00 mmol/L = 1.70-2.43 mg/dL
        assert "4.61–5.29 mg/dL" in ca.tooltip
        assert "1.70–2.43 mg/dL" in mg.tooltip
    finally:
        view.controls["units"].value = "mmol/L"
    assert "1.15–1.32 mmol/L" in ca.tooltip
    assert "0.70–1.00 mmol/L" in mg.tooltip
