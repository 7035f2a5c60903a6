"""The test-pulse protocols (widgets.physiology.pulse_responses) against the models they run, and
the surface-charge law solved for calcium (widgets.physiology.membrane.calcium_for_shift_mM)."""

import numpy as np
import pytest

from widgets.physiology import motor_axon, simulate, skeletal_muscle, tetany_onset_ca_mM
from widgets.physiology.membrane import calcium_for_shift_mM, surface_charge_shift_mV
from widgets.physiology.pulse_responses import (
    AXON_STATES,
    PLOT_STRIDE,
    PULSE_START_MS,
    axon_response,
    axon_state,
    axon_test_trace,
    fibre_response,
    pulse_response_spikes,
    thin_trace,
)
from widgets.physiology.spikes import spike_times_from_trace

NORMAL = {"k_out_mM": 4.0, "na_out_mM": 140.0, "cl_out_mM": 103.0, "mg_out_mM": 0.85}


def test_the_normal_fibre_fires_once_and_rests_as_its_model():
    r = fibre_response(ca_out_mM=1.2, **NORMAL)
    model = skeletal_muscle(ca_out_mM=1.2, **NORMAL)
    assert r.evoked_spikes == 1 and r.spontaneous_rate_hz == 0.0
    assert r.rest_mV == model.v_rest_mV and r.e_cl_mV == model.e_cl_mV
    assert r.gating_shift_mV == model.gating_shift_mV
    assert r.peak_mV == pytest.approx(r.v_mV.max()) and r.peak_mV > 0.0


def test_only_spikes_soon_after_the_pulse_count_as_evoked():
    """Severe hypocalcaemia: the fibre fires on after the pulse; only spikes in the 5 ms after
    its start are the pulse's response (a longer window would count the later ones)."""
    r = fibre_response(ca_out_mM=0.3, **NORMAL)
    spikes = spike_times_from_trace(r.t_ms, r.v_mV)
    soon = (spikes >= PULSE_START_MS) & (spikes < PULSE_START_MS + 5.0)
    assert np.sum(spikes >= PULSE_START_MS + 5.0) >= 1  # later spikes exist ...
    assert r.evoked_spikes == int(np.sum(soon)) >= 1  # ... and are not counted


@pytest.mark.parametrize(
    ("evoked", "spontaneous", "state"),
    [(0, 0, "blocked"), (1, 0, "quiet"), (2, 0, "burst"), (7, 0, "burst"), (0, 1, "fires"),
     (3, 4, "fires")],
)  # fmt: skip
def test_axon_state_at_each_boundary(evoked, spontaneous, state):
    assert axon_state(evoked_spikes=evoked, spontaneous_spikes=spontaneous) == state
    assert state in AXON_STATES


def test_axon_state_refuses_a_negative_count():
    with pytest.raises(ValueError, match="evoked_spikes must be an integer >= 0"):
        axon_state(evoked_spikes=-1, spontaneous_spikes=0)


def test_the_normal_axon_is_quiet_and_its_onset_is_the_models():
    r = axon_response(k_out_mM=4.0, ca_out_mM=1.2, mg_out_mM=0.85)
    assert r.state == "quiet" and r.evoked_spikes == 1 and r.spontaneous_spikes == 0
    assert r.groups == ()
    assert r.rest_mV == motor_axon().v_rest_mV
    assert r.onset_ca_mM == tetany_onset_ca_mM(k_out_mM=4.0, mg_out_mM=0.85)
    assert len(r.t_ms) == len(r.v_mV) == 40_000 // PLOT_STRIDE


def test_the_hypocalcaemic_axon_fires_in_groups():
    r = axon_response(k_out_mM=4.0, ca_out_mM=0.8, mg_out_mM=0.85)
    assert r.state == "fires" and sum(r.groups) == r.spontaneous_spikes >= 3


def test_a_longer_test_pulse_run_starts_as_the_explorers_and_splits_its_spikes_the_same_way():
    """Chapter 3's 600 ms traces are the explorer's 400 ms run, continued: same samples, same
    response to the pulse (a burst at 0.93 mmol/L)."""
    model = motor_axon(ca_out_mM=0.93)
    short, long = axon_test_trace(model), axon_test_trace(model, t_stop_ms=600.0)
    assert long.t_ms.size == 60_001
    np.testing.assert_array_equal(long.v_mV[: short.v_mV.size], short.v_mV)
    evoked = long.spike_times_ms[pulse_response_spikes(long.spike_times_ms)]
    r = axon_response(k_out_mM=4.0, ca_out_mM=0.93, mg_out_mM=0.85)
    assert evoked.size == r.evoked_spikes >= 2
    assert np.all((evoked >= PULSE_START_MS) & (evoked < PULSE_START_MS + 30.0))
    with pytest.raises(ValueError, match=r"t_stop_ms must be a finite number > 0 ms"):
        axon_test_trace(model, t_stop_ms=-1.0)


def test_the_surface_charge_law_takes_its_ions_by_name():
    assert surface_charge_shift_mV(ca_out_mM=0.6) < 0.0 == surface_charge_shift_mV()
    with pytest.raises(TypeError):
        surface_charge_shift_mV(0.6)  # keyword-only: no guessing which ion comes first


def test_a_fever_temperature_runs_with_a_shorter_step():
    """The fibre's largest step is below the preferred 0.016 ms at 42 °C: the run takes it."""
    assert skeletal_muscle(temperature_c=42.0).max_dt_ms < 0.016
    r = fibre_response(ca_out_mM=1.2, temperature_c=42.0, **NORMAL)
    assert r.evoked_spikes == 1
    a = axon_response(k_out_mM=4.0, ca_out_mM=1.2, mg_out_mM=0.85, temperature_c=42.0)
    assert a.state == "quiet"


def test_thin_trace_keeps_each_blocks_extreme():
    model = motor_axon()
    trace = simulate(model, lambda t: 375.0 * ((t >= 5.0) & (t < 5.2)), 20.0, 0.01)
    thin = thin_trace(trace.t_ms, trace.v_mV, 16)
    assert thin.v_mV.max() == trace.v_mV.max()  # the spike's peak
    assert len(thin.t_ms) == len(trace.t_ms) // 16
    # each kept sample is a real one: its time and value belong together
    idx = np.searchsorted(trace.t_ms, thin.t_ms)
    np.testing.assert_array_equal(trace.v_mV[idx], thin.v_mV)


def test_thin_trace_keeps_a_one_sample_peak_and_dip():
    t = np.arange(64) * 0.01
    v = np.full(64, -80.0)
    v[21], v[50] = 40.0, -100.0  # a brief peak and a brief dip, in different blocks of 16
    thin = thin_trace(t, v, 16)
    assert 40.0 in thin.v_mV and -100.0 in thin.v_mV
    assert thin.t_ms[list(thin.v_mV).index(40.0)] == t[21]


def test_thin_trace_refuses_bad_input():
    with pytest.raises(ValueError, match="stride must be an integer >= 1"):
        thin_trace(np.arange(4.0), np.arange(4.0), 0)
    with pytest.raises(ValueError, match="same length"):
        thin_trace(np.arange(4.0), np.arange(5.0), 2)


@pytest.mark.parametrize("shift_mV", [-15.0, -7.5, 0.0, 4.0, 15.0])
@pytest.mark.parametrize("mg_out_mM", [0.5, 0.85, 1.5])
def test_calcium_for_shift_inverts_the_surface_charge_law(shift_mV, mg_out_mM):
    ca = calcium_for_shift_mM(shift_mV=shift_mV, mg_out_mM=mg_out_mM)
    assert surface_charge_shift_mV(ca_out_mM=ca, mg_out_mM=mg_out_mM) == pytest.approx(
        shift_mV, abs=1e-9
    )


def test_calcium_for_shift_direction_and_bounds():
    assert calcium_for_shift_mM(shift_mV=0.0) == pytest.approx(1.2)
    assert calcium_for_shift_mM(shift_mV=-10.0) < 1.2 < calcium_for_shift_mM(shift_mV=10.0)
    with pytest.raises(ValueError, match=r"shift_mV must be a finite number in \[-40, 40\] mV"):
        calcium_for_shift_mM(shift_mV=50.0)
