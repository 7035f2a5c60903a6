"""The ElectrolyteExplorer's picture: its three panels, drawn once, and their update per step.

Left the serum values on their slider ranges (grey: reference range; on the calcium row the
model axon's tetany onset, a triangle, and where symptoms begin in patients, hatched); top
right the muscle fibre's test-pulse trace with the Nernst lines; bottom right the motor axon's.
"""

from __future__ import annotations

from typing import NamedTuple

from matplotlib.figure import Figure

from widgets.figures.style import NORMAL_BAND, OKABE_ITO, course_style
from widgets.figures.text import wrapped
from widgets.physiology.axon import clinical_symptom_range_mM
from widgets.physiology.electrolytes import convert, reference_ranges
from widgets.physiology.numbers import number_text
from widgets.physiology.pulse_responses import (
    AXON_PULSE_MS,
    AXON_TRACE_MS,
    PULSE_MS,
    PULSE_START_MS,
    TRACE_MS,
)
from widgets.ui.base import PHONE_WIDTH_IN
from widgets.ui.electrolyte_runs import ElectrolyteResult
from widgets.ui.electrolyte_verdicts import abnormal, axon_state_line, fmt_mV

#: the two pictures (issue 21): "wide" (laptop, live) and "phone" (panels stacked, at most
#: PHONE_WIDTH_IN wide); text sizes in points; the headline is wrapped to its width and keeps
#: room for its longest case; Nernst labels stay label_gap_mV apart
LOOKS = {
    "wide": {
        "figsize": (8.6, 5.9),
        "parts": {"nrows": 1, "ncols": 2, "width_ratios": [3.4, 5.2]},
        "size": {"headline": 13, "title": 12, "text": 10.5, "value": 10, "note": 9.5, "tick": 12},
        "headline_in": 8.3,
        "headline_lines": 2,
        "label_gap_mV": 15.0,
        "marker": 10,
        "axon_top_mV": 62.0,
        "v_label": "membrane potential (mV)",
        "places": ("Left", "Top right", "Bottom right"),
    },
    "phone": {
        "figsize": (PHONE_WIDTH_IN, 9.6),
        "parts": {"nrows": 2, "ncols": 1, "height_ratios": [3.6, 5.6]},
        "size": {"headline": 10.5, "title": 10, "text": 9, "value": 9, "note": 8.5, "tick": 9},
        "headline_in": 3.85,
        "headline_lines": 3,
        "label_gap_mV": 15.0,
        "marker": 8,
        "axon_top_mV": 80.0,
        "v_label": "membrane potential (mV)",
        "places": ("Top", "Middle", "Bottom"),
    },
}


class Ion(NamedTuple):
    """One serum value: its analyte in reference_ranges.json, slider label, symbol, slider range
    and step (mmol/L) and default (mmol/L)."""

    analyte: str
    label: str
    symbol: str
    lo_mM: float
    hi_mM: float
    step_mM: float
    default_mM: float


#: control name -> its ion
IONS = {
    "k_out_mM": Ion("potassium", "[K⁺]ₒ", "K⁺", 1.5, 9.0, 0.1, 4.0),
    "na_out_mM": Ion("sodium", "[Na⁺]ₒ", "Na⁺", 110.0, 170.0, 1.0, 140.0),
    "ca_out_mM": Ion("calcium_ionised", "ionised [Ca²⁺]ₒ", "Ca²⁺ ionised", 0.25, 2.0, 0.01, 1.2),
    "mg_out_mM": Ion("magnesium", "[Mg²⁺]ₒ", "Mg²⁺", 0.2, 2.5, 0.01, 0.85),
    "cl_out_mM": Ion("chloride", "[Cl⁻]ₒ", "Cl⁻", 80.0, 125.0, 1.0, 103.0),
}


def decimals(step: float, unit: str = "mmol/L") -> int:
    """Decimals of a concentration shown with slider step ``step`` in ``unit`` (mg/dL: always 2)."""
    return 2 if (step < 0.1 or unit == "mg/dL") else 1 if step < 1 else 0


def value_text(value: float, step: float, unit: str = "mmol/L") -> str:
    """A concentration as its slider shows it (:func:`decimals`), without its unit."""
    return number_text(value, f".{decimals(step, unit)}f")


class ElectrolyteFigure:
    """The explorer's figure in one layout ("wide" or "phone" of :data:`LOOKS`); ``dynamic``
    lists the artists :meth:`show` changes."""

    def __init__(self, layout: str):
        c, look = OKABE_ITO, LOOKS[layout]
        self.look = look
        size = look["size"]
        with course_style(layout):
            fig = Figure(figsize=look["figsize"], layout="constrained")
            # the serum values in one part, the two traces (aligned) in the other
            serum, traces = fig.subfigures(**look["parts"])
            self.ax_lab = serum.subplots()
            self.ax_v, self.ax_axon = traces.subplots(2, 1)
            ax = self.ax_lab
            self.markers, self.value_texts = {}, {}
            for row, (name, ion) in enumerate(IONS.items()):
                y = len(IONS) - 1 - row
                rng = reference_ranges()[ion.analyte]
                a, b = (
                    (rng["low_mmol_L"] - ion.lo_mM) / (ion.hi_mM - ion.lo_mM),
                    (rng["high_mmol_L"] - ion.lo_mM) / (ion.hi_mM - ion.lo_mM),
                )
                ax.plot([0, 1], [y, y], color="#999999", linewidth=1.0, solid_capstyle="butt")
                ax.fill_between([a, b], y - 0.16, y + 0.16, color=NORMAL_BAND, linewidth=0)
                (self.markers[name],) = ax.plot(
                    [0.5],
                    [y],
                    marker="o",
                    markersize=look["marker"],
                    linestyle="none",
                    color=c["black"],
                )
                self.value_texts[name] = ax.text(
                    0.0, y + 0.22, ion.symbol, fontsize=size["value"], va="bottom"
                )
            # calcium row: where symptoms begin in patients (hatched) and where the model axon
            # starts to fire by itself (triangle, moves with potassium and magnesium)
            ca_lo, ca_hi = IONS["ca_out_mM"].lo_mM, IONS["ca_out_mM"].hi_mM
            y_ca = len(IONS) - 1 - list(IONS).index("ca_out_mM")
            clinical = clinical_symptom_range_mM()
            if clinical:
                xa, xb = ((x - ca_lo) / (ca_hi - ca_lo) for x in clinical[:2])
                ax.fill_between(
                    [xa, xb],
                    y_ca - 0.16,
                    y_ca + 0.16,
                    facecolor="none",
                    hatch="////",
                    edgecolor=c["vermillion"],
                    linewidth=0.0,
                )
            (self.onset_marker,) = ax.plot(
                [0.4],
                [y_ca - 0.3],
                marker="^",
                markersize=0.8 * look["marker"],
                linestyle="none",
                color=c["vermillion"],
            )
            self.onset_text = ax.text(
                0.4, y_ca - 0.3, "", fontsize=size["note"], color="#a33c00", va="center"
            )
            self.ghk_text = ax.text(0.0, -0.55, "", fontsize=size["text"], va="top")
            # E_Ca: the (math) name is static and parsed once; only the number changes
            ax.text(0.0, -1.0, "E$_{Ca}$", fontsize=size["text"], va="top")
            self.e_ca_text = ax.annotate(
                "",
                xy=(0.0, -1.0),
                xycoords="data",
                xytext=(2.7 * size["text"], 0),
                textcoords="offset points",
                fontsize=size["text"],
                va="top",
            )
            legend = "▲ model axon fires by itself below this"
            if clinical:
                legend += "\nhatched: symptoms begin in patients"
            ax.text(0.0, -1.45, legend, fontsize=size["note"], va="top", color="#a33c00")
            ax.set_xlim(-0.03, 1.03)
            ax.set_ylim(-2.3, len(IONS) - 0.2)
            ax.axis("off")
            ax.set_title(
                "Serum values (grey: reference range)", fontsize=size["title"], loc="left"
            )

            ax = self.ax_v
            self.e_lines, self.e_labels, self.e_values = {}, {}, {}
            # chloride is passively distributed in the model, so E_Cl equals the resting
            # potential: one line, labelled "rest = E_Cl"
            styles = {
                "E_Na": (c["vermillion"], "--"),
                "E_K": (c["blue"], "--"),
                "rest": (c["black"], "-."),
            }
            names = {"E_Na": "E$_{Na}$", "E_K": "E$_K$", "rest": "rest = E$_{Cl}$"}
            for key, (colour, ls) in styles.items():
                self.e_lines[key] = ax.axhline(0.0, color=colour, linestyle=ls, linewidth=1.5)
                # value and name are separate texts: the (math) name never changes, so it is
                # parsed once; only the short number is re-laid out on each step
                self.e_values[key] = ax.text(
                    1.02,
                    0.0,
                    "",
                    color=colour,
                    fontsize=size["text"],
                    va="center",
                    transform=ax.get_yaxis_transform(),
                )
                self.e_labels[key] = ax.annotate(
                    names[key],
                    xy=(1.02, 0.0),
                    xycoords=ax.get_yaxis_transform(),
                    xytext=(4.3 * size["text"], 0),
                    textcoords="offset points",
                    color=colour,
                    fontsize=size["text"],
                    va="center",
                )
            (self.trace,) = ax.plot(
                [0.0, TRACE_MS], [-90.0, -90.0], color=c["black"], linewidth=2.0
            )
            ax.set_xlim(0.0, TRACE_MS)
            ax.set_ylim(-112.0, 82.0)
            ax.set_title(
                "Muscle fibre: response to a test pulse", fontsize=size["title"], loc="left"
            )

            ax = self.ax_axon
            self.axon_rest = ax.axhline(-88.0, color=c["black"], linestyle="-.", linewidth=1.5)
            self.axon_rest_text = ax.text(
                1.02,
                -88.0,
                "",
                fontsize=size["text"],
                va="center",
                transform=ax.get_yaxis_transform(),
            )
            (self.axon_trace,) = ax.plot(
                [0.0, AXON_TRACE_MS], [-88.0, -88.0], color=c["blue"], linewidth=1.5
            )
            ax.set_xlim(0.0, AXON_TRACE_MS)
            ax.set_ylim(-112.0, look["axon_top_mV"])
            ax.set_title("Motor axon: where tetany starts", fontsize=size["title"], loc="left")
            self.axon_line = ax.text(
                0.01,
                0.97,
                "",
                transform=ax.transAxes,
                fontsize=size["note"],
                va="top",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0},
            )
            # the test pulses: an orange bar at the start of each trace, named under the panel
            # (inside it the Nernst lines would cross the name)
            for ax, length, pulse in (
                (self.ax_v, PULSE_MS, PULSE_MS),
                (self.ax_axon, 4.0, AXON_PULSE_MS),
            ):
                ax.plot(
                    [PULSE_START_MS, PULSE_START_MS + length],
                    [-108.0, -108.0],
                    color=c["orange"],
                    linewidth=5,
                    solid_capstyle="butt",
                )
                ax.set_xlabel(f"time (ms); orange bar: {pulse:g} ms test pulse")
                ax.set_ylabel(look["v_label"])
                ax.tick_params(labelsize=size["tick"])
            self.headline = fig.suptitle("", fontsize=size["headline"], fontweight="bold")
        self.dynamic = [
            *self.e_lines.values(),
            self.trace,
            *self.e_values.values(),
            *self.e_labels.values(),
            *self.markers.values(),
            *self.value_texts.values(),
            self.ghk_text,
            self.e_ca_text,
            self.headline,
            self.axon_trace,
            self.axon_rest,
            self.axon_rest_text,
            self.axon_line,
            self.onset_marker,
            self.onset_text,
        ]
        self.figure = fig

    def show(self, r: ElectrolyteResult, shown: dict) -> None:
        """Draw result ``r``; ``shown``: control name -> (value, unit) as its slider shows it."""
        c = OKABE_ITO
        for name, ion in IONS.items():
            x = (r.values_mM[name] - ion.lo_mM) / (ion.hi_mM - ion.lo_mM)
            state = r.states[name]
            marker, colour = (
                ("<", c["blue"])
                if state.startswith("hypo")
                else (">", c["vermillion"])
                if state.startswith("hyper")
                else ("o", c["black"])
            )
            m = self.markers[name]
            m.set_xdata([x])
            m.set_marker(marker)
            m.set_color(colour)
            value, unit = shown[name]
            self.value_texts[name].set_text(
                f"{ion.symbol} {value_text(value, ion.step_mM, unit)} {unit}: {state}"
            )
        self.trace.set_data(r.fibre.t_ms, r.fibre.v_mV)
        levels = {"E_Na": r.e_na_mV, "E_K": r.e_k_mV, "rest": r.fibre.rest_mV}
        # label positions: label_gap_mV apart so they never overlap, and on the scale (a line off
        # it, E_K at very low potassium, keeps its label at the bottom edge)
        order = sorted(levels, key=lambda key: levels[key])
        placed = {}
        last = -106.0 - self.look["label_gap_mV"]
        for key in order:
            y = max(levels[key], last + self.look["label_gap_mV"])
            placed[key] = y
            last = y
        for key, level in levels.items():
            self.e_lines[key].set_ydata([level, level])
            y = min(placed[key], 80.0)
            self.e_values[key].set_y(y)
            self.e_values[key].set_text(fmt_mV(level))
            self.e_labels[key].xy = (1.02, y)
        self.ghk_text.set_text(f"GHK resting potential {fmt_mV(r.ghk_rest_mV)} mV")
        self.e_ca_text.set_text(f"{fmt_mV(r.e_ca_mV)} mV (off the right scale)")
        look = self.look
        self.headline.set_text(
            wrapped(
                r.headline,
                look["headline_in"],
                look["size"]["headline"],
                look["headline_lines"],
                bold=True,
            )
        )
        self.axon_trace.set_data(r.axon.t_ms, r.axon.v_mV)
        # a resting line only where the node has a stable rest (not while it fires or is blocked)
        resting = r.axon.state in ("quiet", "burst")
        self.axon_rest.set_ydata([r.axon.rest_mV, r.axon.rest_mV])
        self.axon_rest.set_visible(resting)
        self.axon_rest_text.set_y(r.axon.rest_mV)
        self.axon_rest_text.set_text(f"{fmt_mV(r.axon.rest_mV)} rest" if resting else "")
        low, high = abnormal(r.states)
        self.axon_line.set_text(axon_state_line(r.axon, low=low, high=high))
        ca_lo, ca_hi = IONS["ca_out_mM"].lo_mM, IONS["ca_out_mM"].hi_mM
        # the onset marker only where it means something: inside the slider's range, and not
        # while the axon is held depolarised
        marked = ca_lo < r.axon.onset_ca_mM < ca_hi and r.axon.state != "blocked"
        x_onset = (r.axon.onset_ca_mM - ca_lo) / (ca_hi - ca_lo) if marked else 0.0
        self.onset_marker.set_xdata([x_onset])
        self.onset_marker.set_visible(marked)
        self.onset_text.set_x(x_onset + 0.03)
        if marked:
            onset = (
                r.axon.onset_ca_mM
                if r.units == "mmol/L"
                else convert(r.axon.onset_ca_mM, "calcium_ionised", "mmol/L", r.units)
            )
            self.onset_text.set_text(f"{number_text(onset, '.2f')} {r.units}")
        else:
            self.onset_text.set_text("")
