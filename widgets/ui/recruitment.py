"""MotorUnitRecruitment: more excitation recruits more (and larger) motor units and more force.

One control: the excitation of the motor-neuron pool as a percentage of the excitation that
drives every unit to its peak rate. The Fuglevand pool (120 units, ``fuglevand1993``) recruits
units in order of size (size principle): small, slow units first, then ever larger ones, while
the recruited units fire faster. The figure shows the firing rate of every unit (recruited units
shaded), the pool's total force over time (asynchronous units: a slightly noisy force), and the
mean force against excitation with the present level marked.

The pool is simulated on a 5 % grid of excitation once per process (about a second, the first
time a view is made); those runs give the force-excitation curve, and any grid level then
redraws at once. A level off the grid is simulated when asked for.
Model: :class:`~widgets.physiology.MotorUnitPool`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np

from widgets.figures.style import OKABE_ITO, course_style, new_figure
from widgets.physiology import MotorUnitPool
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import int_slider

N_UNITS = 120
T_STOP_MS = 600.0
DT_MS = 1.0
STEADY_FROM_MS = 200.0
MAX_PCT = 100  # the excitation that drives every unit to its peak rate
GRID_PCT = tuple(range(0, MAX_PCT + 1, 5))
MARKED_FORCE_PCT = (
    50.0  # the describe() text says where mean force passes this share of the maximum
)


@lru_cache(maxsize=1)
def pool() -> MotorUnitPool:
    return MotorUnitPool(n_units=N_UNITS, seed=0)


@lru_cache(maxsize=256)
def run(excitation_pct: int):
    """(t_ms, total force, per-unit mean rate Hz, number recruited) at this excitation (cached)."""
    p = pool()
    res = p.simulate(excitation_pct / 100.0 * p.max_excitation, T_STOP_MS, DT_MS)
    rates = p.firing_rate_hz(excitation_pct / 100.0 * p.max_excitation)
    return res.t_ms, res.force, rates, res.n_recruited


@lru_cache(maxsize=1)
def recruitment_curve():
    """(levels %, mean steady force) on the 5 % grid; the force at 100 % is the maximum."""
    means = []
    for pct in GRID_PCT:
        t, force, _, _ = run(pct)
        means.append(float(force[t >= STEADY_FROM_MS].mean()))
    return np.array(GRID_PCT, dtype=float), np.array(means)


@dataclass(frozen=True)
class RecruitmentResult:
    excitation_pct: int
    t_ms: np.ndarray
    force_pct: np.ndarray
    rates_hz: np.ndarray
    n_recruited: int
    mean_force_pct: float
    curve_pct: np.ndarray
    curve_force_pct: np.ndarray

    @property
    def largest_recruited_twitch(self) -> float:
        """Peak twitch of the largest recruited unit relative to the smallest (1 = smallest)."""
        if self.n_recruited == 0:
            return 0.0
        twitch = pool().peak_twitch
        return float(twitch[self.n_recruited - 1] / twitch[0])


class MotorUnitRecruitment(ModelView):
    """Excitation of the motor-neuron pool -> recruited units (size principle) -> force."""

    title = "Motor-unit recruitment"
    demo = Demo("excitation_pct", 70)
    LAYOUTS = ("wide", "phone")
    caches = (pool, run, recruitment_curve)

    def build_controls(self):
        return {
            "excitation_pct": int_slider(
                30,
                0,
                MAX_PCT,
                5,
                "excitation",
                "% of maximum",
                tooltip=f"drive to the motor-neuron pool; {MAX_PCT} % brings every unit to its peak rate",
            )
        }

    #: the picture's layouts (issue 21): size, grid, text sizes (pt) and the words that change with the width
    FIGURE: ClassVar[dict] = {
        "wide": dict(
            size=(9.0, 3.7),
            grid=(1, 3),
            ratios={"width_ratios": [1.25, 1.2, 1.0]},
            readout=10.5,
            title=12,
            dot_size=10,
            force_label="total force (% of maximum)",
        ),
        "phone": dict(
            size=(4.0, 6.6),
            grid=(3, 1),
            ratios={},
            readout=9,
            title=10,
            dot_size=8,
            force_label="force (% of max)",
        ),
    }

    def build_figure(self):
        c, L = OKABE_ITO, self.FIGURE[self.layout]
        units = np.arange(1, N_UNITS + 1)
        with course_style(self.layout):
            fig, (self.ax_u, self.ax_t, self.ax_c) = new_figure(
                *L["size"], *L["grid"], gridspec_kw=L["ratios"]
            )
            ax = self.ax_u
            self.recruited_span = ax.axvspan(0.5, 0.5, color="#DCEBF7", linewidth=0)
            (self.rate_line,) = ax.plot(
                units, np.zeros(N_UNITS), color=c["blue"], drawstyle="steps-mid"
            )
            self.u_text = ax.text(
                0.97, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=L["readout"]
            )
            ax.set_xlim(0.5, N_UNITS + 0.5)
            ax.set_ylim(0, 45)
            ax.set_xlabel("motor unit (small → large)")
            ax.set_ylabel("firing rate (Hz)")
            ax.set_title("Units recruited (shaded)", fontsize=L["title"], loc="left")
            ax = self.ax_t
            (self.force_line,) = ax.plot(
                [0, T_STOP_MS], [0, 0], color=c["vermillion"], linewidth=1.6
            )
            self.mean_line = ax.axhline(0.0, color=c["black"], linestyle=":", linewidth=1.3)
            self.t_text = ax.text(
                0.97, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=L["readout"]
            )
            ax.set_xlim(0, T_STOP_MS)
            ax.set_ylim(0, 115)
            ax.set_xlabel("time (ms)")
            ax.set_ylabel(L["force_label"])
            ax.set_title("Pool force", fontsize=L["title"], loc="left")
            ax = self.ax_c
            (self.curve_line,) = ax.plot(
                [0, 100], [0, 0], color=c["bluish_green"], marker="o", markersize=3.5
            )
            (self.curve_dot,) = ax.plot(
                [0],
                [0],
                marker="o",
                markersize=L["dot_size"],
                color=c["vermillion"],
                linestyle="none",
            )
            ax.set_xlim(0, 100)
            ax.set_ylim(0, 105)
            ax.set_xlabel("excitation (%)")
            ax.set_ylabel("mean force (%)")
            ax.set_title("Force vs excitation", fontsize=L["title"], loc="left")
        self.dynamic = [
            self.recruited_span,
            self.rate_line,
            self.u_text,
            self.force_line,
            self.mean_line,
            self.t_text,
            self.curve_dot,
        ]
        return fig

    def compute(self, excitation_pct):
        pct = int(excitation_pct)
        levels, means = recruitment_curve()
        fmax = means[-1]
        t, force, rates, n = run(pct)
        steady = float(force[t >= STEADY_FROM_MS].mean())
        return RecruitmentResult(
            pct,
            t,
            100.0 * force / fmax,
            rates,
            n,
            100.0 * steady / fmax,
            levels,
            100.0 * means / fmax,
        )

    def redraw(self, r: RecruitmentResult) -> None:
        self.recruited_span.set_width(r.n_recruited)
        self.rate_line.set_ydata(r.rates_hz)
        self.u_text.set_text(f"{r.n_recruited} of {N_UNITS} units")
        self.force_line.set_data(r.t_ms, r.force_pct)
        self.mean_line.set_ydata([r.mean_force_pct, r.mean_force_pct])
        self.t_text.set_text(f"mean {r.mean_force_pct:.0f} %")
        self.curve_line.set_data(r.curve_pct, r.curve_force_pct)
        self.curve_dot.set_data([r.excitation_pct], [r.mean_force_pct])

    def describe(self, r: RecruitmentResult) -> str:
        if r.n_recruited == 0:
            units = "no unit is recruited and the muscle produces no force"
        else:
            active = r.rates_hz[r.rates_hz > 0]
            units = (
                f"the {r.n_recruited} smallest of {N_UNITS} units are recruited (size principle), "
                f"firing at {active.min():.0f} to {active.max():.0f} Hz; the largest recruited "
                f"unit has a twitch {r.largest_recruited_twitch:.0f} times the smallest"
            )
        half = r.curve_pct[np.argmax(r.curve_force_pct >= MARKED_FORCE_PCT)]
        first, _, last = (
            ("Top", "Middle", "Bottom") if self.layout == "phone" else ("Left", "Middle", "Right")
        )
        return (
            f"Motor-unit pool at {r.excitation_pct} % excitation. {first}: firing rate of each of the "
            f"{N_UNITS} units ordered from small to large; {units}. Middle: total force over "
            f"{T_STOP_MS:g} ms, a mean of {r.mean_force_pct:.0f} % of the maximum. {last}: mean force "
            f"rises steeply with excitation, passing {MARKED_FORCE_PCT:g} % at about {half:.0f} % excitation; the "
            f"present level is marked."
        )
