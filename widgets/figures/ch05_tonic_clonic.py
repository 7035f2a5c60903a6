"""Figures of chapter 5, "Tonic versus clonic".

The firing patterns come from :mod:`widgets.physiology.patterns` (voluntary contraction after
``fuglevand1993``; tonic cramp after ``minetto2009``;
clonus at 3-7 Hz after ``walsh1976`` and ``rack1984``; an illustrative tetany pattern), and force
from :func:`widgets.physiology.patterns.pattern_force`. Each figure function returns a
:class:`widgets.figures.render.StaticFigure` whose alt text is written from the data drawn.
"""

from __future__ import annotations

import numpy as np

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import NORMAL_BAND, PATTERN_COLOURS, course_style, new_figure
from widgets.physiology import pattern_force, tonic_cramp
from widgets.physiology.force import fusion_rate_hz
from widgets.physiology.motor_units import FAST_T_MS, SLOW_T_MS
from widgets.physiology.patterns import (
    CLASSIC_NEEDLE_EMG_MAX_HZ,
    CLONIC_SWING,
    CLONUS_RANGE_HZ,
    CRAMP_INSTANTANEOUS_RANGE_HZ,
    CRAMP_RATE_CLIP_SD,
    CRAMP_RATE_MEAN_HZ,
    CRAMP_RATE_SD_HZ,
    EXAMPLE_CLONUS_HZ,
    EXAMPLE_T_STOP_MS,
    EXAMPLE_VOLUNTARY_DRIVE,
    VOLUNTARY_RANGE_HZ,
    example_patterns,
    summarise,
)

_DRIVE = f"{100 * EXAMPLE_VOLUNTARY_DRIVE:.0f} % excitation"
_TITLES = {
    "voluntary": f"Voluntary contraction ({_DRIVE})",
    "cramp": "Cramp (tonic, involuntary)",
    "clonus": f"Clonus at {EXAMPLE_CLONUS_HZ:g} Hz (clonic)",
    "tetany": "Tetany (illustrative)",
}
_LABELS = {
    "voluntary": f"voluntary contraction at {_DRIVE}",
    "cramp": "cramp",
    "clonus": f"clonus at {EXAMPLE_CLONUS_HZ:g} Hz",
    "tetany": "illustrative tetany",
}


def patterns_figure(
    t_stop_ms: float = EXAMPLE_T_STOP_MS, seed: int = 0, show_ms: float = EXAMPLE_T_STOP_MS
) -> StaticFigure:
    """Spike rasters (left) and force (right) for voluntary, cramp, clonus and tetany patterns.

    The numbers are :func:`~widgets.physiology.patterns.summarise` of each pattern, the values
    the TonicClonicExplorer reports for the same run."""
    pats = example_patterns(float(t_stop_ms), int(seed))
    sums = [summarise(p) for p in pats]
    with course_style():
        fig, axes = new_figure(10.0, 8.6, 4, 2, sharex=True)
        for row, (p, s) in enumerate(zip(pats, sums)):
            ax_r, ax_f = axes[row]
            colour = PATTERN_COLOURS[p.name]
            step = max(1, p.n_units // 30)
            shown = list(range(0, p.n_units, step))
            for j, u in enumerate(shown):
                sp = p.spike_times_ms[u]
                sp = sp[sp <= show_ms]
                ax_r.plot(sp, np.full(sp.shape, j + 1), "|", color=colour, markersize=3)
            ax_r.set_ylim(0, len(shown) + 1)
            ax_r.set_ylabel("unit" if step == 1 else f"unit\n(every {step}th)")
            ax_r.set_title(_TITLES[p.name], fontsize=11, loc="left")
            t, f = pattern_force(p)
            keep = t <= show_ms
            ax_f.plot(t[keep], f[keep], color=colour)
            ax_f.set_ylim(0, 1.15 * f[keep].max())
            ax_f.set_ylabel("force (a.u.)")
            ax_f.set_title(f"force swing {s.force_swing:.0%} of its mean", fontsize=11, loc="left")
        axes[-1, 0].set_xlabel("time (ms)")
        axes[-1, 1].set_xlabel("time (ms)")
        axes[-1, 0].set_xlim(0, show_ms)
    parts = []
    for s in sums:
        if s.name == "clonus":
            detail = f"all {s.n_units} units fire short bursts together, and the force oscillates at {s.dominant_hz:.1f} Hz"
        elif s.name == "tetany":
            detail = (
                f"each of the {s.n_units} units fires doublets and triplets on its own schedule"
            )
        else:
            detail = (
                f"{s.active_units} of {s.n_units} units fire at a mean {s.mean_rate_hz:.1f} Hz"
            )
        kind = "tonic" if s.tonic else "clonic"
        parts.append(
            f"{_LABELS[s.name]}: {detail}; the force swings by {s.force_swing:.0%} of its mean, {kind}"
        )
    alt = (
        f"Four rows, each a spike raster on the left and the resulting force on the right over {show_ms / 1000:g} s; "
        f"the swing of the force is the range from its 5th to its 95th percentile, and a swing above "
        f"{CLONIC_SWING:.0%} of the mean marks a clonic pattern. "
        + "; ".join(parts)[:1].upper()
        + "; ".join(parts)[1:]
        + ". Voluntary contraction and cramp give sustained, fairly smooth force; clonus gives regular jerks with "
        "near-silent gaps; tetany gives irregular bursts of doublets and triplets over a sustained force."
    )
    return show_figure(
        fig,
        alt,
        caption="Spike rasters and force of a voluntary contraction, a cramp, clonus and tetany",
    )


def cramp_rates_figure(
    n_units: int = 60, t_stop_ms: float = 10000.0, seed: int = 1
) -> StaticFigure:
    """Histogram of model cramp firing rates, and a map of the frequency ranges met in this chapter."""
    p = tonic_cramp(t_stop_ms, n_units=n_units, seed=seed)
    rates = p.active_rates_hz()
    lo, hi = CRAMP_INSTANTANEOUS_RANGE_HZ
    slow_fuse, fast_fuse = fusion_rate_hz(SLOW_T_MS), fusion_rate_hz(FAST_T_MS)
    with course_style():
        fig, (ax_h, ax_m) = new_figure(10.0, 3.9, 1, 2, width_ratios=[1, 1.25])
        ax_h.axvspan(
            CRAMP_RATE_MEAN_HZ - CRAMP_RATE_SD_HZ,
            CRAMP_RATE_MEAN_HZ + CRAMP_RATE_SD_HZ,
            color=NORMAL_BAND,
            label="measured mean ± SD",
        )
        ax_h.hist(
            rates,
            bins=np.arange(4.0, 28.0, 2.0),
            color=PATTERN_COLOURS["cramp"],
            alpha=0.85,
            label=f"model, {rates.size} units",
        )
        ax_h.axvline(
            CRAMP_RATE_MEAN_HZ, color="black", linestyle="--", linewidth=1.2, label="measured mean"
        )
        ax_h.set_xlabel("mean firing rate of a unit (Hz)")
        ax_h.set_ylabel("number of units")
        ax_h.set_title("Cramp discharge rates")
        ax_h.set_ylim(0, 1.45 * ax_h.get_ylim()[1])
        ax_h.legend(loc="upper left", frameon=False, fontsize=9, ncol=2)
        bars = [
            ("clonus beats", *CLONUS_RANGE_HZ, PATTERN_COLOURS["clonus"]),
            ("cramp: one unit's range", lo, hi, PATTERN_COLOURS["cramp"]),
            ("voluntary (model)", *VOLUNTARY_RANGE_HZ, PATTERN_COLOURS["voluntary"]),
        ]
        for k, (label, a, b, colour) in enumerate(bars):
            ax_m.plot([a, b], [k, k], color=colour, linewidth=9, solid_capstyle="butt")
            ax_m.text(b * 1.08, k, f"{label} {a:g}–{b:g} Hz", va="center", fontsize=10)
        for x, label, y, ha in (
            (slow_fuse, f"smooth force,\nT = {SLOW_T_MS:g} ms: {slow_fuse:.0f} Hz", -0.8, "right"),
            (fast_fuse, f"smooth force,\nT = {FAST_T_MS:g} ms: {fast_fuse:.0f} Hz", -0.8, "left"),
        ):
            ax_m.axvline(x, color="grey", linestyle=":", linewidth=1.2)
            ax_m.text(x * (0.95 if ha == "right" else 1.05), y, label, ha=ha, va="top", fontsize=9)
        ax_m.plot([CLASSIC_NEEDLE_EMG_MAX_HZ], [3], marker="<", color="black", markersize=9)
        ax_m.text(
            CLASSIC_NEEDLE_EMG_MAX_HZ / 1.1,
            3,
            f"description in circulation:\nup to ~{CLASSIC_NEEDLE_EMG_MAX_HZ:g} Hz (see text)",
            ha="right",
            va="center",
            fontsize=9,
        )
        ax_m.set_xscale("log")
        ax_m.set_xlim(2, 220)
        ax_m.set_ylim(-2.3, 3.8)
        ax_m.set_yticks([])
        ax_m.spines["left"].set_visible(False)
        ax_m.set_xlabel("frequency (Hz, log scale)")
        ax_m.set_title("Where the frequencies lie")
    alt = (
        f"Left, a histogram of the firing rates of {rates.size} model units over {t_stop_ms / 1000:g} s of a cramp: "
        f"they spread from {rates.min():.1f} to {rates.max():.1f} Hz around a mean of {rates.mean():.1f} Hz, over a "
        f"grey band marking the measured {CRAMP_RATE_MEAN_HZ:g} ± {CRAMP_RATE_SD_HZ:g} Hz (the model draws each "
        f"unit's mean rate from that distribution, within {CRAMP_RATE_CLIP_SD:g} standard deviations of its mean; "
        "the irregular intervals move a unit's measured rate a little off the drawn one). Right, a map of frequency ranges "
        f"on a logarithmic axis: clonus beats {CLONUS_RANGE_HZ[0]:g}–{CLONUS_RANGE_HZ[1]:g} Hz lie mostly below the "
        f"rates of a unit in a cramp (measured: its rate typically dips to {lo:g} and peaks at {hi:g} Hz), "
        "which overlap the voluntary range of the model "
        f"({VOLUNTARY_RANGE_HZ[0]:g}–{VOLUNTARY_RANGE_HZ[1]:g} Hz); dotted lines mark where the model's force "
        f"becomes smooth, {slow_fuse:.0f} Hz for chapter 4's slow ({SLOW_T_MS:g} ms) and {fast_fuse:.0f} Hz for its "
        f"fast ({FAST_T_MS:g} ms) example unit; an arrow at "
        f"{CLASSIC_NEEDLE_EMG_MAX_HZ:g} Hz marks the much higher, untraced figure in circulation that the text discusses."
    )
    return show_figure(
        fig, alt, caption="Firing rates in a model cramp, and where this chapter's frequencies lie"
    )
