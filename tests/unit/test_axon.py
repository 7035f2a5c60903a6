"""Human motor-axon node (issue 11): published human values, tetany, magnesium, alkalosis, input checks.

Published values and their sources (tolerances in the test names or docstrings):

- strength-duration time constant of human median-nerve motor axons 459 +- 126 us (mean +- SD,
  20 subjects; Weiss's formula over 20 us - 1 ms pulses): ``mogyoros1996``; tau_SD rises with
  depolarisation and falls with hyperpolarisation (same source);
- refractory period of single human motor axons with conditioning and test stimuli through the
  same electrode: 2.38 +- 0.32 ms for a test 10 % above threshold and 1.28 +- 0.22 ms for a test
  100 % above threshold (Borg J., J Neurol Neurosurg Psychiatry 1984;47:344-348,
  doi:10.1136/jnnp.47.4.344);
- clinical onset of hypocalcaemic symptoms (tetany): adjusted total calcium below about
  1.9 mmol/L (``turner2016``), about 0.9-1.0 mmol/L ionised, read from
  ``widgets/data/clinical_facts.json`` ("hypocalcaemia_symptom_threshold"); ionised reference
  range 1.15-1.32 mmol/L (``reference_ranges.json``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from widgets.physiology import (
    clinical_facts,
    critical_shift_mV,
    discharge_groups,
    motor_axon,
    recovery_cycle,
    reference_ranges,
    refractory_period_ms,
    simulate,
    spontaneous_discharge,
    strength_duration,
    surface_charge_shift_mV,
    tetany_onset_ca_mM,
)
from widgets.physiology.axon import AXON_DEFAULTS, axon_rates_per_ms, divalent_shift_mV
from widgets.physiology.axon_measures import resting_stability_per_ms, threshold_uA_cm2

NORMAL = motor_axon()
TAU_SD_MS = (0.459, 0.126)  # mogyoros1996, motor axons, mean and SD
REFRACTORY_MS = {1.1: (2.38, 0.32), 2.0: (1.28, 0.22)}  # Borg 1984, same-electrode conditioning


def clinical_tetany_range_mM() -> tuple[float, float]:
    """(low, high) ionised calcium at which symptoms begin, from ``clinical_facts.json`` (turner2016)."""
    entry = clinical_facts().get("hypocalcaemia_symptom_threshold", {})
    low, high = entry.get("ionised_calcium_equivalent_mmol_L", (0.9, 1.0))
    return float(low), float(high)


def onset_by_stability(k_out_mM=4.0, mg_out_mM=0.85, ph=7.4, temperature_c=37.0, tol=1e-5):
    """Highest calcium at which the linearised resting node is unstable (independent method): the
    first step down from 2 mmol/L (0.05 at a time) that makes the resting node's growth rate
    positive, then the root of that rate between the last stable step and this one (Brent)."""

    def growth_per_ms(ca):
        return resting_stability_per_ms(
            motor_axon(
                ca_out_mM=ca,
                k_out_mM=k_out_mM,
                mg_out_mM=mg_out_mM,
                temperature_c=temperature_c,
                ph=ph,
            )
        )

    lo = next((ca for ca in np.arange(1.95, 0.45, -0.05) if growth_per_ms(ca) > 0), None)
    return 0.0 if lo is None else brentq(growth_per_ms, lo, lo + 0.05, xtol=tol)


# --------------------------------------------------------------------------- basics
def test_normal_serum_values_give_a_quiet_node_near_minus_88_mV():
    """Rest between -80 and -90 mV (mcintyre2002 fibres rest at -80 mV); silent for 1 s."""
    assert -90.0 < NORMAL.v_rest_mV < -80.0
    assert resting_stability_per_ms(NORMAL) < 0
    assert spontaneous_discharge(NORMAL, 1000.0).size == 0
    tr = simulate(NORMAL, 0.0, 200.0, 0.01)
    assert tr.model_name == "human_motor_axon"
    assert tr.t_ms.shape == tr.v_mV.shape == tr.m.shape == tr.h.shape == tr.n.shape == (20001,)
    assert set(tr.extra) == {"p", "s", "q", "v_internode_mV"}
    assert np.ptp(tr.v_mV) < 1e-3  # table interpolation only
    assert np.all(tr.k_tubule_mM == 4.0)


def test_one_pulse_one_spike_with_an_overshoot():
    tr = simulate(NORMAL, lambda t: np.where((t >= 5.0) & (t < 6.0), 150.0, 0.0), 40.0, 0.005)
    assert tr.spike_times_ms.size == 1
    assert 30.0 < tr.v_mV.max() < NORMAL.e_na_mV
    assert tr.extra["v_internode_mV"].max() > NORMAL.v_rest_mV + 1.0  # the internode is charged


def test_parameters_are_the_published_ones_except_the_stated_calibration():
    """mcintyre2002 node, gaines2018 fast K and HCN; g_Ks, g_BB and the internode are ours."""
    d = AXON_DEFAULTS
    assert (d["c_m_uF_cm2"], d["g_na_mS_cm2"], d["g_nap_mS_cm2"], d["g_leak_mS_cm2"]) == (
        2.0,
        3000.0,
        10.0,
        7.0,
    )
    assert (d["e_na_mV"], d["e_k_mV_at_4mM"], d["e_leak_mV"]) == (50.0, -90.0, -90.0)
    assert (d["g_kf_mS_cm2"], d["g_h_mS_cm2"], d["e_h_mV"]) == (25.68, 2.232, -54.9)
    assert d["g_ks_mS_cm2"] == 120.0 and d["g_bb_mS_cm2"] == 13.0
    # HCN half-activation -107.3 mV (gaines2018 after howells2012)
    a, b = axon_rates_per_ms(-107.3)["q"]
    assert a == pytest.approx(b)


def test_q10_scaling_of_the_rates():
    """Na activation Q10 2.2 from 20 °C, inactivation 2.9 (mcintyre2002), K 3.0 from 36 °C."""
    r37, r27 = axon_rates_per_ms(-60.0, 37.0), axon_rates_per_ms(-60.0, 27.0)
    for gate, q10 in (("m", 2.2), ("p", 2.2), ("h", 2.9), ("s", 3.0), ("n", 3.0), ("q", 3.0)):
        assert r37[gate][0] / r27[gate][0] == pytest.approx(q10, rel=1e-9)
        assert r37[gate][1] / r27[gate][1] == pytest.approx(q10, rel=1e-9)


# --------------------------------------------------------------------------- published human values
def test_strength_duration_time_constant_matches_human_motor_axons():
    """tau_SD 0.459 +- 0.126 ms (mogyoros1996): the model is within one SD; Weiss's law holds."""
    sd = strength_duration(NORMAL)
    mean, sd_ms = TAU_SD_MS
    assert abs(sd.tau_sd_ms - mean) <= sd_ms
    assert sd.r_squared > 0.99
    assert np.all(np.diff(sd.thresholds_uA_cm2) < 0)  # longer pulses need less current
    assert sd.thresholds_uA_cm2[-1] > sd.rheobase_uA_cm2  # ... approaching rheobase
    assert (
        sd.thresholds_uA_cm2[0] * 0.02 < sd.thresholds_uA_cm2[-1] * 1.0
    )  # charge grows with width


def test_tau_sd_rises_with_depolarisation_and_falls_with_hyperpolarisation():
    """mogyoros1996: tau_SD increases with depolarisation (high K) and decreases with hyperpolarisation."""
    low_k, high_k = motor_axon(k_out_mM=3.0), motor_axon(k_out_mM=5.5)
    assert low_k.v_rest_mV < NORMAL.v_rest_mV < high_k.v_rest_mV
    taus = [strength_duration(m, (0.05, 0.2, 1.0)).tau_sd_ms for m in (low_k, NORMAL, high_k)]
    assert taus[0] < taus[1] < taus[2]


@pytest.mark.parametrize("factor", [1.1, 2.0], ids=["test 1.1x threshold", "test 2x threshold"])
def test_refractory_period_matches_single_human_motor_axons(factor):
    """Borg 1984: 2.38 +- 0.32 ms (1.1x) and 1.28 +- 0.22 ms (2x); the model within two SD."""
    mean, sd = REFRACTORY_MS[factor]
    assert abs(refractory_period_ms(NORMAL, factor) - mean) <= 2 * sd


def test_stronger_test_pulses_shorten_the_refractory_period():
    assert (
        refractory_period_ms(NORMAL, 2.0)
        < refractory_period_ms(NORMAL, 1.5)
        < refractory_period_ms(NORMAL, 1.1)
    )


def test_recovery_cycle_refractory_then_subexcitable_after_the_slow_k():
    """Right after an impulse the threshold is raised; it comes back, then slow K raises it again."""
    rc = recovery_cycle(NORMAL, [1.5, 3.0, 20.0, 200.0])
    assert rc[0] > 15.0 and rc[1] < rc[0] and rc[2] > rc[1] and abs(rc[3]) < 2.0


# --------------------------------------------------------------------------- tetany
def test_tetany_begins_in_the_clinical_range_of_ionised_calcium():
    """The model discharges by itself once ionised Ca falls into the clinical range (turner2016)."""
    low, high = clinical_tetany_range_mM()
    onset = tetany_onset_ca_mM()
    assert low <= onset <= high
    ref = reference_ranges()["calcium_ionised"]
    assert onset < ref["low_mmol_L"]  # silent across the reference range
    for ca in (ref["low_mmol_L"], 1.2, ref["high_mmol_L"], onset + 0.01):
        assert spontaneous_discharge(motor_axon(ca_out_mM=ca), 600.0).size == 0
    assert spontaneous_discharge(motor_axon(ca_out_mM=onset - 0.01), 1000.0).size >= 5


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"k_out_mM": 3.0},
        {"k_out_mM": 5.0},
        {"mg_out_mM": 0.5},
        {"ph": 7.6},
        {"temperature_c": 25.0},
    ],
)
def test_onset_from_the_current_curve_equals_loss_of_linear_stability(kwargs):
    """Two independent methods (steady-state current hump vs eigenvalues) agree to 0.002 mmol/L."""
    k, mg = kwargs.get("k_out_mM", 4.0), kwargs.get("mg_out_mM", 0.85)
    ph, t = kwargs.get("ph", 7.4), kwargs.get("temperature_c", 37.0)
    fast = tetany_onset_ca_mM(k_out_mM=k, mg_out_mM=mg, temperature_c=t, ph=ph)
    assert fast == pytest.approx(onset_by_stability(k, mg, ph, t), abs=0.002)


def test_low_calcium_gives_grouped_spontaneous_discharge_like_tetany():
    """Below the onset the axon fires by itself in groups of spikes (multiplets), not singly."""
    for ca in (0.9, 0.85, 0.8):
        spikes = spontaneous_discharge(motor_axon(ca_out_mM=ca), 1000.0)
        groups = discharge_groups(spikes)[1:]  # the first spike answers the nudge
        assert len(groups) >= 3
        assert min(groups) >= 2  # doublets or longer
        isi = np.diff(spikes)
        assert np.median(isi) < 10.0 and isi.max() > 20.0  # fast within groups, pauses between
    sizes = [
        np.mean(discharge_groups(spontaneous_discharge(motor_axon(ca_out_mM=ca), 1000.0))[1:])
        for ca in (0.9, 0.8)
    ]
    assert sizes[1] > sizes[0]  # lower calcium, longer groups


def test_calcium_lowers_threshold_and_raising_it_stabilises():
    thresholds = [threshold_uA_cm2(motor_axon(ca_out_mM=ca), 0.1) for ca in (1.5, 1.2, 1.0)]
    assert thresholds[0] > thresholds[1] > thresholds[2]
    assert tetany_onset_ca_mM() < 1.2 < 1.5


def test_low_magnesium_raises_excitability():
    """Magnesium also screens the surface charge (hille1975): low Mg lowers threshold, raises the onset."""
    low_mg = motor_axon(mg_out_mM=0.5)
    assert threshold_uA_cm2(low_mg, 0.1) < threshold_uA_cm2(NORMAL, 0.1)
    assert tetany_onset_ca_mM(mg_out_mM=0.5) > tetany_onset_ca_mM() + 0.05
    assert tetany_onset_ca_mM(mg_out_mM=1.2) < tetany_onset_ca_mM()


def test_alkalosis_lowers_ionised_calcium_and_brings_tetany_closer():
    """pH 7.6 (over-breathing) takes 0.1 mmol/L of ionised calcium (0.05 per 0.1 pH, cooper2008)."""
    alkalotic = motor_axon(ph=7.6)
    assert dict(alkalotic.electrolytes_mM)["ca_effective_mM"] == pytest.approx(1.1)
    assert threshold_uA_cm2(alkalotic, 0.1) < threshold_uA_cm2(NORMAL, 0.1)
    assert tetany_onset_ca_mM(ph=7.6) == pytest.approx(tetany_onset_ca_mM() + 0.1, abs=1e-6)
    # a calcium just above the onset is quiet at pH 7.4 and discharges at pH 7.6
    ca = tetany_onset_ca_mM() + 0.05
    assert spontaneous_discharge(motor_axon(ca_out_mM=ca), 600.0).size == 0
    assert spontaneous_discharge(motor_axon(ca_out_mM=ca, ph=7.6), 1000.0).size >= 5


@settings(max_examples=25, deadline=None)
@given(
    mg=st.floats(0.3, 2.0),
    dmg=st.floats(0.05, 1.0),
    ph=st.floats(7.0, 7.7),
    dph=st.floats(0.02, 0.1),
)
def test_onset_rises_monotonically_as_magnesium_falls_or_ph_rises(mg, dmg, ph, dph):
    assert tetany_onset_ca_mM(mg_out_mM=mg) > tetany_onset_ca_mM(mg_out_mM=mg + dmg)
    assert tetany_onset_ca_mM(ph=ph + dph) > tetany_onset_ca_mM(ph=ph)


def test_critical_shift_is_about_minus_two_and_a_half_mV_and_uses_the_course_slope():
    """20 mV per tenfold Ca (hille1975): the onset shift equals the shift of the onset calcium."""
    shift = critical_shift_mV(NORMAL)
    assert -3.0 < shift < -2.0
    assert divalent_shift_mV(ca_out_mM=tetany_onset_ca_mM(), mg_out_mM=0.85) == pytest.approx(
        shift, abs=0.01
    )
    assert divalent_shift_mV(ca_out_mM=1.2, mg_out_mM=0.85) == 0.0
    assert divalent_shift_mV(ca_out_mM=0.12, mg_out_mM=0.85) == pytest.approx(
        surface_charge_shift_mV(ca_out_mM=0.12, mg_out_mM=0.5)
        - surface_charge_shift_mV(ca_out_mM=1.2, mg_out_mM=0.5)
    )


def test_temperature_changes_speed_not_the_calcium_threshold():
    assert tetany_onset_ca_mM(temperature_c=30.0) == pytest.approx(tetany_onset_ca_mM(), abs=1e-9)
    warm, cool = (
        strength_duration(motor_axon(temperature_c=40.0), (0.05, 0.2, 1.0)),
        strength_duration(motor_axon(temperature_c=30.0), (0.05, 0.2, 1.0)),
    )
    assert cool.tau_sd_ms > warm.tau_sd_ms


def test_hyperkalaemia_depolarises_then_blocks_hypokalaemia_hyperpolarises():
    """Stated limitation: quiet up to 6 mmol/L [K]o, fires by itself from about 6.2, blocked by 9."""
    rests = [motor_axon(k_out_mM=k).v_rest_mV for k in (2.0, 3.0, 4.0, 5.0)]
    assert np.all(np.diff(rests) > 0)
    assert spontaneous_discharge(motor_axon(k_out_mM=6.0), 600.0).size == 0
    assert spontaneous_discharge(motor_axon(k_out_mM=6.5), 600.0).size >= 5
    blocked = motor_axon(k_out_mM=9.0)
    assert blocked.v_rest_mV > -60.0 and spontaneous_discharge(blocked, 300.0).size == 0


def test_discharge_groups():
    assert discharge_groups([]) == []
    assert discharge_groups([0.0, 100.0, 200.0]) == [1, 1, 1]
    assert discharge_groups([0.0, 3.0, 100.0, 102.0, 104.5]) == [2, 3]
    with pytest.raises(ValueError, match="gap_ms"):
        discharge_groups([1.0], gap_ms=0.0)
