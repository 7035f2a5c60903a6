"""Stimulus currents for :func:`~widgets.physiology.simulate`: a pulse, a pulse train, a nudge.

Each function takes the times ``t_ms`` (ms, a number or an array) and returns the applied current
in uA/cm2 (depolarising positive) with the same shape, so it can be passed straight to
``simulate`` as a callable (``lambda t: pulse(t, 1.0, 0.5, 20.0)``) or evaluated on the step times
to build an array. Inputs are checked: ``ValueError`` naming the parameter, its unit and range.
"""

from __future__ import annotations

import numpy as np

from widgets.physiology import _validate as _v

#: Largest stimulus amplitude accepted (uA/cm2), far above any threshold in the course's models.
MAX_AMPLITUDE_UA_CM2 = 10_000.0
#: The nudge: 1 uA/cm2 for 1 ms at t = 0, far below threshold. It stands in for membrane noise, so
#: that an unstable resting state fires instead of balancing on its fixed point.
NUDGE_MS = 1.0
NUDGE_UA_CM2 = 1.0


def _times(t_ms):
    return np.asarray(_v.finite(t_ms, "t_ms", "ms"), dtype=float)


def _amplitude(value, name="amplitude_uA_cm2"):
    return _v.finite(value, name, "uA/cm2", -MAX_AMPLITUDE_UA_CM2, MAX_AMPLITUDE_UA_CM2)


def pulse(t_ms, start_ms: float, width_ms: float, amplitude_uA_cm2: float):
    """Rectangular current pulse (uA/cm2) at times ``t_ms``: ``amplitude_uA_cm2`` for
    ``start_ms <= t < start_ms + width_ms`` (ms), 0 elsewhere."""
    t = _times(t_ms)
    start = _v.finite(start_ms, "start_ms", "ms")
    width = _v.positive(width_ms, "width_ms", "ms")
    amp = _amplitude(amplitude_uA_cm2)
    return np.where((t >= start) & (t < start + width), amp, 0.0)


#: Default rate (Hz) of :func:`pulse_train`, a burst of nerve impulses.
TRAIN_RATE_HZ = 50.0


def pulse_train(
    t_ms,
    rate_hz: float = TRAIN_RATE_HZ,
    until_ms: float = 500.0,
    amplitude_uA_cm2: float = 150.0,
    width_ms: float = 1.0,
):
    """Train of rectangular pulses (uA/cm2), a burst of nerve-evoked action potentials.

    A pulse of ``width_ms`` (ms) and ``amplitude_uA_cm2`` starts at t = 0 and every
    1000 / ``rate_hz`` ms after it, until ``until_ms`` (ms). The width must be shorter than
    the interval between pulses.
    """
    t = _times(t_ms)
    rate = _v.positive(rate_hz, "rate_hz", "Hz", upper=1000.0)
    until = _v.finite(until_ms, "until_ms", "ms")
    amp = _amplitude(amplitude_uA_cm2)
    width = _v.positive(width_ms, "width_ms", "ms", upper=1000.0 / rate)
    return np.where((t < until) & (np.mod(t, 1000.0 / rate) < width), amp, 0.0)


def nudge(t_ms):
    """The tiny kick of :data:`NUDGE_UA_CM2` (uA/cm2) for the first :data:`NUDGE_MS` (ms)."""
    return pulse(t_ms, 0.0, NUDGE_MS, NUDGE_UA_CM2)
