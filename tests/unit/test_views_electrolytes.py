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
    built = ca.tooltip, mg.tooltip
    view.controls["units"].value = "mg/dL"
    try:
        # ionised Ca 1.15-1.32 mmol/L = 4.61-5.29 mg/dL; Mg 0.70-1.00 mmol/L = 1.70-2.43 mg/dL
        assert "4.6–5.3 mg/dL" in ca.tooltip
        assert "1.7–2.4 mg/dL" in mg.tooltip
    finally:
        view.controls["units"].value = "mmol/L"
    assert (ca.tooltip, mg.tooltip) == built  # switching back reads as it was built


# --- the controls as built -------------------------------------------------------------------------


def test_every_serum_slider_is_in_mmol_per_litre_with_its_reference_range():
    view = ElectrolyteExplorer()  # as built (a unit switch rewrites the tooltips)
    ranges = {  # adult reference ranges (reference_ranges.json), as the tooltip writes them
        "k_out_mM": "3.5–5",
        "na_out_mM": "135–145",
        "ca_out_mM": "1.15–1.32",
        "mg_out_mM": "0.7–1",
        "cl_out_mM": "98–107",
    }
    for name, rng in ranges.items():
        control = view.controls[name]
        assert control_spec(name, control)["unit"] == "mmol/L", name
        assert control.tooltip == f"reference range {rng} mmol/L", name


def test_calcium_and_magnesium_read_out_two_decimals_the_others_one(view):
    sliders = [name for name in view.controls if name != "units"]
    decimals = {name: control_spec(name, view.controls[name])["decimals"] for name in sliders}
    assert decimals == {
        "k_out_mM": 1,
        "na_out_mM": 1,
        "ca_out_mM": 2,
        "mg_out_mM": 2,
        "cl_out_mM": 1,
    }


def test_the_unit_switch_is_labelled_and_starts_in_mmol_per_litre():
    units = ElectrolyteExplorer().controls["units"]
    assert units.value == "mmol/L" and units.description == "Ca, Mg units"
    assert units.tooltip.endswith("in mmol/L or mg/dL")


# --- the runs asked for ahead of a drag -----------------------------------------------------------


@pytest.fixture
def asked(view, monkeypatch):
    """The fibre and axon runs the view queues ahead: {"fibre": [keys], "axon": [keys]}."""
    from widgets.ui import electrolytes

    calls = {"fibre": [], "axon": []}
    monkeypatch.setattr(electrolytes.fibre_run, "ahead", lambda *keys: calls["fibre"].extend(keys))
    monkeypatch.setattr(electrolytes.axon_run, "ahead", lambda *keys: calls["axon"].extend(keys))
    return calls


def test_a_potassium_drag_queues_the_next_two_steps_of_fibre_and_axon(view, asked):
    k = view.controls["k_out_mM"]
    try:
        k.value = 4.1  # one step up from 4.0
        assert sorted(key[0] for key in asked["fibre"]) == pytest.approx([4.2, 4.3])
        assert sorted(asked["axon"]) == [(4.2, 1.2, 0.85), (4.3, 1.2, 0.85)]
    finally:
        k.value = 4.0


def test_a_calcium_drag_in_mg_dl_queues_runs_in_mmol_per_litre(in_mg_dl, asked):
    ca = in_mg_dl.controls["ca_out_mM"]
    asked["fibre"].clear(), asked["axon"].clear()
    start = ca.value
    ca.value = start + 0.05  # one mg/dL step
    cas = sorted(key[1] for key in asked["axon"])
    assert cas == pytest.approx([(start + 0.10) / 4.0078, (start + 0.15) / 4.0078], rel=1e-6)


def test_a_unit_switch_queues_no_run(view, asked):
    view.controls["units"].value = "mg/dL"
    view.controls["units"].value = "mmol/L"
    assert asked == {"fibre": [], "axon": []}
