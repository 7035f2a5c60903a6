"""TonicClonicExplorer: voluntary contraction, tonic cramp, clonus and tetany side by side.

Controls: the firing pattern of 30 motor units; ``stretch`` (a check box: stretch the cramping
muscle from 1 s on, which inhibits the cramp discharge, ``khan2007``); the clonus frequency (Hz,
3-7 Hz, ``walsh1976``, ``rack1984``); and the voluntary effort (% of maximal excitation,
``fuglevand1993``). The figure shows a spike raster (one row per unit) above the muscle force.

- voluntary: orderly recruitment, smooth force, stops when you stop;
- cramp: involuntary, sustained firing at ~14.5 Hz per unit (``minetto2009``): a tonic,
  near-fused contraction; stretching lowers every rate and silences the slowest units;
- clonus: rhythmic bursts at 3-7 Hz: a force that rises and falls with each jerk (clonic);
- tetany: spontaneous doublets and triplets in every unit from low ionised calcium (illustrative
  pattern, ``hille1975``); stretching does not stop it.

Model runs are cached per setting; the defaults are computed once, when the first view is made.
Models: :mod:`widgets.physiology.patterns`, :func:`~widgets.physiology.pattern_force`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from widgets.physiology import clonus, pattern_force, tetany, tonic_cramp, voluntary_contraction
from widgets.physiology.patterns import (CLONIC_SWING, EXAMPLE_T_STOP_MS, SETTLE_MS, PatternSummary, stretch_trial,
                                         summarise)
from widgets.ui.ahead import memo_ahead
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import checkbox, float_slider, int_slider, scenario, toggle
from widgets.figures.style import OKABE_ITO, PATTERN_COLOURS, course_style, new_figure

N_UNITS = 30
T_STOP_MS = EXAMPLE_T_STOP_MS   # the runs of chapter 5's figure: same patterns, same numbers
STRETCH_FROM_MS = 1000.0
FORCE_TOP = 3000.0    # force axis (twitch units): above the cramp's peak (~2200)
PATTERNS = {"voluntary": "voluntary", "cramp": "cramp", "clonus": "clonus", "tetany": "tetany (low Ca²⁺)"}


def pattern_setting(pattern: str, stretch: bool, clonus_hz: float, effort_pct: int):
    """The one control a pattern depends on: effort (voluntary), stretch (cramp), frequency (clonus)."""
    return {"voluntary": int(effort_pct), "cramp": bool(stretch), "clonus": float(clonus_hz)}.get(pattern)


@memo_ahead(maxsize=128)
def firing(pattern: str, setting=None):
    """(FiringPattern, t_ms, force) of a pattern and its :func:`pattern_setting` (cached); force in
    units of the smallest twitch."""
    if pattern == "voluntary":
        trains = voluntary_contraction(setting / 100.0, T_STOP_MS, n_units=N_UNITS, seed=0)
    elif pattern == "cramp":
        if setting:  # stretch; same seed: same units and base rates, drive lowered from STRETCH_FROM_MS on
            trains = stretch_trial(1.0, T_STOP_MS, STRETCH_FROM_MS, T_STOP_MS, n_units=N_UNITS, seed=0)
        else:
            trains = tonic_cramp(T_STOP_MS, n_units=N_UNITS, seed=0)
    elif pattern == "clonus":
        trains = clonus(T_STOP_MS, frequency_hz=setting, n_units=N_UNITS, seed=0)
    else:
        trains = tetany(T_STOP_MS, n_units=N_UNITS, seed=0)
    t, force = pattern_force(trains, dt_ms=1.0)
    return trains, t, force


@dataclass(frozen=True)
class PatternResult:
    pattern: str
    stretch: bool
    clonus_hz: float
    effort_pct: int
    spike_times_ms: tuple
    t_ms: np.ndarray
    force: np.ndarray
    summary: PatternSummary               # :func:`~widgets.physiology.patterns.summarise`, before any stretch
    after_stretch: PatternSummary | None  # the same numbers while the muscle is stretched

    def _window(self, lo: float, hi: float):
        sel = (self.t_ms >= lo) & (self.t_ms < hi)
        return self.force[sel]

    @property
    def stretched(self) -> bool:
        return self.stretch and self.pattern == "cramp"

    @property
    def mean_force_late(self) -> float:
        """Mean force over the last 0.8 s (after a stretch has acted)."""
        return float(self._window(T_STOP_MS - 800.0, T_STOP_MS + 1).mean())

    @property
    def mean_force_early(self) -> float:
        return float(self._window(SETTLE_MS, STRETCH_FROM_MS).mean())

    @property
    def swing(self) -> float:
        """(95th - 5th percentile) / mean of the force before any stretch: below CLONIC_SWING, tonic."""
        return self.summary.force_swing


class TonicClonicExplorer(ModelView):
    """Tonic cramp versus clonus (and voluntary contraction, tetany): raster and force."""

    title = "Tonic or clonic?"
    demo = Demo("effort_pct", 60, {"pattern": "voluntary"})  # effort acts on voluntary contraction
    caches = (firing,)
    #: the static book: named cases, and the pattern each slider acts on (moving it selects it)
    SCENARIOS = dict((
        ("Cramp, then stretch", {"stretch": True}),
        scenario("Clonus at {clonus_hz} Hz", pattern="clonus", clonus_hz=6.0),
        ("Tetany (low calcium)", {"pattern": "tetany"}),
        scenario("Strong voluntary contraction ({effort_pct} %)", pattern="voluntary", effort_pct=80),
    ))
    SWEEP_CONTEXT = {"clonus_hz": {"pattern": "clonus"}, "effort_pct": {"pattern": "voluntary"}}

    def build_controls(self):
        return {
            "pattern": toggle("cramp", [(label, key) for key, label in PATTERNS.items()], "pattern"),
            "stretch": checkbox(False, f"stretch the muscle from {STRETCH_FROM_MS / 1000:g} s (acts on the cramp)"),
            "clonus_hz": float_slider(5.0, 3.0, 7.0, 0.5, "clonus frequency", "Hz", ".1f"),
            "effort_pct": int_slider(30, 5, 100, 5, "voluntary effort", "% of maximum"),
        }

    def __init__(self, **initial):
        super().__init__(**initial)
        values = self.values  # warm the cache: switching pattern or stretch is then instant
        for pattern in PATTERNS:
            firing(pattern, pattern_setting(pattern, values["stretch"], values["clonus_hz"], values["effort_pct"]))
        firing("cramp", not values["stretch"])

    def build_figure(self):
        with course_style():
            fig, (self.ax_r, self.ax_f) = new_figure(8.0, 4.2, 2, 1, sharex=True,
                                                     gridspec_kw={"height_ratios": [1.0, 1.0]})
            ax = self.ax_r
            self.stretch_spans = [a.axvspan(STRETCH_FROM_MS, T_STOP_MS, color="#E8F1F8", linewidth=0)
                                  for a in (self.ax_r, self.ax_f)]
            # one tick per spike, all in one line broken by NaNs (one path: fast to draw)
            (self.raster,) = ax.plot([], [], linewidth=1.0, color=OKABE_ITO["black"], solid_capstyle="butt", snap=True)
            ax.set_ylim(-0.5, N_UNITS - 0.5)
            ax.set_yticks([0, N_UNITS - 1], ["1", str(N_UNITS)])
            ax.set_ylabel("motor unit")
            self.r_title = ax.set_title("", fontsize=12, loc="left")
            ax.tick_params(labelbottom=False)
            ax = self.ax_f
            (self.force_line,) = ax.plot([0, T_STOP_MS], [0, 0], linewidth=1.8)
            self.f_text = ax.text(0.01, 0.96, "", transform=ax.transAxes, ha="left", va="top", fontsize=10.5)
            self.stretch_text = ax.text(STRETCH_FROM_MS + 15, 0, "stretch", fontsize=10.5,
                                        color="#1f4e79", va="bottom")
            ax.set_xlim(0, T_STOP_MS)
            ax.set_xlabel("time (ms)")
            ax.set_ylabel("force (twitch units)")
        # the force axis rescales for a strong voluntary contraction: its ticks are redrawn, not the figure
        self.dynamic = [*self.stretch_spans, self.ax_f.yaxis, self.raster, self.force_line, self.f_text,
                        self.stretch_text, self.r_title]
        return fig

    def look_ahead(self, upcoming: list[dict]) -> None:
        """The next clonus frequencies or efforts are computed ahead (a new pattern is cached)."""
        firing.ahead(*{(v["pattern"], pattern_setting(**v)) for v in upcoming})

    def compute(self, pattern, stretch, clonus_hz, effort_pct):
        trains, t, force = firing(pattern, pattern_setting(pattern, stretch, clonus_hz, effort_pct))
        stretched = bool(stretch) and pattern == "cramp"
        summary = summarise(trains, stop_ms=STRETCH_FROM_MS if stretched else None, force=(t, force))
        after = summarise(trains, settle_ms=STRETCH_FROM_MS, force=(t, force)) if stretched else None
        return PatternResult(pattern, bool(stretch), float(clonus_hz), int(effort_pct), trains.spike_times_ms, t,
                             force, summary, after)

    def _summary(self, r: PatternResult) -> str:
        if r.pattern == "voluntary":
            return f"voluntary, {r.effort_pct} % effort: orderly recruitment, smooth force"
        if r.pattern == "cramp":
            return ("cramp, then stretch: firing slows, force falls" if r.stretched
                    else "cramp: sustained involuntary firing, tonic force")
        if r.pattern == "clonus":
            return f"clonus at {r.clonus_hz:.1f} Hz: rhythmic bursts, force rises and falls"
        return "tetany (low Ca²⁺): spontaneous doublets and triplets"

    def redraw(self, r: PatternResult) -> None:
        spikes = np.concatenate([np.asarray(train, dtype=float) for train in r.spike_times_ms])
        rows = np.concatenate([np.full(len(train), k, dtype=float) for k, train in enumerate(r.spike_times_ms)])
        self.raster.set_data(np.column_stack([spikes, spikes, np.full_like(spikes, np.nan)]).ravel(),
                             np.column_stack([rows - 0.4, rows + 0.4, rows]).ravel())
        self.raster.set_color(PATTERN_COLOURS[r.pattern])
        self.force_line.set_data(r.t_ms, r.force)
        self.force_line.set_color(PATTERN_COLOURS[r.pattern])
        # one scale for all patterns (compare them by eye); rises in steps only for a strong voluntary
        # contraction; stable across settings, so the axes need no redraw
        top = 1000.0 * np.ceil(max(1.3 * float(r.force.max()), FORCE_TOP) / 1000.0)
        self.ax_f.set_ylim(0, top)
        for span in self.stretch_spans:
            span.set_visible(r.stretch)
        self.stretch_text.set_visible(r.stretch)
        self.stretch_text.set_y(0.02 * top)
        self.stretch_text.set_text("stretch" if r.stretched else "stretch (no effect on this pattern)")
        self.r_title.set_text(self._summary(r))
        s = r.summary
        text = f"{s.active_units} units fire, mean {s.mean_rate_hz:.1f} Hz"
        if not s.tonic:
            text += f"; force oscillates at {s.dominant_hz:.1f} Hz"
        else:
            text += "; steady force"
        if r.stretched:
            text += (f"\nafter stretch: {r.after_stretch.active_units} units, {r.after_stretch.mean_rate_hz:.1f} Hz, "
                     f"force −{100 * (1 - r.mean_force_late / r.mean_force_early):.0f} %")
        self.f_text.set_text(text)

    def describe(self, r: PatternResult) -> str:
        s = r.summary
        parts = [f"Spike raster of {N_UNITS} motor units over {T_STOP_MS / 1000:g} s above the force "
                 f"they produce: {self._summary(r)}. {'Before the stretch, ' if r.stretched else ''}"
                 f"{s.active_units} of {s.n_units} units fire, at a mean {s.mean_rate_hz:.1f} Hz"]
        if not s.tonic:
            parts.append(f"the force rises and falls at {s.dominant_hz:.1f} Hz (swing "
                         f"{100 * s.force_swing:.0f} % of its mean, above the {100 * CLONIC_SWING:.0f} % that "
                         "marks a clonic pattern): a clonic pattern")
        else:
            parts.append(f"the force is sustained (swing {100 * s.force_swing:.0f} % of its mean, below the "
                         f"{100 * CLONIC_SWING:.0f} % that marks a clonic pattern): a tonic pattern")
        if r.stretched:
            a = r.after_stretch
            parts.append(f"stretching from {STRETCH_FROM_MS / 1000:g} s leaves {a.active_units} of {N_UNITS} units "
                         f"firing, at a mean {a.mean_rate_hz:.1f} Hz, and the force falls "
                         f"by {100 * (1 - r.mean_force_late / r.mean_force_early):.0f} %")
        elif r.stretch:
            parts.append("stretch is ticked but, in this model, acts only on the cramp discharge")
        return "; ".join(parts) + "."
