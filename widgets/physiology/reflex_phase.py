"""The reflex loop's phase, linearised: a describing-function check of the clonus frequency
that :func:`.reflex_loop.clonus_test` simulates (``hidler2000``)."""

from __future__ import annotations

import math

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.calf import (
    ANKLE_DAMPING_NMS_PER_RAD,
    ANKLE_STIFFNESS_NM_PER_RAD,
    FIBRE_STRAIN_PER_RAD,
    FMAX_N,
    FOOT_INERTIA_KG_M2,
    MOMENT_ARM_M,
    PASSIVE_C_PE,
    PASSIVE_K_PE,
    calf_pool,
)
from widgets.physiology.reflex_loop import (
    HAND_INERTIA_KG_M2,
    HAND_STIFFNESS_NM_PER_RAD,
    IA_LENGTH_GAIN,
    IA_SATURATION,
    IA_VELOCITY_EXPONENT,
    IA_VELOCITY_GAIN,
    PUSH_DEG,
    ReflexLoop,
    _scalar,
)


def loop_phase_deg(loop: ReflexLoop, frequency_hz, *, amplitude_deg=3.0) -> float:
    """Phase (deg) of the clonus test's loop, linearised, at ``frequency_hz`` (Hz, in (0, 50]).

    Stretch -> Ia (describing function of the velocity power law plus length, for a sinusoid of
    ``amplitude_deg``) -> loop delay -> twitch (peak-weighted mean over the units recruited by a
    saturating Ia volley) -> ankle with the examiner's hand. A sustained oscillation needs about
    -180 deg here (the muscle's pull opposes the stretch): a describing-function check of the
    simulated clonus frequency.
    """
    _v.instance_of(loop, "loop", ReflexLoop, "ReflexLoop (from reflex_loop())")
    f = _scalar(frequency_hz, "frequency_hz", "Hz", 1e-3, 50.0)
    amp = _scalar(amplitude_deg, "amplitude_deg", "deg", 0.1, 30.0)
    pool = calf_pool()
    w = 2.0 * math.pi * f
    a_mm = MOMENT_ARM_M * math.radians(amp) * 1000.0
    # fundamental of k |v|^q sign(v) for v = V sin: k V^q (2/sqrt(pi)) G(1 + q/2) / G(1.5 + q/2), in phase with v
    q = IA_VELOCITY_EXPONENT
    fundamental = 2.0 / math.sqrt(math.pi) * math.gamma(1.0 + q / 2.0) / math.gamma(1.5 + q / 2.0)
    spindle = math.degrees(
        math.atan2(fundamental * IA_VELOCITY_GAIN * (w * a_mm) ** q, IA_LENGTH_GAIN * a_mm)
    )
    delay = -360.0 * f * loop.loop_delay_ms / 1000.0
    sel = pool.recruitment_threshold <= IA_SATURATION
    tc_s = pool.contraction_time_ms[sel] / 1000.0
    twitch = math.degrees(np.angle(np.sum(pool.peak_twitch[sel] / (1.0 + 1j * w * tc_s) ** 2)))
    target = math.radians(PUSH_DEG)
    k_passive = (
        MOMENT_ARM_M
        * FMAX_N
        * PASSIVE_K_PE
        * PASSIVE_C_PE
        * FIBRE_STRAIN_PER_RAD
        * math.exp(PASSIVE_C_PE * FIBRE_STRAIN_PER_RAD * target)
    )
    stiffness = ANKLE_STIFFNESS_NM_PER_RAD + HAND_STIFFNESS_NM_PER_RAD + k_passive
    inertia = FOOT_INERTIA_KG_M2 + HAND_INERTIA_KG_M2
    ankle = -math.degrees(math.atan2(ANKLE_DAMPING_NMS_PER_RAD * w, stiffness - inertia * w * w))
    return float(spindle + delay + twitch + ankle)
