"""The runs of the stretch-reflex loop that chapter 5 shows and quotes (one computation each).

:func:`loop_examples` runs :mod:`.reflex_loop` once per named case and caches the results, so the
chapter's figures, its printed numbers and its exercises quote the same runs; the
TonicClonicExplorer computes the same cases from the same parameters (the runs are deterministic).

Cases (parameters relative to a healthy adult calf): a healthy clonus test; the same with the reflex
gain raised (:data:`CLONUS_REFLEX_GAIN`, as after an upper-motor-neuron lesion) at loop delays
:data:`DELAYS_MS`; the cramp test with weak tendon-organ inhibition (:data:`CRAMP_TENDON_ORGAN_GAIN`)
with the calf short, long, and short then stretched at :data:`STRETCH_AT_MS`, and the same short
test with healthy tendon organs and without persistent currents.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.reflex_loop import (
    DT_MS,
    HEALTHY_LOOP_DELAY_MS,
    PUSH_START_MS,
    SHORT_ANGLE_DEG,
    ClonusResult,
    CrampResult,
    LoopTrace,
    calf_pool,
    clonus_test,
    cramp_test,
    reflex_loop,
)
from widgets.physiology.reflex_signals import beat_times_ms, surface_emg_mv

CLONUS_REFLEX_GAIN = 3.0
CRAMP_TENDON_ORGAN_GAIN = 0.2
STRETCH_AT_MS = 4000.0
DELAYS_MS = (30.0, HEALTHY_LOOP_DELAY_MS, 80.0)
CLONUS_T_STOP_MS = 3000.0
CRAMP_T_STOP_MS = 8000.0
#: Clonus (a cramp) is called sustained when the foot still beats (units still fire) in the last
#: this-many ms of the run.
SUSTAINED_TAIL_MS = 500.0
#: Reflex gains searched for the smallest one that sustains clonus (:func:`clonus_threshold_gain`).
THRESHOLD_GAINS = tuple(round(1.5 + 0.1 * k, 1) for k in range(26))


@dataclass(frozen=True)
class LoopExamples:
    """``healthy`` and ``clonus`` (:class:`ClonusResult`, healthy and raised reflex gain, healthy
    delay); ``clonus_by_delay`` (delay in ms -> ClonusResult); ``cramp_short``, ``cramp_long``,
    ``cramp_stretched``, ``short_healthy_tendon`` and ``short_without_pic`` (:class:`CrampResult`)."""

    healthy: ClonusResult
    clonus: ClonusResult
    clonus_by_delay: dict
    cramp_short: CrampResult
    cramp_long: CrampResult
    cramp_stretched: CrampResult
    short_healthy_tendon: CrampResult
    short_without_pic: CrampResult

    @property
    def threshold_gain_by_delay(self) -> dict:
        """Loop delay (ms) -> smallest reflex gain that sustains clonus (:func:`clonus_threshold_gain`)."""
        return {d: clonus_threshold_gain(loop_delay_ms=d) for d in DELAYS_MS}

    @property
    def stretch_ends_after_ms(self) -> float:
        """Time from the start of the stretch to the last spike of the stretched cramp (ms)."""
        return discharge_end_after_stretch_ms(self.cramp_stretched)

    @property
    def cramp_mean_rate_hz(self) -> float:
        """Mean after-discharge rate of the short calf's cramping units (Hz)."""
        return float(np.mean(self.cramp_short.unit_rates_hz))


@lru_cache(maxsize=1)
def loop_examples() -> LoopExamples:
    """The named runs of the loop (cached; about 0.2 s compiled)."""
    weak = reflex_loop(tendon_organ_gain=CRAMP_TENDON_ORGAN_GAIN)

    def cramp(loop, length="short", stretch=None):
        return cramp_test(
            loop, muscle_length=length, stretch_at_ms=stretch, t_stop_ms=CRAMP_T_STOP_MS
        )

    by_delay = {
        d: clonus_test(
            reflex_loop(reflex_gain=CLONUS_REFLEX_GAIN, loop_delay_ms=d),
            t_stop_ms=CLONUS_T_STOP_MS,
        )
        for d in DELAYS_MS
    }
    return LoopExamples(
        healthy=clonus_test(reflex_loop(), t_stop_ms=CLONUS_T_STOP_MS),
        clonus=by_delay[HEALTHY_LOOP_DELAY_MS],
        clonus_by_delay=by_delay,
        cramp_short=cramp(weak),
        cramp_long=cramp(weak, "long"),
        cramp_stretched=cramp(weak, "short", STRETCH_AT_MS),
        short_healthy_tendon=cramp(reflex_loop()),
        short_without_pic=cramp(
            reflex_loop(tendon_organ_gain=CRAMP_TENDON_ORGAN_GAIN, pic_gain=0.0)
        ),
    )


def reflex_onset_ms(result: ClonusResult) -> float:
    """Latency (ms) of the first muscle action potential after the push starts: the model's
    short-latency stretch reflex (compare the soleus's 42 +/- 3 ms, ``sinkjaer1996``)."""
    first = min((float(s[0]) for s in result.trace.spike_times_ms if len(s)), default=float("nan"))
    return first - PUSH_START_MS


@dataclass(frozen=True)
class ContractureRun:
    """A contracture as the loop sees it: the calf held short (``SHORT_ANGLE_DEG``) while no motor
    unit fires, so the surface EMG (the loop's synthesis) is flat. The fibres' own shortening is not
    modelled: ``trace.force_n`` is nan."""

    trace: LoopTrace


def contracture_run(*, t_stop_ms=CRAMP_T_STOP_MS) -> ContractureRun:
    """:class:`ContractureRun` over ``t_stop_ms`` (ms, in [1000, 60000])."""
    t_stop = float(_v.finite(t_stop_ms, "t_stop_ms", "ms", 1000.0, 60000.0))
    t = np.arange(int(round(t_stop / DT_MS)) + 1) * DT_MS
    silent = tuple(np.empty(0) for _ in range(calf_pool().n_units))
    zeros = np.zeros(t.size)
    return ContractureRun(
        LoopTrace(
            t_ms=t,
            angle_deg=np.full(t.size, SHORT_ANGLE_DEG),
            force_n=np.full(t.size, np.nan),
            spike_times_ms=silent,
            emg_mv=surface_emg_mv(silent, t, calf_pool().peak_twitch),
            ia_rate_hz=zeros,
            ib_rate_hz=zeros,
            voluntary_drive=zeros,
        )
    )


def cramp_lasts(result: CrampResult) -> bool:
    """True when motor units still fire in the last ``SUSTAINED_TAIL_MS`` of the contraction test."""
    return result.drive_off_ms + result.sustained_ms >= result.trace.t_ms[-1] - SUSTAINED_TAIL_MS


def discharge_end_after_stretch_ms(result: CrampResult) -> float:
    """How long after the stretch starts the after-discharge ends (ms); nan without a stretch, if the
    discharge lasts to the end of the run or if it ended before the stretch."""
    if result.stretch_at_ms is None or cramp_lasts(result):
        return float("nan")
    after = result.drive_off_ms + result.sustained_ms - result.stretch_at_ms
    return after if after > 0 else float("nan")


def sustained_clonus(result: ClonusResult) -> bool:
    """True when the foot still beats in the last ``SUSTAINED_TAIL_MS`` of the clonus test."""
    beats = beat_times_ms(result.trace.t_ms, result.trace.angle_deg, result.push_end_ms)
    return beats.size >= 2 and beats[-1] >= result.trace.t_ms[-1] - SUSTAINED_TAIL_MS


@lru_cache(maxsize=16)
def clonus_threshold_gain(*, loop_delay_ms=HEALTHY_LOOP_DELAY_MS) -> float:
    """Smallest reflex gain of ``THRESHOLD_GAINS`` (relative to healthy) at which a push sustains
    clonus in a :data:`CLONUS_T_STOP_MS` run, at ``loop_delay_ms`` (ms); nan if none does."""
    for gain in THRESHOLD_GAINS:
        result = clonus_test(
            reflex_loop(reflex_gain=gain, loop_delay_ms=loop_delay_ms), t_stop_ms=CLONUS_T_STOP_MS
        )
        if sustained_clonus(result):
            return gain
    return float("nan")
