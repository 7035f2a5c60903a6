"""Shared tools of the physiology package: stimuli, spike measures, the bisection, the constants,
and the input checks of the stimulation protocols."""

import math
import re
from pathlib import Path

import numpy as np
import pytest

from widgets.physiology import constants, hodgkin_huxley_1952, protocols, simulate, skeletal_muscle
from widgets.physiology._bisect import smallest_true
from widgets.physiology.membrane import MUSCLE_DEFAULTS
from widgets.physiology.spikes import (
    dominant_frequency_hz,
    rate_hz,
    spike_times_from_trace,
    upward_crossings,
)
from widgets.physiology.stimuli import NUDGE_MS, NUDGE_UA_CM2, nudge, pulse, pulse_train

BIB = (Path(__file__).resolve().parents[2] / "references.bib").read_text(encoding="utf-8")


# --- stimuli ---------------------------------------------------------------------------------
def test_pulse_is_on_for_its_width_only():
    t = np.arange(0.0, 10.0, 0.5)
    i = pulse(t, 2.0, 1.5, 7.0)
    assert np.array_equal(t[i == 7.0], [2.0, 2.5, 3.0]) and np.all(i[i != 7.0] == 0.0)
    assert float(pulse(2.0, 2.0, 1.0, -3.0)) == -3.0


def test_pulse_train_counts_pulses_until_the_end():
    """50 Hz for 500 ms: 25 pulses of 1 ms (the nerve-like burst of the myotonia protocol)."""
    t = np.arange(0.0, 700.0, 0.01)
    on = pulse_train(t) > 0
    starts = np.flatnonzero(on[1:] & ~on[:-1]) + 1
    assert on[0] and starts.size + 1 == 25
    assert np.sum(on) * 0.01 == pytest.approx(25.0, abs=0.05)


def test_nudge_is_tiny_and_brief():
    t = np.arange(0.0, 3.0, 0.25)
    assert np.array_equal(nudge(t), np.where(t < NUDGE_MS, NUDGE_UA_CM2, 0.0))


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: pulse([0.0, np.nan], 1.0, 1.0, 1.0), "t_ms"),
        (lambda: pulse(0.0, 1.0, 0.0, 1.0), r"width_ms must be a finite number > 0 ms"),
        (
            lambda: pulse(0.0, 1.0, 1.0, 1e6),
            r"amplitude_uA_cm2 must be a finite number in \[-10000, 10000\] uA/cm2",
        ),
        (lambda: pulse_train(0.0, rate_hz=-5.0), "rate_hz"),
        (lambda: pulse_train(0.0, rate_hz=100.0, width_ms=20.0), r"width_ms must be .* <= 10 ms"),
    ],
)
def test_stimuli_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- spikes ----------------------------------------------------------------------------------
def test_upward_crossings_are_interpolated():
    t = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    v = np.array([-10.0, 10.0, 20.0, -5.0, 15.0])
    idx, times = upward_crossings(t, v)
    assert list(idx) == [0, 3]
    np.testing.assert_allclose(times, [0.5, 3.25])
    np.testing.assert_allclose(spike_times_from_trace(t, v, 12.5), [1.25, 3.875])


def test_simulate_uses_the_same_spike_detection():
    tr = simulate(hodgkin_huxley_1952(), 10.0, 100.0)
    np.testing.assert_array_equal(tr.spike_times_ms, spike_times_from_trace(tr.t_ms, tr.v_mV))
    assert tr.firing_rate_hz == rate_hz(tr.spike_times_ms)


def test_rate_from_the_mean_interval():
    spikes = np.arange(0.0, 1000.0, 20.0)  # 50 Hz
    assert rate_hz(spikes) == pytest.approx(50.0)
    assert rate_hz(spikes, 500.0) == pytest.approx(50.0)
    assert rate_hz([5.0]) == 0.0 and rate_hz([]) == 0.0
    assert rate_hz([0.0, 10.0, 30.0]) == pytest.approx(1000.0 / 15.0)
    with pytest.raises(ValueError, match="start_ms must be < stop_ms"):
        rate_hz(spikes, 10.0, 5.0)


def test_dominant_frequency_of_a_sine():
    t = np.arange(0.0, 3000.0, 1.0)
    x = 5.0 + np.sin(2 * np.pi * 4.3 * t / 1000.0) + 0.3 * np.sin(2 * np.pi * 40.0 * t / 1000.0)
    assert dominant_frequency_hz(t, x) == pytest.approx(4.3, abs=0.07)
    assert dominant_frequency_hz(t, x, lo_hz=20.0, hi_hz=100.0) == pytest.approx(40.0, abs=0.07)
    assert dominant_frequency_hz(t, np.ones_like(t)) == 0.0
    with pytest.raises(ValueError, match="lo_hz must be < hi_hz"):
        dominant_frequency_hz(t, x, lo_hz=5.0, hi_hz=2.0)


# --- the bisection ---------------------------------------------------------------------------
def test_smallest_true():
    assert smallest_true(lambda x: x >= math.pi, 0.0, 10.0, 1e-9) == pytest.approx(
        math.pi, abs=1e-9
    )
    assert smallest_true(lambda x: x >= math.pi, 0.0, 10.0, 1e-3, relative=True) == pytest.approx(
        math.pi, rel=1e-3
    )
    assert (
        smallest_true(lambda x: x >= math.pi, 0.0, 10.0, 1e-6) >= math.pi
    )  # the upper end: a true x
    assert smallest_true(lambda x: False, 0.0, 1.0, 0.1) == math.inf
    with pytest.raises(ValueError, match="tol > 0"):
        smallest_true(lambda x: True, 1.0, 0.0, 0.1)


# --- constants -------------------------------------------------------------------------------
def test_constants_have_their_sources():
    """Every constant carries a key that exists in references.bib, and the models use the values."""
    for name, key in constants.SOURCES.items():
        assert hasattr(constants, name) and re.search(r"@\w+\{" + re.escape(key) + ",", BIB), name
    for *_, key in constants.ION_CONCENTRATIONS_MM.values():
        assert re.search(r"@\w+\{" + re.escape(key) + ",", BIB), key
    assert (constants.K_IN_MM, constants.NA_IN_MM, constants.CA_IN_MM) == (
        155.0,
        12.0,
        1e-4,
    )  # hille2001
    assert constants.P_NA_OVER_P_K == 0.01  # hodgkin1959
    assert (
        MUSCLE_DEFAULTS["k_in_mM"] is constants.K_IN_MM
        and MUSCLE_DEFAULTS["na_in_mM"] is constants.NA_IN_MM
    )


# --- protocols -------------------------------------------------------------------------------
def test_spontaneous_rate_needs_an_unstable_rest():
    """Stable rest: the nudge dies away (0 Hz); shift -7 mV: HH fires by itself (hodgkin1952 rates)."""
    assert protocols.spontaneous_rate_hz(hodgkin_huxley_1952(), 0.025) == 0.0
    rate = protocols.spontaneous_rate_hz(hodgkin_huxley_1952(gating_shift_mV=-7.0), 0.025)
    assert 30.0 < rate < 120.0


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: protocols.pulse_threshold_uA_cm2(hodgkin_huxley_1952(), 0.0), "width_ms"),
        (lambda: protocols.strength_duration(None, (1.0, -2.0)), "widths_ms"),
        (
            lambda: protocols.second_pulse_threshold_uA_cm2(hodgkin_huxley_1952(), 0.0),
            "interval_ms",
        ),
        (lambda: protocols.oscillation_rates(hodgkin_huxley_1952(), [5000.0]), "currents_uA_cm2"),
        (lambda: protocols.muscle_state("fibre"), "model must be a MembraneModel"),
        (lambda: protocols.after_discharges(2.11, until_ms=2000.0), "until_ms"),
        (lambda: protocols.temperature_series((6.3, 80.0)), "temperatures_c"),
        (lambda: protocols.spontaneous_rate_hz(skeletal_muscle(), 0.05), r"dt_ms must be .* ms"),
        (lambda: protocols.gate_curves([np.inf]), "v_mV"),
    ],
)
def test_protocols_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
