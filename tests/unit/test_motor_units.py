"""Motor-unit pool (fuglevand1993 defaults, brief C)."""

import math

import numpy as np
import pytest

from widgets.physiology import MotorUnitPool

POOL = MotorUnitPool()


def test_recruitment_thresholds_and_range():
    """RTE(i) = exp(ln(30) i/n), range 30 (fuglevand1993; exact to 1e-12)."""
    i = np.arange(1, 121)
    np.testing.assert_allclose(
        POOL.recruitment_threshold, np.exp(math.log(30) * i / 120), rtol=1e-12
    )
    assert POOL.recruitment_threshold[-1] == pytest.approx(30.0)


def test_twitch_amplitudes_and_contraction_times():
    """Peak twitch range 100; contraction time 90 -> 30 ms (range 3) (fuglevand1993; tol 1 ms)."""
    assert POOL.peak_twitch[-1] == pytest.approx(100.0)
    assert POOL.peak_twitch[-1] / POOL.peak_twitch[0] == pytest.approx(100.0, rel=0.05)
    assert POOL.contraction_time_ms[0] == pytest.approx(90.0, abs=1.0)
    assert POOL.contraction_time_ms[-1] == pytest.approx(30.0, abs=1e-9)
    assert np.all(np.diff(POOL.contraction_time_ms) < 0)


def test_rate_limits():
    """Min rate 8 Hz at recruitment; peak rate 35 -> 25 Hz (fuglevand1993; tol 0.5 Hz)."""
    assert POOL.peak_rate_hz[0] == pytest.approx(35.0, abs=0.5)
    assert POOL.peak_rate_hz[-1] == pytest.approx(25.0, abs=1e-9)
    just_above = POOL.firing_rate_hz(POOL.recruitment_threshold[10] + 1e-9)
    assert just_above[10] == pytest.approx(8.0, abs=1e-6)
    assert just_above[11] == 0.0
    full = POOL.firing_rate_hz(POOL.max_excitation)
    np.testing.assert_allclose(full, POOL.peak_rate_hz)


def test_physical_sanity_force_grows_with_excitation():
    forces = [
        POOL.simulate(e, 1000.0).force[500:].mean()
        for e in (0.0, 5.0, 15.0, 30.0, POOL.max_excitation)
    ]
    assert forces[0] == 0.0
    assert np.all(np.diff(forces) > 0)


def test_simulation_is_deterministic_and_rates_match():
    a = MotorUnitPool(seed=3).simulate(20.0, 2000.0)
    b = MotorUnitPool(seed=3).simulate(20.0, 2000.0)
    c = MotorUnitPool(seed=4).simulate(20.0, 2000.0)
    assert all(np.array_equal(x, y) for x, y in zip(a.spike_times_ms, b.spike_times_ms))
    assert not all(np.array_equal(x, y) for x, y in zip(a.spike_times_ms, c.spike_times_ms))
    assert np.all(a.force >= 0)
    expected = POOL.firing_rate_hz(20.0)
    for u in (0, 30, 60):
        isi = np.diff(a.spike_times_ms[u])
        assert 1000.0 / isi.mean() == pytest.approx(expected[u], rel=0.1)
        assert isi.std() / isi.mean() == pytest.approx(0.2, abs=0.06)  # renewal, CV ~0.2
    assert a.n_recruited == int(np.sum(POOL.recruitment_threshold <= 20.0))


def test_callable_excitation_ramp_recruits_in_order():
    res = POOL.simulate(lambda t: 40.0 * t / 2000.0, 2000.0)
    first = [s[0] if len(s) else np.inf for s in res.spike_times_ms]
    recruited = np.array([f for f in first if np.isfinite(f)])
    assert len(recruited) > 100
    assert np.all(np.diff(recruited) >= 0)  # orderly (size-principle) recruitment
    expected = POOL.recruitment_threshold[: len(recruited)] * 2000.0 / 40.0
    np.testing.assert_allclose(recruited, expected, atol=1.0)


@pytest.mark.parametrize(
    "kwargs,match",
    [({"n_units": 0}, "n_units"), ({"seed": -1}, "seed"), ({"isi_cv": float("nan")}, "isi_cv")],
)
def test_bad_pool_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MotorUnitPool(**kwargs)


def test_bad_simulate_input():
    with pytest.raises(ValueError, match=r"excitation must be a finite number in \[0, 10000\]"):
        POOL.simulate(-1.0, 100.0)
    with pytest.raises(ValueError, match="dt_ms"):
        POOL.simulate(10.0, 100.0, dt_ms=50.0)
