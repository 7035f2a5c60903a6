"""Spike trains and rhythms: threshold crossings, firing rate, dominant frequency.

Times in ms, rates and frequencies in Hz. Used by :func:`~widgets.physiology.simulate` (spike
times), the excitability measures (f-I curve), the firing patterns and the widgets, so that each
of these quantities is computed in one place.
"""

from __future__ import annotations

import math

import numpy as np

from widgets.physiology import _validate as _v

#: Spikes are counted where the membrane potential crosses this level upwards (mV): an action
#: potential overshoots it, a subthreshold response or a shrunken oscillation does not.
SPIKE_THRESHOLD_MV = 0.0

#: Zero-padded FFT length of :func:`dominant_frequency_hz` (0.06 Hz bins at 1 ms sampling).
N_FFT = 16384


def upward_crossings(t_ms, v, threshold=0.0):
    """(indices k with ``v[k] < threshold <= v[k+1]``, crossing times in ms).

    Crossing times are interpolated linearly between the samples; ``v`` is any signal sampled
    at ``t_ms`` (e.g. a membrane potential in mV, with ``threshold`` in mV).
    """
    v = np.asarray(v)
    t = np.asarray(t_ms)
    if v.ndim != 1 or t.shape != v.shape:
        raise ValueError(
            f"t_ms and v must be 1-D arrays of the same length (got shapes {t.shape} and {v.shape})"
        )
    idx = np.flatnonzero((v[:-1] < threshold) & (v[1:] >= threshold))
    frac = (threshold - v[idx]) / (v[idx + 1] - v[idx])
    return idx, t[idx] + frac * (t[idx + 1] - t[idx])


def spike_times_from_trace(t_ms, v_mV, threshold_mV: float = SPIKE_THRESHOLD_MV) -> np.ndarray:
    """Upward crossings of ``threshold_mV`` (ms), linearly interpolated between samples."""
    return upward_crossings(t_ms, v_mV, _v.finite(threshold_mV, "threshold_mV", "mV"))[1]


def rate_hz(spike_times_ms, start_ms: float = -math.inf, stop_ms: float = math.inf) -> float:
    """Firing rate (Hz) = 1000 / mean inter-spike interval of the spikes in [start_ms, stop_ms).

    0.0 if fewer than two spikes fall in the window, so a single onset spike counts as silence.
    ``spike_times_ms`` must be sorted times in ms.
    """
    s = np.asarray(spike_times_ms, dtype=float)
    if s.ndim != 1 or np.any(np.isnan(s)):
        raise ValueError("spike_times_ms must be a 1-D array of spike times in ms")
    if not start_ms < stop_ms:
        raise ValueError(f"start_ms must be < stop_ms (ms) (got {start_ms!r} and {stop_ms!r})")
    s = s[(s >= start_ms) & (s < stop_ms)]
    if s.size < 2:
        return 0.0
    return float(1000.0 / np.mean(np.diff(s)))


def dominant_frequency_hz(
    t_ms, signal, *, from_ms: float = 0.0, lo_hz: float = 1.0, hi_hz: float = 20.0
) -> float:
    """Frequency (Hz) of the strongest oscillation of ``signal`` between ``lo_hz`` and ``hi_hz``.

    Uses the samples at ``t_ms >= from_ms`` (uniform steps, ms), mean removed, Hann-windowed and
    zero-padded to :data:`N_FFT` points. Returns 0.0 for a flat signal.
    """
    t = np.asarray(_v.finite(t_ms, "t_ms", "ms"), dtype=float)
    x = np.asarray(_v.finite(signal, "signal", "(signal units)"), dtype=float)
    if t.ndim != 1 or t.shape != x.shape or t.size < 3:
        raise ValueError(
            f"t_ms and signal must be 1-D arrays of the same length >= 3 (got {t.shape} and {x.shape})"
        )
    lo = _v.positive(lo_hz, "lo_hz", "Hz", allow_zero=True)
    hi = _v.positive(hi_hz, "hi_hz", "Hz")
    if not lo < hi:
        raise ValueError(f"lo_hz must be < hi_hz (Hz) (got {lo_hz!r} and {hi_hz!r})")
    sel = t >= from_ms
    if sel.sum() < 3:
        raise ValueError(f"from_ms must leave at least 3 samples of t_ms (got {from_ms!r} ms)")
    x = x[sel] - x[sel].mean()
    if not np.any(x):
        return 0.0
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size), max(N_FFT, x.size)))
    freqs = np.fft.rfftfreq(max(N_FFT, x.size), d=(t[1] - t[0]) / 1000.0)
    band = (freqs >= lo) & (freqs <= hi)
    if not band.any():
        raise ValueError(f"no frequency between lo_hz {lo:g} and hi_hz {hi:g} Hz at this sampling")
    return float(freqs[band][np.argmax(spectrum[band])])
