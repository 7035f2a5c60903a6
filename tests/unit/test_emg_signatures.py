"""Surface-EMG signatures of cramp, clonus, contracture and tetany (widgets.physiology.emg_signatures).

Every signature comes from a model and one EMG synthesis; the tests check that each looks like
its clinical description (dense and steady, rhythmic bursts, silent, multiplets) and where its
numbers come from.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import widgets.physiology as phys
from widgets.physiology import reflex_signals as sig
from widgets.physiology.axon import motor_axon
from widgets.physiology.axon_measures import (
    discharge_groups,
    group_starts_ms,
    spontaneous_discharge,
    tetany_onset_ca_mM,
)
from widgets.physiology.emg_signatures import (
    GROUP_GAP_MS,
    TETANY_SETTLE_MS,
    EmgSignature,
    EmgSignatures,
    burst_onsets_ms,
    emg_signatures,
    envelope_cv,
    tetany_calcium_mM,
)
from widgets.physiology.reflex_loop import calf_pool, clonus_test, reflex_loop

CLONUS_BAND_HZ = (5.0, 8.0)  # walsh1976, rack1984, wallace2005 (4.7-7.0 Hz); the 5-8 Hz
CRAMP_RATE_HZ = (14.5, 5.1)  # minetto2009: units' mean rate during cramp, mean +/- SD
NAMES = ("cramp", "clonus", "contracture", "tetany")


@pytest.fixture(scope="module")
def sigs() -> EmgSignatures:
    return emg_signatures()


def _within_group_intervals(spikes) -> np.ndarray:
    s = np.asarray(spikes, dtype=float)
    d = np.diff(s)
    return d[d <= GROUP_GAP_MS]


# --------------------------------------------------------------------------- API
def test_api_fields_windows_and_cache(sigs):
    assert [f.name for f in dataclasses.fields(EmgSignatures)] == list(NAMES)
    assert [f.name for f in dataclasses.fields(EmgSignature)] == [
        "name",
        "t_ms",
        "emg_mv",
        "spike_times_ms",
        "active_units",
        "mean_rate_hz",
        "multiplet_fraction",
        "burst_hz",
    ]
    n_units = calf_pool().n_units
    for name in NAMES:
        s = getattr(sigs, name)
        assert s.name == name
        assert s.t_ms[0] == 0.0 and s.t_ms.size == 2000 and np.allclose(np.diff(s.t_ms), 0.5)
        assert s.emg_mv.shape == s.t_ms.shape and np.all(np.isfinite(s.emg_mv))
        assert len(s.spike_times_ms) == n_units
        assert all(t.size == 0 or (t.min() >= 0.0 and t.max() < 1000.0) for t in s.spike_times_ms)
        assert not s.emg_mv.flags.writeable  # cached results cannot be changed by a caller
    assert emg_signatures() is sigs and emg_signatures(window_ms=1000.0) is sigs
    with pytest.raises(dataclasses.FrozenInstanceError):
        sigs.cramp.burst_hz = 1.0
    short = emg_signatures(window_ms=400.0)
    assert short.tetany.t_ms.size == 800


@pytest.mark.parametrize("bad", [100.0, 5000.0, float("nan"), "long", True, [500.0]])
def test_bad_window_names_parameter_unit_and_range(bad):
    with pytest.raises(ValueError) as err:
        emg_signatures(window_ms=bad)
    assert (
        "window_ms" in str(err.value)
        and "ms" in str(err.value)
        and "[200, 3000]" in str(err.value)
    )


def test_exported_and_cleared_with_the_other_caches():
    assert phys.emg_signatures is emg_signatures and "emg_signatures" in phys.__all__
    assert {"ReflexLoop", "reflex_loop", "clonus_test", "cramp_test"} <= set(phys.__all__)
    before = emg_signatures(window_ms=300.0)
    phys.clear_caches()
    after = emg_signatures(window_ms=300.0)
    assert after is not before and np.array_equal(
        after.cramp.emg_mv, before.cramp.emg_mv
    )  # same result, recomputed


def test_all_four_use_the_loops_emg_synthesis(sigs):
    """The EMG is reflex_signals.surface_emg_mv of the signature's spikes with the calf pool's unit
    sizes (away from the window's edges, where spikes just outside the window add their tails)."""
    inner = (sigs.cramp.t_ms > 10.0) & (sigs.cramp.t_ms < 990.0)
    for name in NAMES:
        s = getattr(sigs, name)
        again = sig.surface_emg_mv(s.spike_times_ms, s.t_ms, calf_pool().peak_twitch)
        assert np.allclose(again[inner], s.emg_mv[inner], atol=1e-9), name


# --------------------------------------------------------------------------- the four signatures
def test_cramp_is_a_dense_steady_interference_pattern(sigs):
    """Many units fire asynchronously, singly, at cramp rates (minetto2009 14.5 +/- 5.1 Hz): the
    envelope is steady (varies by < 30 % of its mean) while clonus's swings by more than its mean."""
    c = sigs.cramp
    assert c.active_units >= 40
    mean, sd = CRAMP_RATE_HZ
    assert mean - sd <= c.mean_rate_hz <= mean + sd
    assert c.multiplet_fraction < 0.05
    assert (
        envelope_cv(c.t_ms, c.emg_mv)
        < 0.3
        < 1.0
        < envelope_cv(sigs.clonus.t_ms, sigs.clonus.emg_mv)
    )
    assert math.isnan(c.burst_hz)


def test_clonus_emg_comes_in_bursts_at_the_clonus_frequency(sigs):
    """Bursts recur at 5-8 Hz, within 0.5 Hz of the ankle's beat frequency in the same loop's clonus
    test; the EMG is silent between bursts and each active unit fires about once per burst (wallace2005)."""
    c = sigs.clonus
    assert CLONUS_BAND_HZ[0] <= c.burst_hz <= CLONUS_BAND_HZ[1]
    beats = clonus_test(reflex_loop(reflex_gain=3.0)).frequency_hz
    assert c.burst_hz == pytest.approx(beats, abs=0.5)
    assert burst_onsets_ms(c.t_ms, c.emg_mv).size >= 5
    assert np.mean(c.emg_mv == 0.0) > 0.3  # silent stretches between the bursts
    assert c.mean_rate_hz == pytest.approx(c.burst_hz, rel=0.15)
    assert c.multiplet_fraction < 0.05 and c.active_units >= 20


def test_contracture_is_electrically_silent(sigs):
    """Shortening without action potentials (millerlayzer2005): no spike, a flat zero EMG, no rates."""
    c = sigs.contracture
    assert c.active_units == 0 and sum(s.size for s in c.spike_times_ms) == 0
    assert np.all(c.emg_mv == 0.0)
    assert (
        math.isnan(c.mean_rate_hz) and math.isnan(c.multiplet_fraction) and math.isnan(c.burst_hz)
    )


def test_tetany_fires_in_multiplets(sigs):
    t = sigs.tetany
    assert t.multiplet_fraction >= 0.9
    sizes = [g for s in t.spike_times_ms if s.size for g in discharge_groups(s, GROUP_GAP_MS)]
    assert np.median(sizes) >= 2 and max(sizes) >= 3
    assert 10 <= t.active_units <= 30
    firsts = sorted(s[0] for s in t.spike_times_ms if s.size)
    assert np.min(np.diff(firsts)) > 0.0  # every unit at its own phase


def test_tetany_trains_come_from_the_axon_model(sigs):
    """The calcium is where symptoms usually begin (turner2016), below the model's own onset of
    spontaneous discharge; the multiplets' intervals and their recurrence are the axon model's."""
    ca = tetany_calcium_mM()
    assert ca == pytest.approx(0.9) and ca < tetany_onset_ca_mM()
    axon = spontaneous_discharge(motor_axon(ca_out_mM=ca), TETANY_SETTLE_MS + 2000.0)
    steady = axon[axon >= TETANY_SETTLE_MS]
    axon_intervals = _within_group_intervals(steady)
    assert axon_intervals.size > 0 and motor_axon(ca_out_mM=1.2).v_rest_mV < -80.0
    unit = [s for s in sigs.tetany.spike_times_ms if s.size]
    model_intervals = np.concatenate([_within_group_intervals(s) for s in unit])
    assert model_intervals.size > 20
    nearest = np.abs(model_intervals[:, None] - axon_intervals[None, :]).min(axis=1)
    assert nearest.max() < 1e-6  # every within-group interval is one of the axon's
    period_ms = float(np.median(np.diff(group_starts_ms(steady, GROUP_GAP_MS))))
    assert sigs.tetany.burst_hz == pytest.approx(1000.0 / period_ms, rel=1e-3)


def test_no_spontaneous_discharge_at_normal_calcium():
    """The control: at normal ionised calcium the same axon does not discharge by itself (beyond the
    nudge's single spike), so the tetany signature is the low calcium's doing."""
    assert spontaneous_discharge(motor_axon(ca_out_mM=1.2), 1000.0).size <= 1


# --------------------------------------------------------------------------- the measures on known inputs
def test_burst_measures_on_known_signals():
    t = np.arange(0.0, 1000.0, 0.5)
    bursts = np.where((t % 200.0) < 40.0, np.sin(t), 0.0)  # 5 Hz bursts of 40 ms
    onsets = burst_onsets_ms(t, bursts)
    assert onsets.size == 5 and np.allclose(np.diff(onsets), 200.0, atol=5.0)
    assert envelope_cv(t, bursts) > 1.0
    assert envelope_cv(t, np.sin(t)) < 0.1  # steady
    assert math.isnan(envelope_cv(t, np.zeros_like(t)))
