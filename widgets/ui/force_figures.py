"""Figures and derived numbers for the chapter "From spikes to force" (chapter 4).

Everything is computed from :mod:`widgets.physiology.force` and :mod:`widgets.physiology.motor_units`
(the twitch, gain nonlinearity and motor-unit pool of ``fuglevand1993``). Each figure function
returns a :class:`widgets.ui.figure.StaticFigure` whose alt text is written from the data drawn.

Derived numbers (checked in ``tests/unit/test_ch04_ch05.py``):

- :func:`half_max_rate_hz`: the regular firing rate giving half of the saturated mean force,
  about 0.70/T (7.8 Hz for T = 90 ms, 23 Hz for T = 30 ms);
- :func:`fusion_rate_hz`: the lowest rate at which the force ripple (max - min)/max falls below a
  threshold (5 % by default): about 18 Hz for T = 90 ms and about 52 Hz for T = 30 ms.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from widgets.physiology import MotorUnitPool, mean_force_regular, twitch_force, twitch_gain
from widgets.physiology.force import GAIN_KNEE
from widgets.ui.figure import StaticFigure, show_figure
from widgets.ui.style import OKABE_ITO, course_style, new_figure

#: Contraction times (ms) of the slowest and fastest units of the default Fuglevand pool.
SLOW_T_MS = 90.0
FAST_T_MS = 30.0
SATURATING_RATE_HZ = 200.0
_DURATION_MS = 3000.0
_DT_MS = 0.5


@lru_cache(maxsize=512)
def _steady(rate_hz: float, contraction_time_ms: float) -> tuple[float, float]:
    """(mean force, ripple) of regular firing; cached: the figures reuse the same points."""
    return mean_force_regular(rate_hz, contraction_time_ms, duration_ms=_DURATION_MS, dt_ms=_DT_MS)


def _check_T(contraction_time_ms: float) -> float:
    t_c = float(contraction_time_ms)
    if not np.isfinite(t_c) or not 10.0 <= t_c <= 200.0:
        raise ValueError(f"contraction_time_ms must be a finite time in [10, 200] ms (got {contraction_time_ms!r})")
    return t_c


def saturated_force(contraction_time_ms: float) -> float:
    """Mean force (units of P) of regular firing at 200 Hz, where the force-rate curve is flat."""
    return _steady(SATURATING_RATE_HZ, _check_T(contraction_time_ms))[0]


def _bisect(predicate, lo: float, hi: float, tol: float = 0.02) -> float:
    """Smallest x in [lo, hi] with predicate(x) true, for a predicate false at lo and true at hi."""
    if predicate(lo) or not predicate(hi):
        raise ValueError("the bracket does not contain the crossing")
    while hi - lo > tol:
        mid = round(0.5 * (lo + hi), 6)
        if predicate(mid):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def half_max_rate_hz(contraction_time_ms: float) -> float:
    """Regular firing rate (Hz) at which the mean force is half the saturated force (fuglevand1993 model)."""
    t_c = _check_T(contraction_time_ms)
    half = 0.5 * saturated_force(t_c)
    return _bisect(lambda r: _steady(r, t_c)[0] >= half, 0.5, SATURATING_RATE_HZ)


def fusion_rate_hz(contraction_time_ms: float, ripple: float = 0.05) -> float:
    """Lowest regular firing rate (Hz) at which the ripple (max - min)/max is below ``ripple``."""
    t_c = _check_T(contraction_time_ms)
    if not 0.001 <= float(ripple) <= 0.5:
        raise ValueError(f"ripple must be a fraction in [0.001, 0.5] (got {ripple!r})")
    return _bisect(lambda r: _steady(r, t_c)[1] < ripple, 1.0, SATURATING_RATE_HZ)


def steady_force(rate_hz: float, contraction_time_ms: float) -> tuple[float, float]:
    """(mean force as a fraction of the saturated force, ripple) for regular firing at ``rate_hz``."""
    t_c = _check_T(contraction_time_ms)
    mean, rip = _steady(float(rate_hz), t_c)
    return mean / saturated_force(t_c), rip


# --- figures -------------------------------------------------------------------------------------

def twitch_figure() -> StaticFigure:
    """The twitches of the smallest (slow) and largest (fast) unit of the Fuglevand pool."""
    pool = MotorUnitPool()
    t = np.arange(0.0, 500.0, 0.5)
    units = [(0, "unit 1 (first recruited)", OKABE_ITO["blue"]),
             (pool.n_units - 1, f"unit {pool.n_units} (last recruited)", OKABE_ITO["vermillion"])]
    with course_style():
        fig, (ax_n, ax_a) = new_figure(9.0, 3.6, 1, 2)
        info = []
        for i, label, colour in units:
            t_c, p = pool.contraction_time_ms[i], pool.peak_twitch[i]
            f = twitch_force([0.0], t, t_c, p)
            ax_n.plot(t, f / p, color=colour, label=f"{label.split(' (')[0]}: T = {t_c:.0f} ms")
            ax_n.axvline(t_c, color=colour, linestyle=":", linewidth=1.2)
            ax_a.plot(t, f, color=colour, label=f"{label.split(' (')[0]}: P = {p:.0f}")
            half = t[t > t_c][np.argmax(f[t > t_c] <= 0.5 * p)]
            info.append((label, t_c, p, half))
        ax_n.set_xlabel("time after the action potential (ms)")
        ax_n.set_ylabel("force / peak force")
        ax_n.set_title("Same shape, different speed")
        ax_n.legend(loc="upper right", frameon=False, fontsize=9)
        ax_a.set_xlabel("time after the action potential (ms)")
        ax_a.set_ylabel("force (units of the smallest twitch)")
        ax_a.set_title("Different size")
        ax_a.legend(loc="upper right", frameon=False, fontsize=9)
    (l1, t1, p1, h1), (l2, t2, p2, h2) = info
    alt = (
        "Two panels showing the twitch, the force after a single action potential, of the smallest and "
        f"the largest motor unit of the model pool. Left, normalised to their peaks: {l1} peaks at "
        f"{t1:.0f} ms and relaxes to half force by {h1:.0f} ms; {l2} peaks at {t2:.0f} ms and is back "
        f"to half force by {h2:.0f} ms. Right, in absolute units: the last unit's twitch is "
        f"{p2 / p1:.0f} times larger than the first unit's, which looks like a flat line beside it."
    )
    return show_figure(fig, alt)


def summation_figure(contraction_time_ms: float = SLOW_T_MS, rates_hz=(2.0, 5.0, 10.0, 25.0)) -> StaticFigure:
    """Force of one motor unit firing regularly at increasing rates: twitches, summation, fusion."""
    t_c = _check_T(contraction_time_ms)
    rates = [float(r) for r in rates_hz]
    if not rates or any(not 0.5 <= r <= 100 for r in rates):
        raise ValueError(f"rates_hz must be rates in [0.5, 100] Hz (got {rates_hz!r})")
    t = np.arange(0.0, 1200.0, 0.5)
    sat = saturated_force(t_c)
    names = []
    with course_style():
        fig, axes = new_figure(7.5, 1.5 + 1.35 * len(rates), len(rates), 1, sharex=True, sharey=True)
        axes = np.atleast_1d(axes)
        for ax, rate, colour in zip(axes, rates, [OKABE_ITO[c] for c in ("blue", "bluish_green", "orange", "vermillion", "reddish_purple", "sky_blue")]):
            spikes = np.arange(50.0, 1000.0, 1000.0 / rate)
            f = twitch_force(spikes, t, t_c) / sat
            mean, rip = steady_force(rate, t_c)
            name = _regime(rate, rip, t_c)
            names.append((rate, name, mean, rip))
            ax.plot(t, f, color=colour)
            ax.plot(spikes, np.full(spikes.shape, 1.08), "|", color="black", markersize=8)
            ax.set_ylim(0, 1.18)
            ax.text(1010, 0.55, f"{rate:g} Hz\n{name}", fontsize=10, va="center")
            ax.set_ylabel("force")
        axes[-1].set_xlabel("time (ms); ticks above each trace mark the action potentials")
        axes[0].set_title(f"One motor unit, contraction time {t_c:g} ms (force / maximal force)")
        axes[-1].set_xlim(0, 1200)
    parts = "; ".join(f"at {r:g} Hz, {n} (mean {m:.0%} of maximal force, ripple {p:.0%})" for r, n, m, p in names)
    alt = (
        f"{len(rates)} stacked force traces of one motor unit with a {t_c:g} ms contraction time, firing "
        f"regularly for about one second at increasing rates: {parts}. As the rate rises the twitches "
        "merge, the mean force climbs and the trace becomes smooth."
    )
    return show_figure(fig, alt)


def _regime(rate_hz: float, ripple: float, contraction_time_ms: float) -> str:
    """Plain name of the force pattern: separate twitches, unfused tetanus, fused tetanus."""
    if 1000.0 / rate_hz > 5.0 * contraction_time_ms:
        return "separate twitches"
    if ripple < 0.05:
        return "fused tetanus"
    return "unfused tetanus"


def force_frequency_figure(contraction_times_ms=(SLOW_T_MS, FAST_T_MS)) -> StaticFigure:
    """Mean force and ripple against firing rate for slow and fast units, with half-max and fusion marks."""
    ts = [_check_T(x) for x in contraction_times_ms]
    rates = np.concatenate([np.arange(1.0, 30.0, 0.5), np.arange(30.0, 121.0, 2.0)])
    colours = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"]]
    found = []
    with course_style():
        fig, (ax_f, ax_r) = new_figure(10.0, 3.8, 1, 2)
        for t_c, colour in zip(ts, colours):
            sat = saturated_force(t_c)
            vals = np.array([_steady(float(r), t_c) for r in rates])
            half, fused = half_max_rate_hz(t_c), fusion_rate_hz(t_c)
            found.append((t_c, half, fused))
            ax_f.plot(rates, vals[:, 0] / sat, color=colour, label=f"T = {t_c:g} ms")
            ax_f.plot([half], [0.5], "o", color=colour)
            ax_f.annotate(f"{half:.1f} Hz", (half, 0.5), xytext=(6, -14), textcoords="offset points",
                          color=colour, fontsize=10)
            ax_r.plot(rates, 100 * vals[:, 1], color=colour, label=f"T = {t_c:g} ms")
            ax_r.plot([fused], [5.0], "o", color=colour)
            ax_r.annotate(f"{fused:.0f} Hz", (fused, 5.0), xytext=(4, 6), textcoords="offset points",
                          color=colour, fontsize=10)
        ax_f.axhline(0.5, color="grey", linestyle=":", linewidth=1)
        ax_f.set_xscale("log")
        ax_f.set_xlabel("firing rate (Hz, log scale)")
        ax_f.set_ylabel("mean force / maximal force")
        ax_f.set_title("Force-frequency curve")
        ax_f.legend(loc="upper left", frameon=False)
        ax_r.axhline(5.0, color="grey", linestyle=":", linewidth=1)
        ax_r.set_xscale("log")
        ax_r.set_ylim(0, 100)
        ax_r.set_xlabel("firing rate (Hz, log scale)")
        ax_r.set_ylabel("ripple, (max − min)/max (%)")
        ax_r.set_title("Ripple: how unfused the force is")
        ax_r.legend(loc="upper right", frameon=False)
    desc = "; ".join(f"for T = {t:g} ms half-maximal force at {h:.1f} Hz (0.70/T = {700 / t:.1f} Hz) and ripple "
                     f"below 5 % from {f:.0f} Hz" for t, h, f in found)
    alt = (
        "Two panels against firing rate on a logarithmic axis from 1 to 120 Hz. Left: mean force as a fraction "
        "of the maximum rises along an S-shaped curve; right: the ripple of the force falls from nearly 100 % "
        f"towards zero. The fast unit's curves lie to the right of the slow unit's: {desc}."
    )
    return show_figure(fig, alt)


def half_max_normalised_rate() -> float:
    """Normalised rate r = T/ISI at which S(r) = 1 - exp(-2 r^3) = 1/2, i.e. r = (ln 2 / 2)^(1/3)."""
    return float((np.log(2.0) / 2.0) ** (1.0 / 3.0))


def gain_figure() -> StaticFigure:
    """The Fuglevand gain against r = T/ISI, and what it does to the mean force of regular firing."""
    r = np.linspace(0.02, 3.0, 400)
    g = twitch_gain(1.0, 1.0 / r)
    # mean force of regular firing, in units of P: linear summation gives e*r; with the gain e*r*g(r)
    linear = np.e * r
    shaped = np.e * r * g
    top = shaped.max()
    r_half = half_max_normalised_rate()
    with course_style():
        fig, (ax_g, ax_m) = new_figure(10.0, 3.6, 1, 2)
        ax_g.plot(r, g, color=OKABE_ITO["blue"])
        ax_g.axvline(GAIN_KNEE, color="grey", linestyle=":", linewidth=1)
        ax_g.axhline(1.0, color="grey", linestyle=":", linewidth=1)
        ax_g.set_xlabel("normalised rate r = T / inter-spike interval")
        ax_g.set_ylabel("gain applied to each twitch")
        ax_g.set_title("The gain: 1 below r = 0.4")
        ax_m.plot(r, linear / top, color="grey", linestyle="--", label="twitches simply added")
        ax_m.plot(r, shaped / top, color=OKABE_ITO["vermillion"], label="with the gain (model)")
        ax_m.plot([r_half], [0.5], "o", color=OKABE_ITO["vermillion"])
        ax_m.annotate(f"half-maximal at r = {r_half:.2f}", (r_half, 0.5), xytext=(16, -22),
                      textcoords="offset points", fontsize=10)
        ax_m.set_ylim(0, 1.5)
        ax_m.set_xlabel("normalised rate r = T / inter-spike interval")
        ax_m.set_ylabel("mean force / maximal force")
        ax_m.set_title("Result: a force that saturates")
        ax_m.legend(loc="upper left", frameon=False)
    i_peak = int(np.argmax(g))
    alt = (
        f"Two panels against the normalised rate r from 0.02 to 3. Left: the gain is 1 up to r = {GAIN_KNEE:g}, "
        f"rises to a peak of {g[i_peak]:.2f} near r = {r[i_peak]:.2f} and falls to {g[-1]:.2f} at r = 3. Right: "
        "if twitches were simply added, mean force would grow in proportion to rate without limit (a straight "
        "dashed line); with the gain, force follows an S-shaped curve that is half-maximal at "
        f"r = {r_half:.2f} and saturates."
    )
    return show_figure(fig, alt)


def pool_figure(n_units: int = 120) -> StaticFigure:
    """Properties of the Fuglevand pool: thresholds, twitch sizes, contraction times, rate coding."""
    pool = MotorUnitPool(n_units=n_units)
    i = np.arange(1, pool.n_units + 1)
    e = np.linspace(0.0, pool.max_excitation, 400)
    show = sorted({0, pool.n_units // 4, pool.n_units // 2, (3 * pool.n_units) // 4, pool.n_units - 1})
    with course_style():
        fig, axes = new_figure(10.0, 6.4, 2, 2)
        (a, b), (c, d) = axes
        a.plot(i, pool.recruitment_threshold, color=OKABE_ITO["blue"])
        a.set_yscale("log")
        a.set_xlabel("unit number (order of recruitment)")
        a.set_ylabel("recruitment threshold\n(excitation units, log)")
        a.set_title("Thresholds: most units start at low drive")
        b.plot(i, pool.peak_twitch, color=OKABE_ITO["vermillion"])
        b.set_yscale("log")
        b.set_xlabel("unit number")
        b.set_ylabel("peak twitch force\n(smallest = 1, log)")
        b.set_title("Later units are stronger")
        c.plot(i, pool.contraction_time_ms, color=OKABE_ITO["bluish_green"])
        c.set_xlabel("unit number")
        c.set_ylabel("contraction time (ms)")
        c.set_title("... and faster")
        rates = pool.firing_rate_hz(e)
        for k, colour in zip(show, [OKABE_ITO[x] for x in ("blue", "bluish_green", "orange", "reddish_purple", "vermillion")]):
            d.plot(e, np.where(rates[k] > 0, rates[k], np.nan), color=colour, label=f"unit {k + 1}")
        d.set_xlabel("excitation (units of the model)")
        d.set_ylabel("firing rate (Hz)")
        d.set_title("Rate coding: 8 Hz at recruitment, then a cap")
        d.set_ylim(0, 40)
        d.legend(loc="lower right", frameon=False, fontsize=9, ncol=2)
    alt = (
        f"Four panels describing the {pool.n_units}-unit model pool. Recruitment thresholds rise exponentially "
        f"with unit number from {pool.recruitment_threshold[0]:.1f} to {pool.recruitment_threshold[-1]:.0f} "
        f"excitation units, so most units have low thresholds. Peak twitch forces rise from "
        f"{pool.peak_twitch[0]:.1f} to {pool.peak_twitch[-1]:.0f}, and contraction times fall from "
        f"{pool.contraction_time_ms[0]:.0f} to {pool.contraction_time_ms[-1]:.0f} ms. In the last panel each "
        f"shown unit starts firing at {pool.min_rate_hz:.0f} Hz when excitation reaches its threshold, speeds up "
        f"by 1 Hz per excitation unit and levels off at its peak rate, from {pool.peak_rate_hz[0]:.0f} Hz for the "
        f"first unit to {pool.peak_rate_hz[-1]:.0f} Hz for the last; excitation runs to {pool.max_excitation:.0f}."
    )
    return show_figure(fig, alt)


@lru_cache(maxsize=4)
def _ramp(ramp_ms: float, hold_ms: float, seed: int):
    pool = MotorUnitPool(seed=seed)
    e_max = pool.max_excitation

    def excitation(t):
        return np.clip(np.asarray(t) / ramp_ms, 0.0, 1.0) * e_max

    return pool, pool.simulate(excitation, ramp_ms + hold_ms, dt_ms=1.0)


def recruitment_figure(ramp_ms: float = 4000.0, hold_ms: float = 1000.0, seed: int = 0) -> StaticFigure:
    """Ramp of excitation from 0 to maximum: spike raster (recruitment order) and total force."""
    pool, res = _ramp(float(ramp_ms), float(hold_ms), int(seed))
    t_s = res.t_ms / 1000.0
    force = res.force / res.force.max()
    first = np.array([s[0] if len(s) else np.nan for s in res.spike_times_ms])
    with course_style():
        fig, (ax_s, ax_f) = new_figure(9.0, 6.0, 2, 1, sharex=True, height_ratios=[1.6, 1])
        for u in range(0, pool.n_units, 3):
            s = res.spike_times_ms[u]
            ax_s.plot(s / 1000.0, np.full(s.shape, u + 1), "|", color=OKABE_ITO["blue"], markersize=2.5)
        ax_s.set_ylabel("unit number\n(every 3rd unit)")
        ax_s.set_title("Ramp of excitation: units join in order (raster) and force climbs")
        ax_s.set_ylim(0, pool.n_units + 2)
        ax_f.plot(t_s, force, color=OKABE_ITO["vermillion"], label="total force")
        ax_f.plot(t_s, res.excitation / pool.max_excitation, color="black", linestyle="--", linewidth=1.2,
                  label="excitation")
        ax_f.set_xlabel("time (s)")
        ax_f.set_ylabel("fraction of maximum")
        ax_f.legend(loc="upper left", frameon=False)
    t_all = np.nanmax(first) / 1000.0
    f_all = force[np.searchsorted(res.t_ms, np.nanmax(first))]
    half_units = int(np.sum(first <= 0.5 * ramp_ms))
    alt = (
        f"Top, a raster of spikes of every third unit of the {pool.n_units}-unit model during a "
        f"{ramp_ms / 1000:g} s linear ramp of excitation followed by a {hold_ms / 1000:g} s hold. Units start "
        f"firing strictly in order of their number; {half_units} of the {pool.n_units} units have joined "
        f"halfway up the ramp and the last joins at {t_all:.1f} s. Bottom, total force (relative to its "
        f"maximum) rises ever more steeply; when the last unit is recruited it is at {f_all:.0%} of the "
        "maximum, and the rest comes from rate coding as all units speed up to their peak rates."
    )
    return show_figure(fig, alt)


def recruitment_numbers(ramp_ms: float = 4000.0, hold_ms: float = 1000.0, seed: int = 0) -> dict:
    """Numbers described by :func:`recruitment_figure`: recruitment times and the force share at full recruitment."""
    pool, res = _ramp(float(ramp_ms), float(hold_ms), int(seed))
    first = np.array([s[0] if len(s) else np.nan for s in res.spike_times_ms])
    k = np.searchsorted(res.t_ms, np.nanmax(first))
    return {
        "excitation_all_recruited_fraction": float(pool.recruitment_threshold[-1] / pool.max_excitation),
        "force_at_full_recruitment_fraction": float(res.force[k] / res.force.max()),
        "units_recruited_at_half_excitation": int(np.sum(pool.recruitment_threshold <= 0.5 * pool.max_excitation)),
        "n_units": pool.n_units,
    }
