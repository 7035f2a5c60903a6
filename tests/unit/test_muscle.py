"""Skeletal-muscle model: behaviour that must follow from the electrolytes alone (brief A-B)."""

import numpy as np
import pytest

from widgets.physiology import (
    ghk_potential,
    resting_stability_per_ms,
    rheobase_uA_cm2,
    simulate,
    skeletal_muscle,
)
from widgets.physiology.stimuli import (
    pulse_train as _train,
)  # 50 Hz, 1-ms pulses of 150 uA/cm2 for 500 ms

NORMAL = skeletal_muscle()


def test_physical_sanity_rest_and_silence():
    """Rest -80..-90 mV with normal electrolytes; silent without stimulus; fires one spike per pulse."""
    assert -90.0 <= NORMAL.v_rest_mV <= -80.0
    tr = simulate(NORMAL, 0.0, 200.0)
    assert tr.spike_times_ms.size == 0
    assert np.ptp(tr.v_mV) < 1e-3
    pulse = simulate(NORMAL, lambda t: np.where(t < 1.0, 150.0, 0.0), 20.0)
    assert pulse.spike_times_ms.size == 1
    assert 20.0 < pulse.v_mV.max() < 66.6  # overshoot below E_Na


def test_chloride_dominates_resting_conductance():
    """Cl carries ~85 % of resting conductance (palade1977: gCl 2.11 vs gK 0.34 mS/cm2; tolerance 3 points)."""
    g = NORMAL.resting_conductances_mS_cm2()
    assert g["Cl"] == pytest.approx(2.11)
    assert g["Cl"] / sum(g.values()) == pytest.approx(0.85, abs=0.03)


def test_chloride_passively_distributed():
    """E_Cl equals rest (passive Cl, mccaig1984) and [Cl]i is close to the brief's 4.2 mM (+-1 mM)."""
    assert NORMAL.e_cl_mV == pytest.approx(NORMAL.v_rest_mV, abs=1e-6)
    assert dict(NORMAL.electrolytes_mM)["cl_in_mM"] == pytest.approx(4.2, abs=1.0)


def test_potassium_series_tracks_ghk():
    """Rest follows the GHK series (hodgkin1959, PNa/PK 0.01) within 4 mV for [K]o 2.5-5.5 mM."""
    for k in (2.5, 3.5, 4.5, 5.5):
        ghk = ghk_potential(
            {"K": k, "Na": 145.0}, {"K": 155.0, "Na": 12.0}, {"K": 1.0, "Na": 0.01}
        )
        assert skeletal_muscle(k_out_mM=k).v_rest_mV == pytest.approx(ghk, abs=4.0)


def test_hyperkalaemia_depolarises_and_blocks_hypokalaemia_hyperpolarises():
    rests = [skeletal_muscle(k_out_mM=k).v_rest_mV for k in (2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)]
    assert np.all(np.diff(rests) > 0)
    assert skeletal_muscle(k_out_mM=2.5).v_rest_mV < NORMAL.v_rest_mV - 5.0
    severe = skeletal_muscle(k_out_mM=10.0)
    assert severe.v_rest_mV > -60.0
    assert rheobase_uA_cm2(severe, 30.0, i_max_uA_cm2=400.0) == float("inf")  # inexcitable
    mild = skeletal_muscle(k_out_mM=5.5)
    assert simulate(mild, 0.0, 200.0).spike_times_ms.size == 0  # mild: silent, still excitable
    assert rheobase_uA_cm2(mild, 30.0, tol_uA_cm2=0.5) < rheobase_uA_cm2(
        NORMAL, 30.0, tol_uA_cm2=0.5
    )


def test_low_calcium_lowers_threshold_and_severe_hypocalcaemia_fires():
    """Surface-charge screening (hille1975): low [Ca]o lowers rheobase; severe -> spontaneous firing (tetany)."""
    r = [
        rheobase_uA_cm2(skeletal_muscle(ca_out_mM=ca), 30.0, tol_uA_cm2=0.25)
        for ca in (1.2, 0.9, 0.6)
    ]
    assert r[0] > r[1] > r[2] > 0
    for ca in (1.2, 0.9, 0.6):
        assert simulate(skeletal_muscle(ca_out_mM=ca), 0.0, 200.0).spike_times_ms.size == 0
    tetany = skeletal_muscle(ca_out_mM=0.3)
    assert resting_stability_per_ms(tetany) > 0
    assert simulate(tetany, 0.0, 300.0).spike_times_ms.size >= 3


def test_magnesium_screens_more_weakly_than_calcium():
    r_norm = rheobase_uA_cm2(NORMAL, 30.0, tol_uA_cm2=0.1)
    r_mg = rheobase_uA_cm2(skeletal_muscle(mg_out_mM=0.25), 30.0, tol_uA_cm2=0.1)
    r_ca = rheobase_uA_cm2(skeletal_muscle(ca_out_mM=0.6), 30.0, tol_uA_cm2=0.1)
    assert r_ca < r_mg < r_norm


def test_myotonia_after_discharges_need_low_chloride_conductance():
    """Low gCl + T-tubule K accumulation -> after-discharges after a burst (adrian1974, cannon1993)."""
    normal = simulate(skeletal_muscle(), _train, 1200.0)
    assert np.sum(normal.spike_times_ms < 505.0) == 25  # one spike per pulse
    assert np.sum(normal.spike_times_ms > 505.0) == 0
    assert normal.k_tubule_mM.max() > 6.0  # K does accumulate, but the chloride shunt holds
    myotonic = simulate(skeletal_muscle(g_cl_mS_cm2=0.3), _train, 1200.0)
    assert np.sum(myotonic.spike_times_ms > 505.0) >= 10
    no_tubule = simulate(skeletal_muscle(g_cl_mS_cm2=0.3, t_tubule=False), _train, 1200.0)
    assert np.sum(no_tubule.spike_times_ms > 505.0) == 0  # the tubular K is the cause


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"k_out_mM": -1.0}, r"k_out_mM must be a finite concentration > 0 mM \(got -1.0\)"),
        ({"na_out_mM": 0.0}, "na_out_mM"),
        ({"ca_out_mM": float("nan")}, "ca_out_mM"),
        ({"mg_out_mM": float("inf")}, "mg_out_mM"),
        ({"k_out_mM": 100.0}, r"k_out_mM must be a finite concentration > 0 mM and <= 40 mM"),
        ({"g_cl_mS_cm2": -0.1}, "g_cl_mS_cm2"),
        ({"temperature_c": -5.0}, "temperature_c"),
        ({"cl_in_mM": 0.0}, "cl_in_mM"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        skeletal_muscle(**kwargs)


def test_dt_limit():
    with pytest.raises(
        ValueError, match=r"dt_ms must be a finite number > 0 and <= 0.01666\d* ms"
    ):
        simulate(NORMAL, 0.0, 10.0, dt_ms=0.05)


@pytest.mark.parametrize("g_cl", [2.11, 0.3], ids=["normal gCl", "myotonic gCl"])
def test_tubule_path_matches_fine_reference(g_cl):
    """T-tubule K accumulation in the compiled loop: dt 0.01 ms vs dt 0.001 ms, 50 Hz train, 200 ms."""
    model = skeletal_muscle(g_cl_mS_cm2=g_cl)
    ref = simulate(model, _train, 200.0, dt_ms=0.001)
    tr = simulate(model, _train, 200.0, dt_ms=0.01)
    assert tr.spike_times_ms.size == ref.spike_times_ms.size == 10
    np.testing.assert_allclose(tr.spike_times_ms, ref.spike_times_ms, atol=0.05)
    assert tr.k_tubule_mM[-1] == pytest.approx(ref.k_tubule_mM[-1], abs=0.01)
    assert np.all(np.isfinite(tr.k_tubule_mM)) and tr.k_tubule_mM.min() >= model.k_out_mM


def test_batch_with_tubule_equals_single_cells():
    stim = np.vstack([_train(np.arange(10000) * 0.01), np.zeros(10000)])
    batch = simulate(NORMAL, stim, 100.0)
    for row in range(2):
        single = simulate(NORMAL, stim[row], 100.0)
        np.testing.assert_array_equal(batch.v_mV[row], single.v_mV)
        np.testing.assert_array_equal(batch.k_tubule_mM[row], single.k_tubule_mM)
