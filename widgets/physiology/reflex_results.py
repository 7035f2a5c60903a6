"""What one run of the reflex loop returns: its trace, and the results of the clonus and the
cramp tests (:mod:`.reflex_loop`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LoopTrace:
    """What one run of the loop shows, sampled every ``DT_MS`` (0.5 ms) at ``t_ms``.

    ``angle_deg`` ankle angle (deg, dorsiflexion > 0, 0 = neutral); ``force_n`` triceps surae force
    (N, active + passive); ``spike_times_ms`` one array per motor unit (ms, action potentials at
    the muscle); ``emg_mv`` synthetic surface EMG (mV); ``ia_rate_hz`` and ``ib_rate_hz`` spindle
    and tendon-organ population rates (imp/s) before their afferent delay; ``voluntary_drive`` the
    voluntary excitation of the pool (excitation units of the Fuglevand pool).
    """

    t_ms: np.ndarray
    angle_deg: np.ndarray
    force_n: np.ndarray
    spike_times_ms: tuple
    emg_mv: np.ndarray
    ia_rate_hz: np.ndarray
    ib_rate_hz: np.ndarray
    voluntary_drive: np.ndarray


@dataclass(frozen=True)
class ClonusResult:
    """``beats``: plantarflexion jerks of at least ``reflex_signals.BEAT_MIN_DEG`` after the push;
    ``frequency_hz``: their mean rate (Hz; nan when fewer than two); ``push_end_ms``; ``trace``."""

    beats: int
    frequency_hz: float
    push_end_ms: float
    trace: LoopTrace


@dataclass(frozen=True)
class CrampResult:
    """``drive_off_ms`` when the voluntary drive stops; ``sustained_ms`` how long motor units keep
    firing after it (ms; ``t_stop_ms - drive_off_ms`` when they fire to the end); ``unit_rates_hz``
    each unit's mean rate in that after-discharge (Hz, see :func:`reflex_signals.after_discharge_rates_hz`);
    ``muscle_length``, ``stretch_at_ms`` (None: no stretch) and ``trace``."""

    drive_off_ms: float
    sustained_ms: float
    unit_rates_hz: np.ndarray
    muscle_length: str
    stretch_at_ms: float | None
    trace: LoopTrace
