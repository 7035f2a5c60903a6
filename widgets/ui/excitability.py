"""ExcitabilityLab: a current pulse into a membrane model; voltage, gates, threshold, f-I curve.

Controls: the model (Hodgkin-Huxley 1952 squid axon at 6.3 °C, or the skeletal-muscle fibre at
37 °C), the pulse amplitude (uA/cm2) and duration (ms), and a calcium shift of the gating (mV;
negative = less surface-charge screening, as in low ionised calcium, ``hille1975``). The figure
shows the membrane potential with the pulse shaded, the gates m, h and n below it, and the
steady firing rate against current (f-I curve) with the single-spike threshold (rheobase of a
long step) and the current amplitude marked. Every run starts with a tiny nudge (1 uA/cm2 for
1 ms, far below threshold) standing in for membrane noise, so that an unstable resting state
(e.g. HH1952 with a -7 mV shift) fires on its own instead of balancing on the fixed point.

The f-I curve and the rheobase depend only on the model and the shift: they are computed once per
(model, shift) and cached, so moving the amplitude or duration re-runs one short simulation.
The runs and the result are :mod:`widgets.ui.excitability_runs`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from widgets.figures.style import OKABE_ITO, course_style
from widgets.figures.text import wrapped
from widgets.physiology.numbers import number_text
from widgets.physiology.protocols import RHEOBASE_STEP_MS
from widgets.physiology.spikes import SPIKE_THRESHOLD_MV
from widgets.ui.ahead import event_loop
from widgets.ui.base import PHONE_WIDTH_IN, Demo, ModelView
from widgets.ui.common import dropdown, float_slider, scenario
from widgets.ui.excitability_runs import (
    AMPLITUDE_RANGE,
    DURATION_RANGE,
    FI_CURRENTS,
    FI_STEP_MS,
    PRESETS,
    PULSE_START_MS,
    SHIFT_RANGE,
    WINDOW_MS,
    ExcitabilityResult,
    excitability_curves,
    make_model,
    pulse_trace,
)


def _num(x: float, digits: int = 1) -> str:
    return number_text(x, f".{digits}f")


#: the two pictures (issue 21): "wide" (laptop, live) and "phone" (panels stacked, at most
#: PHONE_WIDTH_IN wide); text sizes in points; the title (model, shift) is wrapped to title_in,
#: the f-I panel's threshold line to fi_title_in (room kept for the longest)
LOOKS = {
    "wide": {
        "figsize": (8.0, 4.6),
        "mosaic": [["v", "fi"], ["g", "fi"]],
        "widths": [1.5, 1.0],
        "heights": [1.6, 1.0],
        "size": {"title": 12, "text": 10.5, "legend": 10, "tick": 12},
        "title_in": 7.8,
        "title_lines": 1,
        "fi_title_in": 2.3,
        "fi_lines": 2,
        "v_top_mV": 65,
        "legend": {"loc": "upper left", "bbox_to_anchor": (1.0, 1.05)},
        "places": ("Top left", "Bottom left", "Right"),
    },
    "phone": {
        "figsize": (PHONE_WIDTH_IN, 8.0),
        "mosaic": [["v"], ["g"], ["fi"]],
        "widths": [1.0],
        "heights": [1.5, 0.9, 1.5],
        "size": {"title": 10, "text": 9, "legend": 9, "tick": 9},
        "title_in": 3.85,
        "title_lines": 2,
        "fi_title_in": 3.3,
        "fi_lines": 1,
        "v_top_mV": 65,
        "legend": {
            "loc": "lower right",
            "bbox_to_anchor": (1.0, 0.98),
            "ncols": 3,
            "borderaxespad": 0.0,
        },
        "places": ("Top", "Middle", "Bottom"),
    },
}
LOW_CA_SHIFT_MV = (
    -8.0
)  # the low-calcium scenario: a gating shift that makes the HH axon fire by itself


class ExcitabilityLab(ModelView):
    """Stimulate a membrane model: voltage trace, gates, threshold and the f-I curve."""

    title = "Excitability lab"
    LAYOUTS = ("wide", "phone")
    demo = Demo("amplitude_uA_cm2", 30.0)
    caches = (excitability_curves, pulse_trace, make_model)
    #: cases the chapter teaches, shown by name in the static book
    SCENARIOS = {
        **dict(
            (
                scenario(
                    "Long weak pulse: {amplitude_uA_cm2} µA/cm² for {duration_ms} ms",
                    amplitude_uA_cm2=4.0,
                    duration_ms=100.0,
                ),
                scenario(
                    "Long pulse: {amplitude_uA_cm2} µA/cm² for {duration_ms} ms",
                    amplitude_uA_cm2=10.0,
                    duration_ms=100.0,
                ),
                scenario(
                    "Short pulse: {amplitude_uA_cm2} µA/cm² for {duration_ms} ms",
                    amplitude_uA_cm2=10.0,
                    duration_ms=1.0,
                ),
                scenario(
                    "Low calcium: shift {ca_shift_mV} mV, no current",
                    amplitude_uA_cm2=0.0,
                    ca_shift_mV=LOW_CA_SHIFT_MV,
                ),
            )
        ),
        "Skeletal muscle fibre": {"preset": "muscle"},
    }

    def build_controls(self):
        return {
            "preset": dropdown(
                "hh1952", [(label, key) for key, label in PRESETS.items()], "model"
            ),
            "amplitude_uA_cm2": float_slider(
                10.0, *AMPLITUDE_RANGE, "pulse amplitude", "µA/cm²", ".1f"
            ),
            "duration_ms": float_slider(50.0, *DURATION_RANGE, "pulse duration", "ms", ".1f"),
            "ca_shift_mV": float_slider(
                0.0,
                *SHIFT_RANGE,
                "Ca²⁺ gating shift",
                "mV",
                ".1f",
                tooltip="negative: low ionised calcium (less screening); positive: high calcium",
            ),
        }

    def build_figure(self):
        c, look = OKABE_ITO, LOOKS[self.layout]
        self.look, size = look, look["size"]
        with course_style(self.layout):
            fig = Figure(figsize=look["figsize"], layout="constrained")
            axd = fig.subplot_mosaic(
                look["mosaic"],
                width_ratios=look["widths"],
                height_ratios=look["heights"],
                sharex=False,
            )
            self.ax_v, self.ax_g, self.ax_fi = axd["v"], axd["g"], axd["fi"]
            # the model and its shift: over the whole picture (too long for the trace's column)
            self.v_title = fig.suptitle("", fontsize=size["title"], x=0.01, ha="left")
            ax = self.ax_v
            self.pulse_v = ax.axvspan(
                PULSE_START_MS, PULSE_START_MS + 1, color="#F3E3BF", linewidth=0
            )
            (self.v_line,) = ax.plot([0, WINDOW_MS], [-65, -65], color=c["black"])
            self.rest_line = ax.axhline(-65.0, color="#777777", linestyle=":", linewidth=1.2)
            self.v_text = ax.text(
                0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=size["text"]
            )
            ax.set_xlim(0, WINDOW_MS)
            ax.set_ylim(-105, look["v_top_mV"])
            ax.set_ylabel("V (mV)")
            ax.tick_params(labelbottom=False)
            ax = self.ax_g
            self.pulse_g = ax.axvspan(
                PULSE_START_MS, PULSE_START_MS + 1, color="#F3E3BF", linewidth=0
            )
            self.gate_lines = {}
            for key, colour, ls in (
                ("m", c["vermillion"], "-"),
                ("h", c["blue"], "--"),
                ("n", c["bluish_green"], "-."),
            ):
                (self.gate_lines[key],) = ax.plot(
                    [0, WINDOW_MS], [0, 0], color=colour, linestyle=ls, linewidth=1.6, label=key
                )
            ax.set_xlim(0, WINDOW_MS)
            ax.set_ylim(-0.02, 1.02)
            ax.set_yticks([0, 0.5, 1])
            ax.set_ylabel("gate")
            ax.set_xlabel("time (ms); shaded: current pulse")
            ax.legend(frameon=False, fontsize=size["legend"], handlelength=1.6, **look["legend"])
            ax = self.ax_fi
            (self.fi_line,) = ax.plot(
                FI_CURRENTS,
                np.zeros_like(FI_CURRENTS),
                color=c["blue"],
                marker="o",
                markersize=3.5,
            )
            self.rheo_line = ax.axvline(0.0, color=c["orange"], linestyle="--", linewidth=1.5)
            self.amp_line = ax.axvline(0.0, color=c["black"], linewidth=1.0)
            (self.amp_dot,) = ax.plot(
                [0], [0], marker="o", markersize=9, color=c["vermillion"], linestyle="none"
            )
            ax.set_xlim(0, FI_CURRENTS[-1])
            ax.set_ylim(0, 200)
            ax.set_xlabel("steady current (µA/cm²)")
            ax.set_ylabel("firing rate (Hz)")
            # the threshold under the panel's name (inside, the curve and the lines would cross it)
            self.fi_text = ax.set_title("", fontsize=size["title"], loc="left")
            for ax in axd.values():
                ax.tick_params(labelsize=size["tick"])
        self.dynamic = [
            self.pulse_v,
            self.pulse_g,
            self.rest_line,
            self.v_line,
            self.v_text,
            self.v_title,
            *self.gate_lines.values(),
            self.rheo_line,
            self.amp_line,
            self.fi_line,
            self.amp_dot,
            self.fi_text,
        ]
        return fig

    def compute(self, preset, amplitude_uA_cm2, duration_ms, ca_shift_mV, curves=None):
        """The result; ``curves="pending"``: the trace alone, the f-I panel still being computed."""
        if curves is None:
            curves = excitability_curves(preset, float(ca_shift_mV))
        pending = curves == "pending"
        nan = np.full_like(FI_CURRENTS, np.nan)
        currents, rates, rheobase, spontaneous = (
            (FI_CURRENTS, nan, np.nan, 0.0) if pending else curves
        )
        trace, rest = pulse_trace(
            preset, float(ca_shift_mV), float(amplitude_uA_cm2), float(duration_ms)
        )
        return ExcitabilityResult(
            preset=preset,
            amplitude_uA_cm2=float(amplitude_uA_cm2),
            duration_ms=float(duration_ms),
            shift_mV=float(ca_shift_mV),
            t_ms=trace.t_ms,
            v_mV=trace.v_mV,
            m=trace.m,
            h=trace.h,
            n=trace.n,
            rest_mV=rest,
            spike_times_ms=np.asarray(trace.spike_times_ms),
            currents_uA_cm2=currents,
            rates_hz=rates,
            rheobase_uA_cm2=rheobase,
            spontaneous_hz=spontaneous,
            pending=pending,
        )

    def update(self) -> None:
        """A moved control that needs a new f-I curve (model or shift) while an event loop runs
        (live, in a kernel): the trace is drawn at once, the curve on the other core, and the
        figure is completed when it is ready. Otherwise (and in the book) one complete update."""
        key = (self.controls["preset"].value, float(self.controls["ca_shift_mV"].value))
        self._pending, loop = None, event_loop()
        if self._moved is None or loop is None or excitability_curves.ready(*key):
            return super().update()
        self._pending = key
        self.result = self.compute(**self.values, curves="pending")
        self.redraw(self.result)
        self.redraws += 1
        self.output.value = self.output_value()
        self._pending_moved, self._moved = self._moved, None
        # the curve starts once the first frame is out (it would take the cores from it)
        future = excitability_curves.submit(*key)
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._complete, key))

    def _complete(self, key: tuple) -> None:
        """The f-I curve of ``key`` is ready: draw it, unless the controls moved on since."""
        if self._pending == key:
            self._pending, self._moved = None, self._pending_moved
            super().update()

    def __init__(self, *, layout: str = "wide", **initial):
        super().__init__(layout=layout, **initial)
        # the other model is one click away: its curves at this shift are computed with the view
        # (20-40 ms more to build it), so that the first switch of the menu only redraws
        other = next(key for key in PRESETS if key != self.controls["preset"].value)
        excitability_curves(other, float(self.controls["ca_shift_mV"].value))

    def look_ahead(self, upcoming: list[dict]) -> None:
        """The f-I curves of the next shifts (or of the other model) are computed ahead."""
        excitability_curves.ahead(*{(v["preset"], float(v["ca_shift_mV"])) for v in upcoming})

    def redraw(self, r: ExcitabilityResult) -> None:
        for span in (self.pulse_v, self.pulse_g):
            span.set_width(r.duration_ms)
        self.v_line.set_data(r.t_ms, r.v_mV)
        self.rest_line.set_ydata([r.rest_mV, r.rest_mV])
        for key in "mhn":
            self.gate_lines[key].set_data(r.t_ms, getattr(r, key))
        look = self.look
        self.v_title.set_text(
            wrapped(
                f"{PRESETS[r.preset]}, shift\u00a0{_num(r.shift_mV)}\u00a0mV",
                look["title_in"],
                look["size"]["title"],
                look["title_lines"],
            )
        )
        self.v_text.set_text(
            f"{_num(r.amplitude_uA_cm2)} µA/cm² for {_num(r.duration_ms)} ms: "
            f"{r.n_spikes} spike{'s' if r.n_spikes != 1 else ''}"
        )
        self.fi_line.set_ydata(r.rates_hz)
        rheo = (
            r.rheobase_uA_cm2 if np.isfinite(r.rheobase_uA_cm2) or r.pending else FI_CURRENTS[-1]
        )
        self.rheo_line.set_xdata([rheo, rheo])
        self.amp_line.set_xdata([r.amplitude_uA_cm2, r.amplitude_uA_cm2])
        self.amp_dot.set_data([r.amplitude_uA_cm2], [r.steady_rate_hz])
        self.fi_text.set_text(
            f"f–I curve ({FI_STEP_MS:g} ms steps)\n"
            + wrapped(
                "computing…" if r.pending else self._threshold_phrase(r) + " (dashed line)",
                look["fi_title_in"],
                look["size"]["title"],
                look["fi_lines"],
            )
        )

    @staticmethod
    def _threshold_phrase(r: ExcitabilityResult) -> str:
        if r.spontaneous_hz > 0:
            return "fires with no current"
        if not np.isfinite(r.rheobase_uA_cm2):
            return f"no spike up to {FI_CURRENTS[-1]:g} µA/cm²"
        return f"threshold {_num(r.rheobase_uA_cm2, 2)} µA/cm²"

    def describe(self, r: ExcitabilityResult) -> str:
        if r.pending:
            return f"{PRESETS[r.preset]}, shift {_num(r.shift_mV)} mV: the f–I curve is being computed."
        if r.spontaneous_hz > 0:
            analogue = (
                "the model analogue of tetany"
                if r.preset == "hh1952"
                else "a shift far larger than the one that makes a nerve fibre fire, where tetany starts"
            )
            threshold = (
                f"with this shift the membrane fires on its own (about {r.spontaneous_hz:.0f} "
                f"Hz with no current), {analogue}"
            )
        elif not np.isfinite(r.rheobase_uA_cm2):
            threshold = (
                f"no {RHEOBASE_STEP_MS:g} ms step up to {FI_CURRENTS[-1]:g} µA/cm² evokes a spike"
            )
        else:
            threshold = (
                f"the rheobase, the smallest {RHEOBASE_STEP_MS:g} ms step that evokes a spike (dashed line), "
                f"is {_num(r.rheobase_uA_cm2, 2)} µA/cm²"
            )
        # the curve is sampled on a grid and counts only overshooting spikes: say so, so that its
        # numbers do not seem to contradict the onset and rates computed exactly in chapter 3
        firing = np.flatnonzero(r.rates_hz > 0)
        grid = (
            f"the f–I curve (steps every {r.currents_uA_cm2[1] - r.currents_uA_cm2[0]:g} µA/cm², "
            f"counting spikes that overshoot {SPIKE_THRESHOLD_MV:g} mV)"
        )
        if not firing.size:
            fi = f"{grid} stays at zero (no repetitive firing)"
        elif firing[0] == 0:
            fi = (
                f"{grid} is above zero even with no current and peaks at {r.rates_hz.max():.0f} Hz"
            )
        else:
            fi = (
                f"{grid} is zero up to {r.currents_uA_cm2[firing[0] - 1]:g} µA/cm² and shows repetitive "
                f"firing from {r.currents_uA_cm2[firing[0]]:g} µA/cm², so sustained firing starts in "
                f"between; its highest rate is {r.rates_hz.max():.0f} Hz"
            )
        first = f", the first at {r.spike_times_ms[0]:.1f} ms" if r.n_spikes else ""
        first_panel, second_panel, third_panel = self.look["places"]
        return (
            f"Three panels for the {PRESETS[r.preset]} with a calcium gating shift of "
            f"{_num(r.shift_mV)} mV. {first_panel}: membrane potential over {WINDOW_MS:g} ms; a "
            f"{_num(r.amplitude_uA_cm2)} µA/cm² pulse from {PULSE_START_MS:g} to "
            f"{PULSE_START_MS + r.duration_ms:.1f} ms (shaded) evokes {r.n_spikes} "
            f"spike{'s' if r.n_spikes != 1 else ''}{first}; rest is {_num(r.rest_mV)} mV. "
            f"{second_panel}: the gates m (activation), h (inactivation) and n (potassium) between 0 and 1. "
            f"{third_panel}: steady firing rate against current; {fi}; {threshold}; a dot marks the chosen "
            f"amplitude, {_num(r.amplitude_uA_cm2)} µA/cm², on the curve, where a steady current of that size "
            f"fires at {r.steady_rate_hz:.0f} Hz."
        )
