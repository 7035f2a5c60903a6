"""Nernst, GHK and RT/F against the content brief (section A) and physical properties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.physiology import ghk_potential, nernst, rt_over_f_mV

CONC = st.floats(min_value=1e-4, max_value=1000.0, allow_nan=False, allow_infinity=False)
TEMP = st.floats(min_value=0.0, max_value=45.0)
FAST = settings(max_examples=40, deadline=None)

OUT = {"K": 4.5, "Na": 145.0, "Cl": 123.0}
IN = {"K": 155.0, "Na": 12.0, "Cl": 4.2}


def test_rt_over_f_at_body_temperature():
    """RT/F = 26.73 mV at 310.15 K, 61.5 mV/decade (hille2001; tolerance 0.01 / 0.05 mV)."""
    assert rt_over_f_mV(37.0) == pytest.approx(26.73, abs=0.01)
    assert rt_over_f_mV(37.0) * math.log(10) == pytest.approx(61.5, abs=0.05)


@pytest.mark.parametrize(
    "ion,z,c_out,c_in,expected",
    [
        ("K 4 mM (hille2001, +-0.1 mV)", 1, 4.0, 155.0, -97.7),
        ("K 4.5 mM (hille2001, +-0.1 mV)", 1, 4.5, 155.0, -94.6),
        ("Na (hille2001, +-0.1 mV)", 1, 145.0, 12.0, 66.6),
        ("Cl (mccaig1984, +-0.1 mV)", -1, 123.0, 4.2, -90.3),
        ("Ca free (hille2001, +-0.1 mV)", 2, 1.5, 1e-4, 128.5),
    ],
)
def test_nernst_table(ion, z, c_out, c_in, expected):
    assert nernst(z, c_out, c_in, 37.0) == pytest.approx(expected, abs=0.1), ion


@pytest.mark.parametrize(
    "p_na,expected",
    [(0.01, -87.2), (0.02, -81.3), (0.05, -69.0)],
    ids=["PNa0.01 hodgkin1959 +-0.1mV", "PNa0.02 +-0.1mV", "PNa0.05 +-0.1mV"],
)
def test_ghk_permeability_ratios(p_na, expected):
    """GHK with PK:PNa = 1:p and the table's values (hodgkin1959, computed in the brief)."""
    assert ghk_potential(OUT, IN, {"K": 1.0, "Na": p_na}) == pytest.approx(expected, abs=0.1)


def test_ghk_potassium_series():
    """[K]o 2.5/3.5/4.5/5.5/7.5/10 mM -> -98/-92/-87/-83/-76/-70 mV (PNa/PK 0.01; brief rounds to 1 mV, tolerance 0.5 mV)."""
    k = np.array([2.5, 3.5, 4.5, 5.5, 7.5, 10.0])
    v = ghk_potential({"K": k, "Na": 145.0}, {"K": 155.0, "Na": 12.0}, {"K": 1.0, "Na": 0.01})
    np.testing.assert_allclose(v, [-98, -92, -87, -83, -76, -70], atol=0.5)
    assert np.all(np.diff(v) > 0)


def test_nernst_broadcasts():
    e = nernst(1, np.array([2.0, 4.0, 8.0]), 155.0)
    assert e.shape == (3,) and np.all(np.diff(e) > 0)
    assert e[2] - e[1] == pytest.approx(rt_over_f_mV(37.0) * math.log(2), rel=1e-12)


@FAST
@given(CONC, CONC, st.sampled_from([-2, -1, 1, 2]), TEMP)
def test_nernst_antisymmetric_when_sides_swap(c1, c2, z, t):
    assert nernst(z, c1, c2, t) == pytest.approx(-nernst(z, c2, c1, t), abs=1e-9)


@FAST
@given(CONC, st.sampled_from([-2, -1, 1, 2, 3]), TEMP)
def test_nernst_zero_when_equal(c, z, t):
    assert nernst(z, c, c, t) == 0.0


@FAST
@given(
    CONC,
    CONC,
    CONC,
    CONC,
    CONC,
    CONC,
    st.floats(0.0, 10.0),
    st.floats(0.0, 10.0),
    st.floats(0.01, 10.0),
)
def test_ghk_between_reversal_potentials(ko, ki, nao, nai, clo, cli, p_na, p_cl, p_k):
    out = {"K": ko, "Na": nao, "Cl": clo}
    inn = {"K": ki, "Na": nai, "Cl": cli}
    v = ghk_potential(out, inn, {"K": p_k, "Na": p_na, "Cl": p_cl})
    e = [nernst(1, ko, ki), nernst(1, nao, nai), nernst(-1, clo, cli)]
    assert min(e) - 1e-9 <= v <= max(e) + 1e-9


@FAST
@given(st.floats(0.5, 50.0), st.floats(0.0, 20.0), st.floats(0.0, 0.2))
def test_raising_k_out_never_hyperpolarises(k, dk, p_na):
    p = {"K": 1.0, "Na": p_na}
    v1 = ghk_potential({"K": k, "Na": 145.0}, {"K": 155.0, "Na": 12.0}, p)
    v2 = ghk_potential({"K": k + dk, "Na": 145.0}, {"K": 155.0, "Na": 12.0}, p)
    assert v2 >= v1 - 1e-12


@pytest.mark.parametrize("bad", [-1.0, 0.0, float("nan"), float("inf"), "x"])
def test_nernst_rejects_bad_concentration(bad):
    with pytest.raises(ValueError, match=r"c_out_mM must be a finite concentration > 0 mM"):
        nernst(1, bad, 155.0)
    with pytest.raises(ValueError, match="c_in_mM"):
        nernst(1, 4.0, bad)


def test_nernst_error_message_format():
    with pytest.raises(
        ValueError, match=r"c_out_mM must be a finite concentration > 0 mM \(got -1.0\)"
    ):
        nernst(1, -1.0, 155.0)


@pytest.mark.parametrize("z", [0, 0.5, float("nan"), 7])
def test_nernst_rejects_bad_valence(z):
    with pytest.raises(ValueError, match="z must be a non-zero integer"):
        nernst(z, 4.0, 155.0)


@pytest.mark.parametrize("t", [-1.0, 45.1, 100.0, float("nan")])
def test_rejects_temperature_outside_0_45(t):
    with pytest.raises(ValueError, match=r"temperature_c must be a finite number in \[0, 45\] °C"):
        nernst(1, 4.0, 155.0, t)
    with pytest.raises(ValueError, match="temperature_c"):
        ghk_potential(OUT, IN, {"K": 1.0}, t)


def test_ghk_rejects_unknown_ion_and_bad_permeability():
    with pytest.raises(ValueError, match="permeability key must be one of"):
        ghk_potential(OUT, IN, {"Ca": 1.0})
    with pytest.raises(ValueError, match=r"permeability\['Na'\]"):
        ghk_potential(OUT, IN, {"K": 1.0, "Na": -0.1})
    with pytest.raises(ValueError, match="at least one ion"):
        ghk_potential(OUT, IN, {"K": 0.0})
    with pytest.raises(ValueError, match=r"c_out_mM\['K'\] must be a finite concentration > 0 mM"):
        ghk_potential({"K": 0.0, "Na": 145.0}, IN, {"K": 1.0})
