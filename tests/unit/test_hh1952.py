"""Hodgkin-Huxley 1952 model against the reproduced values of the content brief (section B).

Every published/reproduced number cites its source key (hodgkin1952 unless stated) and the
tolerance in the test name or docstring.
"""

import math

import numpy as np
import pytest

from widgets.physiology import (
    depolarisation_block_uA_cm2,
    fi_curve,
    hodgkin_huxley_1952,
    repetitive_firing_onset_uA_cm2,
    resting_stability_per_ms,
    rheobase_uA_cm2,
    simulate,
    surface_charge_shift_mV,
)

HH = hodgkin_huxley_1952()


def test_physical_sanity_silent_at_rest():
    """No stimulus: the axon stays at rest (-65 mV) and never spikes."""
    tr = simulate(HH, 0.0, 100.0)
    assert tr.spike_times_ms.size == 0
    assert np.max(np.abs(tr.v_mV - tr.v_mV[0])) < 1e-3
    assert tr.t_ms.shape == tr.v_mV.shape == tr.m.shape == tr.h.shape == tr.n.shape == (10001,)


def test_rest_potential():
    """Rest -65.0 mV (hodgkin1952, tolerance 0.05 mV)."""
    assert HH.v_rest_mV == pytest.approx(-65.0, abs=0.05)


def test_spike_peak_and_after_hyperpolarisation():
    """Peak +39..+41 mV; after-hyperpolarisation about -76 mV (+-0.5 mV) (hodgkin1952)."""
    step = simulate(HH, 10.0, 20.0)
    assert 39.0 <= step.v_mV.max() <= 41.0
    pulse = simulate(HH, lambda t: np.where(t < 1.0, 10.0, 0.0), 40.0)
    assert pulse.spike_times_ms.size == 1
    assert 39.0 <= pulse.v_mV.max() <= 41.0
    assert pulse.v_mV.min() == pytest.approx(-76.0, abs=0.5)


def test_single_spike_rheobase():
    """Single spike for a long step from ~2.24 uA/cm2 (hodgkin1952, tolerance 0.01)."""
    assert rheobase_uA_cm2(HH, 150.0, i_max_uA_cm2=5.0) == pytest.approx(2.24, abs=0.01)


def test_onset_of_repetitive_firing_is_class_2():
    """Sustained firing from ~6.26 uA/cm2 (tol 0.01) at ~50 Hz: it jumps from 0 to >= 45 Hz (hodgkin1952)."""
    onset = repetitive_firing_onset_uA_cm2(HH, i_lo_uA_cm2=5.0, i_hi_uA_cm2=8.0)
    assert onset == pytest.approx(6.26, abs=0.01)
    below, above = fi_curve(HH, [onset - 0.02, onset + 0.005], t_stop_ms=600.0, transient_ms=300.0)
    assert below == 0.0
    assert 45.0 <= above <= 55.0


@pytest.mark.parametrize(
    "current,rate",
    [(10.0, 68.0), (20.0, 87.0), (50.0, 117.0)],
    ids=["10uA->68Hz hodgkin1952 +-1Hz", "20uA->87Hz +-1Hz", "50uA->117Hz +-1Hz"],
)
def test_fi_points(current, rate):
    assert fi_curve(HH, [current])[0] == pytest.approx(rate, abs=1.0)


def test_fi_batch_matches_single_cell_runs():
    currents = [8.0, 15.0, 30.0]
    batch = fi_curve(HH, currents, t_stop_ms=200.0, transient_ms=50.0, batch=True)
    single = fi_curve(HH, currents, t_stop_ms=200.0, transient_ms=50.0)
    np.testing.assert_allclose(batch, single, rtol=1e-3)


def test_depolarisation_block():
    """Oscillation stops near 155 uA/cm2 (hodgkin1952, tolerance 3 uA/cm2)."""
    assert depolarisation_block_uA_cm2(
        HH, i_lo_uA_cm2=140.0, i_hi_uA_cm2=170.0, tol_uA_cm2=1.0
    ) == pytest.approx(155.0, abs=3.0)


def test_temperature_scaling():
    """Rates x 3^((T-6.3)/10) (hodgkin1952): factor 3 at 16.3 °C; warmer axon fires faster."""
    warm = hodgkin_huxley_1952(16.3)
    assert warm.rate_factor == pytest.approx(3.0, rel=1e-12)
    assert hodgkin_huxley_1952(26.3).rate_factor == pytest.approx(9.0, rel=1e-12)
    assert warm.v_rest_mV == pytest.approx(
        HH.v_rest_mV, abs=1e-9
    )  # steady states do not depend on T
    cold_rate = fi_curve(HH, [20.0], t_stop_ms=300.0, transient_ms=100.0)[0]
    warm_rate = fi_curve(warm, [20.0], t_stop_ms=300.0, transient_ms=100.0)[0]
    assert warm_rate > 1.5 * cold_rate


def test_potassium_results():
    """1.5x [K]o -> rest -60 mV (+-0.5), 2x -> spontaneous firing, 3x -> depolarisation block (brief B, computed)."""
    k15 = hodgkin_huxley_1952(k_out_factor=1.5)
    assert k15.v_rest_mV == pytest.approx(-60.0, abs=0.5)
    assert simulate(k15, 0.0, 300.0).spike_times_ms.size == 0
    assert simulate(hodgkin_huxley_1952(k_out_factor=2.0), 0.0, 300.0).spike_times_ms.size >= 5
    k3 = hodgkin_huxley_1952(k_out_factor=3.0)
    assert k3.v_rest_mV > -50.0
    blocked = simulate(k3, 0.0, 300.0)
    assert blocked.spike_times_ms.size == 0
    assert np.ptp(blocked.v_mV) < 1.0  # sits depolarised, no spikes
    assert simulate(k3, 20.0, 300.0).spike_times_ms.size <= 1


def test_calcium_shift_makes_rest_unstable():
    """A -6.8 mV gating shift makes rest unstable (brief B, computed): Hopf between -6.7 and -6.8 mV."""
    assert resting_stability_per_ms(HH) < 0
    assert resting_stability_per_ms(hodgkin_huxley_1952(gating_shift_mV=-6.7)) < 0
    assert resting_stability_per_ms(hodgkin_huxley_1952(gating_shift_mV=-6.8)) > 0
    assert simulate(hodgkin_huxley_1952(gating_shift_mV=-8.0), 0.0, 500.0).spike_times_ms.size >= 5
    assert simulate(hodgkin_huxley_1952(gating_shift_mV=-6.0), 0.0, 500.0).spike_times_ms.size == 0


def test_surface_charge_shift_slope():
    """18-20 mV per decade of [Ca]o (hille1975); a 5-fold fall ~ 10-15 mV depolarisation (frankenhaeuser1957)."""
    per_decade = -surface_charge_shift_mV(
        ca_out_mM=0.12
    )  # magnesium at its normal value, 0.85 mmol/L
    assert 18.0 <= per_decade <= 20.0
    assert 10.0 <= -surface_charge_shift_mV(ca_out_mM=1.2 / 5) <= 15.0
    assert (
        surface_charge_shift_mV(ca_out_mM=1.2, mg_out_mM=0.85) == 0.0
    )  # no shift at normal calcium and magnesium
    assert (
        0
        > surface_charge_shift_mV(ca_out_mM=1.2, mg_out_mM=0.85 / 2)
        > surface_charge_shift_mV(ca_out_mM=0.6, mg_out_mM=0.85)
    )  # Mg screens more weakly


def test_accuracy_against_fine_reference():
    """dt 0.01 ms vs a dt 0.001 ms reference: spike times within 0.02 ms, peak within 0.1 mV."""
    ref = simulate(HH, lambda t: 10.0 + 0 * t, 100.0, dt_ms=0.001)
    for stim in (10.0, lambda t: 10.0 + 0 * t):  # constant and callable stimulus
        tr = simulate(HH, stim, 100.0, dt_ms=0.01)
        assert tr.spike_times_ms.size == ref.spike_times_ms.size == 7
        np.testing.assert_allclose(tr.spike_times_ms, ref.spike_times_ms, atol=0.02)
        assert tr.v_mV.max() == pytest.approx(ref.v_mV.max(), abs=0.1)
        np.testing.assert_allclose(tr.v_mV[::100], ref.v_mV[::1000], atol=3.0)


def test_stimulus_forms_agree():
    n = 5000
    arr = np.zeros(n)
    arr[:100] = 10.0
    a = simulate(HH, arr, 50.0)
    b = simulate(HH, lambda t: 10.0 if t < 1.0 - 1e-9 else 0.0, 50.0)
    np.testing.assert_allclose(a.v_mV, b.v_mV)
    batch = simulate(HH, np.vstack([arr, np.zeros(n)]), 50.0)
    np.testing.assert_allclose(batch.v_mV[0], a.v_mV, atol=1e-6)
    assert batch.spike_times_ms[1].size == 0


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"dt_ms": 0.2}, r"dt_ms must be a finite number > 0 and <= 0.05 ms"),
        ({"dt_ms": 0.0}, "dt_ms"),
        ({"dt_ms": float("nan")}, "dt_ms"),
        ({"t_stop_ms": -5.0}, "t_stop_ms"),
        ({"stimulus_uA_cm2": float("nan")}, r"stimulus_uA_cm2 must be a finite number in uA/cm2"),
        ({"stimulus_uA_cm2": np.ones(7)}, "one value per step"),
        ({"stimulus_uA_cm2": lambda t: np.full_like(t, np.inf)}, "stimulus_uA_cm2"),
    ],
)
def test_simulate_bad_input(kwargs, match):
    args = {"stimulus_uA_cm2": 0.0, "t_stop_ms": 10.0, "dt_ms": 0.01} | kwargs
    with pytest.raises(ValueError, match=match):
        simulate(HH, **args)


def test_dt_limit_follows_temperature():
    warm = hodgkin_huxley_1952(26.3)
    assert warm.max_dt_ms == pytest.approx(0.05 / 9)
    with pytest.raises(ValueError, match="dt_ms"):
        simulate(warm, 0.0, 10.0, dt_ms=0.01)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"temperature_c": 50.0}, r"temperature_c must be a finite number in \[0, 45\] °C"),
        ({"k_out_factor": 0.0}, "k_out_factor"),
        ({"gating_shift_mV": float("inf")}, "gating_shift_mV"),
    ],
)
def test_model_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        hodgkin_huxley_1952(**kwargs)


def test_simulate_rejects_non_model():
    with pytest.raises(ValueError, match="model must be a MembraneModel"):
        simulate("hh", 0.0, 10.0)


def test_no_nan_even_for_huge_stimulus():
    tr = simulate(HH, 5000.0, 5.0)
    assert np.all(np.isfinite(tr.v_mV)) and math.isfinite(tr.v_mV.max())


@pytest.mark.parametrize("form", ["constant", "callable", "batch row"])
def test_compiled_integrator_matches_fine_reference_200ms(form):
    """Compiled loop at dt 0.01 ms vs a dt 0.001 ms reference over 200 ms: same spikes, times within 0.05 ms."""
    ref = simulate(HH, 10.0, 200.0, dt_ms=0.001)
    if form == "constant":
        tr = simulate(HH, 10.0, 200.0)
        spikes = tr.spike_times_ms
    elif form == "callable":
        spikes = simulate(HH, lambda t: np.full_like(t, 10.0), 200.0).spike_times_ms
    else:
        spikes = simulate(HH, np.array([[0.0], [10.0]]), 200.0).spike_times_ms[1]
    assert ref.spike_times_ms.size == spikes.size == 14
    np.testing.assert_allclose(spikes, ref.spike_times_ms, atol=0.05)


def test_batch_rows_are_the_single_cell_runs():
    """The batch and the single-cell path run the same compiled loop: identical numbers."""
    currents = np.array([0.0, 3.0, 8.0, 20.0, 160.0])
    batch = simulate(HH, currents.reshape(-1, 1), 100.0)
    assert batch.v_mV.shape == batch.k_tubule_mM.shape == (5, 10001)
    for row, i in enumerate(currents):
        single = simulate(HH, float(i), 100.0)
        np.testing.assert_array_equal(batch.v_mV[row], single.v_mV)
        np.testing.assert_array_equal(batch.n[row], single.n)
        np.testing.assert_array_equal(batch.spike_times_ms[row], single.spike_times_ms)


def test_a_batch_split_between_cores_gives_the_same_numbers():
    """A batch above PARALLEL_CELL_STEPS is integrated in blocks on several threads: same bits."""
    from widgets.physiology.simulation import PARALLEL_CELL_STEPS

    currents = np.linspace(0.0, 40.0, 9)
    batch = simulate(HH, currents.reshape(-1, 1), 300.0)
    assert currents.size * 30000 >= PARALLEL_CELL_STEPS
    for row in (0, 4, 8):
        np.testing.assert_array_equal(
            batch.v_mV[row], simulate(HH, float(currents[row]), 300.0).v_mV
        )


def test_rheobase_takes_answers_implied_by_known_runs_and_gives_the_same_threshold():
    """The first 100 ms of f-I runs answer the bisection's questions (fires_within_ms): same result."""
    from widgets.physiology.excitability import fi_runs, fires_within_ms

    currents = np.arange(0.0, 20.01, 2.5)
    _, spikes = fi_runs(HH, currents, t_stop_ms=300.0, transient_ms=100.0, dt_ms=0.025)
    known = {float(i): fires_within_ms(s, 100.0, 0.025) for i, s in zip(currents, spikes)}
    assert not known[0.0] and known[2.5]  # the threshold lies between the two
    plain = rheobase_uA_cm2(HH, 100.0, i_max_uA_cm2=20.0, dt_ms=0.025)
    assert rheobase_uA_cm2(HH, 100.0, i_max_uA_cm2=20.0, dt_ms=0.025, known=known) == plain
    muddled = {0.0: True, 2.5: False}  # not monotone: ignored
    assert rheobase_uA_cm2(HH, 100.0, i_max_uA_cm2=20.0, dt_ms=0.025, known=muddled) == plain


def test_kernel_parameters_are_packed_by_name_from_the_one_layout():
    from widgets.physiology import _kernels as kern

    values = dict.fromkeys(kern.MEMBRANE_PARAMS, 1.0)
    assert kern.pack(kern.MEMBRANE_PARAMS, values).shape == (len(kern.MEMBRANE_PARAMS),)
    with pytest.raises(ValueError, match=r"missing \['v0'\], unknown \['v_0'\]"):
        kern.pack(
            kern.MEMBRANE_PARAMS, {**{k: v for k, v in values.items() if k != "v0"}, "v_0": 1.0}
        )


@pytest.mark.parametrize(
    "stimulus",
    [
        1e6,
        -1e6,
        1e300,
        -1e300,
        1.7e308,
        np.array([[1e308], [-1e308], [0.0]]),
        lambda t: np.where(t < 1.0, 1e200, -1e200),
    ],
    ids=["+1e6", "-1e6", "+1e300", "-1e300", "+1.7e308", "batch 1e308", "callable +-1e200"],
)
def test_no_nan_or_inf_leaks_for_extreme_stimuli(stimulus):
    """Absurd but finite currents give a finite trace or a ValueError, never NaN/inf."""
    try:
        tr = simulate(HH, stimulus, 5.0)
    except ValueError as err:
        assert "not finite" in str(err)
        return
    spikes = tr.spike_times_ms if isinstance(tr.spike_times_ms, tuple) else (tr.spike_times_ms,)
    for arr in (tr.v_mV, tr.m, tr.h, tr.n, tr.k_tubule_mM, *spikes):
        assert np.all(np.isfinite(arr))


@pytest.mark.parametrize(
    "dt", [float("nan"), float("inf"), -float("inf"), -0.01, 0.0, 0.0501, "0.01x", None]
)
def test_bad_dt_raises_value_error(dt):
    with pytest.raises(ValueError, match="dt_ms"):
        simulate(HH, 10.0, 10.0, dt_ms=dt)
