"""The calf's stretch-reflex loop: clonus and cramp from one spinal circuit.

A triceps-surae motoneurone pool (the course's Fuglevand pool, :mod:`.motor_units`, recruited in
size order) drives the muscle through the Fuglevand twitch (:mod:`.force`: ``P (t/T) e^(1-t/T)``
with its gain for short intervals) and the Gordon length-tension curve (:mod:`.mechanics`); the
force turns the foot about the ankle (inertia, passive stiffness and damping). Feedback: spindle
Ia afferents (Prochazka & Gorassini power law of stretch velocity plus length, ``prochazka1998``)
excite the pool; tendon-organ Ib afferents (force) inhibit it. Afferent, efferent and
electromechanical delays sum to the loop delay. Each motoneurone has a persistent inward current
(PIC) that can keep it firing after its input falls and is switched off by inhibition
(``heckman2005``). Nothing in the loop is a drawn pattern: clonus (``hidler1999``, ``hidler2000``)
and the cramp-like after-discharge emerge from these parts.

The cramp mechanism modelled here, a self-sustaining spinal loop (motoneurone PICs, spindle input
that grows with the pool's own activity, tendon-organ inhibition that is weak when the muscle is
short), is a **hypothesis**: ``minetto2013`` review it against the peripheral (motor-nerve) one;
``ross1995`` and ``khan2007`` supply the observations it must reproduce (cramp follows a strong
contraction of a shortened muscle; stretch or tendon-organ input ends it).

Simplifications (stated): one lumped triceps surae without force-velocity relation or tendon
dynamics (the spindle is fed the muscle-tendon length change ``r theta``, as in the Prochazka fit;
the fibres' length for the force-length curve changes by a fixed fraction of it);
population rates instead of individual afferents; one excitation scale for all synaptic input (the
Fuglevand pool's), Ia excitation saturating at ``IA_SATURATION``; no antagonist (tibialis
anterior) and no reciprocal inhibition or Renshaw cells; fusimotor drive coupled to the pool's
activity above a threshold (α-γ co-activation, the loop's positive feedback; ``prochazka1998`` found
an EMG-linked term in spindle firing); tendon organs unloaded when the muscle is short (their
sensitivity falls linearly below ``TENDON_SLACK_LENGTH`` optimal lengths); no fatigue, so a cramp
does not end by itself within a test. The clonus test holds the foot with an examiner's hand (a
constant push plus a spring and its inertia); the cramp test holds the ankle at a fixed angle.

Parameter values: the constants below, each with its source (a ``references.bib`` key; "code" =
taken from the ReMoto simulator's code or database rather than a paper's text) or marked
"calibrated" (chosen so that the tested behaviours emerge, not measured) or "model choice".
The calf's pool, muscle and ankle are in :mod:`.calf`, the results in :mod:`.reflex_results`
and the linearised loop phase in :mod:`.reflex_phase`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology import reflex_signals as _sig
from widgets.physiology.calf import (
    ANKLE_DAMPING_NMS_PER_RAD,
    ANKLE_STIFFNESS_NM_PER_RAD,
    FIBRE_STRAIN_PER_RAD,
    FMAX_N,
    FOOT_INERTIA_KG_M2,
    MOMENT_ARM_M,
    PASSIVE_C_PE,
    PASSIVE_K_PE,
    POOL_SEED,
    SARCOMERE_AT_NEUTRAL_UM,
    _force_scale_n,
    _length_tension_table,
    calf_pool,
    passive_force_n,
)
from widgets.physiology.reflex_results import ClonusResult, CrampResult, LoopTrace

# --------------------------------------------------------------------------- parameters
DT_MS = 0.5
#: Loop delay of a healthy adult soleus (ms): spindle to motoneurone (afferent, 44 %), motoneurone to
#: muscle action potential (efferent, 36 %) and action potential to force (electromechanical, 20 %).
#: The EMG then starts 40 ms after the stretch, as the soleus short-latency reflex (42 +/- 3 ms,
#: ``sinkjaer1996``); the split is a model choice.
HEALTHY_LOOP_DELAY_MS = 50.0
AFFERENT_SHARE, EFFERENT_SHARE, EMD_SHARE = 0.44, 0.36, 0.20
#: Spindle Ia encoder (imp/s, mm/s, mm), the cat-hamstring fit of prochazka1998 (exponent 0.6 confirmed).
IA_REST_HZ, IA_VELOCITY_GAIN, IA_VELOCITY_EXPONENT, IA_LENGTH_GAIN = 82.0, 4.3, 0.6, 2.0
#: Fusimotor coupling: Ia += GAIN x clip((pool rate / summed peak rates - THRESHOLD) / SPAN, 0, 1),
#: low-pass TAU (ms). Calibrated (hypothesis, see the module docstring).
FUSIMOTOR_GAIN_HZ, FUSIMOTOR_THRESHOLD, FUSIMOTOR_SPAN, FUSIMOTOR_TAU_MS = 400.0, 0.06, 0.28, 135.0
#: Ia excitation per imp/s, its saturation, and the resting margin below the first threshold
#: (excitation units of the Fuglevand pool). Calibrated.
IA_WEIGHT, IA_SATURATION, RESTING_MARGIN = 0.07, 9.0, 0.75
#: Tendon organs: Ib = IB_MAX tanh(loading x force / IB_FORCE_N); inhibition IB_WEIGHT per imp/s;
#: loading falls to 0 at TENDON_SLACK_LENGTH optimal lengths (hypothesis: khan2007). Calibrated.
IB_MAX_HZ, IB_FORCE_N, IB_WEIGHT, TENDON_SLACK_LENGTH = 150.0, 1000.0, 0.36, 0.70
#: PIC: amplitude PIC_AMPLITUDE x recruitment threshold, onset PIC_ONSET x amplitude below the
#: threshold, activation and deactivation time constants (ms). Qualitative basis heckman2005,
#: lee1998 (bistable low-threshold units); the numbers are calibrated.
PIC_AMPLITUDE, PIC_ONSET, PIC_ON_MS, PIC_OFF_MS = 0.48, 0.25, 50.0, 100.0
#: Extra weight of the Ib inhibition on the PIC's on/off gate. 0: inhibition switches PICs off
#: (heckman2005) only through the depolarisation it removes; larger values stop clonus with raised PICs.
PIC_INHIBITION_WEIGHT = 0.0
#: Clonus test (model choices): the examiner's hand adds inertia and a spring towards the pushed
#: angle; the push dorsiflexes the ankle from neutral by PUSH_DEG in PUSH_MS (peak 196 deg/s).
HAND_INERTIA_KG_M2, HAND_STIFFNESS_NM_PER_RAD = 0.0175, 10.0
PUSH_START_MS, PUSH_MS, PUSH_DEG = 100.0, 80.0, 10.0
#: Cramp test (model choices): ankle angles (deg; plantarflexion < 0), voluntary drive (fraction of
#: the pool's maximal excitation) from DRIVE_ON_MS (200-ms ramp) to DRIVE_OFF_MS, stretch target.
SHORT_ANGLE_DEG, LONG_ANGLE_DEG, STRETCH_TO_DEG, STRETCH_MS = -30.0, 10.0, 25.0, 300.0
DRIVE_FRACTION, DRIVE_ON_MS, DRIVE_RAMP_MS, DRIVE_OFF_MS = 0.8, 500.0, 200.0, 2500.0
ISI_CV, NOISE_COLUMNS = 0.2, 256
RANGES = {
    "reflex_gain": (0.0, 5.0),
    "loop_delay_ms": (20.0, 120.0),
    "tendon_organ_gain": (0.0, 3.0),
    "pic_gain": (0.0, 3.0),
}


def _scalar(value, name: str, unit: str, lo: float, hi: float) -> float:
    """A single finite number in [lo, hi] ``unit`` (ValueError naming parameter, unit and range)."""
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0:
        raise ValueError(
            f"{name} must be a finite number in [{lo:g}, {hi:g}] {unit} (got {value!r})"
        )
    return float(_v.finite(value, name, unit, lo, hi))


_UNITS = {
    "reflex_gain": "(relative to healthy)",
    "loop_delay_ms": "ms",
    "tendon_organ_gain": "(relative to healthy)",
    "pic_gain": "(relative to healthy)",
}


@dataclass(frozen=True)
class ReflexLoop:
    """Parameters of one calf stretch-reflex loop; gains are relative to a healthy adult (1.0).

    ``reflex_gain``: Ia-to-motoneurone transmission, in [0, 5]; ``loop_delay_ms``: afferent +
    efferent + electromechanical delay, in [20, 120] ms (healthy 50 ms); ``tendon_organ_gain``: Ib
    inhibition, in [0, 3]; ``pic_gain``: motoneurone excitability (PIC amplitude, and how far below
    threshold it switches on), in [0, 3]. Checked on creation (``ValueError`` naming the parameter,
    its unit and range); :func:`reflex_loop` is the keyword-only way to make one.
    """

    reflex_gain: float = 1.0
    loop_delay_ms: float = HEALTHY_LOOP_DELAY_MS
    tendon_organ_gain: float = 1.0
    pic_gain: float = 1.0

    def __post_init__(self):
        for name, (lo, hi) in RANGES.items():
            object.__setattr__(
                self, name, _scalar(getattr(self, name), name, _UNITS[name], lo, hi)
            )

    @property
    def afferent_delay_ms(self) -> float:
        return AFFERENT_SHARE * self.loop_delay_ms

    @property
    def efferent_delay_ms(self) -> float:
        return EFFERENT_SHARE * self.loop_delay_ms

    @property
    def electromechanical_delay_ms(self) -> float:
        return EMD_SHARE * self.loop_delay_ms


def reflex_loop(
    *, reflex_gain=1.0, loop_delay_ms=HEALTHY_LOOP_DELAY_MS, tendon_organ_gain=1.0, pic_gain=1.0
) -> ReflexLoop:
    """A checked :class:`ReflexLoop`; defaults are a healthy adult calf.

    Gains are dimensionless, relative to healthy: ``reflex_gain`` in [0, 5], ``tendon_organ_gain``
    and ``pic_gain`` in [0, 3]; ``loop_delay_ms`` in [20, 120] ms (healthy 50 ms).
    """
    return ReflexLoop(
        reflex_gain=reflex_gain,
        loop_delay_ms=loop_delay_ms,
        tendon_organ_gain=tendon_organ_gain,
        pic_gain=pic_gain,
    )


# --------------------------------------------------------------------------- one run
def _run(
    loop: ReflexLoop, t_stop_ms: float, *, drive, tau_ext, theta_presc, inertia, k_hand, theta_hand
):
    """Integrate the loop (compiled kernel) and return a :class:`LoopTrace`."""
    from widgets.physiology import _reflex_kernel as kernel  # numba only when a loop first runs

    pool = calf_pool()
    n_steps = drive.size - 1
    n_total = int(round(loop.loop_delay_ms / DT_MS))
    n_aff, n_emd = int(round(AFFERENT_SHARE * n_total)), int(round(EMD_SHARE * n_total))
    rte = pool.recruitment_threshold
    pic_amp = loop.pic_gain * PIC_AMPLITUDE * rte
    theta0 = theta_presc[0] if np.isfinite(theta_presc[0]) else 0.0
    values = dict(
        dt_ms=DT_MS,
        n_aff=n_aff,
        n_eff=n_total - n_aff - n_emd,
        n_emd=n_emd,
        e_rest=RESTING_MARGIN,
        g_ia=loop.reflex_gain * IA_WEIGHT,
        s_ia=IA_SATURATION,
        ia_ref=IA_REST_HZ,
        g_ib=loop.tendon_organ_gain * IB_WEIGHT,
        kappa=PIC_INHIBITION_WEIGHT,
        ia_rest=IA_REST_HZ,
        k_v=IA_VELOCITY_GAIN,
        v_exp=IA_VELOCITY_EXPONENT,
        k_x=IA_LENGTH_GAIN,
        spindle_arm_m=MOMENT_ARM_M,
        k_gamma=FUSIMOTOR_GAIN_HZ,
        g_thr=FUSIMOTOR_THRESHOLD,
        g_span=FUSIMOTOR_SPAN,
        tau_gamma_ms=FUSIMOTOR_TAU_MS,
        ib_max=IB_MAX_HZ,
        f_ib_n=IB_FORCE_N,
        l_slack=TENDON_SLACK_LENGTH,
        tau_pic_on_ms=PIC_ON_MS,
        tau_pic_off_ms=PIC_OFF_MS,
        min_rate_hz=pool.min_rate_hz,
        rate_gain_hz=pool.rate_gain_hz_per_unit,
        isi_cv=ISI_CV,
        act_norm_hz=float(pool.peak_rate_hz.sum()),
        force_scale_n=_force_scale_n(),
        gear=FIBRE_STRAIN_PER_RAD,
        s_opt_um=SARCOMERE_AT_NEUTRAL_UM,
        fmax_n=FMAX_N,
        k_pe=PASSIVE_K_PE,
        c_pe=PASSIVE_C_PE,
        inertia=inertia,
        k_p=ANKLE_STIFFNESS_NM_PER_RAD,
        b_p=ANKLE_DAMPING_NMS_PER_RAD,
        theta_rest=0.0,
        r_arm_m=MOMENT_ARM_M,
        k_hand=k_hand,
        theta_hand=theta_hand,
        theta0=theta0,
    )
    fl_x, fl_y = _length_tension_table()
    capacity = int(t_stop_ms / 1000.0 * (pool.peak_rate_hz.max() + 10.0)) + 10
    noise = np.random.default_rng(POOL_SEED).standard_normal((pool.n_units, NOISE_COLUMNS))
    spikes = np.zeros((pool.n_units, capacity))
    counts = np.zeros(pool.n_units, dtype=np.int64)
    out = np.zeros((5, n_steps + 1))
    kernel.run_loop(
        kernel.pack(values),
        rte,
        pool.peak_rate_hz,
        pool.contraction_time_ms,
        pool.peak_twitch,
        pic_amp,
        rte - PIC_ONSET * pic_amp,
        fl_x,
        fl_y,
        np.ascontiguousarray(drive, dtype=float),
        np.ascontiguousarray(tau_ext, dtype=float),
        np.ascontiguousarray(theta_presc, dtype=float),
        noise,
        spikes,
        counts,
        out,
    )
    t = np.arange(n_steps + 1) * DT_MS
    trains = tuple(s[:c][s[:c] <= t[-1]].copy() for s, c in zip(spikes, counts))
    _v.result_finite(out, "the reflex loop's state")
    return LoopTrace(
        t_ms=t,
        angle_deg=np.degrees(out[0]),
        force_n=out[1].copy(),
        spike_times_ms=trains,
        emg_mv=_sig.surface_emg_mv(trains, t, pool.peak_twitch),
        ia_rate_hz=out[2].copy(),
        ib_rate_hz=out[3].copy(),
        voluntary_drive=np.asarray(drive, dtype=float),
    )


def _steps(t_stop_ms: float) -> np.ndarray:
    return np.arange(int(round(t_stop_ms / DT_MS)) + 1) * DT_MS


# --------------------------------------------------------------------------- the two tests
def clonus_test(loop: ReflexLoop, *, t_stop_ms=3000.0) -> ClonusResult:
    """A brisk dorsiflexion of the relaxed ankle, then a held push (the clinical ankle-clonus test).

    The examiner's hand dorsiflexes the ankle from neutral by 10 deg in 80 ms (peak 196 deg/s),
    then lets the foot move, pushing with the passive torque of that angle and a spring
    (``HAND_STIFFNESS_NM_PER_RAD``) towards it. ``t_stop_ms`` in [1000, 20000] ms.
    """
    _v.instance_of(loop, "loop", ReflexLoop, "ReflexLoop (from reflex_loop())")
    t = _steps(_scalar(t_stop_ms, "t_stop_ms", "ms", 1000.0, 20000.0))
    target = math.radians(PUSH_DEG)
    push_end = PUSH_START_MS + PUSH_MS
    presc = np.full(t.size, np.nan)
    during = t <= push_end
    presc[during] = (
        target
        * 0.5
        * (1.0 - np.cos(np.pi * np.clip((t[during] - PUSH_START_MS) / PUSH_MS, 0.0, 1.0)))
    )
    hold_nm = ANKLE_STIFFNESS_NM_PER_RAD * target + MOMENT_ARM_M * passive_force_n(target)
    trace = _run(
        loop,
        float(t[-1]),
        drive=np.zeros(t.size),
        tau_ext=np.full(t.size, hold_nm),
        theta_presc=presc,
        inertia=FOOT_INERTIA_KG_M2 + HAND_INERTIA_KG_M2,
        k_hand=HAND_STIFFNESS_NM_PER_RAD,
        theta_hand=target,
    )
    jerks = _sig.beat_times_ms(trace.t_ms, trace.angle_deg, push_end)
    freq = 1000.0 / float(np.mean(np.diff(jerks))) if jerks.size >= 2 else float("nan")
    return ClonusResult(
        beats=int(jerks.size), frequency_hz=freq, push_end_ms=push_end, trace=trace
    )


def cramp_test(
    loop: ReflexLoop, *, muscle_length="short", stretch_at_ms=None, t_stop_ms=8000.0
) -> CrampResult:
    """A strong voluntary contraction (80 % of the pool's maximal excitation, 0.5-2.5 s) with the
    ankle held at -30 deg (``"short"``: foot pointed) or +10 deg (``"long"``), then no drive.

    ``stretch_at_ms`` (ms, optional, within the run) dorsiflexes the ankle to +25 deg over 300 ms
    from that time (stretching the muscle). ``t_stop_ms`` in [3000, 60000] ms.
    """
    _v.instance_of(loop, "loop", ReflexLoop, "ReflexLoop (from reflex_loop())")
    length = _v.choice(muscle_length, "muscle_length", ("short", "long"))
    t = _steps(_scalar(t_stop_ms, "t_stop_ms", "ms", 3000.0, 60000.0))
    start = math.radians(SHORT_ANGLE_DEG if length == "short" else LONG_ANGLE_DEG)
    presc = np.full(t.size, start)
    if stretch_at_ms is not None:
        at = _scalar(stretch_at_ms, "stretch_at_ms", "ms", 0.0, float(t[-1]))
        presc = start + np.clip((t - at) / STRETCH_MS, 0.0, 1.0) * (
            math.radians(STRETCH_TO_DEG) - start
        )
    else:
        at = None
    e_max = calf_pool().max_excitation
    drive = np.where(
        (t >= DRIVE_ON_MS) & (t < DRIVE_OFF_MS),
        DRIVE_FRACTION * e_max * np.clip((t - DRIVE_ON_MS) / DRIVE_RAMP_MS, 0.0, 1.0),
        0.0,
    )
    trace = _run(
        loop,
        float(t[-1]),
        drive=drive,
        tau_ext=np.zeros(t.size),
        theta_presc=presc,
        inertia=FOOT_INERTIA_KG_M2,
        k_hand=0.0,
        theta_hand=0.0,
    )
    last = max(
        (s[-1] for s in trace.spike_times_ms if s.size and s[-1] >= DRIVE_OFF_MS),
        default=DRIVE_OFF_MS,
    )
    sustained = last - DRIVE_OFF_MS
    rates = _sig.after_discharge_rates_hz(
        trace.spike_times_ms, DRIVE_OFF_MS, DRIVE_OFF_MS + sustained
    )
    return CrampResult(
        drive_off_ms=DRIVE_OFF_MS,
        sustained_ms=float(sustained),
        unit_rates_hz=rates,
        muscle_length=length,
        stretch_at_ms=at,
        trace=trace,
    )
