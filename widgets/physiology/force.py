"""Twitch force and the force-rate gain of Fuglevand, Winter & Patla (1993) (``fuglevand1993``).

Twitch impulse response f(t) = P (t/T) exp(1 - t/T): peak P at t = T (contraction time T, ms).
Gain for summation at high rates: with r = T/ISI (the normalised instantaneous rate),
gain = 1 for r <= 0.4, otherwise [S(r)/r] / [S(0.4)/0.4] with S(r) = 1 - exp(-2 r^3).
"""

from __future__ import annotations

import math

import numpy as np

from widgets.physiology import _validate as _v

GAIN_KNEE = 0.4


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


def mean_force_regular(rate_hz, contraction_time_ms, peak_force=1.0, *, duration_ms=3000.0, dt_ms=0.5):
    """Mean and ripple of the steady force for perfectly regular firing at ``rate_hz``.

    Returns (mean_force, ripple) over the last second, ripple = (max - min) / max.
    """
    rate = _v.positive(rate_hz, "rate_hz", "Hz", upper=500.0)
    spikes = np.arange(0.0, duration_ms, 1000.0 / rate)
    t = np.arange(0.0, duration_ms, dt_ms)
    f = twitch_force(spikes, t, contraction_time_ms, peak_force)
    tail = f[t >= duration_ms - 1000.0]
    return float(tail.mean()), float((tail.max() - tail.min()) / tail.max())
