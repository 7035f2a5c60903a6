"""Numbers and figures of chapters 4 (from spikes to force) and 5 (tonic versus clonic).

Derived numbers are checked against the published values they illustrate: half-maximal force at
r = T/ISI of about 0.70 (fuglevand1993: S(r) = 1 - exp(-2 r^3)); fusion (ripple < 5 %) near 20 Hz for
T = 90 ms and 50-60 Hz for T = 30 ms (brief C, computed); cramp discharge 14.5 +/- 5.1 Hz, range
6-25 Hz (minetto2009); clonus 3-7 Hz (walsh1976, rack1984).
"""

import numpy as np
import pytest

from widgets.physiology import MotorUnitPool
from widgets.ui import force_figures as ff
from widgets.ui import tonic_clonic_figures as tc
from widgets.ui.figure import StaticFigure


def test_half_max_normalised_rate_is_070():
    """S(r) = 1/2 at r = (ln 2 / 2)^(1/3) = 0.702 (fuglevand1993 gain; brief C: f_half ~ 0.70/T)."""
    assert ff.half_max_normalised_rate() == pytest.approx(0.702, abs=0.001)


@pytest.mark.parametrize("T,published", [(90.0, 7.8), (30.0, 23.0)])
def test_half_max_rate_matches_070_over_T(T, published):
    """Half-maximal mean force at 7.8 Hz (T 90 ms) and 23 Hz (T 30 ms) (brief C; tol 0.5 Hz)."""
    f = ff.half_max_rate_hz(T)
    assert f == pytest.approx(published, abs=0.5)
    assert f == pytest.approx(700.0 / T, abs=0.5)


@pytest.mark.parametrize("T,lo,hi", [(90.0, 15.0, 25.0), (30.0, 45.0, 60.0)])
def test_fusion_rate(T, lo, hi):
    """Ripple < 5 % from about 17 Hz (T 90 ms) and 52 Hz (T 30 ms); brief C: ~20-25 and ~50-60 Hz."""
    f = ff.fusion_rate_hz(T)
    assert lo <= f <= hi
    assert ff.steady_force(f + 0.5, T)[1] < 0.05 < ff.steady_force(f - 0.5, T)[1]


def test_fusion_scales_with_contraction_time():
    """Fast units need about three times the rate of slow ones (T ratio 3, fuglevand1993)."""
    assert ff.fusion_rate_hz(30.0) / ff.fusion_rate_hz(90.0) == pytest.approx(3.0, rel=0.1)


def test_steady_force_is_fraction_of_saturated():
    mean, rip = ff.steady_force(ff.SATURATING_RATE_HZ, 90.0)
    assert mean == pytest.approx(1.0)
    assert ff.steady_force(5.0, 90.0)[0] < 0.5 < ff.steady_force(10.0, 90.0)[0]


def test_recruitment_numbers_follow_the_pool():
    """All units recruited at E = 30 of E_max = 47 (fuglevand1993 defaults); force then well below max."""
    n = ff.recruitment_numbers()
    pool = MotorUnitPool()
    assert n["excitation_all_recruited_fraction"] == pytest.approx(30.0 / pool.max_excitation)
    assert 0.3 < n["force_at_full_recruitment_fraction"] < 0.8
    assert n["units_recruited_at_half_excitation"] == int(np.sum(pool.recruitment_threshold <= 0.5 * pool.max_excitation))


@pytest.mark.parametrize("bad", [0.0, 5.0, 500.0, float("nan")])
def test_contraction_time_is_checked(bad):
    with pytest.raises(ValueError, match="contraction_time_ms"):
        ff.half_max_rate_hz(bad)


def test_pattern_summaries_tell_tonic_from_clonic():
    """Cramp force is sustained (small fluctuation); clonus oscillates at its 5 Hz beat (walsh1976: 3-7 Hz)."""
    s = {x.name: x for x in tc.pattern_summaries()}
    assert s["cramp"].force_fluctuation < 0.2
    assert s["clonus"].force_fluctuation > 0.4
    assert s["clonus"].dominant_hz == pytest.approx(5.0, abs=0.3)
    assert s["cramp"].mean_rate_hz == pytest.approx(14.5, abs=2.0)  # minetto2009


def test_stretch_trial_inhibits_only_during_stretch():
    """Stretch lowers cramp drive (khan2007); before and after, the trains equal the unstretched cramp."""
    p = tc.stretch_trial(0.8, 6000.0, 2500.0, 4500.0, seed=0)
    count = lambda a, b: sum(int(np.sum((s >= a) & (s < b))) for s in p.spike_times_ms)  # noqa: E731
    assert count(2500, 4500) < 0.6 * count(0, 2000)
    assert count(4500, 6000) == pytest.approx(count(500, 2000), rel=0.2)
    with pytest.raises(ValueError, match="stretch_on_ms"):
        tc.stretch_trial(0.5, 1000.0, 800.0, 600.0)


@pytest.mark.parametrize(
    "make",
    [ff.twitch_figure, ff.summation_figure, ff.force_frequency_figure, ff.gain_figure, ff.pool_figure,
     ff.recruitment_figure, tc.patterns_figure, tc.cramp_rates_figure, tc.stretch_figure],
)
def test_figures_have_alt_text_from_data(make):
    fig = make()
    assert isinstance(fig, StaticFigure)
    assert fig.png.startswith(b"\x89PNG")
    assert len(fig.alt) > 150 and any(ch.isdigit() for ch in fig.alt)
