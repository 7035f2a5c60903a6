"""The calf of the reflex loop: the triceps-surae motor pool, its muscle (twitch force scale,
length-tension and passive force) and the ankle it turns. Constants with their sources, as in
:mod:`.reflex_loop`."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from widgets.physiology import mechanics
from widgets.physiology.force import steady_force
from widgets.physiology.motor_units import MotorUnitPool

#: Pool: the course's Fuglevand pool with slow soleus-like twitches (longest contraction time
#: 130 ms instead of 90 ms; ReMoto's soleus S units have 140-170 ms, ``cisi2008``, code), seed 0.
CONTRACTION_TIME_LONGEST_MS = 130.0
POOL_SEED = 0
FMAX_N = (
    5500.0  # triceps surae: soleus 3586 + gastrocnemii 1306 + 606 N (ReMoto database, cisi2008)
)
MOMENT_ARM_M = 0.05  # Achilles tendon moment arm at rest, 4.3-5.6 cm (maganaris2000)
FIBRE_STRAIN_PER_RAD = (
    0.5  # fibre length change (optimal lengths) per rad of dorsiflexion: model choice
)
SARCOMERE_AT_NEUTRAL_UM = (
    2.125  # middle of the gordon1966 plateau at the neutral ankle: model choice
)
PASSIVE_K_PE, PASSIVE_C_PE = 0.005, 12.0  # passive force FMAX k (e^(c (l-1)) - 1): calibrated
#: Ankle: foot inertia (ReMoto: 2.01 kg, centre of mass 0.052 m, cisi2008, code), passive stiffness
#: and damping of the relaxed ankle (model choices; ReMoto's 320 N m/rad is for standing).
FOOT_INERTIA_KG_M2, ANKLE_STIFFNESS_NM_PER_RAD, ANKLE_DAMPING_NMS_PER_RAD = 0.00725, 15.0, 0.3


@lru_cache(maxsize=1)
def calf_pool() -> MotorUnitPool:
    """The triceps surae pool: Fuglevand defaults, longest contraction time 130 ms, seed 0."""
    return MotorUnitPool(seed=POOL_SEED, contraction_time_longest_ms=CONTRACTION_TIME_LONGEST_MS)


@lru_cache(maxsize=1)
def _force_scale_n() -> float:
    """N per unit of peak twitch: every unit at its peak rate gives FMAX_N at the optimal length."""
    pool = calf_pool()
    tetanic = np.array(
        [steady_force(r, t)[0] for r, t in zip(pool.peak_rate_hz, pool.contraction_time_ms)]
    )
    return FMAX_N / float(np.sum(pool.peak_twitch * tetanic))


def _length_tension_table():
    """Breakpoints (um, relative tension) of :func:`mechanics.relative_tension` (``gordon1966``)."""
    x = np.array(
        [
            0.0,
            mechanics.ASCENDING_ZERO_UM,
            mechanics.ASCENDING_KINK_UM,
            mechanics.PLATEAU_START_UM,
            mechanics.plateau_end_um(),
            mechanics.zero_overlap_um(),
            100.0,
        ]
    )
    return x, mechanics.relative_tension(np.clip(x, 1e-9, mechanics.MAX_SARCOMERE_UM))


def passive_force_n(angle_rad: float) -> float:
    """Passive (parallel-elastic) triceps force (N) at ankle angle ``angle_rad`` (rad)."""
    stretch = FIBRE_STRAIN_PER_RAD * angle_rad
    return FMAX_N * PASSIVE_K_PE * math.expm1(PASSIVE_C_PE * stretch) if stretch > 0 else 0.0
