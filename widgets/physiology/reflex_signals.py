"""What the reflex loop's runs are measured by (:mod:`.reflex_loop`): surface EMG, beats, rates.

- Synthetic surface EMG: each motor unit's action potential at the skin is a first-order
  Hermite-Rodriguez function (biphasic), ``a (t/w) exp(-(t/w)^2) / peak``, the shape used by
  ReMoto (``cisi2008``; its code), added at each of the unit's spike times. Amplitude grows with the square root of the unit's peak twitch (0.05 mV for the
  smallest unit, 0.5 mV for the largest) and the shape narrows with size (width 1.6 to 1.0 ms):
  model choices (larger units have more fibres, on average deeper under the electrode); no noise.
- Beats of the clonus test: plantarflexion jerks of the ankle, found with a hysteresis of
  ``BEAT_MIN_DEG`` (a jerk is a fall of at least that much followed by a rise of at least that much).
- After-discharge rates of the cramp test: each unit's mean rate, (spikes - 1) / (last - first),
  over the after-discharge, leaving out the first ``AFTER_SETTLE_MS`` after the drive stops.
"""

from __future__ import annotations

import math

import numpy as np

#: Smallest swing (deg) of a plantarflexion jerk that counts as a beat.
BEAT_MIN_DEG = 1.0
#: Start of the after-discharge window (ms after the drive stops): the units are still slowing
#: from their voluntary rates before it.
AFTER_SETTLE_MS = 250.0
#: Fewest spikes in the window for a unit's rate to be reported.
MIN_SPIKES = 3
MUAP_AMPLITUDE_MV = (0.05, 0.5)  # smallest, largest unit (model choice)
MUAP_WIDTH_MS = (
    1.6,
    1.0,
)  # smallest, largest unit (model choice; ReMoto uses 0.5-0.8 ms at the fibre)
_HR1_PEAK = math.sqrt(0.5) * math.exp(-0.5)  # max of x exp(-x^2)


def muap_parameters(peak_twitch):
    """(amplitude_mV, width_ms) of each unit's surface action potential from its ``peak_twitch``."""
    p = np.asarray(peak_twitch, dtype=float)
    size = np.sqrt(p / p.max())
    lo, hi = MUAP_AMPLITUDE_MV
    amp = lo + (hi - lo) * (size - size.min()) / max(size.max() - size.min(), 1e-12)
    frac = (p - p.min()) / max(p.max() - p.min(), 1e-12)
    width = MUAP_WIDTH_MS[0] + (MUAP_WIDTH_MS[1] - MUAP_WIDTH_MS[0]) * frac
    return amp, width


def surface_emg_mv(spike_times_ms, t_ms, peak_twitch):
    """Synthetic surface EMG (mV) at the uniformly spaced times ``t_ms`` (ms).

    Sum over units and spikes of the unit's Hermite-Rodriguez action potential (see the module
    docstring), each evaluated exactly at the sample times within 5 widths of its spike.
    """
    t = np.asarray(t_ms, dtype=float)
    emg = np.zeros(t.size)
    if t.size < 2:
        return emg
    dt = t[1] - t[0]
    amp, width = muap_parameters(peak_twitch)
    for u, spikes in enumerate(spike_times_ms):
        s = np.asarray(spikes, dtype=float)
        if s.size == 0:
            continue
        half = int(math.ceil(5.0 * width[u] / dt))
        first = np.floor((s - t[0]) / dt).astype(np.int64) - half
        idx = first[:, None] + np.arange(2 * half + 2)[None, :]
        ok = (idx >= 0) & (idx < t.size)
        x = (t[0] + idx * dt - s[:, None]) / width[u]
        wave = amp[u] / _HR1_PEAK * x * np.exp(-x * x)
        emg += np.bincount(idx[ok], weights=wave[ok], minlength=t.size)
    return emg


def beat_times_ms(t_ms, angle_deg, after_ms, min_swing_deg=BEAT_MIN_DEG):
    """Times (ms) of the plantarflexion jerks of ``angle_deg`` after ``after_ms``.

    Each jerk is a trough reached by a fall of at least ``min_swing_deg`` from the preceding
    maximum and left by a rise of at least ``min_swing_deg`` (or still there at the end).
    """
    t = np.asarray(t_ms, dtype=float)
    x = np.asarray(angle_deg, dtype=float)
    sel = t >= after_ms
    t, x = t[sel], x[sel]
    times = []
    if x.size == 0:
        return np.array(times)
    falling, top, low, low_t = True, x[0], x[0], t[0]
    for xi, ti in zip(x, t):
        if falling:
            if xi < low:
                low, low_t = xi, ti
            if xi - low >= min_swing_deg:
                if top - low >= min_swing_deg:
                    times.append(low_t)
                falling, top = False, xi
        else:
            top = max(top, xi)
            if top - xi >= min_swing_deg:
                falling, low, low_t = True, xi, ti
    if falling and top - low >= min_swing_deg and (not times or times[-1] != low_t):
        times.append(low_t)
    return np.array(times)


def after_discharge_rates_hz(spike_times_ms, drive_off_ms, end_ms, settle_ms=AFTER_SETTLE_MS):
    """Mean rate (Hz) of each unit with at least ``MIN_SPIKES`` spikes in
    (``drive_off_ms + settle_ms``, ``end_ms``], in unit order; empty if none."""
    rates = []
    for spikes in spike_times_ms:
        s = np.asarray(spikes, dtype=float)
        s = s[(s > drive_off_ms + settle_ms) & (s <= end_ms)]
        if s.size >= MIN_SPIKES and s[-1] > s[0]:
            rates.append((s.size - 1) * 1000.0 / (s[-1] - s[0]))
    return np.array(rates)
