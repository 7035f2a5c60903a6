"""Figures for the chapter "Muscle and the motor unit" (chapter 1); chapter 4 shows the twitch and
pool figures again.

Every figure function returns a :class:`~widgets.figures.render.StaticFigure` whose alt text is written
from the plotted data. The numbers come from :mod:`widgets.physiology.mechanics` (the sarcomere
length-tension relation, ``gordon1966``) and :mod:`widgets.physiology.motor_units` (the motor-unit
pool and its twitches, ``fuglevand1993``).
"""

from __future__ import annotations

import numpy as np

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import OKABE_ITO, course_style, new_figure
from widgets.physiology.mechanics import (
    ASCENDING_KINK_UM,
    ASCENDING_ZERO_UM,
    FILAMENTS_UM,
    PLATEAU_START_UM,
    plateau_end_um,
    relative_tension,
    zero_overlap_um,
)
from widgets.physiology.motor_units import (
    MotorUnitPool,
    pool_or_default,
    recruitment_share,
    twitch_summary,
)


def length_tension_figure() -> StaticFigure:
    """Sarcomere length-tension relation (after ``gordon1966``) with its three regions."""
    s = np.linspace(1.1, 3.9, 561)
    f = relative_tension(s)
    p_end, z = plateau_end_um(), zero_overlap_um()
    with course_style():
        fig, ax = new_figure(7.0, 3.6)
        ax.axvspan(PLATEAU_START_UM, p_end, color="#DDDDDD", label="plateau: maximal overlap")
        ax.plot(
            s[s < PLATEAU_START_UM],
            f[s < PLATEAU_START_UM],
            color=OKABE_ITO["orange"],
            ls="--",
            label="ascending limb (shape schematic)",
        )
        ax.plot(
            s[s >= PLATEAU_START_UM],
            f[s >= PLATEAU_START_UM],
            color=OKABE_ITO["blue"],
            label="plateau and descending limb (overlap)",
        )
        for x in (PLATEAU_START_UM, p_end, z):
            ax.axvline(x, color="#777777", lw=0.8, ls=":")
        ax.annotate(
            "filaments just\nstop overlapping",
            xy=(z, 0.0),
            xytext=(3.0, 0.55),
            arrowprops={"arrowstyle": "->", "color": "#444444"},
            fontsize=10,
        )
        ax.annotate(
            "thin filaments\ncollide, thick ones\nreach the Z-discs",
            xy=(1.6, 0.6),
            xytext=(1.12, 0.12),
            fontsize=10,
        )
        ax.set_xlim(1.1, 3.9)
        ax.set_ylim(0, 1.12)
        ax.set_xlabel("sarcomere length (µm)")
        ax.set_ylabel("tetanic tension (fraction of maximum)")
        ax.set_title("Force depends on filament overlap (frog fibres)")
        ax.legend(loc="upper right", frameon=False, fontsize=9)
    alt = (
        "Line plot of isometric tetanic tension against sarcomere length. Tension is maximal on a "
        f"plateau from {PLATEAU_START_UM:.2f} to {p_end:.2f} µm, where every myosin head can reach an "
        f"actin filament; it falls in a straight line to zero at {z:.2f} µm, where the thick filaments "
        f"({FILAMENTS_UM['thick']:.2f} µm long) and the thin filaments ({FILAMENTS_UM['thin']:.2f} µm "
        "from the tip of one to the tip of its partner across the Z-disc) no longer overlap; and below "
        "the plateau it falls, slowly at first and then steeply below "
        f"{ASCENDING_KINK_UM:.2f} µm, towards zero near {ASCENDING_ZERO_UM:.2f} µm, as thin filaments "
        "collide and thick filaments reach the Z-discs. The ascending limb is drawn dashed because "
        "its exact shape is schematic."
    )
    return show_figure(
        fig,
        alt,
        caption="Length–tension relation: force depends on the overlap of thick and thin filaments",
    )


def twitch_figure(pool: MotorUnitPool | None = None) -> StaticFigure:
    """Twitches of the smallest (slow) and largest (fast) unit of the pool: absolute and normalised."""
    summary = twitch_summary(pool)
    small, large = summary["smallest"], summary["largest"]
    colours = {"smallest": OKABE_ITO["blue"], "largest": OKABE_ITO["vermillion"]}
    with course_style():
        fig, (ax1, ax2) = new_figure(8.0, 3.4, ncols=2)
        for label, d in summary.items():
            sel = d["t_ms"] <= 400
            name = f"unit {d['unit']} ({label})"
            ax1.plot(d["t_ms"][sel], d["force"][sel], color=colours[label], label=name)
            ax2.plot(
                d["t_ms"][sel], d["force"][sel] / d["peak_force"], color=colours[label], label=name
            )
            ax2.axvline(d["contraction_time_ms"], color=colours[label], lw=0.8, ls=":")
        ax1.set_yscale("log")
        ax1.set_ylim(0.05, 200)
        ax1.set_title("Twitch force (log scale)")
        ax1.set_ylabel("force (smallest twitch ≈ 1)")
        ax2.set_title("Normalised: the small unit is slower")
        ax2.set_ylabel("force / peak")
        for ax in (ax1, ax2):
            ax.set_xlabel("time after the action potential (ms)")
        ax2.legend(loc="upper right", frameon=False, fontsize=9)
    ratio = large["peak_force"] / small["peak_force"]
    alt = (
        "Two panels showing the twitch, the force after a single action potential, of the smallest "
        "and the largest motor unit of the model pool. Left, on a log scale: the largest twitch "
        f"peaks at {large['peak_force']:.0f} (arbitrary force units), about {ratio:.0f} times the smallest "
        f"({small['peak_force']:.2f}). Right, each normalised to its peak: the largest unit peaks after "
        f"{large['contraction_time_ms']:.0f} ms and falls to half within {large['half_relaxation_ms']:.0f} ms "
        f"more, the smallest peaks after {small['contraction_time_ms']:.0f} ms and takes "
        f"{small['half_relaxation_ms']:.0f} ms to halve."
    )
    return show_figure(
        fig, alt, caption="Twitches of the smallest and the largest motor unit of the model pool"
    )


def pool_figure(pool: MotorUnitPool | None = None) -> StaticFigure:
    """Properties of the Fuglevand pool: thresholds, twitch sizes, contraction times, rate coding."""
    pool = pool_or_default(pool)
    i = np.arange(1, pool.n_units + 1)
    e = np.linspace(0.0, pool.max_excitation, 400)
    show = sorted(
        {0, pool.n_units // 4, pool.n_units // 2, (3 * pool.n_units) // 4, pool.n_units - 1}
    )
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
        for k, colour in zip(
            show,
            [
                OKABE_ITO[x]
                for x in ("blue", "bluish_green", "orange", "reddish_purple", "vermillion")
            ],
        ):
            d.plot(
                e, np.where(rates[k] > 0, rates[k], np.nan), color=colour, label=f"unit {k + 1}"
            )
        d.set_xlabel("excitation (units of the model)")
        d.set_ylabel("firing rate (Hz)")
        d.set_title(f"Rate coding: {pool.min_rate_hz:g} Hz at recruitment, then a cap")
        d.set_ylim(0, 40)
        d.legend(loc="lower right", frameon=False, fontsize=9, ncol=2)
    alt = (
        f"Four panels describing the {pool.n_units}-unit model pool. Recruitment thresholds rise exponentially "
        f"with unit number from {pool.recruitment_threshold[0]:.2f} to {pool.recruitment_threshold[-1]:.0f} "
        "excitation units (the model's measure of the net synaptic drive to the pool), so most units have low thresholds. Peak twitch forces rise from "
        f"{pool.peak_twitch[0]:.2f} to {pool.peak_twitch[-1]:.0f} (about "
        f"{pool.peak_twitch[-1] / pool.peak_twitch[0]:.0f}-fold), and contraction times fall from "
        f"{pool.contraction_time_ms[0]:.0f} to {pool.contraction_time_ms[-1]:.0f} ms. In the last panel "
        f"each shown unit starts firing at {pool.min_rate_hz:.0f} Hz when excitation reaches its "
        f"threshold, speeds up by {pool.rate_gain_hz_per_unit:g} Hz per excitation unit and levels off at "
        f"its peak rate, from {pool.peak_rate_hz[0]:.0f} Hz for the first unit to "
        f"{pool.peak_rate_hz[-1]:.0f} Hz for the last; excitation runs to {pool.max_excitation:.0f}."
    )
    return show_figure(
        fig,
        alt,
        caption="The model motor-unit pool: thresholds, twitch sizes, contraction times and rate coding",
    )


def recruitment_share_figure(pool: MotorUnitPool | None = None) -> StaticFigure:
    """Share of units and share of twitch force recruited as excitation rises (size principle)."""
    pool = pool_or_default(pool)
    e = np.linspace(0.0, float(pool.recruitment_threshold[-1]) * 1.02, 400)
    shares = np.array([recruitment_share(x, pool) for x in e])
    half_units = float(
        np.sort(pool.recruitment_threshold)[pool.n_units // 2 - 1]
    )  # the unit that makes half
    _u_half, f_half = recruitment_share(half_units, pool)
    with course_style():
        fig, ax = new_figure(7.0, 3.6)
        ax.plot(e, 100 * shares[:, 0], color=OKABE_ITO["blue"], label="motor units recruited")
        ax.plot(
            e,
            100 * shares[:, 1],
            color=OKABE_ITO["vermillion"],
            ls="--",
            label="share of the pool's twitch force",
        )
        ax.axvline(half_units, color="#777777", lw=0.8, ls=":")
        ax.set_xlabel("excitation of the motor-neuron pool (arbitrary units)")
        ax.set_ylabel("percent of the pool")
        ax.set_ylim(0, 105)
        ax.set_title("Size principle: many small units first, few large units last")
        ax.legend(loc="upper left", frameon=False)
    alt = (
        "Line plot against the excitation of the motor-neuron pool. The percentage of motor units "
        "recruited climbs quickly at low excitation and more slowly later; the percentage of the "
        "pool's twitch force those units hold lags far behind. When half the units are recruited "
        f"(excitation {half_units:.1f}), they hold only {100 * f_half:.0f} % of the twitch force; the "
        "last, largest units add most of the force."
    )
    return show_figure(
        fig,
        alt,
        caption="Size principle: the share of units and of twitch force recruited as excitation rises",
    )
