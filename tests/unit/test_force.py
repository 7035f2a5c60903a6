"""Twitch, force-rate gain and steady force of regular firing (Fuglevand, Winter & Patla 1993)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.physiology.force import (
    FUSED_RIPPLE,
    force_regime,
    fusion_rate_hz,
    half_max_rate_hz,
    saturated_force,
    steady_force,
    twitch_force,
    twitch_gain,
)

FAST = settings(max_examples=25, deadline=None)


def test_single_twitch_peak_time_and_amplitude():
    """f(t) = P (t/T) e^(1 - t/T) peaks at t = T with amplitude P (fuglevand1993; tol dt / 1e-6)."""
    t = np.arange(0.0, 600.0, 0.1)
    for T, P in ((90.0, 1.0), (30.0, 100.0)):
        f = twitch_force([10.0], t, T, P)
        assert t[np.argmax(f)] == pytest.approx(10.0 + T, abs=0.1)
        assert f.max() == pytest.approx(P, rel=1e-6)
        assert f[t < 10.0].max() == 0.0


def test_gain_nonlinearity():
    """Gain 1 for T/ISI <= 0.4, continuous at 0.4, then [S(r)/r]/[S(0.4)/0.4] (fuglevand1993)."""
    assert twitch_gain(90.0, 90.0 / 0.3) == 1.0
    assert twitch_gain(90.0, 90.0 / 0.4) == pytest.approx(1.0)
    assert twitch_gain(90.0, 90.0 / 0.4001) == pytest.approx(
        1.0, abs=1e-3
    )  # continuous at the knee
    assert twitch_gain(90.0, 90.0 / 0.8) > twitch_gain(90.0, 90.0 / 0.5) > 1.0
    s = lambda r: 1 - np.exp(-2 * r**3)  # noqa: E731
    assert twitch_gain(30.0, 30.0 / 2.0) == pytest.approx((s(2.0) / 2.0) / (s(0.4) / 0.4))


@pytest.mark.parametrize(
    "T,f_half", [(90.0, 7.8), (30.0, 23.3)], ids=["T90 7.8Hz +-0.5", "T30 23Hz +-0.5"]
)
def test_half_maximal_force_at_070_over_T(T, f_half):
    """Half-maximal mean force at f ~ 0.70/T (computed from fuglevand1993; tolerance 0.5 Hz)."""
    rates = np.arange(2.0, 100.0, 0.25)
    mean = steady_force(rates, T)[0]
    half = rates[np.argmax(mean >= 0.5 * mean.max())]
    assert half == pytest.approx(f_half, abs=0.5)
    assert half == pytest.approx(700.0 / T, abs=0.5)


@pytest.mark.parametrize(
    "T,fused,unfused",
    [(90.0, (20.0, 25.0), 15.0), (30.0, (55.0, 60.0), 45.0)],
    ids=["T90 ripple<5% at 20-25Hz", "T30 ripple<5% at 50-60Hz"],
)
def test_fusion_ripple(T, fused, unfused):
    """Ripple (max-min)/max < 5 % at ~20-25 Hz (T 90 ms) and ~50-60 Hz (T 30 ms), not below (computed, fuglevand1993)."""
    for r in fused:
        assert steady_force(r, T)[1] < FUSED_RIPPLE
        assert force_regime(steady_force(r, T)[1]) == "fused tetanus"
    assert steady_force(unfused, T)[1] > FUSED_RIPPLE
    assert fused[0] - 10.0 < fusion_rate_hz(T) < fused[0]


@FAST
@given(st.lists(st.floats(0.0, 900.0), max_size=30), st.floats(20.0, 120.0), st.floats(0.0, 50.0))
def test_force_never_negative(spikes, T, P):
    t = np.arange(0.0, 1000.0, 1.0)
    assert np.all(twitch_force(spikes, t, T, P) >= 0.0)


@FAST
@given(st.floats(20.0, 120.0), st.floats(1.0, 60.0), st.floats(1.05, 2.0))
def test_mean_force_rises_with_rate_and_saturates(T, rate, factor):
    lo = steady_force(rate, T)[0]
    hi = steady_force(rate * factor, T)[0]
    assert hi >= lo * (1 - 1e-3)
    sat = steady_force(200.0, T)[0]
    near = steady_force(150.0, T)[0]
    assert abs(sat - near) / sat < 0.02  # saturated
    assert hi <= sat * 1.02


def test_non_uniform_time_grid_agrees():
    t = np.sort(np.random.default_rng(0).uniform(0, 500, 2000))
    tu = np.arange(0.0, 500.0, 0.5)
    f1 = twitch_force([5.0, 40.0, 70.0], t, 50.0)
    f2 = np.interp(t, tu, twitch_force([5.0, 40.0, 70.0], tu, 50.0))
    np.testing.assert_allclose(f1, f2, atol=0.01)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"contraction_time_ms": 0.0}, r"contraction_time_ms must be a finite number > 0"),
        ({"peak_force": -1.0}, "peak_force"),
        ({"t_ms": [0.0, float("nan")]}, "t_ms"),
    ],
)
def test_bad_input(kwargs, match):
    args = {"spike_times_ms": [1.0], "t_ms": np.arange(10.0), "contraction_time_ms": 50.0} | kwargs
    with pytest.raises(ValueError, match=match):
        twitch_force(**args)


@pytest.mark.parametrize("T,rate", [(90.0, 2.0), (90.0, 14.5), (30.0, 40.0), (60.0, 100.0)])
def test_steady_mean_force_is_the_twitch_area_times_rate(T, rate):
    """Mean of a periodic train = gain x (area of one twitch) / ISI; the area of P (t/T) e^(1-t/T)
    up to the 10-T window is P T e (1 - 11 e^-10) (exact integral; tolerance 1e-4: 200 samples a period)."""
    area = 2.5 * T * np.e * (1.0 - 11.0 * np.exp(-10.0))
    isi = 1000.0 / rate
    mean, ripple = steady_force(rate, T, peak_force=2.5)
    assert mean == pytest.approx(twitch_gain(T, isi) * area / isi, rel=1e-4)
    assert 0.0 <= ripple <= 1.0


def test_steady_force_matches_a_long_simulated_train():
    """The one-period steady state equals the last period of a 3-s train of twitch_force (1e-4)."""
    T, rate = 90.0, 12.5
    isi = 1000.0 / rate
    t = np.arange(0.0, 3000.0, isi / 200)
    f = twitch_force(np.arange(0.0, 3000.0, isi), t, T)
    last = f[(t >= 3000.0 - 2 * isi) & (t < 3000.0 - isi)]
    mean, ripple = steady_force(rate, T)
    assert last.mean() == pytest.approx(mean, rel=1e-4)
    assert (last.max() - last.min()) / last.max() == pytest.approx(ripple, rel=1e-3)


def test_half_max_and_fusion_rates_come_from_the_steady_force():
    for T in (90.0, 30.0):
        half = half_max_rate_hz(T)
        assert (
            steady_force(half, T)[0] >= 0.5 * saturated_force(T) > steady_force(half - 0.05, T)[0]
        )
        fused = fusion_rate_hz(T)
        assert steady_force(fused, T)[1] < FUSED_RIPPLE <= steady_force(fused - 0.05, T)[1]


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: steady_force(0.0, 90.0), r"rate_hz must be a finite number > 0 and <= 500 Hz"),
        (lambda: steady_force(10.0, -1.0), "contraction_time_ms"),
        (
            lambda: half_max_rate_hz(5.0),
            r"contraction_time_ms must be a finite number in \[10, 200\] ms",
        ),
        (lambda: fusion_rate_hz(90.0, ripple=0.9), "ripple"),
        (lambda: force_regime(1.5), "ripple"),
    ],
)
def test_steady_force_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
