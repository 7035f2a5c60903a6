"""Numbers and figures of chapters 01 (muscle) and 02 (electrolytes) against their sources."""

import re

import numpy as np
import pytest
from course import in_bibliography

from widgets.book.quiz import load_quiz
from widgets.figures import ch01_muscle as mf
from widgets.figures import ch02_electrolytes as ef
from widgets.physiology import (
    MotorUnitPool,
    clinical_facts,
    constants,
    ions,
)
from widgets.physiology import electrolytes as el
from widgets.physiology import mechanics as mech
from widgets.physiology.hypocalcaemia import chloride_share_of_resting_conductance
from widgets.physiology.motor_units import recruitment_share, twitch_summary

# --- chapter 01 -------------------------------------------------------------------------------


def test_length_tension_geometry_gordon1966():
    """Filaments 1.60 (thick) and 2.05 um (thin), bare zone 0.20 um: plateau ends at 2.25 um and
    overlap ends at 3.65 um (gordon1966; exact to 1e-9)."""
    assert mech.FILAMENTS_UM == {"thick": 1.60, "thin": 2.05, "bare_zone": 0.20}
    assert mech.plateau_end_um() == pytest.approx(2.25, abs=1e-9)
    assert mech.zero_overlap_um() == pytest.approx(3.65, abs=1e-9)
    assert (mech.PLATEAU_START_UM, mech.ASCENDING_KINK_UM, mech.ASCENDING_ZERO_UM) == (
        2.00,
        1.67,
        1.27,
    )


def test_relative_tension_shape():
    assert mech.relative_tension(2.1) == 1.0
    assert mech.relative_tension(3.65) == pytest.approx(0.0, abs=1e-12)
    assert mech.relative_tension(2.95) == pytest.approx(0.5, abs=1e-9)  # linear descending limb
    s = np.linspace(2.25, 3.65, 50)
    assert np.all(np.diff(mech.relative_tension(s)) < 0)
    assert mech.relative_tension(1.2) == 0.0
    for bad in (-1.0, 6.0, float("nan")):
        with pytest.raises(
            ValueError, match=r"sarcomere_um must be a finite number > 0 and <= 5 um"
        ):
            mech.relative_tension(bad)


def test_twitch_summary_fuglevand1993():
    """Contraction times 90 -> 30 ms and twitch range 100 (fuglevand1993; tolerances 1 ms / 5 %)."""
    s = twitch_summary()
    assert s["smallest"]["contraction_time_ms"] == pytest.approx(90.0, abs=1.0)
    assert s["largest"]["contraction_time_ms"] == pytest.approx(30.0, abs=1e-9)
    assert s["largest"]["peak_force"] / s["smallest"]["peak_force"] == pytest.approx(
        100.0, rel=0.05
    )
    # f = P (t/T) e^(1-t/T) halves after the peak at t/T = 2.678 (root of x e^(1-x) = 1/2).
    for d in s.values():
        assert d["half_relaxation_ms"] == pytest.approx(1.678 * d["contraction_time_ms"], rel=0.01)


def test_human_contraction_times_bracket_the_model():
    """Human contraction times 35-98 ms (sica1971): the pool's slowest unit (90 ms) lies inside
    that range, its fastest (30 ms) a little below it."""
    fact = clinical_facts()["human_twitch_contraction_time_ms"]
    assert (fact["min"], fact["max"], fact["source_key"]) == (35.0, 98.0, "sica1971")
    t_c = MotorUnitPool().contraction_time_ms
    assert fact["min"] <= t_c.max() <= fact["max"]
    assert t_c.min() < fact["min"]


def test_recruitment_share_size_principle():
    pool = MotorUnitPool()
    assert recruitment_share(0.0, pool) == (0.0, 0.0)
    assert recruitment_share(31.0, pool) == pytest.approx((1.0, 1.0))
    units, force = recruitment_share(5.6, pool)
    assert units == pytest.approx(0.5, abs=0.01)
    assert force < 0.15  # half the units, a small share of the force (size principle)


# --- chapter 02 -------------------------------------------------------------------------------


def test_ion_table_matches_models_and_sources():
    """Nernst potentials of the course's concentrations (hille2001, mccaig1984), +-0.1 mV."""
    e = ions.equilibrium_potentials()
    expected = {"K": -97.7, "Na": 66.6, "Cl": -90.3, "Ca": 128.5}
    for ion, value in expected.items():
        assert e[ion] == pytest.approx(value, abs=0.1), ion
    for *_, key in constants.ION_CONCENTRATIONS_MM.values():
        assert in_bibliography(key)


def test_ghk_resting_potential_hodgkin1959():
    """PK:PNa 1:0.01 at [K]o 4.5 mM gives -87.2 mV (brief A, hodgkin1959; +-0.1 mV)."""
    assert ions.resting_potential_mV(4.5) == pytest.approx(-87.2, abs=0.1)
    assert (
        ions.resting_potential_mV(2.5)
        < ions.resting_potential_mV(4.5)
        < ions.resting_potential_mV(7.5)
    )


def test_chloride_share_palade1977():
    """About 86 % of the resting conductance is chloride (palade1977; model within 0.02)."""
    fact = clinical_facts()["muscle_resting_conductance_mS_cm2"]
    assert chloride_share_of_resting_conductance() == pytest.approx(
        fact["chloride_fraction"], abs=0.02
    )


def test_sweat_composition_sawka2007():
    """Typical sweat Na 35 (10-70), Cl 30 (5-60), K 5 (3-15) mmol/L (sawka2007)."""
    assert el.SWEAT_MMOL_L == {
        "sodium": (35.0, 10.0, 70.0),
        "chloride": (30.0, 5.0, 60.0),
        "potassium": (5.0, 3.0, 15.0),
    }
    assert in_bibliography("sawka2007")


def test_ecf_volume_boron2017():
    """Extracellular fluid about 20 % of body weight: 14 L in a 70-kg adult (boron2017)."""
    assert pytest.approx(0.20 * 70.0) == el.ECF_VOLUME_L
    assert in_bibliography("boron2017")


def test_sweat_loss_arithmetic():
    loss = el.sweat_loss(2.0, "sodium")
    assert loss["lost_mmol"] == pytest.approx(70.0)
    assert loss["ecf_mmol"] == pytest.approx(14.0 * 140.0)
    assert loss["percent_of_ecf"] == pytest.approx(100 * 70.0 / 1960.0)
    with pytest.raises(ValueError, match="volume_L"):
        el.sweat_loss(-1.0, "sodium")
    with pytest.raises(ValueError, match="analyte"):
        el.sweat_loss(1.0, "magnesium")


def test_reference_range_lines_conversions():
    """Total Ca 2.15-2.55 mmol/L = 8.6-10.2 mg/dL; Mg 0.70-1.00 mmol/L = 1.7-2.4 mg/dL (brief A)."""
    lines = {line.split("  ")[0]: line for line in ef.reference_range_lines()}
    assert "8.6–10.2 mg/dL" in lines["Calcium, total"]
    assert "1.7–2.4 mg/dL" in lines["Magnesium"]
    assert "1.4–2 mEq/L" in lines["Magnesium"]
    assert "mg/dL" not in lines["Potassium"]


def test_classify_lines():
    lines = ef.classify_lines([("potassium", 2.9, "mmol/L"), ("calcium_total", 7.6, "mg/dL")])
    assert "hypokalaemia" in lines[0] and "hypocalcaemia" in lines[1]


# --- figures and quizzes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        mf.length_tension_figure,
        mf.twitch_figure,
        mf.pool_figure,
        mf.recruitment_share_figure,
        ef.gradients_figure,
        ef.resting_potential_figure,
        ef.surface_charge_figure,
        ef.sweat_figure,
    ],
)
def test_figures_have_data_driven_alt_text(make):
    fig = make()
    assert fig.png.startswith(b"\x89PNG")
    assert len(fig.alt) > 150 and re.search(r"\d", fig.alt)


def test_figure_input_checks():
    with pytest.raises(ValueError, match="k_min_mM"):
        ef.resting_potential_figure(5.0, 2.0)
    with pytest.raises(ValueError, match="ca_min_mM"):
        ef.surface_charge_figure(0.0, 2.0)


@pytest.mark.parametrize("name", ["01_muscle", "02_electrolytes"])
def test_quizzes_load(name):
    assert len(load_quiz(name)) >= 5
