"""Compiled step loop of the calf's stretch-reflex loop (private; :mod:`.reflex_loop` is the API).

Imported lazily by :mod:`widgets.physiology.reflex_loop` on the first simulation, so importing the
package does not import numba. The kernel is compiled for one explicit signature when this module
is imported and cached on disk (``cache=True``), like :mod:`widgets.physiology._kernels`; with
``NUMBA_DISABLE_JIT=1`` it runs as plain Python (slow, for coverage and debugging).

Parameters travel in one float64 vector laid out by :data:`LOOP_PARAMS` (one definition: the API
packs it by name with :func:`pack`, the kernel reads it once as a named tuple), so nothing about a
loop is frozen into the cached machine code.

One step (``dt_ms``) of :func:`run_loop`, in order:

1. Synaptic excitation of the pool (excitation units of the Fuglevand pool): voluntary drive -
   resting margin + Ia excitation (saturating, ``s_ia * tanh(x / s_ia)`` of
   ``x = g_ia * (Ia - ia_ref)``) - Ib inhibition (``g_ib * Ib``), both afferent signals delayed
   by ``n_aff`` steps.
2. Each motoneuron: depolarisation = excitation + its persistent inward current (PIC). Above its
   recruitment threshold it fires at the Fuglevand rate (8 Hz at threshold + 1 Hz per excitation
   unit, capped at its peak rate) as a renewal process (threshold of a phase accumulator drawn as
   1 + cv * N(0,1) from ``noise``); a unit that crosses threshold fires at once unless it fired
   less than one shortest interval before. Its PIC relaxes towards 1 (``tau_pic_on_ms``) while the
   depolarisation minus ``kappa`` times the Ib inhibition is above the PIC onset, else towards 0.
3. Each spike reaches the muscle ``n_eff`` steps later (recorded there: the EMG and spike times)
   and starts a twitch ``n_emd`` steps after that: the critically damped impulse response of
   Fuglevand et al. (``P (t/T) exp(1 - t/T)``) with the Fuglevand gain for short intervals.
4. Muscle force = twitch sum x force-length factor (linear interpolation in ``fl_x``/``fl_y``)
   + passive parallel-elastic force (exponential above the optimal length).
5. Ankle: prescribed (``theta_presc`` finite) or free: ``I theta'' = tau_ext + k_hand
   (theta_hand - theta) - k_p (theta - theta_rest) - b_p theta' - r F`` (semi-implicit Euler).
6. Afferents: Ia = ia_rest + k_v sign(v)|v|^0.6 + k_x x + k_gamma gamma (imp/s, >= 0; v and x the
   spindle's lengthening velocity in mm/s and length change in mm from the neutral ankle); gamma
   relaxes (``tau_gamma_ms``) towards the pool's activity above ``g_thr`` (fraction of the summed
   peak rates) over ``g_span``, clipped to [0, 1]. Ib = ib_max tanh(slack x F / f_ib) with the
   tendon-organ loading factor slack = clip((l - l_slack) / (1 - l_slack), 0, 1).
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np
from numba import config, njit

if config.DISABLE_JIT:  # plain Python (NUMBA_DISABLE_JIT=1: coverage, debugging)

    def to_fixed_tuple(p, size):
        return tuple(p[:size])
else:
    from numba.np.unsafe.ndarray import to_fixed_tuple

#: Parameter vector of :func:`run_loop`, in this order (units in the comments).
LOOP_PARAMS = (
    "dt_ms",
    "n_aff",
    "n_eff",
    "n_emd",  # delays in steps: spindle -> motoneurone, motoneurone -> muscle AP, AP -> force
    "e_rest",  # resting margin below the first threshold (excitation units)
    "g_ia",
    "s_ia",
    "ia_ref",  # Ia excitation per imp/s, its saturation (excitation units), reference rate
    "g_ib",  # Ib inhibition per imp/s (excitation units)
    "kappa",  # extra weight of Ib inhibition on the PIC (dendritic) gate
    "ia_rest",
    "k_v",
    "v_exp",
    "k_x",
    "spindle_arm_m",  # Ia encoder (imp/s; mm/s; mm; m of spindle length per rad)
    "k_gamma",
    "g_thr",
    "g_span",
    "tau_gamma_ms",  # fusimotor coupling to the pool's activity
    "ib_max",
    "f_ib_n",
    "l_slack",  # tendon-organ encoder (imp/s, N, optimal lengths)
    "tau_pic_on_ms",
    "tau_pic_off_ms",
    "min_rate_hz",
    "rate_gain_hz",
    "isi_cv",
    "act_norm_hz",  # Fuglevand rate model; sum of peak rates
    "force_scale_n",  # N per unit of the pool's peak twitch
    "gear",
    "s_opt_um",  # fibre strain per rad of dorsiflexion; sarcomere length at the optimum (um)
    "fmax_n",
    "k_pe",
    "c_pe",  # passive force fmax * k_pe * (exp(c_pe (l - 1)) - 1) for l > 1
    "inertia",
    "k_p",
    "b_p",
    "theta_rest",
    "r_arm_m",  # ankle (kg m2, N m/rad, N m s/rad, rad, m)
    "k_hand",
    "theta_hand",  # examiner's hand: spring (N m/rad) towards an angle (rad), when free
    "theta0",  # initial ankle angle (rad)
)


def pack(values: dict) -> np.ndarray:
    """The parameter vector with ``values[name]`` at the position of each name of LOOP_PARAMS."""
    if set(values) != set(LOOP_PARAMS):
        raise ValueError(
            f"reflex kernel parameters: missing {sorted(set(LOOP_PARAMS) - set(values))}, "
            f"unknown {sorted(set(values) - set(LOOP_PARAMS))}"
        )
    return np.array([float(values[name]) for name in LOOP_PARAMS], dtype=np.float64)


_Layout = namedtuple("LoopParams", LOOP_PARAMS)
_SIZE = len(LOOP_PARAMS)


@njit(inline="always")
def _read(p):  # pragma: no cover - compiled into the kernel
    return _Layout(*to_fixed_tuple(p, _SIZE))


@njit(inline="always")
def _clip01(x):  # pragma: no cover - compiled into the kernel
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)


_SIGNATURE = (
    "void(float64[::1], float64[::1], float64[::1], float64[::1], float64[::1], float64[::1], "
    "float64[::1], float64[::1], float64[::1], float64[::1], float64[::1], float64[::1], "
    "float64[:, ::1], float64[:, ::1], int64[::1], float64[:, ::1])"
)


@njit(_SIGNATURE, cache=True, nogil=True, fastmath=False, error_model="numpy")
def run_loop(
    p,
    rte,
    pfr,
    tc,
    peak,
    pic_amp,
    pic_on,
    fl_x,
    fl_y,
    drive,
    tau_ext,
    theta_presc,
    noise,
    spikes,
    counts,
    out,
):  # pragma: no cover - compiled (plain Python with NUMBA_DISABLE_JIT=1)
    """Integrate the loop over ``drive.size - 1`` steps.

    Per unit (arrays of n units): recruitment threshold ``rte`` and PIC amplitude ``pic_amp`` and
    onset ``pic_on`` (excitation units), peak rate ``pfr`` (Hz), contraction time ``tc`` (ms),
    peak twitch ``peak`` (pool units). Per step: ``drive`` (excitation units), ``tau_ext`` (N m),
    ``theta_presc`` (rad, NaN where the ankle is free). ``noise`` (n, m) standard normals, used in
    turn for each unit's inter-spike thresholds. Writes muscle spike times (ms) into ``spikes``
    (n, capacity) and their numbers into ``counts``; ``out`` rows 0-4 (n_steps + 1 samples): ankle
    angle (rad), muscle force (N), Ia and Ib rates (imp/s), fusimotor coupling gamma (0-1).
    """
    q = _read(p)
    n = rte.shape[0]
    n_steps = drive.shape[0] - 1
    cap = spikes.shape[1]
    n_noise = noise.shape[1]
    dt = q.dt_ms
    n_aff = int(q.n_aff)
    n_eff = int(q.n_eff)
    n_ring = int(q.n_eff + q.n_emd) + 1
    ring = np.zeros((n_ring, n))
    x1 = np.zeros(n)
    x2 = np.zeros(n)
    phase = np.zeros(n)
    thr = np.ones(n)
    active = np.zeros(n, dtype=np.bool_)
    pic = np.zeros(n)
    last = np.full(n, -1e9)
    decay = np.exp(-dt / tc)
    step_over_t = dt / tc
    a_on = 1.0 - math.exp(-dt / q.tau_pic_on_ms)
    a_off = 1.0 - math.exp(-dt / q.tau_pic_off_ms)
    a_gam = 1.0 - math.exp(-dt / q.tau_gamma_ms)
    gain_ref = (1.0 - math.exp(-2.0 * 0.4**3)) / 0.4
    dt_s = dt * 1e-3
    theta = q.theta0
    omega = 0.0
    gam = 0.0
    x_mm0 = q.spindle_arm_m * 1000.0 * theta
    ia0 = max(q.ia_rest + q.k_x * x_mm0, 0.0)
    for k in range(n_steps + 1):
        out[2, k] = ia0
    out[0, 0] = theta
    for k in range(n_steps):
        t = k * dt
        kd = k - n_aff
        ia_d = out[2, kd] if kd >= 0 else out[2, 0]
        ib_d = out[3, kd] if kd >= 0 else 0.0
        x_ia = q.g_ia * (ia_d - q.ia_ref)
        if q.s_ia > 0.0:
            x_ia = q.s_ia * math.tanh(x_ia / q.s_ia)
        inh = q.g_ib * ib_d
        e_syn = drive[k] - q.e_rest + x_ia - inh
        slot_in = (k + n_ring - 1) % n_ring
        rate_sum = 0.0
        for i in range(n):
            d = e_syn + pic_amp[i] * pic[i]
            if d >= rte[i]:
                r = q.rate_gain_hz * (d - rte[i]) + q.min_rate_hz
                if r > pfr[i]:
                    r = pfr[i]
                if not active[i]:
                    active[i] = True
                    since = (t - last[i]) * 1e-3 * pfr[i]  # in shortest intervals
                    phase[i] = thr[i] if since >= 1.0 else thr[i] - (1.0 - since)
                phase[i] += r * dt_s
                rate_sum += r
                if phase[i] >= thr[i]:
                    phase[i] -= thr[i]
                    c = counts[i]
                    th = 1.0 + q.isi_cv * noise[i, c % n_noise]
                    thr[i] = th if th > 1.0 / 3.0 else 1.0 / 3.0
                    rr = tc[i] / (t - last[i])
                    g = 1.0
                    if rr > 0.4:
                        g = ((1.0 - math.exp(-2.0 * rr * rr * rr)) / rr) / gain_ref
                    last[i] = t
                    ring[slot_in, i] += g
                    if c < cap:
                        spikes[i, c] = t + n_eff * dt
                        counts[i] = c + 1
            else:
                active[i] = False
            if d - q.kappa * inh >= pic_on[i]:
                pic[i] += (1.0 - pic[i]) * a_on
            else:
                pic[i] -= pic[i] * a_off
        g_t = _clip01((rate_sum / q.act_norm_hz - q.g_thr) / q.g_span)
        gam += (g_t - gam) * a_gam
        slot = k % n_ring
        twitch_sum = 0.0
        for i in range(n):
            x2[i] = (x2[i] + x1[i] * step_over_t[i]) * decay[i]
            x1[i] = x1[i] * decay[i] + ring[slot, i]
            ring[slot, i] = 0.0
            twitch_sum += peak[i] * x2[i]
        l_fib = 1.0 + q.gear * theta
        fl = np.interp(q.s_opt_um * l_fib, fl_x, fl_y)
        f_act = q.force_scale_n * math.e * twitch_sum * fl
        f_pas = (
            q.fmax_n * q.k_pe * (math.exp(q.c_pe * (l_fib - 1.0)) - 1.0) if l_fib > 1.0 else 0.0
        )
        force = f_act + f_pas
        th_next = theta_presc[k + 1]
        if math.isnan(th_next):
            acc = (
                tau_ext[k]
                + q.k_hand * (q.theta_hand - theta)
                - q.k_p * (theta - q.theta_rest)
                - q.b_p * omega
                - q.r_arm_m * force
            ) / q.inertia
            omega += acc * dt_s
            theta += omega * dt_s
        else:
            omega = (th_next - theta) / dt_s
            theta = th_next
        v_mm = q.spindle_arm_m * 1000.0 * omega
        x_mm = q.spindle_arm_m * 1000.0 * theta
        vel = q.k_v * abs(v_mm) ** q.v_exp
        if v_mm < 0.0:
            vel = -vel
        ia = q.ia_rest + vel + q.k_x * x_mm + q.k_gamma * gam
        l_new = 1.0 + q.gear * theta
        slack = _clip01((l_new - q.l_slack) / (1.0 - q.l_slack))
        out[0, k + 1] = theta
        out[1, k + 1] = force
        out[2, k + 1] = ia if ia > 0.0 else 0.0
        out[3, k + 1] = q.ib_max * math.tanh(slack * force / q.f_ib_n)
        out[4, k + 1] = gam
