"""The stretch-reflex loop, continued from test_reflex_loop.py: its signal helpers (beats, EMG
wavelets, after-discharge rate) on signals whose answer is known, and two what-ifs of the
chapter (a slower muscle, a smaller fusimotor boost)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from widgets.physiology import reflex_signals as sig
from widgets.physiology.reflex_loop import (
    calf_pool,
)


def test_beat_counter_on_a_known_oscillation():
    t = np.arange(0.0, 2000.0, 0.5)
    angle = 5.0 + 3.0 * np.cos(
        2 * np.pi * 6.0 * t / 1000.0
    )  # 6 Hz, 6-deg swing, starts at a maximum
    jerks = sig.beat_times_ms(t, angle, 0.0)
    assert jerks.size == 12
    assert 1000.0 / np.mean(np.diff(jerks)) == pytest.approx(6.0, rel=1e-3)
    assert sig.beat_times_ms(t, 5.0 + 0.4 * np.cos(t), 0.0).size == 0  # below BEAT_MIN_DEG


def test_emg_is_a_biphasic_wavelet_scaled_with_unit_size():
    t = np.arange(0.0, 40.0, 0.05)
    peaks = calf_pool().peak_twitch
    trains = tuple(
        np.array([20.0]) if u in (0, len(peaks) - 1) else np.empty(0) for u in range(len(peaks))
    )
    small = sig.surface_emg_mv(trains[:1] + (np.empty(0),) * (len(peaks) - 1), t, peaks)
    both = sig.surface_emg_mv(trains, t, peaks)
    amp, _ = sig.muap_parameters(peaks)
    assert np.abs(small).max() == pytest.approx(amp[0], rel=1e-3)
    assert small.max() == pytest.approx(-small.min(), rel=1e-3)  # biphasic, symmetric
    assert abs(small.sum()) * 0.05 < 1e-6  # no net area
    assert np.abs(both - small).max() == pytest.approx(amp[-1], rel=1e-3) and amp[-1] > 5 * amp[0]


def test_after_discharge_rate_of_a_regular_train():
    trains = (
        np.arange(2600.0, 4000.0, 80.0),
        np.array([2600.0, 2700.0]),
        np.arange(1000.0, 2500.0, 50.0),
    )
    rates = sig.after_discharge_rates_hz(trains, 2500.0, 4000.0)
    assert rates.shape == (1,) and rates[0] == pytest.approx(12.5)


def test_a_slower_muscle_beats_more_slowly(monkeypatch):
    """hidler2000: the clonus rhythm follows the loop's dynamics, the muscle's speed among them:
    slower twitches (longest contraction time 110 -> 150 ms) give a slower clonus."""
    module, calf = (
        sys.modules["widgets.physiology.reflex_loop"],
        sys.modules["widgets.physiology.calf"],
    )
    rates = []
    for longest_ms in (110.0, 150.0):
        monkeypatch.setattr(calf, "CONTRACTION_TIME_LONGEST_MS", longest_ms)
        calf.calf_pool.cache_clear()
        calf._force_scale_n.cache_clear()
        result = module.clonus_test(module.reflex_loop(reflex_gain=3.0))
        assert result.beats >= 10
        rates.append(result.frequency_hz)
    calf.calf_pool.cache_clear()
    calf._force_scale_n.cache_clear()
    assert rates[1] < rates[0] - 0.2


def test_the_cramp_needs_the_large_fusimotor_boost(monkeypatch):
    """Chapter 5's box: with a much smaller fusimotor boost the model cramp does not last (the
    model's spindle rates are far above human recordings, wilson1995)."""
    module = sys.modules["widgets.physiology.reflex_loop"]
    weak = module.reflex_loop(tendon_organ_gain=0.2)
    assert module.cramp_test(weak).sustained_ms > 5000.0
    monkeypatch.setattr(module, "FUSIMOTOR_GAIN_HZ", 0.6 * module.FUSIMOTOR_GAIN_HZ)
    assert module.cramp_test(weak).sustained_ms < 1000.0
