"""Twitch force and the force-rate gain of Fuglevand, Winter & Patla (1993) (``fuglevand1993``).

Twitch impulse response f(t) = P (t/T) exp(1 - t/T): peak P at t = T (contraction time T, ms).
Gain for summation at high rates: with r = T/ISI (the normalised instantaneous rate),
gain = 1 for r <= 0.4, otherwise [S(r)/r] / [S(0.4)/0.4] with S(r) = 1 - exp(-2 r^3).

Regular firing: :func:`steady_force` gives the mean and ripple of the steady force of an endless
regular train (computed over one period, analytically), and from it :func:`saturated_force`,
:func:`half_max_rate_hz` (about 0.70/T) and :func:`fusion_rate_hz` (ripple below 5 %).
"""

from __future__ import annotations

import math

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology._bisect import smallest_true

GAIN_KNEE = 0.4
#: Ripple (max - min) / max below which a tetanus counts as fused (5 %).
FUSED_RIPPLE = 0.05
#: Ripple at or above which the twitches count as separate (90 %).
SEPARATE_RIPPLE = 0.9
#: A rate (Hz) at which the mean force has saturated for every contraction time of the course.
SATURATING_RATE_HZ = 200.0
#: Samples per period in :func:`steady_force`.
N_PHASE = 200


def _s(r):
    with np.errstate(over="ignore"):
        return 1.0 - np.exp(-2.0 * np.asarray(r, dtype=float) ** 3)


def twitch_gain(contraction_time_ms, isi_ms):
    """Fuglevand 1993 gain (dimensionless, >= 1) for a spike following an interval ``isi_ms``."""
    t_c = _v.positive(contraction_time_ms, "contraction_time_ms", "ms", upper=1000.0)
    isi = np.asarray(isi_ms, dtype=float)
    if np.any(np.isnan(isi)) or np.any(isi <= 0):
        raise ValueError(f"isi_ms must be > 0 ms or inf (got {isi_ms!r})")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = t_c / isi
        g = np.where(r <= GAIN_KNEE, 1.0, (_s(r) / r) / (_s(GAIN_KNEE) / GAIN_KNEE))
    return float(g) if g.ndim == 0 else g


def twitch_force(spike_times_ms, t_ms, contraction_time_ms, peak_force=1.0, *, window_T=10.0):
    """Force (same units as ``peak_force``) of one motor unit at times ``t_ms``.

    Sum of twitches P g_k ((t - t_k)/T) exp(1 - (t - t_k)/T) for t >= t_k, where g_k is the
    Fuglevand gain for the interval before spike k (1 for the first spike). Twitches are
    truncated after ``window_T`` contraction times (< 0.05 % of P). Source: ``fuglevand1993``.
    """
    t_c = _v.positive(contraction_time_ms, "contraction_time_ms", "ms", upper=1000.0)
    p = _v.positive(peak_force, "peak_force", "(force units)", allow_zero=True)
    t = np.asarray(_v.finite(t_ms, "t_ms", "ms"), dtype=float).ravel()
    spikes = np.sort(np.asarray(spike_times_ms, dtype=float).ravel())
    if spikes.size and not np.all(np.isfinite(spikes)):
        raise ValueError("spike_times_ms must be finite times in ms")
    force = np.zeros_like(t)
    if spikes.size == 0 or p == 0:
        return force
    isi = np.diff(spikes, prepend=-np.inf)
    isi = np.where(isi <= 0, 1e-9, isi)
    gains = np.where(np.isinf(isi), 1.0, twitch_gain(t_c, np.where(np.isinf(isi), 1e9, isi)))
    span = window_T * t_c
    uniform = t.size > 2 and np.allclose(np.diff(t), t[1] - t[0], rtol=1e-9, atol=1e-12)
    if uniform:
        dt = t[1] - t[0]
        w = int(math.ceil(span / dt)) + 1
        first = np.ceil((spikes - t[0]) / dt - 1e-9).astype(np.int64)
        idx = first[:, None] + np.arange(w)[None, :]
        valid = (idx >= 0) & (idx < t.size)
        tau = t[0] + idx * dt - spikes[:, None]
        use = valid & (tau >= 0)
        x = np.where(use, tau / t_c, 0.0)
        vals = p * gains[:, None] * x * np.exp(1.0 - x)
        force += np.bincount(idx[use], weights=vals[use], minlength=t.size)[: t.size]
    else:
        for s, g in zip(spikes, gains):
            sel = (t >= s) & (t <= s + span)
            x = (t[sel] - s) / t_c
            force[sel] += p * g * x * np.exp(1.0 - x)
    return force


def steady_force(rate_hz, contraction_time_ms, peak_force=1.0, *, n_phase=N_PHASE):
    """(mean force, ripple) of an endless regular train of spikes at ``rate_hz`` (Hz).

    The steady state of :func:`twitch_force`: one period of force is the sum of the twitches of
    all earlier spikes (within the 10-T twitch window) at ``n_phase`` phases of the period, each
    times the Fuglevand gain for the interval 1000/``rate_hz`` ms. Mean force is in the units of
    ``peak_force``; ripple = (max - min) / max over the period (dimensionless). ``rate_hz`` may be
    an array: then both results are arrays (all rates in one call).

    The sum over earlier spikes is summed in closed form: with x_k = a + k b (a = phase/T,
    b = ISI/T), sum_k x_k e^(1 - x_k) = e^(1 - a) (a S0 + b S1), where S0 and S1 are the finite
    geometric and arithmetico-geometric sums of q = e^(-b) up to the last spike inside the window.
    """
    t_c = _v.positive(contraction_time_ms, "contraction_time_ms", "ms", upper=1000.0)
    p = _v.positive(peak_force, "peak_force", "(force units)")
    rates = np.atleast_1d(_v.positive(rate_hz, "rate_hz", "Hz", upper=500.0)).astype(float)
    n = _v.integer(n_phase, "n_phase", 10, 100_000)
    isi = (1000.0 / rates)[:, None]
    phase = np.arange(n)[None, :] * (isi / n)  # (rates, phases), ms
    span = 10.0 * t_c  # the twitch window of twitch_force
    last = np.floor((span - phase) / isi)  # index of the last spike inside it
    last += phase + (last + 1) * isi <= span  # exact for ties at the window's end
    last -= phase + last * isi > span
    a, b = phase / t_c, isi / t_c
    q = np.exp(-b)
    one_minus_q = -np.expm1(-b)
    q_last = np.exp(-b * last)  # q ** last
    s0 = (1.0 - q_last * q) / one_minus_q
    s1 = q * (1.0 - (last + 1.0) * q_last + last * q_last * q) / one_minus_q**2
    period = p * np.exp(1.0 - a) * (a * s0 + b * s1) * twitch_gain(t_c, isi)
    means = period.mean(axis=1)
    ripples = (period.max(axis=1) - period.min(axis=1)) / period.max(axis=1)
    if np.ndim(rate_hz) == 0:
        return float(means[0]), float(ripples[0])
    return means, ripples


def force_regime(ripple) -> str:
    """'separate twitches' (ripple >= 90 %), 'unfused tetanus' or 'fused tetanus' (ripple < 5 %)."""
    r = _v.positive(ripple, "ripple", "(fraction, 0-1)", upper=1.0, allow_zero=True)
    if r >= SEPARATE_RIPPLE:
        return "separate twitches"
    return "fused tetanus" if r < FUSED_RIPPLE else "unfused tetanus"


def _pool_contraction_time(contraction_time_ms) -> float:
    return _v.finite(contraction_time_ms, "contraction_time_ms", "ms", 10.0, 200.0)


def saturated_force(contraction_time_ms) -> float:
    """Mean force (units of P) of regular firing at 200 Hz, where the force-rate curve is flat.

    ``contraction_time_ms`` in [10, 200] ms.
    """
    return steady_force(SATURATING_RATE_HZ, _pool_contraction_time(contraction_time_ms))[0]


def half_max_normalised_rate() -> float:
    """Normalised rate r = T/ISI at which S(r) = 1 - exp(-2 r^3) = 1/2, i.e. r = (ln 2 / 2)^(1/3)."""
    return float((math.log(2.0) / 2.0) ** (1.0 / 3.0))


def half_max_rate_hz(contraction_time_ms, *, tol_hz=0.02) -> float:
    """Regular firing rate (Hz) at which the mean force is half the saturated force.

    About 0.70/T (:func:`half_max_normalised_rate`; ``fuglevand1993``). ``contraction_time_ms`` in
    [10, 200] ms; bisection to ``tol_hz`` (Hz).
    """
    t_c = _pool_contraction_time(contraction_time_ms)
    tol = _v.positive(tol_hz, "tol_hz", "Hz", upper=1.0)
    half = 0.5 * saturated_force(t_c)
    return smallest_true(lambda r: steady_force(r, t_c)[0] >= half, 0.5, SATURATING_RATE_HZ, tol)


def fusion_rate_hz(contraction_time_ms, ripple=FUSED_RIPPLE, *, tol_hz=0.02) -> float:
    """Lowest regular firing rate (Hz) at which the ripple (max - min)/max is below ``ripple``.

    ``contraction_time_ms`` in [10, 200] ms, ``ripple`` a fraction in [0.001, 0.5] (default 5 %);
    bisection to ``tol_hz`` (Hz).
    """
    t_c = _pool_contraction_time(contraction_time_ms)
    limit = _v.finite(ripple, "ripple", "(fraction)", 0.001, 0.5)
    tol = _v.positive(tol_hz, "tol_hz", "Hz", upper=1.0)
    return smallest_true(lambda r: steady_force(r, t_c)[1] < limit, 1.0, SATURATING_RATE_HZ, tol)
