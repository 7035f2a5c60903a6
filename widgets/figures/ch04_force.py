"""Figures for the chapter "From spikes to force" (chapter 4).

Everything is computed in :mod:`widgets.physiology.force` (the twitch, gain nonlinearity and steady
force of regular firing of ``fuglevand1993``: :func:`~widgets.physiology.force.steady_force`,
:func:`~widgets.physiology.force.half_max_rate_hz`, :func:`~widgets.physiology.force.fusion_rate_hz`)
and :mod:`widgets.physiology.motor_units` (the pool and the recruitment ramp). Each figure function
returns a :class:`widgets.figures.render.StaticFigure` whose alt text is written from the data drawn.
The chapter's twitch and pool figures are chapter 1's (:mod:`widgets.figures.ch01_muscle`).
"""

from __future__ import annotations

import numpy as np

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import OKABE_ITO, course_style, new_figure
from widgets.physiology import _validate as _v
from widgets.physiology import twitch_force, twitch_gain
from widgets.physiology.force import (
    FUSED_RIPPLE,
    GAIN_KNEE,
    force_regime,
    fusion_rate_hz,
    half_max_normalised_rate,
    half_max_rate_hz,
    saturated_force,
    steady_force,
)
from widgets.physiology.motor_units import FAST_T_MS, SLOW_T_MS, ramp_trial, recruitment_numbers


def summation_figure(
    contraction_time_ms: float = SLOW_T_MS, rates_hz=(2.0, 5.0, 10.0, 25.0)
) -> StaticFigure:
    """Force of one motor unit firing regularly at increasing rates: twitches, summation, fusion."""
    t_c = _v.finite(contraction_time_ms, "contraction_time_ms", "ms", 10.0, 200.0)
    rates = [float(r) for r in rates_hz]
    if not rates or any(not 0.5 <= r <= 100 for r in rates):
        raise ValueError(f"rates_hz must be rates in [0.5, 100] Hz (got {rates_hz!r})")
    t = np.arange(0.0, 1200.0, 0.5)
    sat = saturated_force(t_c)
    names = []
    with course_style():
        fig, axes = new_figure(
            7.5, 1.5 + 1.35 * len(rates), len(rates), 1, sharex=True, sharey=True
        )
        axes = np.atleast_1d(axes)
        for ax, rate, colour in zip(
            axes,
            rates,
            [
                OKABE_ITO[c]
                for c in (
                    "blue",
                    "bluish_green",
                    "orange",
                    "vermillion",
                    "reddish_purple",
                    "sky_blue",
                )
            ],
        ):
            spikes = np.arange(50.0, 1000.0, 1000.0 / rate)
            f = twitch_force(spikes, t, t_c) / sat
            mean, rip = steady_force(rate, t_c)
            mean /= sat
            name = force_regime(rip)
            names.append((rate, name, mean, rip))
            ax.plot(t, f, color=colour)
            ax.plot(spikes, np.full(spikes.shape, 1.08), "|", color="black", markersize=8)
            ax.set_ylim(0, 1.18)
            ax.text(1010, 0.55, f"{rate:g} Hz\n{name}", fontsize=10, va="center")
            ax.set_ylabel("force")
        axes[-1].set_xlabel("time (ms); ticks above each trace mark the action potentials")
        axes[0].set_title(f"One motor unit, contraction time {t_c:g} ms (force / maximal force)")
        axes[-1].set_xlim(0, 1200)
    parts = "; ".join(
        f"at {r:g} Hz, {n} (mean {m:.0%} of maximal force, ripple {p:.0%})" for r, n, m, p in names
    )
    alt = (
        f"{len(rates)} stacked force traces of one motor unit with a {t_c:g} ms contraction time, firing "
        f"regularly for about one second at increasing rates: {parts}. As the rate rises the twitches "
        "merge, the mean force climbs and the trace becomes smooth."
    )
    return show_figure(
        fig,
        alt,
        caption="One motor unit firing at rising rates: separate twitches, summation and fusion",
    )


def force_frequency_figure(contraction_times_ms=(SLOW_T_MS, FAST_T_MS)) -> StaticFigure:
    """Mean force and ripple against firing rate for slow and fast units, with half-max and fusion marks."""
    ts = [_v.finite(x, "contraction_times_ms", "ms", 10.0, 200.0) for x in contraction_times_ms]
    rates = np.concatenate([np.arange(1.0, 30.0, 0.5), np.arange(30.0, 121.0, 2.0)])
    colours = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"]]
    found = []
    with course_style():
        fig, (ax_f, ax_r) = new_figure(10.0, 3.8, 1, 2)
        for t_c, colour in zip(ts, colours):
            sat = saturated_force(t_c)
            means, ripples = steady_force(rates, t_c)
            half, fused = half_max_rate_hz(t_c), fusion_rate_hz(t_c)
            found.append((t_c, half, fused))
            ax_f.plot(rates, means / sat, color=colour, label=f"T = {t_c:g} ms")
            ax_f.plot([half], [0.5], "o", color=colour)
            ax_f.annotate(
                f"{half:.1f} Hz",
                (half, 0.5),
                xytext=(6, -14),
                textcoords="offset points",
                color=colour,
                fontsize=10,
            )
            ax_r.plot(rates, 100 * ripples, color=colour, label=f"T = {t_c:g} ms")
            ax_r.plot([fused], [100 * FUSED_RIPPLE], "o", color=colour)
            ax_r.annotate(
                f"{fused:.0f} Hz",
                (fused, 100 * FUSED_RIPPLE),
                xytext=(4, 6),
                textcoords="offset points",
                color=colour,
                fontsize=10,
            )
        ax_f.axhline(0.5, color="grey", linestyle=":", linewidth=1)
        ax_f.set_xscale("log")
        ax_f.set_xlabel("firing rate (Hz, log scale)")
        ax_f.set_ylabel("mean force / maximal force")
        ax_f.set_title("Force-frequency curve")
        ax_f.legend(loc="upper left", frameon=False)
        ax_r.axhline(100 * FUSED_RIPPLE, color="grey", linestyle=":", linewidth=1)
        ax_r.set_xscale("log")
        ax_r.set_ylim(0, 100)
        ax_r.set_xlabel("firing rate (Hz, log scale)")
        ax_r.set_ylabel("ripple, (max − min)/max (%)")
        ax_r.set_title("Ripple: how unfused the force is")
        ax_r.legend(loc="upper right", frameon=False)
    r_half = half_max_normalised_rate()
    desc = "; ".join(
        f"for T = {t:g} ms half-maximal force at {h:.1f} Hz ({r_half:.2f}/T = {1000 * r_half / t:.1f} Hz) and ripple "
        f"below {100 * FUSED_RIPPLE:g} % from {f:.0f} Hz"
        for t, h, f in found
    )
    alt = (
        f"Two panels against firing rate on a logarithmic axis from {rates[0]:g} to {rates[-1]:g} Hz. Left: mean "
        "force as a fraction "
        "of the maximum rises along an S-shaped curve; right: the ripple of the force falls from nearly 100 % "
        f"towards zero. The fast unit's curves lie to the right of the slow unit's: {desc}."
    )
    return show_figure(
        fig, alt, caption="Force–frequency curves and force ripple of a slow and a fast motor unit"
    )


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
        ax_m.annotate(
            f"half-maximal at r = {r_half:.2f}",
            (r_half, 0.5),
            xytext=(16, -22),
            textcoords="offset points",
            fontsize=10,
        )
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
    return show_figure(
        fig, alt, caption="The gain of the twitch model, and the saturating force it gives"
    )


def recruitment_figure(
    ramp_ms: float = 4000.0, hold_ms: float = 1000.0, seed: int = 0
) -> StaticFigure:
    """Ramp of excitation from 0 to maximum: spike raster (recruitment order) and total force."""
    pool, res = ramp_trial(ramp_ms, hold_ms, seed)
    numbers = recruitment_numbers(ramp_ms, hold_ms, seed)
    t_s = res.t_ms / 1000.0
    force = res.force / res.force.max()
    with course_style():
        fig, (ax_s, ax_f) = new_figure(9.0, 6.0, 2, 1, sharex=True, height_ratios=[1.6, 1])
        for u in range(0, pool.n_units, 3):
            s = res.spike_times_ms[u]
            ax_s.plot(
                s / 1000.0, np.full(s.shape, u + 1), "|", color=OKABE_ITO["blue"], markersize=2.5
            )
        ax_s.set_ylabel("unit number\n(every 3rd unit)")
        ax_s.set_title("Ramp of excitation: units join in order (raster) and force climbs")
        ax_s.set_ylim(0, pool.n_units + 2)
        ax_f.plot(t_s, force, color=OKABE_ITO["vermillion"], label="total force")
        ax_f.plot(
            t_s,
            res.excitation / pool.max_excitation,
            color="black",
            linestyle="--",
            linewidth=1.2,
            label="excitation",
        )
        ax_f.set_xlabel("time (s)")
        ax_f.set_ylabel("fraction of maximum")
        ax_f.legend(loc="upper left", frameon=False)
    t_all = numbers["time_all_recruited_ms"] / 1000.0
    f_all = numbers["force_at_full_recruitment_fraction"]
    half_units = numbers["units_recruited_at_half_excitation"]
    alt = (
        f"Top, a raster of spikes of every third unit of the {pool.n_units}-unit model during a "
        f"{ramp_ms / 1000:g} s linear ramp of excitation followed by a {hold_ms / 1000:g} s hold. Units start "
        f"firing strictly in order of their number; {half_units} of the {pool.n_units} units have joined "
        f"halfway up the ramp and the last joins at {t_all:.1f} s. Bottom, total force (relative to its "
        f"maximum) rises ever more steeply; when the last unit is recruited it is at {f_all:.0%} of the "
        "maximum, and the rest comes from rate coding as all units speed up to their peak rates."
    )
    return show_figure(
        fig, alt, caption="A ramp of excitation: motor units join in order and force climbs"
    )
