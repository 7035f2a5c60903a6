"""ForceSummation: how a motor unit's firing rate turns twitches into a smooth (fused) contraction.

Controls: the firing rate (Hz) of one motor unit and its twitch contraction time (ms; about 30 ms
for a fast unit, 90 ms for a slow one, ``fuglevand1993``; human units 35-98 ms, ``sica1971``).
The figure shows, left, the force of a 1 s train of regular spikes against the single twitch
(grey), with the steady mean and ripple of an endless train at that rate; right, the force-frequency curve (mean force,
% of the force at 100 Hz) and the ripple ((max - min)/max, %) of this unit for every rate, with
the chosen rate marked and the 5 % fusion line. The force-frequency curve depends only on the
contraction time and is computed once per contraction time (cached).

Model: :func:`~widgets.physiology.twitch_force` (Fuglevand twitch and gain nonlinearity) and
:func:`~widgets.physiology.force.steady_force` (the steady state of an endless regular train).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np

from widgets.figures.style import NORMAL_BAND, OKABE_ITO, course_style, new_figure
from widgets.physiology.force import (
    FUSED_RIPPLE,
    force_regime,
    fusion_rate_hz,
    steady_force,
    twitch_force,
)
from widgets.physiology.motor_units import FAST_T_MS, SLOW_T_MS
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import float_slider, scenario

DT_MS = 0.5
T_END_MS = 1400.0
TRAIN_START_MS = 100.0
TRAIN_END_MS = 1100.0
RATE_RANGE = (1.0, 100.0, 1.0)  # Hz
CT_RANGE = (30.0, 100.0, 1.0)  # ms
CURVE_RATES = np.concatenate([[1.0], np.arange(2.0, RATE_RANGE[1] + 0.01, 2.0)])
FUSED_PCT = 100 * FUSED_RIPPLE
_T = np.arange(0.0, T_END_MS + DT_MS / 2, DT_MS)


def train_force(rate_hz: float, contraction_time_ms: float):
    """(spike times, force) of a regular train from TRAIN_START_MS to TRAIN_END_MS; force in units of one twitch."""
    spikes = np.arange(TRAIN_START_MS, TRAIN_END_MS - 1e-9, 1000.0 / rate_hz)
    return spikes, twitch_force(spikes, _T, contraction_time_ms)


@lru_cache(maxsize=128)
def force_frequency(contraction_time_ms: float):
    """(rates, steady mean force, ripple) at CURVE_RATES for this contraction time (cached)."""
    means, ripples = steady_force(CURVE_RATES, contraction_time_ms)
    return CURVE_RATES, means, ripples


@dataclass(frozen=True)
class ForceResult:
    rate_hz: float
    contraction_time_ms: float
    spikes_ms: np.ndarray
    force: np.ndarray
    twitch: np.ndarray
    mean_force: float
    ripple: float
    curve_rates_hz: np.ndarray
    curve_mean: np.ndarray
    curve_ripple: np.ndarray

    @property
    def max_force(self) -> float:
        """Mean force at the highest rate of the curve (the fused maximum of this unit), twitch units."""
        return float(self.curve_mean[-1])

    @property
    def state(self) -> str:
        return force_regime(self.ripple)


class ForceSummation(ModelView):
    """One motor unit: firing rate and contraction time -> twitch summation and fusion."""

    title = "Force summation"
    demo = Demo("rate_hz", 40.0)
    LAYOUTS = ("wide", "phone")
    caches = (force_frequency,)
    #: cases the chapter teaches, shown by name in the static book
    SCENARIOS = dict(
        scenario(
            kind + " unit ({contraction_time_ms} ms) at {rate_hz} Hz",
            contraction_time_ms=t_ms,
            rate_hz=rate,
        )
        for kind, t_ms, rate in (
            ("Slow", SLOW_T_MS, 18.0),
            ("Fast", FAST_T_MS, 18.0),
            ("Fast", FAST_T_MS, 60.0),
        )
    )

    def build_controls(self):
        return {
            "rate_hz": float_slider(12.0, *RATE_RANGE, "firing rate", "Hz", ".0f"),
            "contraction_time_ms": float_slider(
                SLOW_T_MS,
                *CT_RANGE,
                "contraction time",
                "ms",
                ".0f",
                tooltip=f"time to peak of one twitch: ~{FAST_T_MS:g} ms fast unit, ~{SLOW_T_MS:g} ms slow unit",
            ),
        }

    #: the picture's layouts (issue 21): size, grid, text sizes (pt) and the words that change with the width
    FIGURE: ClassVar[dict] = {
        "wide": dict(
            size=(8.0, 3.8),
            grid=(1, 2),
            ratios={"width_ratios": [1.55, 1.0]},
            readout=10.5,
            legend=10,
            note=9.5,
            title=12,
            title_sep=": ",
            headroom=1.35,
            tick_size=7,
            dot_size=8,
            curve_label="% (force of max; ripple)",
        ),
        "phone": dict(
            size=(4.0, 6.0),
            grid=(2, 1),
            ratios={"height_ratios": [1.1, 1.0]},
            readout=9,
            legend=8.5,
            note=8.5,
            title=10,
            title_sep=":\n",
            headroom=1.55,
            tick_size=5,
            dot_size=6.5,
            curve_label="% of max force; ripple %",
        ),
    }

    def build_figure(self):
        c, L = OKABE_ITO, self.FIGURE[self.layout]
        with course_style(self.layout):
            fig, (self.ax_f, self.ax_c) = new_figure(
                *L["size"], *L["grid"], gridspec_kw=L["ratios"]
            )
            ax = self.ax_f
            (self.twitch_line,) = ax.plot(
                _T,
                np.zeros_like(_T),
                color="#888888",
                linestyle="--",
                linewidth=1.6,
                label="single twitch",
            )
            (self.force_line,) = ax.plot(
                _T, np.zeros_like(_T), color=c["blue"], linewidth=1.8, label="train of spikes"
            )
            self.mean_line = ax.axhline(
                0.0,
                xmin=0,
                xmax=1,
                color=c["vermillion"],
                linestyle=":",
                linewidth=1.5,
                label="steady mean",
            )
            (self.ticks,) = ax.plot(
                [],
                [],
                linestyle="none",
                marker="|",
                markersize=L["tick_size"],
                color=c["black"],
                markeredgewidth=1.0,
            )
            self.readout = ax.text(
                0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=L["readout"]
            )
            ax.set_xlim(0, T_END_MS)
            ax.set_xlabel("time (ms); ticks: spikes")
            ax.set_ylabel("force (× one twitch)")
            ax.legend(loc="upper left", frameon=False, fontsize=L["legend"])
            self.f_title = ax.set_title("", fontsize=L["title"], loc="left")
            ax = self.ax_c
            ax.axhspan(0, FUSED_PCT, color=NORMAL_BAND, linewidth=0)
            ax.text(
                RATE_RANGE[1] - 1,
                1.0,
                f"fused: ripple < {FUSED_PCT:g} %",
                ha="right",
                va="bottom",
                fontsize=L["note"],
                color="#444444",
            )
            (self.mean_curve,) = ax.plot(
                CURVE_RATES, np.zeros_like(CURVE_RATES), color=c["blue"], label="mean force"
            )
            (self.ripple_curve,) = ax.plot(
                CURVE_RATES,
                np.zeros_like(CURVE_RATES),
                color=c["orange"],
                linestyle="--",
                label="ripple",
            )
            self.rate_line = ax.axvline(0.0, color=c["black"], linewidth=1.0)
            (self.rate_dots,) = ax.plot(
                [0, 0],
                [0, 0],
                linestyle="none",
                marker="o",
                markersize=L["dot_size"],
                color=c["vermillion"],
            )
            ax.set_xlim(0, RATE_RANGE[1])
            ax.set_ylim(0, 105)
            ax.set_xlabel("firing rate (Hz)")
            ax.set_ylabel(L["curve_label"])
            ax.legend(loc="center right", frameon=False, fontsize=L["legend"])
            ax.set_title("Force–frequency", fontsize=L["title"], loc="left")
        # the force axis rescales with the contraction time: its ticks are redrawn, not the figure
        self.dynamic = [
            self.ax_f.yaxis,
            self.twitch_line,
            self.force_line,
            self.mean_line,
            self.ticks,
            self.readout,
            self.f_title,
            self.mean_curve,
            self.ripple_curve,
            self.rate_line,
            self.rate_dots,
        ]
        return fig

    def compute(self, rate_hz, contraction_time_ms):
        rates, means, ripples = force_frequency(float(contraction_time_ms))
        spikes, force = train_force(float(rate_hz), float(contraction_time_ms))
        mean, ripple = steady_force(float(rate_hz), float(contraction_time_ms))
        twitch = twitch_force([TRAIN_START_MS], _T, float(contraction_time_ms))
        return ForceResult(
            float(rate_hz),
            float(contraction_time_ms),
            spikes,
            force,
            twitch,
            mean,
            ripple,
            rates,
            means,
            ripples,
        )

    def redraw(self, r: ForceResult) -> None:
        L = self.FIGURE[self.layout]
        self.force_line.set_ydata(r.force)
        self.twitch_line.set_ydata(r.twitch)
        self.mean_line.set_ydata([r.mean_force, r.mean_force])
        top = (
            L["headroom"] * r.curve_mean.max()
        )  # on the contraction time only: no re-layout per rate
        self.ax_f.set_ylim(-0.07 * top, top)
        self.ticks.set_data(r.spikes_ms, np.full(r.spikes_ms.shape, -0.035 * top))
        self.f_title.set_text(
            f"{r.rate_hz:.0f} Hz, contraction time {r.contraction_time_ms:.0f} ms"
            f"{L['title_sep']}{r.state}"
        )
        self.readout.set_text(f"mean {r.mean_force:.1f}× twitch\nripple {100 * r.ripple:.0f} %")
        self.mean_curve.set_ydata(100 * r.curve_mean / r.max_force)
        self.ripple_curve.set_ydata(100 * r.curve_ripple)
        self.rate_line.set_xdata([r.rate_hz, r.rate_hz])
        self.rate_dots.set_data(
            [r.rate_hz, r.rate_hz], [100 * r.mean_force / r.max_force, 100 * r.ripple]
        )

    def describe(self, r: ForceResult) -> str:
        fused = r.curve_rates_hz[r.curve_ripple < FUSED_RIPPLE]
        # the exact rate (as chapter 4 prints it), not the first point of the 2-Hz grid above it
        fusion = (
            f"the ripple falls below {FUSED_PCT:g} % from about {fusion_rate_hz(r.contraction_time_ms):.0f} Hz"
            if fused.size
            else f"the ripple stays above {FUSED_PCT:g} % up to {r.curve_rates_hz[-1]:g} Hz"
        )
        half = r.curve_rates_hz[np.argmax(r.curve_mean >= 0.5 * r.max_force)]
        first, second = ("Top", "Bottom") if self.layout == "phone" else ("Left", "Right")
        return (
            f"Force of one motor unit with a {r.contraction_time_ms:.0f} ms contraction time firing "
            f"at {r.rate_hz:.0f} Hz for {(TRAIN_END_MS - TRAIN_START_MS) / 1000:g} s: {r.state}. {first}: force against time; the twitches sum "
            f"to a steady mean of {r.mean_force:.1f} times a single twitch (dashed grey), with a "
            f"ripple of {100 * r.ripple:.0f} % of the peak. {second}: force–frequency curve of this "
            f"unit; mean force reaches half of its {r.curve_rates_hz[-1]:g} Hz value at about {half:.0f} Hz and {fusion}; "
            f"the chosen rate is marked at {100 * r.mean_force / r.max_force:.0f} % force."
        )
