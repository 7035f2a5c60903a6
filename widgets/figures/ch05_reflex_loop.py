"""Chapter 5's figures of the stretch-reflex loop: clonus and cramp from one circuit.

Every trace comes from :func:`widgets.physiology.reflex_examples.loop_examples` (the runs the
chapter quotes) or :func:`widgets.physiology.emg_signatures.emg_signatures`; each alt text is
written from the data drawn.
"""

from __future__ import annotations

import numpy as np

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import (
    NORMAL_BAND,
    OKABE_ITO,
    PATTERN_COLOURS,
    course_style,
    new_figure,
    raster_xy,
)
from widgets.physiology.emg_signatures import emg_signatures, tetany_calcium_mM
from widgets.physiology.reflex_examples import (
    CLONUS_REFLEX_GAIN,
    CRAMP_TENDON_ORGAN_GAIN,
    loop_examples,
)
from widgets.physiology.reflex_loop import DRIVE_OFF_MS, DRIVE_ON_MS, PUSH_DEG

_GREY = "#777777"


def _raster(ax, spike_times_ms, colour, every: int = 2) -> None:
    """One tick per spike of every ``every``-th unit (one path), time in s."""
    ax.plot(
        *raster_xy(spike_times_ms, every=every, time_scale=1e-3),
        color=colour,
        linewidth=0.7,
        solid_capstyle="butt",
    )
    ax.set_ylim(0, len(spike_times_ms[::every]) + 1)
    ax.set_ylabel(f"unit\n(every {every}nd)" if every == 2 else "unit")


def _emg(ax, trace, colour, top: float) -> None:
    ax.plot(trace.t_ms / 1000.0, trace.emg_mv, color=colour, linewidth=0.6)
    ax.set_ylim(-top, top)
    ax.set_ylabel("EMG (mV)")


def loop_figure() -> StaticFigure:
    """Left: the clonus test, healthy and with a raised reflex gain. Right: the contraction test
    with weak tendon organs, the calf short and long."""
    e = loop_examples()
    short, long_ = e.cramp_short, e.cramp_long
    with course_style():
        fig, axes = new_figure(10.0, 7.6, 3, 2, sharex="col")
        (a1, b1), (a2, b2), (a3, b3) = axes
        for ax, r, colour, name in (
            (a1, e.healthy, _GREY, "healthy loop"),
            (a2, e.clonus, PATTERN_COLOURS["clonus"], f"reflex gain ×{CLONUS_REFLEX_GAIN:g}"),
        ):
            ax.plot(r.trace.t_ms / 1000.0, r.trace.angle_deg, color=colour, linewidth=1.5)
            ax.set_ylim(-12, 14)
            ax.set_ylabel("ankle (°)")
            what = (
                f"sustained clonus, {r.frequency_hz:.1f} Hz"
                if r.beats > 3
                else f"{r.beats} beat, then still"
                if r.beats == 1
                else f"{r.beats} beats, then still"
            )
            ax.set_title(f"Push, {name}: {what}", fontsize=11, loc="left")
        top = 1.1 * max(np.abs(r.trace.emg_mv).max() for r in (e.clonus, short, long_))
        _emg(a3, e.clonus.trace, PATTERN_COLOURS["clonus"], top)
        a3.set_title(
            f"EMG, reflex gain ×{CLONUS_REFLEX_GAIN:g}: a burst per beat", fontsize=11, loc="left"
        )
        a3.set_xlabel("time (s)")
        a3.set_xlim(0, e.clonus.trace.t_ms[-1] / 1000.0)
        for ax in (b1, b2, b3):
            ax.axvspan(DRIVE_ON_MS / 1000.0, DRIVE_OFF_MS / 1000.0, color=NORMAL_BAND, linewidth=0)
        _raster(b1, short.trace.spike_times_ms, PATTERN_COLOURS["cramp"])
        b1.set_title("Contraction, calf short: units fire on", fontsize=11, loc="left")
        _emg(b2, short.trace, PATTERN_COLOURS["cramp"], top)
        b2.set_title(
            f"EMG, calf short: a cramp of {short.sustained_ms / 1000:.1f} s or more",
            fontsize=11,
            loc="left",
        )
        _emg(b3, long_.trace, OKABE_ITO["blue"], top)
        b3.set_title(
            f"EMG, calf long: silent {long_.sustained_ms:.0f} ms after the drive",
            fontsize=11,
            loc="left",
        )
        b3.set_xlabel("time (s)")
        b3.set_xlim(0, short.trace.t_ms[-1] / 1000.0)
    alt = (
        "Six panels from the course's stretch-reflex loop model of the calf. Left, the clonus test: a brisk push "
        f"moves the foot up by {PUSH_DEG:g}°. In the healthy loop the foot makes {e.healthy.beats} beat and is "
        f"still; with the reflex gain raised {CLONUS_REFLEX_GAIN:g} times it beats {e.clonus.beats} times in "
        f"{e.clonus.trace.t_ms[-1] / 1000:g} s, at {e.clonus.frequency_hz:.1f} Hz, to the end of the run, and the EMG "
        "below comes in one burst per beat: clonus, clonic in the beats of the foot and the bursts of the EMG. Right, a strong voluntary contraction (grey "
        f"band, {DRIVE_ON_MS / 1000:g} to {DRIVE_OFF_MS / 1000:g} s) with tendon-organ inhibition weakened to "
        f"{CRAMP_TENDON_ORGAN_GAIN:g} of healthy. With the calf short, {short.unit_rates_hz.size} units go on firing "
        f"after the drive stops, at a mean {e.cramp_mean_rate_hz:.1f} Hz, for the "
        f"{short.sustained_ms / 1000:.1f} s to the end of the run, and the EMG stays dense: a cramp, a tonic pattern. "
        f"With the calf long, the same loop falls silent {long_.sustained_ms:.0f} ms after the drive stops."
    )
    return show_figure(
        fig,
        alt,
        caption="One spinal loop: clonus after a push, a cramp after a contraction of the short calf",
    )


def loop_stretch_figure() -> StaticFigure:
    """The cramp of the short calf, stretched: spikes, force and EMG."""
    e = loop_examples()
    c = e.cramp_stretched
    t = c.trace.t_ms / 1000.0
    with course_style():
        fig, (ax_r, ax_f, ax_e) = new_figure(9.0, 5.6, 3, 1, sharex=True)
        for ax in (ax_r, ax_f, ax_e):
            ax.axvspan(c.stretch_at_ms / 1000.0, t[-1], color=NORMAL_BAND, linewidth=0)
        _raster(ax_r, c.trace.spike_times_ms, PATTERN_COLOURS["cramp"])
        ax_r.set_title(
            f"Stretch from {c.stretch_at_ms / 1000:g} s: the discharge ends "
            f"{e.stretch_ends_after_ms / 1000:.2f} s later",
            fontsize=11,
            loc="left",
        )
        ax_f.plot(t, c.trace.force_n, color=PATTERN_COLOURS["cramp"])
        ax_f.set_ylabel("force (N)")
        ax_f.set_ylim(0, 1.1 * c.trace.force_n.max())
        _emg(ax_e, c.trace, PATTERN_COLOURS["cramp"], 1.1 * np.abs(c.trace.emg_mv).max())
        ax_e.set_xlabel("time (s)")
        ax_e.set_xlim(0, t[-1])
    after = t > c.stretch_at_ms / 1000.0 + 1.0
    alt = (
        "Three traces from the course's stretch-reflex loop model of the calf, with tendon-organ inhibition "
        f"weakened to {CRAMP_TENDON_ORGAN_GAIN:g} of healthy: spikes of every second motor unit, calf force and "
        f"surface EMG over {t[-1]:g} s. A strong contraction of the short calf ends at {DRIVE_OFF_MS / 1000:g} s but "
        f"{c.unit_rates_hz.size} units fire on, a cramp. The calf is stretched from {c.stretch_at_ms / 1000:g} s "
        f"(shaded): the discharge ends {e.stretch_ends_after_ms / 1000:.2f} s after the stretch starts, the EMG "
        f"falls silent and what force remains, about {c.trace.force_n[after].mean():.0f} N, is the passive pull "
        "of the stretched muscle."
    )
    return show_figure(
        fig, alt, caption="Stretching the cramping calf in the loop model ends the discharge"
    )


_SIGNATURE_TITLES = {
    "cramp": "Cramp (loop, calf short)",
    "clonus": "Clonus (loop, raised reflex gain)",
    "contracture": "Contracture (no motor unit fires)",
    "tetany": "Tetany (axon model, low calcium)",
}
_SIGNATURE_COLOURS = {
    "cramp": PATTERN_COLOURS["cramp"],
    "clonus": PATTERN_COLOURS["clonus"],
    "contracture": OKABE_ITO["black"],
    "tetany": PATTERN_COLOURS["tetany"],
}


def signatures_figure() -> StaticFigure:
    """Spikes (left) and surface EMG (right) of cramp, clonus, contracture and tetany, one synthesis."""
    sig = emg_signatures()
    names = ("cramp", "clonus", "contracture", "tetany")
    with course_style():
        fig, axes = new_figure(10.0, 7.6, 4, 2, sharex=True, width_ratios=[1.0, 1.3])
        top = 1.1 * max(np.abs(getattr(sig, n).emg_mv).max() for n in names)
        for row, name in enumerate(names):
            s = getattr(sig, name)
            ax_r, ax_e = axes[row]
            colour = _SIGNATURE_COLOURS[name]
            if any(len(x) for x in s.spike_times_ms):
                _raster(ax_r, s.spike_times_ms, colour)
            else:
                ax_r.set_ylim(0, 61)
                ax_r.set_ylabel("unit\n(every 2nd)")
                ax_r.text(
                    0.5,
                    0.5,
                    "no spikes",
                    transform=ax_r.transAxes,
                    ha="center",
                    va="center",
                    fontsize=11,
                )
            ax_r.set_title(_SIGNATURE_TITLES[name], fontsize=11, loc="left")
            ax_e.plot(s.t_ms / 1000.0, s.emg_mv, color=colour, linewidth=0.6)
            ax_e.set_ylim(-top, top)
            ax_e.set_ylabel("EMG (mV)")
        for ax in axes[-1]:
            ax.set_xlabel("time (s)")
        axes[-1, 0].set_xlim(0, sig.cramp.t_ms[-1] / 1000.0)
    c, k, t = sig.cramp, sig.clonus, sig.tetany
    alt = (
        f"Four rows, each the spikes of the model's motor units (every second unit, where any fire; left) and the surface EMG they "
        f"make (right) over {c.t_ms[-1] / 1000:.0f} s, all with the same EMG synthesis. Cramp, from the stretch-reflex "
        f"loop model with the calf short: {c.active_units} units fire asynchronously at a mean {c.mean_rate_hz:.1f} Hz, "
        f"a dense interference pattern with a steady envelope. Clonus, from the loop with its spindle reflex strengthened: "
        f"{k.active_units} units fire together once per beat, and the EMG comes in bursts, one per beat of the "
        f"{loop_examples().clonus.frequency_hz:.1f} Hz clonus, with silence between them. Contracture: no motor unit fires and the EMG is a flat line, although the muscle "
        f"stays short. Tetany, from the motor-axon model at an ionised calcium of {tetany_calcium_mM():.2f} mmol/L: "
        f"{t.active_units} units each fire groups of spikes, {t.multiplet_fraction:.0%} of spikes in doublets or "
        f"longer multiplets, the groups recurring at {t.burst_hz:.1f} Hz in each unit."
    )
    return show_figure(
        fig,
        alt,
        caption="EMG signatures: cramp, clonus, contracture and tetany from the course's models",
    )
