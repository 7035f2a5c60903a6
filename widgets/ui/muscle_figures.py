"""Figures and small computations for the chapter "Muscle and the motor unit" (chapter 1).

Every figure function returns a :class:`~widgets.ui.figure.StaticFigure` whose alt text is written
from the plotted data. Sources are keys of ``references.bib``:

- ``gordon1966``: sarcomere length-tension relation of frog fibres (filament lengths 1.60 um thick,
  2.05 um thin, bare zone 0.20 um; plateau 2.00-2.25 um; zero tension at 3.65 um; a kink at
  1.67 um and an extrapolated zero near 1.27 um on the ascending limb);
- ``fuglevand1993``: the motor-unit pool (:class:`widgets.physiology.MotorUnitPool`) and its twitch.
"""

from __future__ import annotations

import numpy as np

from widgets.physiology import MotorUnitPool, twitch_force
from widgets.ui.figure import StaticFigure, show_figure
from widgets.ui.style import OKABE_ITO, course_style, new_figure

#: Filament lengths (um) of frog skeletal muscle used by Gordon, Huxley & Julian (1966).
FILAMENTS_UM = {"thick": 1.60, "thin": 2.05, "bare_zone": 0.20}
#: Sarcomere lengths (um) where the length-tension curve changes slope (``gordon1966``).
PLATEAU_START_UM = 2.00
ASCENDING_KINK_UM = 1.67
ASCENDING_ZERO_UM = 1.27
#: Relative tension at the ascending-limb kink: drawn schematically, not a measured value.
ASCENDING_KINK_TENSION = 0.85


def plateau_end_um() -> float:
    """End of the plateau (um): thin filaments reach the bare zone (thin + bare zone = 2.25 um)."""
    return FILAMENTS_UM["thin"] + FILAMENTS_UM["bare_zone"]


def zero_overlap_um() -> float:
    """Sarcomere length (um) at which thick and thin filaments no longer overlap (3.65 um)."""
    return FILAMENTS_UM["thin"] + FILAMENTS_UM["thick"]


def relative_tension(sarcomere_um):
    """Relative isometric tetanic tension (0-1) at sarcomere length ``sarcomere_um`` (um).

    Plateau and descending limb follow the filament-overlap geometry of ``gordon1966``; the
    ascending limb is drawn through their breakpoints with a schematic kink height.
    """
    s = np.asarray(sarcomere_um, dtype=float)
    if np.any(~np.isfinite(s)) or np.any(s <= 0) or np.any(s > 5.0):
        raise ValueError(f"sarcomere_um must be finite lengths in (0, 5] um (got {sarcomere_um!r})")
    xs = [ASCENDING_ZERO_UM, ASCENDING_KINK_UM, PLATEAU_START_UM, plateau_end_um(), zero_overlap_um()]
    ys = [0.0, ASCENDING_KINK_TENSION, 1.0, 1.0, 0.0]
    out = np.interp(s, xs, ys, left=0.0, right=0.0)
    return float(out) if out.ndim == 0 else out


def length_tension_figure() -> StaticFigure:
    """Sarcomere length-tension relation (after ``gordon1966``) with its three regions."""
    s = np.linspace(1.1, 3.9, 561)
    f = relative_tension(s)
    p_end, z = plateau_end_um(), zero_overlap_um()
    with course_style():
        fig, ax = new_figure(7.0, 3.6)
        ax.axvspan(PLATEAU_START_UM, p_end, color="#DDDDDD", label="plateau: maximal overlap")
        ax.plot(s[s < PLATEAU_START_UM], f[s < PLATEAU_START_UM], color=OKABE_ITO["orange"], ls="--",
                label="ascending limb (shape schematic)")
        ax.plot(s[s >= PLATEAU_START_UM], f[s >= PLATEAU_START_UM], color=OKABE_ITO["blue"],
                label="plateau and descending limb (overlap)")
        for x in (PLATEAU_START_UM, p_end, z):
            ax.axvline(x, color="#777777", lw=0.8, ls=":")
        ax.annotate("filaments just\nstop overlapping", xy=(z, 0.0), xytext=(3.0, 0.55),
                    arrowprops={"arrowstyle": "->", "color": "#444444"}, fontsize=10)
        ax.annotate("thin filaments\ncollide, thick ones\nreach the Z-discs", xy=(1.6, 0.6),
                    xytext=(1.12, 0.12), fontsize=10)
        ax.set_xlim(1.1, 3.9)
        ax.set_ylim(0, 1.12)
        ax.set_xlabel("sarcomere length (µm)")
        ax.set_ylabel("tetanic tension (fraction of maximum)")
        ax.set_title("Force depends on filament overlap (frog fibres)")
        ax.legend(loc="upper right", frameon=False, fontsize=9)
    alt = (
        "Line plot of isometric tetanic tension against sarcomere length. Tension is maximal on a "
        f"plateau from {PLATEAU_START_UM:.2f} to {p_end:.2f} µm, where every myosin head can reach an "
        f"actin filament; it falls in a straight line to zero at {z:.2f} µm, where thick and thin "
        f"filaments ({FILAMENTS_UM['thick']:.2f} and {FILAMENTS_UM['thin']:.2f} µm long) no longer "
        "overlap; and below the plateau it falls, slowly at first and then steeply below "
        f"{ASCENDING_KINK_UM:.2f} µm, towards zero near {ASCENDING_ZERO_UM:.2f} µm, as thin filaments "
        "collide and thick filaments reach the Z-discs. The ascending limb is drawn dashed because "
        "its exact shape is schematic."
    )
    return show_figure(fig, alt)


def twitch_summary(pool: MotorUnitPool | None = None, dt_ms: float = 0.1) -> dict:
    """Peak force, contraction time and half-relaxation time (ms) of the smallest and largest unit."""
    pool = pool or MotorUnitPool()
    t = np.arange(0.0, 600.0 + dt_ms / 2, dt_ms)
    out = {}
    for label, i in (("smallest", 0), ("largest", pool.n_units - 1)):
        t_c = float(pool.contraction_time_ms[i])
        f = twitch_force([0.0], t, t_c, float(pool.peak_twitch[i]), window_T=30.0)
        k = int(np.argmax(f))
        after = np.nonzero(f[k:] <= f[k] / 2)[0]
        out[label] = {
            "unit": i + 1,
            "peak_force": float(f[k]),
            "contraction_time_ms": t_c,
            "half_relaxation_ms": float(t[k + after[0]] - t[k]),
            "t_ms": t,
            "force": f,
        }
    return out


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
            ax2.plot(d["t_ms"][sel], d["force"][sel] / d["peak_force"], color=colours[label], label=name)
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
    alt = (
        "Two panels showing the twitch, the force after a single action potential, of the smallest "
        f"and the largest motor unit of the model pool. Left, on a log scale: the largest twitch "
        f"peaks at {large['peak_force']:.0f} units, about {large['peak_force'] / small['peak_force']:.0f} "
        f"times the smallest ({small['peak_force']:.2f}). Right, each normalised to its peak: the "
        f"largest unit peaks after {large['contraction_time_ms']:.0f} ms and falls to half within "
        f"{large['half_relaxation_ms']:.0f} ms more, the smallest peaks after "
        f"{small['contraction_time_ms']:.0f} ms and takes {small['half_relaxation_ms']:.0f} ms to halve."
    )
    return show_figure(fig, alt)


def pool_properties_figure(pool: MotorUnitPool | None = None) -> StaticFigure:
    """Recruitment threshold, peak twitch and contraction time of each unit of the pool."""
    pool = pool or MotorUnitPool()
    i = np.arange(1, pool.n_units + 1)
    rte, p, t_c = pool.recruitment_threshold, pool.peak_twitch, pool.contraction_time_ms
    with course_style():
        fig, axes = new_figure(9.0, 3.2, ncols=3)
        panels = (
            (rte, "recruitment threshold\n(excitation units)", "Recruited later", OKABE_ITO["blue"]),
            (p, "peak twitch force\n(smallest ≈ 1)", "Stronger", OKABE_ITO["vermillion"]),
            (t_c, "contraction time (ms)", "Faster", OKABE_ITO["bluish_green"]),
        )
        for ax, (y, ylabel, title, colour) in zip(axes, panels):
            ax.plot(i, y, color=colour)
            ax.set_xlabel("unit (small → large)")
            ax.set_ylabel(ylabel)
            ax.set_title(title)
        axes[1].set_yscale("log")
    alt = (
        f"Three panels over the {pool.n_units} motor units of the model pool, numbered from small to "
        f"large. Recruitment threshold rises exponentially from {rte[0]:.2f} to {rte[-1]:.0f} "
        f"excitation units; peak twitch force rises exponentially, a straight line on the log axis, "
        f"from {p[0]:.2f} to {p[-1]:.0f}; contraction time falls from {t_c[0]:.0f} ms to "
        f"{t_c[-1]:.0f} ms. Units recruited later are stronger and faster."
    )
    return show_figure(fig, alt)


def recruitment_share(excitation, pool: MotorUnitPool | None = None) -> tuple[float, float]:
    """(fraction of units recruited, fraction of the pool's summed peak twitch force they hold)."""
    pool = pool or MotorUnitPool()
    e = float(excitation)
    on = pool.recruitment_threshold <= e
    return float(on.mean()), float(pool.peak_twitch[on].sum() / pool.peak_twitch.sum())


def recruitment_share_figure(pool: MotorUnitPool | None = None) -> StaticFigure:
    """Share of units and share of twitch force recruited as excitation rises (size principle)."""
    pool = pool or MotorUnitPool()
    e = np.linspace(0.0, float(pool.recruitment_threshold[-1]) * 1.02, 400)
    shares = np.array([recruitment_share(x, pool) for x in e])
    half_units = float(np.interp(0.5, shares[:, 0], e))
    u_half, f_half = recruitment_share(half_units, pool)
    with course_style():
        fig, ax = new_figure(7.0, 3.6)
        ax.plot(e, 100 * shares[:, 0], color=OKABE_ITO["blue"], label="motor units recruited")
        ax.plot(e, 100 * shares[:, 1], color=OKABE_ITO["vermillion"], ls="--",
                label="share of the pool's twitch force")
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
    return show_figure(fig, alt)
