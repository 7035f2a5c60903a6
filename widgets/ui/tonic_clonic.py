"""TonicClonicExplorer: clonus and cramp from one spinal loop (:mod:`widgets.physiology.reflex_loop`).

Controls: what happens to the calf (a brisk push of the foot, the clinical clonus test; a strong
calf contraction that then stops; a contracture, where the calf stays short with no nerve
activity), the loop's four parameters relative to a healthy adult (reflex gain, loop delay,
tendon-organ gain, persistent-current strength), the calf's length during the contraction, and a
stretch of the calf from 4 s on. The figure shows the ankle angle, a spike raster of the calf's motor
units, the calf's force and the synthetic surface EMG. Nothing is drawn from a prescribed pattern:
every spike comes from the loop (``hidler1999``, ``ross1995``, ``khan2007``, ``minetto2013``).

Model runs are cached per setting and the neighbouring settings are computed ahead.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from widgets.figures.style import (
    OKABE_ITO,
    PATTERN_COLOURS,
    course_style,
    fixed_lines,
    fixed_ylabel,
    new_figure,
    raster_xy,
)
from widgets.physiology.reflex_examples import (
    STRETCH_AT_MS,
)
from widgets.physiology.reflex_loop import (
    DRIVE_OFF_MS,
    DRIVE_ON_MS,
    HEALTHY_LOOP_DELAY_MS,
    PUSH_DEG,
    PUSH_START_MS,
    calf_pool,
)
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import checkbox, float_slider, scenario, toggle
from widgets.ui.tonic_clonic_runs import T_STOP_MS, LoopView, run, setting

ACTIONS = {
    "push": "brisk push of the foot",
    "contract": "strong contraction, then relax",
    "contracture": "contracture (no nerve activity)",
}
LENGTHS = {"short": "calf short (foot pointed)", "long": "calf long (foot pulled up)"}
#: Length of each action's run (ms): the chapter's runs (:mod:`widgets.physiology.reflex_examples`).
_PUSH_AXES = {"angle_deg": (-15.0, 15.0), "force_n": (0.0, 400.0), "emg_mv": (-3.5, 3.5)}
_CONTRACTION_AXES = {"angle_deg": (-35.0, 30.0), "force_n": (0.0, 4000.0), "emg_mv": (-3.5, 3.5)}
#: Axes of each action, fixed so that the picture of one setting compares with the next (traces that
#: leave them are clipped): ankle angle (deg), force (N), EMG (mV); the time axis is the run.
AXES = {"push": _PUSH_AXES, "contract": _CONTRACTION_AXES, "contracture": _CONTRACTION_AXES}


def axes_key(action: str) -> tuple:
    """What the background of ``action`` depends on: its axes and the length of its run."""
    return tuple(AXES[action].items()), T_STOP_MS[action]


STRETCH_SHADE, DRIVE_SHADE = "#E8F1F8", "#F1F1F1"
COLOURS = {
    "push": PATTERN_COLOURS["clonus"],
    "contract": PATTERN_COLOURS["cramp"],
    "contracture": OKABE_ITO["black"],
}


#: The EMG is drawn as the minimum and maximum of this many bins (more than the picture's pixels).
EMG_DRAWN_SAMPLES = 1600


def min_max_envelope(t, y, n_bins: int):
    """(t, y) of the minimum and maximum of ``y`` in each of ``n_bins`` bins, interleaved: the same
    picture as every sample when the bins are narrower than a pixel, at a fraction of the points."""
    per = max(1, len(y) // n_bins)
    n = (len(y) // per) * per
    if per == 1:
        return t, y
    blocks = y[:n].reshape(-1, per)
    tt = t[:n].reshape(-1, per)[:, [0, -1]].ravel()
    lo_first = blocks.argmin(axis=1) < blocks.argmax(axis=1)
    pair = np.where(
        lo_first[:, None],
        np.column_stack([blocks.min(1), blocks.max(1)]),
        np.column_stack([blocks.max(1), blocks.min(1)]),
    )
    return tt, pair.ravel()


class TonicClonicExplorer(ModelView):
    """Clonus and cramp from one stretch-reflex loop: ankle, raster, force and EMG."""

    title = "Tonic or clonic?"
    #: one background per set of axes (see :data:`AXES` and :data:`T_STOP_MS`)
    BACKGROUNDS = len({axes_key(a) for a in ACTIONS})
    demo = Demo("reflex_gain", 3.0, {"action": "push"})
    LAYOUTS = ("wide", "phone")
    caches = (run,)
    SCENARIOS = dict(
        (
            ("Healthy reflex after a brisk push", {"action": "push"}),
            scenario("Clonus: reflex gain ×{reflex_gain}", action="push", reflex_gain=3.0),
            scenario(
                "Clonus with persistent currents ×{pic_gain}",
                action="push",
                reflex_gain=3.0,
                pic_gain=2.0,
            ),
            scenario(
                "Cramp in a shortened calf (tendon-organ gain {tendon_organ_gain})",
                action="contract",
                tendon_organ_gain=0.2,
                muscle_length="short",
            ),
            (
                "Stretch ends the cramp",
                {
                    "action": "contract",
                    "tendon_organ_gain": 0.2,
                    "muscle_length": "short",
                    "stretch": True,
                },
            ),
            ("Contracture: short calf, silent EMG", {"action": "contracture"}),
        )
    )
    SWEEP_CONTEXT = {
        "loop_delay_ms": {"action": "push", "reflex_gain": 3.0},
        "tendon_organ_gain": {"action": "contract", "muscle_length": "short"},
        "pic_gain": {"action": "contract", "tendon_organ_gain": 0.2},
        "muscle_length": {"action": "contract", "tendon_organ_gain": 0.2},
        "stretch": {"action": "contract", "tendon_organ_gain": 0.2},
    }

    def build_controls(self):
        return {
            "action": toggle(
                "push", [(label, key) for key, label in ACTIONS.items()], "what happens"
            ),
            "reflex_gain": float_slider(1.0, 0.5, 4.0, 0.5, "reflex gain", "× healthy", ".1f"),
            "loop_delay_ms": float_slider(
                HEALTHY_LOOP_DELAY_MS, 30.0, 90.0, 10.0, "loop delay", "ms", ".0f"
            ),
            "tendon_organ_gain": float_slider(
                1.0, 0.0, 1.5, 0.1, "tendon-organ gain", "× healthy", ".1f"
            ),
            "pic_gain": float_slider(1.0, 0.0, 3.0, 0.5, "persistent current", "× healthy", ".1f"),
            "muscle_length": toggle(
                "short", [(label, key) for key, label in LENGTHS.items()], "calf length"
            ),
            "stretch": checkbox(
                False, f"stretch the calf at {STRETCH_AT_MS / 1000:g} s (after a contraction)"
            ),
        }

    def __init__(self, *, layout: str = "wide", **initial):
        super().__init__(layout=layout, **initial)
        self._draw_other_backgrounds()

    def _draw_other_backgrounds(self) -> None:
        """Draw once, now, the axes of the actions not shown, so that the first switch of the menu
        only redraws the traces (the blitter keeps one background per set of axes)."""
        shown = self.values["action"]
        others = {axes_key(a): a for a in ACTIONS}
        others.pop(axes_key(shown))
        for action in others.values():
            self._set_axes(action)
            self.blitter.png()
        self._set_axes(shown)
        self.blitter.png()

    def _set_axes(self, action: str) -> None:
        limits = AXES[action]
        self.ax_a.set_ylim(*limits["angle_deg"])
        self.ax_f.set_ylim(*limits["force_n"])
        self.ax_e.set_ylim(*limits["emg_mv"])
        self.ax_e.set_xlim(0.0, T_STOP_MS[action] / 1000.0)

    #: the picture's layouts (issue 21): size, text sizes (pt), the y labels' distance from the axes (pt, room for
    #: the widest tick label of any action: the layout is laid out once) and the headline's line length
    FIGURE: ClassVar[dict] = {
        "wide": dict(size=(8.0, 6.4), title=12, note=10.5, ylabel_pt=40, title_chars=None),
        "phone": dict(size=(4.0, 5.8), title=10, note=8.5, ylabel_pt=31, title_chars=46),
    }

    def build_figure(self):
        L = self.FIGURE[self.layout]
        with course_style(self.layout):
            fig, axes = new_figure(
                *L["size"], 4, 1, sharex=True, gridspec_kw={"height_ratios": [0.8, 1.2, 0.9, 0.9]}
            )
            self.ax_a, self.ax_r, self.ax_f, self.ax_e = axes
            (self.angle_line,) = self.ax_a.plot([], [], linewidth=1.6, color=OKABE_ITO["black"])
            self.ax_a.set_ylabel("ankle (°)")
            self.title_text = self.ax_a.set_title("", fontsize=L["title"], loc="left")
            (self.raster,) = self.ax_r.plot(
                [], [], linewidth=0.8, solid_capstyle="butt", snap=True
            )
            self.ax_r.set_ylabel("motor unit")
            n_units = calf_pool().n_units
            self.ax_r.set_ylim(0.0, n_units + 1.0)
            self.ax_r.set_yticks([1, n_units], ["1", str(n_units)])
            (self.force_line,) = self.ax_f.plot([], [], linewidth=1.6)
            self.ax_f.set_ylabel("force (N)")
            (self.emg_line,) = self.ax_e.plot([], [], linewidth=0.6)
            self.ax_e.set_ylabel("EMG (mV)")
            self.ax_e.set_xlabel("time (s)")
            for ax in axes:
                fixed_ylabel(ax, L["ylabel_pt"])
            self.spans = [
                ax.axvspan(0.0, 0.0, color=DRIVE_SHADE, linewidth=0, zorder=0) for ax in axes
            ]
            self.note = self.ax_r.text(
                0.99,
                0.96,
                "",
                transform=self.ax_r.transAxes,
                ha="right",
                va="top",
                fontsize=L["note"],
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
        # fixed axes for each action (the live view keeps one background per action)
        self.dynamic = [
            *self.spans,
            self.angle_line,
            self.raster,
            self.force_line,
            self.emg_line,
            self.note,
            self.title_text,
        ]
        return fig

    def look_ahead(self, upcoming: list[dict]) -> None:
        run.ahead(*{setting(v) for v in upcoming})

    def compute(self, **values):
        outcome = run(*setting(values))
        return LoopView(dict(values), outcome)

    # --- what the figure says -------------------------------------------------------------------
    def headline(self, v: LoopView) -> str:
        if v.action == "push":
            if v.sustained_clonus:
                return f"sustained clonus at {v.outcome.frequency_hz:.1f} Hz (clonic)"
            beats = v.outcome.beats
            return f"the reflex dies out: {beats} beat{'s' if beats != 1 else ''} after the push"
        if v.action == "contracture":
            return "contracture: the calf stays short, no motor unit fires"
        o = v.outcome
        if v.cramp:
            return f"cramp: firing outlasts the drive by {o.sustained_ms / 1000:.1f} s (tonic)"
        if np.isfinite(v.stretch_end_ms):
            return f"stretch ends the cramp {v.stretch_end_ms / 1000:.2f} s after it starts"
        return f"no cramp: firing stops {o.sustained_ms:.0f} ms after the drive"

    def _settings_text(self, v: LoopView) -> str:
        x = v.values
        text = (
            f"reflex ×{x['reflex_gain']:g}, delay {x['loop_delay_ms']:g} ms, tendon organs "
            f"×{x['tendon_organ_gain']:g}, persistent current ×{x['pic_gain']:g}"
        )
        if v.action == "contract":
            text += f", calf {x['muscle_length']}"
        return text

    def redraw(self, v: LoopView) -> None:
        tr = v.trace
        t_s = tr.t_ms / 1000.0
        colour = COLOURS[v.action]
        self.angle_line.set_data(t_s, tr.angle_deg)
        self._set_axes(v.action)
        self.raster.set_data(*raster_xy(tr.spike_times_ms, half_height=0.45, time_scale=1e-3))
        self.raster.set_color(colour)
        self.force_line.set_data(t_s, tr.force_n)
        self.force_line.set_color(colour)
        self.emg_line.set_data(*min_max_envelope(t_s, tr.emg_mv, EMG_DRAWN_SAMPLES))
        self.emg_line.set_color(colour)
        stretched = v.action == "contract" and v.outcome.stretch_at_ms is not None
        span = (v.outcome.stretch_at_ms, v.t_stop_ms) if stretched else (DRIVE_ON_MS, DRIVE_OFF_MS)
        for patch in self.spans:
            patch.set_x(span[0] / 1000.0)
            patch.set_width((span[1] - span[0]) / 1000.0)
            patch.set_visible(v.action == "contract")
            patch.set_color(STRETCH_SHADE if stretched else DRIVE_SHADE)
        self.title_text.set_text(
            fixed_lines(self.headline(v), self.FIGURE[self.layout]["title_chars"])
        )
        self.note.set_text(self._note(v))

    def _note(self, v: LoopView) -> str:
        if v.action == "push":
            return f"push at {PUSH_START_MS / 1000:g} s"
        if v.action == "contracture":
            return "calf held short; no unit fires;\nforce of a contracture not modelled"
        return (
            "shaded: stretch" if v.outcome.stretch_at_ms is not None else "shaded: voluntary drive"
        )

    def describe(self, v: LoopView) -> str:
        tr = v.trace
        n_active = sum(1 for s in tr.spike_times_ms if len(s))
        panels = (
            f" Four panels over {v.t_stop_ms / 1000:g} s from the stretch-reflex loop model of the calf "
            f"({self._settings_text(v)}): ankle angle, spikes of {len(tr.spike_times_ms)} motor units, calf force and "
            "surface EMG."
        )
        if v.action == "push":
            o = v.outcome
            follow = {0: "no beat of the foot follows", 1: "1 beat of the foot follows"}.get(
                o.beats, f"{o.beats} beats of the foot follow"
            )
            text = f"A brisk push moves the foot up by {PUSH_DEG:g}°; {n_active} units answer and {follow}"
            if v.sustained_clonus:
                text += (
                    f", and they go on to the end of the run at {o.frequency_hz:.1f} Hz: each burst of "
                    "spikes jerks the foot down, the push stretches the calf again, the force rises and "
                    "falls with every beat and the EMG comes in bursts: sustained clonus, clonic in its beats "
                    "and bursts."
                )
            elif v.values["reflex_gain"] >= 1.0:
                text += ": the reflex dies out, as in a healthy calf."
            else:
                text += ": the weakened reflex dies out at once."
            return text + panels
        if v.action == "contracture":
            return (
                "The calf is held short but no motor unit fires, so the EMG is a flat line: in a "
                "contracture the shortening lies in the muscle fibres themselves, not in the nerve drive "
                "(this model has no fibre-level contracture, so it draws no force for it)."
                + panels
            )
        o = v.outcome
        text = (
            f"A strong voluntary contraction from {DRIVE_ON_MS / 1000:g} to {DRIVE_OFF_MS / 1000:g} s with "
            f"the {LENGTHS[o.muscle_length]}. "
        )
        if v.cramp:
            rates = o.unit_rates_hz
            text += (
                f"After the drive stops, {rates.size} units go on firing to the end of the run, at a mean "
                f"{float(np.mean(rates)):.1f} Hz, with a steady force and a dense EMG: a cramp, a tonic "
                "pattern."
            )
        elif np.isfinite(v.stretch_end_ms):
            text += (
                f"After the drive stops the units go on firing (a cramp) until the calf is stretched at "
                f"{o.stretch_at_ms / 1000:g} s: the discharge ends {v.stretch_end_ms / 1000:.2f} s after "
                "the stretch starts and the EMG falls silent."
            )
        else:
            text += (
                f"The firing stops {o.sustained_ms:.0f} ms after the drive ends and the EMG falls silent: "
                "no cramp."
            )
        return text + panels
