"""ElectrolyteExplorer: serum electrolytes -> equilibrium potentials, resting potential, excitability.

Five sliders set the outside concentrations of K+, Na+, ionised Ca2+, Mg2+ and Cl- from severe
deficiency to severe excess. The figure shows, left, each value on its slider's range with the
adult reference range shaded grey; top right, the skeletal-muscle model's response to a fixed 1 ms
test pulse, with the Nernst potentials of K+ and Na+ and the resting potential (which E_Cl
equals: muscle chloride is passively distributed, ``mccaig1984``) drawn as lines; bottom right,
the human motor-axon node (:func:`~widgets.physiology.motor_axon`) over 400 ms with a 0.2 ms
test pulse, where hypocalcaemic tetany starts. The headline names the disorder and what the
nerve and the fibre do (e.g. "Hypocalcaemia: the motor axon fires on its own, as in tetany"),
and the axon panel says what the axon does (quiet, a burst after the pulse, firing by itself in
groups, or blocked). On the calcium row a triangle marks where, in the model, the axon starts to
fire by itself at the present potassium and magnesium
(:func:`~widgets.physiology.tetany_onset_ca_mM`), beside a hatched band where symptoms begin in
patients (``clinical_facts.json``, ``turner2016``); the alt text states both numbers.

Units: sliders are in mmol/L; Ca and Mg can be shown in mg/dL (``units`` control), as many
clinicians report them. Switching units keeps the physical value and rescales those two sliders.
Constructor values are always in mmol/L, e.g. ``ElectrolyteExplorer(ca_ionised_mM=0.3)``.
Models: :func:`~widgets.physiology.nernst`, :func:`~widgets.physiology.ghk_potential`
(PNa/PK 0.01, ``hodgkin1959``), :func:`~widgets.physiology.skeletal_muscle`,
:func:`~widgets.physiology.motor_axon`; the runs are in :mod:`widgets.ui.electrolyte_runs`, the
headline and the axon's verdict in :mod:`widgets.ui.electrolyte_verdicts`.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from widgets.figures.style import NORMAL_BAND, OKABE_ITO, course_style
from widgets.figures.text import wrapped
from widgets.physiology import classify, ghk_potential, nernst
from widgets.physiology.axon import clinical_symptom_range_mM
from widgets.physiology.constants import CA_IN_MM, K_IN_MM, NA_IN_MM, P_NA_OVER_P_K
from widgets.physiology.electrolytes import convert, reference_ranges
from widgets.ui.base import PHONE_WIDTH_IN, Demo, ModelView
from widgets.ui.common import float_slider, scenario, toggle
from widgets.ui.electrolyte_runs import (
    AXON_PULSE_MS,
    AXON_TRACE_MS,
    PULSE_MS,
    PULSE_START_MS,
    TEMPERATURE_C,
    TRACE_MS,
    ElectrolyteResult,
    axon_response,
    fibre_response,
)
from widgets.ui.electrolyte_verdicts import (
    abnormal,
    axon_state_line,
    axon_verdict,
    fmt_mV,
    headline,
)

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

# control name -> (analyte in reference_ranges.json, label, symbol, (lo, hi, step) mmol/L, default)
IONS = {
    "k_out_mM": ("potassium", "[K⁺]ₒ", "K⁺", (1.5, 9.0, 0.1), 4.0),
    "na_out_mM": ("sodium", "[Na⁺]ₒ", "Na⁺", (110.0, 170.0, 1.0), 140.0),
    "ca_ionised_mM": (
        "calcium_ionised",
        "ionised [Ca²⁺]ₒ",
        "Ca²⁺ ionised",
        (0.25, 2.0, 0.01),
        1.2,
    ),
    "mg_mM": ("magnesium", "[Mg²⁺]ₒ", "Mg²⁺", (0.2, 2.5, 0.01), 0.85),
    "cl_out_mM": ("chloride", "[Cl⁻]ₒ", "Cl⁻", (80.0, 125.0, 1.0), 103.0),
}
CONVERTIBLE = ("ca_ionised_mM", "mg_mM")  # shown in mg/dL on request
UNITS = ("mmol/L", "mg/dL")
MG_DL_STEP = 0.05


#: decimals of each concentration as its slider shows it (scenario names write values the same way)
DECIMALS = {
    name: 2 if step < 0.1 else 1 if step < 1 else 0 for name, (*_, (_, _, step), _) in IONS.items()
}


class ElectrolyteExplorer(ModelView):
    """Serum electrolytes and the muscle fibre: Nernst potentials, rest, response, verdict."""

    title = "Electrolyte explorer"
    LAYOUTS = ("wide", "phone")
    demo = Demo("k_out_mM", 6.5)
    caches = (fibre_response, axon_response)
    #: cases the chapter teaches, shown by name in the static book (values in mmol/L)
    SCENARIOS = dict(
        (
            scenario("Hypokalaemia: K⁺ {k_out_mM} mmol/L", DECIMALS, k_out_mM=2.5),
            scenario("Hyperkalaemia: K⁺ {k_out_mM} mmol/L", DECIMALS, k_out_mM=7.5),
            scenario("Hyponatraemia: Na⁺ {na_out_mM} mmol/L", DECIMALS, na_out_mM=120.0),
            scenario(
                "Hypocalcaemia: ionised Ca²⁺ {ca_ionised_mM} mmol/L", DECIMALS, ca_ionised_mM=0.8
            ),
            scenario(
                "Ca²⁺ {ca_ionised_mM} with low Mg²⁺ {mg_mM} mmol/L",
                DECIMALS,
                ca_ionised_mM=1.0,
                mg_mM=0.5,
            ),
        )
    )
    apply_last = ("units",)

    def build_controls(self):
        controls = {}
        for name, (analyte, label, _, (lo, hi, step), default) in IONS.items():
            rng = reference_ranges()[analyte]
            controls[name] = float_slider(
                default,
                lo,
                hi,
                step,
                label,
                "mmol/L",
                ".2f" if step < 0.1 else ".1f",
                tooltip=f"reference range {rng['low_mmol_L']:g}–{rng['high_mmol_L']:g} mmol/L",
            )
        controls["units"] = toggle(
            "mmol/L",
            list(UNITS),
            "Ca, Mg units",
            tooltip="show calcium and magnesium in mmol/L or mg/dL",
        )
        controls["units"].observe(self._rescale, names="value")
        return controls

    def _rescale(self, change: dict) -> None:
        """Unit switch: keep the physical value, relabel and rescale the Ca and Mg sliders."""
        old, new = change["old"], change["new"]
        with self.held():  # one redraw, by the view's own observer of "units", after this one
            for name in CONVERTIBLE:
                slider = self.controls[name]
                analyte, label, _, (lo, hi, step), _ = IONS[name]
                value = convert(
                    convert(slider.value, analyte, old, "mmol/L"), analyte, "mmol/L", new
                )
                new_lo, new_hi = (
                    convert(lo, analyte, "mmol/L", new),
                    convert(hi, analyte, "mmol/L", new),
                )
                if new_lo > slider.max:
                    slider.max, slider.min = new_hi, new_lo
                else:
                    slider.min, slider.max = new_lo, new_hi
                slider.step = step if new == "mmol/L" else MG_DL_STEP
                slider.value = value
                slider._unit = new
                slider.description = f"{label} ({new})"
                rng = reference_ranges()[analyte]
                slider.tooltip = (
                    f"reference range {convert(rng['low_mmol_L'], analyte, 'mmol/L', new):.2f}–"
                    f"{convert(rng['high_mmol_L'], analyte, 'mmol/L', new):.2f} {new}"
                )

    # --- figure ---------------------------------------------------------------------------------
    def build_figure(self):
        c, look = OKABE_ITO, LOOKS[self.layout]
        self.look = look
        size = look["size"]
        with course_style(self.layout):
            fig = Figure(figsize=look["figsize"], layout="constrained")
            # the serum values in one part, the two traces (aligned) in the other
            serum, traces = fig.subfigures(**look["parts"])
            self.ax_lab = serum.subplots()
            self.ax_v, self.ax_axon = traces.subplots(2, 1)
            ax = self.ax_lab
            self.markers, self.value_texts = {}, {}
            for row, (name, (analyte, _, symbol, (lo, hi, _), _)) in enumerate(IONS.items()):
                y = len(IONS) - 1 - row
                rng = reference_ranges()[analyte]
                a, b = (
                    (rng["low_mmol_L"] - lo) / (hi - lo),
                    (rng["high_mmol_L"] - lo) / (hi - lo),
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
                    0.0, y + 0.22, symbol, fontsize=size["value"], va="bottom"
                )
            # calcium row: where symptoms begin in patients (hatched) and where the model axon
            # starts to fire by itself (triangle, moves with potassium and magnesium)
            _, _, _, (ca_lo, ca_hi, _), _ = IONS["ca_ionised_mM"]
            y_ca = len(IONS) - 1 - list(IONS).index("ca_ionised_mM")
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
        return fig

    # --- model ----------------------------------------------------------------------------------
    @staticmethod
    def _runs(values: dict) -> tuple[dict, tuple, tuple]:
        """(concentrations in mmol/L, fibre_response arguments, axon_response arguments)."""
        mM = {
            name: (
                convert(values[name], IONS[name][0], values["units"], "mmol/L")
                if name in CONVERTIBLE
                else float(values[name])
            )
            for name in IONS
        }
        k, na, ca, mg, cl = (
            round(mM[n], 9)
            for n in ("k_out_mM", "na_out_mM", "ca_ionised_mM", "mg_mM", "cl_out_mM")
        )
        return mM, (k, na, cl, ca, mg), (k, ca, mg)

    def look_ahead(self, upcoming: list[dict]) -> None:
        """The fibre and axon runs of the next values of the moved slider are computed ahead (a unit
        switch needs no run: the physical values stay)."""
        runs = [
            self._runs(values)
            for values in upcoming
            if values["units"] == self.controls["units"].value
        ]
        fibre_response.ahead(*{fibre for _, fibre, _ in runs})
        axon_response.ahead(*{axon for _, _, axon in runs})

    def compute(self, k_out_mM, na_out_mM, ca_ionised_mM, mg_mM, cl_out_mM, units):
        mM, fibre, axon = self._runs(
            {
                "k_out_mM": k_out_mM,
                "na_out_mM": na_out_mM,
                "ca_ionised_mM": ca_ionised_mM,
                "mg_mM": mg_mM,
                "cl_out_mM": cl_out_mM,
                "units": units,
            }
        )
        states = {name: classify(IONS[name][0], mM[name]).state for name in IONS}
        k, na, ca = mM["k_out_mM"], mM["na_out_mM"], mM["ca_ionised_mM"]
        rest, e_cl, shift, t, v, evoked, rate, peak = fibre_response(*fibre)
        a_rest, a_t, a_v, a_evoked, a_spont, a_groups, onset, a_state = axon_response(*axon)
        low, high = abnormal(states)
        return ElectrolyteResult(
            values_mM=mM,
            states=states,
            units=units,
            e_k_mV=nernst(1, k, K_IN_MM, TEMPERATURE_C),
            e_na_mV=nernst(1, na, NA_IN_MM, TEMPERATURE_C),
            e_cl_mV=e_cl,
            e_ca_mV=nernst(2, ca, CA_IN_MM, TEMPERATURE_C),
            ghk_rest_mV=ghk_potential(
                {"K": k, "Na": na},
                {"K": K_IN_MM, "Na": NA_IN_MM},
                {"K": 1.0, "Na": P_NA_OVER_P_K},
                TEMPERATURE_C,
            ),
            rest_mV=rest,
            gating_shift_mV=shift,
            t_ms=t,
            v_mV=v,
            evoked_spikes=evoked,
            spontaneous_rate_hz=rate,
            peak_mV=peak,
            headline=headline(states, shift, rest, evoked, rate, peak, a_state),
            axon_t_ms=a_t,
            axon_v_mV=a_v,
            axon_rest_mV=a_rest,
            axon_evoked=a_evoked,
            axon_spontaneous=a_spont,
            axon_groups=a_groups,
            axon_onset_ca_mM=onset,
            axon_state=a_state,
            axon_verdict=axon_verdict(a_state, onset, a_groups, a_evoked, low, high),
        )

    def _shown(self, name: str, r: ElectrolyteResult) -> tuple[float, str]:
        value = r.values_mM[name]
        if name in CONVERTIBLE and r.units != "mmol/L":
            return convert(value, IONS[name][0], "mmol/L", r.units), r.units
        return value, "mmol/L"

    def redraw(self, r: ElectrolyteResult) -> None:
        c = OKABE_ITO
        for name, (_analyte, _, symbol, (lo, hi, step), _) in IONS.items():
            x = (r.values_mM[name] - lo) / (hi - lo)
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
            value, unit = self._shown(name, r)
            digits = 2 if (step < 0.1 or unit == "mg/dL") else 1 if step < 1 else 0
            self.value_texts[name].set_text(f"{symbol} {value:.{digits}f} {unit}: {state}")
        self.trace.set_data(r.t_ms, r.v_mV)
        levels = {"E_Na": r.e_na_mV, "E_K": r.e_k_mV, "rest": r.rest_mV}
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
        self.axon_trace.set_data(r.axon_t_ms, r.axon_v_mV)
        # a resting line only where the node has a stable rest (not while it fires or is blocked)
        resting = r.axon_state in ("quiet", "burst")
        self.axon_rest.set_ydata([r.axon_rest_mV, r.axon_rest_mV])
        self.axon_rest.set_visible(resting)
        self.axon_rest_text.set_y(r.axon_rest_mV)
        self.axon_rest_text.set_text(f"{fmt_mV(r.axon_rest_mV)} rest" if resting else "")
        low, high = abnormal(r.states)
        self.axon_line.set_text(
            axon_state_line(r.axon_state, r.axon_groups, r.axon_evoked, low, high)
        )
        _, _, _, (ca_lo, ca_hi, _), _ = IONS["ca_ionised_mM"]
        # the onset marker only where it means something: inside the slider's range, and not
        # while the axon is held depolarised
        shown = ca_lo < r.axon_onset_ca_mM < ca_hi and r.axon_state != "blocked"
        x_onset = (r.axon_onset_ca_mM - ca_lo) / (ca_hi - ca_lo) if shown else 0.0
        self.onset_marker.set_xdata([x_onset])
        self.onset_marker.set_visible(shown)
        self.onset_text.set_x(x_onset + 0.03)
        if shown:
            onset = (
                r.axon_onset_ca_mM
                if r.units == "mmol/L"
                else convert(r.axon_onset_ca_mM, "calcium_ionised", "mmol/L", r.units)
            )
            self.onset_text.set_text(f"{onset:.2f} {r.units}")
        else:
            self.onset_text.set_text("")

    def describe(self, r: ElectrolyteResult) -> str:
        parts = []
        for name, (_, _, symbol, (_, _, step), _) in IONS.items():
            value, unit = self._shown(name, r)
            digits = 2 if (step < 0.1 or unit == "mg/dL") else 1 if step < 1 else 0
            parts.append(f"{symbol} {value:.{digits}f} {unit} ({r.states[name]})")
        if r.fires_spontaneously:
            response = (
                f"the fibre fires on its own at about {r.spontaneous_rate_hz:.0f} spikes per "
                "second, without any stimulus"
            )
        elif r.evoked_spikes:
            response = (
                f"the {PULSE_MS:g} ms test pulse at {PULSE_START_MS:g} ms evokes one action potential "
                f"peaking at {fmt_mV(r.peak_mV)} mV, then the fibre returns to rest"
            )
        else:
            response = (
                f"the {PULSE_MS:g} ms test pulse evokes no action potential (the membrane only reaches "
                f"{fmt_mV(r.peak_mV)} mV)"
            )
        if r.axon_state == "fires":
            axon = (
                f"it fires by itself {r.axon_spontaneous} times in {AXON_TRACE_MS:g} ms, in groups "
                f"of {', '.join(str(g) for g in r.axon_groups)} spikes"
            )
        elif r.axon_state == "burst":
            axon = (
                f"the test pulse sets off a burst of {r.axon_evoked} spikes, then it falls quiet"
            )
        elif r.axon_state == "blocked":
            axon = "it sits depolarised and the test pulse evokes no full spike"
        else:
            axon = "the test pulse evokes one spike, then it returns to rest"
        resting = r.axon_state in ("quiet", "burst")
        rest_note = (
            f", resting at {fmt_mV(r.axon_rest_mV)} mV"
            if resting
            else " (no stable resting potential)"
        )
        left, top, bottom = self.look["places"]
        return (
            f"{r.headline}. {r.axon_verdict.replace(chr(10), ' ')} Three panels. {left}: the serum values "
            f"on their slider ranges with the "
            f"reference ranges shaded grey: {'; '.join(parts)}. {top}: membrane potential of the "
            f"skeletal-muscle model over {TRACE_MS:g} ms with horizontal lines at the Nernst "
            f"potentials of sodium, {fmt_mV(r.e_na_mV)} mV, and potassium, {fmt_mV(r.e_k_mV)} mV, and at the "
            f"fibre model's resting potential, {fmt_mV(r.rest_mV)} mV, which equals chloride's equilibrium potential "
            f"({fmt_mV(r.e_cl_mV)} mV; chloride is passively distributed). The GHK formula alone gives {fmt_mV(r.ghk_rest_mV)} mV, and "
            f"calcium's Nernst potential, {fmt_mV(r.e_ca_mV)} mV, is off scale. In the trace, "
            f"{response}. {bottom}: membrane potential of the human motor-axon node over "
            f"{AXON_TRACE_MS:g} ms{rest_note}, with a {AXON_PULSE_MS:g} ms "
            f"test pulse at {PULSE_START_MS:g} ms: {axon}."
        )
