"""Firing patterns: voluntary, tonic cramp (minetto2009), clonus (walsh1976), tetany."""

import numpy as np
import pytest

from widgets.physiology import clonus, pattern_force, tetany, tonic_cramp, voluntary_contraction
from widgets.physiology.patterns import CRAMP_INSTANTANEOUS_RANGE_HZ, CRAMP_RATE_LIMITS_HZ
from widgets.physiology.spikes import dominant_frequency_hz


def test_cramp_rates_match_minetto2009():
    """Cramp motor units fire at 14.5 +/- 5.1 Hz (minetto2009; mean within 1.5 Hz). The model keeps
    each unit's mean rate within two standard deviations (a model choice, not Minetto's lowest and
    highest instantaneous rates); irregular intervals move a measured rate only a little off it."""
    p = tonic_cramp(10000.0, n_units=60, seed=1)
    rates = p.active_rates_hz()
    assert p.involuntary and len(rates) == 60
    assert rates.mean() == pytest.approx(14.5, abs=1.5)
    assert rates.std() == pytest.approx(5.1, abs=1.5)
    lo, hi = CRAMP_RATE_LIMITS_HZ
    assert (lo, hi) == pytest.approx((14.5 - 2 * 5.1, 14.5 + 2 * 5.1))
    assert rates.min() >= 0.95 * lo and rates.max() <= 1.05 * hi
    assert CRAMP_INSTANTANEOUS_RANGE_HZ == (6.0, 25.0)  # drawn in chapter 5's map, never a bound


def test_swing_is_one_computation_for_figure_and_explorer():
    """Chapter 5's summaries classify each pattern by its swing, one computation."""
    from widgets.physiology.patterns import CLONIC_SWING, force_swing, pattern_summaries

    for s in pattern_summaries():
        assert s.tonic == (s.force_swing <= CLONIC_SWING)
    t = np.arange(0.0, 1000.0)
    assert force_swing(t, np.full_like(t, 3.0), 0.0, 1000.0) == 0.0
    assert force_swing(t, 1.0 + np.sin(2 * np.pi * t / 200.0), 0.0, 1000.0) == pytest.approx(
        1.98, abs=0.02
    )


def test_stretch_reduces_cramp_drive():
    """Stretch inhibits cramp discharge (khan2007): fewer active units and lower force."""
    free = tonic_cramp(3000.0, seed=2)
    stretched = tonic_cramp(3000.0, seed=2, stretch=0.8)
    assert sum(len(s) for s in stretched.spike_times_ms) < 0.6 * sum(
        len(s) for s in free.spike_times_ms
    )
    assert pattern_force(stretched)[1].mean() < pattern_force(free)[1].mean()


def test_cramp_is_tonic_force_is_sustained():
    t, f = pattern_force(tonic_cramp(4000.0, seed=0))
    late = f[t > 500]
    assert late.min() > 0.3 * late.mean()  # sustained, not jerky


def test_clonus_is_rhythmic_at_3_to_7_hz():
    """Clonic bursts at the set rate (walsh1976, rack1984: 3-7 Hz); force oscillates at that rate (+-0.3 Hz)."""
    p = clonus(4000.0, frequency_hz=5.0, seed=0)
    t, f = pattern_force(p)
    assert dominant_frequency_hz(t, f, from_ms=1000.0) == pytest.approx(5.0, abs=0.3)
    with pytest.raises(ValueError, match=r"frequency_hz must be a finite number in \[3, 7\] Hz"):
        clonus(1000.0, frequency_hz=12.0)


def test_voluntary_is_orderly_and_deterministic():
    a = voluntary_contraction(0.3, 1000.0, seed=5)
    b = voluntary_contraction(0.3, 1000.0, seed=5)
    assert not a.involuntary
    assert all(np.array_equal(x, y) for x, y in zip(a.spike_times_ms, b.spike_times_ms))
    active = [len(s) > 0 for s in a.spike_times_ms]
    n = sum(active)
    assert 0 < n < 120 and all(active[:n]) and not any(active[n:])  # smallest first


def test_tetany_has_doublets():
    p = tetany(2000.0, seed=0)
    isi = np.concatenate([np.diff(s) for s in p.spike_times_ms])
    assert np.mean(isi < 10.0) > 0.4


def test_patterns_are_deterministic_per_seed():
    for fn in (tonic_cramp, clonus, tetany):
        a, b, c = fn(1000.0, seed=7), fn(1000.0, seed=7), fn(1000.0, seed=8)
        assert all(np.array_equal(x, y) for x, y in zip(a.spike_times_ms, b.spike_times_ms))
        assert not all(np.array_equal(x, y) for x, y in zip(a.spike_times_ms, c.spike_times_ms))


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: tonic_cramp(-1.0), "t_stop_ms"),
        (lambda: tonic_cramp(1000.0, stretch=1.5), "stretch"),
        (lambda: tonic_cramp(1000.0, seed=-2), "seed"),
        (lambda: voluntary_contraction(2.0), "level"),
        (lambda: clonus(1000.0, n_units=0), "n_units"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
