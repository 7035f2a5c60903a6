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
:func:`~widgets.physiology.motor_axon`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

from widgets.physiology import (
    classify,
    discharge_groups,
    ghk_potential,
    motor_axon,
    nernst,
    simulate,
    skeletal_muscle,
    tetany_onset_ca_mM,
)
from widgets.physiology.axon import clinical_symptom_range_mM
from widgets.physiology.electrolytes import convert, reference_ranges
from widgets.physiology.constants import CA_IN_MM, K_IN_MM, NA_IN_MM, P_NA_OVER_P_K
from widgets.physiology.membrane import surface_charge_shift_mV
from widgets.physiology import stimuli
from widgets.physiology.protocols import spontaneous_rate_hz
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import float_slider, toggle
from widgets.ui.style import NORMAL_BAND, OKABE_ITO, course_style

TEMPERATURE_C = 37.0

DT_MS = 0.016                  # <= the muscle model's largest step (0.0167 ms)
TRACE_MS = 50.0                # window of the test-pulse trace
PULSE_START_MS = 5.0
PULSE_MS = 1.0
PULSE_UA_CM2 = 60.0            # ~1.5x the 1-ms threshold of the normal fibre (~40 uA/cm2)
SPONTANEOUS_MS = 500.0         # unstimulated run that tells whether the fibre fires by itself

AXON_DT_MS = 0.01              # <= the axon model's largest step (0.02 ms)
AXON_TRACE_MS = 400.0          # long enough to show groups of discharges (tetany)
AXON_PULSE_MS = 0.2
AXON_PULSE_UA_CM2 = 375.0      # ~1.5x the 0.2-ms threshold of the normal node (~250 uA/cm2)
AXON_RESPONSE_MS = 30.0        # spikes within this time after the pulse count as its response
GROUP_GAP_MS = 20.0            # a silence longer than this separates groups of discharges
PLOT_STRIDE = 16               # axon trace drawn as the extreme of every 16 samples (0.16 ms)
FIGSIZE_IN = (8.6, 5.6)

# control name -> (analyte in reference_ranges.json, label, symbol, (lo, hi, step) mmol/L, default)
IONS = {
    "k_out_mM": ("potassium", "[K⁺]ₒ", "K⁺", (1.5, 9.0, 0.1), 4.0),
    "na_out_mM": ("sodium", "[Na⁺]ₒ", "Na⁺", (110.0, 170.0, 1.0), 140.0),
    "ca_ionised_mM": ("calcium_ionised", "ionised [Ca²⁺]ₒ", "Ca²⁺ ionised", (0.25, 2.0, 0.01), 1.2),
    "mg_mM": ("magnesium", "[Mg²⁺]ₒ", "Mg²⁺", (0.2, 2.5, 0.01), 0.85),
    "cl_out_mM": ("chloride", "[Cl⁻]ₒ", "Cl⁻", (80.0, 125.0, 1.0), 103.0),
}
CONVERTIBLE = ("ca_ionised_mM", "mg_mM")   # shown in mg/dL on request
UNITS = ("mmol/L", "mg/dL")
MG_DL_STEP = 0.05


@dataclass(frozen=True)
class ElectrolyteResult:
    """Everything the figure and the description need (potentials in mV, concentrations mmol/L)."""

    values_mM: dict
    states: dict
    units: str
    e_k_mV: float
    e_na_mV: float
    e_cl_mV: float
    e_ca_mV: float
    ghk_rest_mV: float
    rest_mV: float
    gating_shift_mV: float
    t_ms: np.ndarray
    v_mV: np.ndarray
    evoked_spikes: int
    spontaneous_rate_hz: float
    peak_mV: float
    headline: str
    axon_t_ms: np.ndarray = None
    axon_v_mV: np.ndarray = None
    axon_rest_mV: float = float("nan")
    axon_evoked: int = 0
    axon_spontaneous: int = 0
    axon_groups: tuple = ()
    axon_onset_ca_mM: float = float("nan")
    axon_state: str = ""
    axon_verdict: str = ""

    @property
    def fires_spontaneously(self) -> bool:
        return self.spontaneous_rate_hz > 0

    @property
    def axon_fires_spontaneously(self) -> bool:
        return self.axon_state == "fires"

    @property
    def excitable(self) -> bool:
        return self.evoked_spikes > 0 or self.fires_spontaneously


@lru_cache(maxsize=256)
def _fibre(k: float, na: float, cl: float, ca: float, mg: float):
    """Model runs for one set of concentrations (cached: a unit switch or a revisit is free)."""
    model = skeletal_muscle(k_out_mM=k, na_out_mM=na, cl_out_mM=cl, ca_out_mM=ca, mg_out_mM=mg,
                            temperature_c=TEMPERATURE_C)
    n = int(round(TRACE_MS / DT_MS))
    t = np.arange(n) * DT_MS
    pulse = stimuli.pulse(t, PULSE_START_MS, PULSE_MS, PULSE_UA_CM2) + stimuli.nudge(t)  # nudge: as in ExcitabilityLab
    trace = simulate(model, pulse, TRACE_MS, DT_MS)
    rate = spontaneous_rate_hz(model, DT_MS, SPONTANEOUS_MS)
    evoked = np.asarray(trace.spike_times_ms)
    evoked = int(np.sum((evoked >= PULSE_START_MS) & (evoked < PULSE_START_MS + 5.0)))
    e_cl = model.e_cl_mV
    return (model.v_rest_mV, e_cl, model.gating_shift_mV, trace.t_ms, trace.v_mV, evoked, rate,
            float(trace.v_mV.max()))


@lru_cache(maxsize=256)
def _axon(k: float, ca: float, mg: float):
    """Motor-axon node for one set of concentrations: 400 ms with a test pulse (cached)."""
    model = motor_axon(ca_ionised_mM=ca, k_out_mM=k, mg_mM=mg, temperature_c=TEMPERATURE_C)
    n = int(round(AXON_TRACE_MS / AXON_DT_MS))
    t = np.arange(n) * AXON_DT_MS
    stim = stimuli.pulse(t, PULSE_START_MS, AXON_PULSE_MS, AXON_PULSE_UA_CM2) + stimuli.nudge(t)
    trace = simulate(model, stim, AXON_TRACE_MS, AXON_DT_MS)
    spikes = np.asarray(trace.spike_times_ms)
    response = (spikes >= PULSE_START_MS) & (spikes < PULSE_START_MS + AXON_RESPONSE_MS)
    evoked = int(np.sum(response))
    spontaneous = spikes[~response]
    if spontaneous.size:
        state = "fires"
    elif evoked >= 2:
        state = "burst"
    elif evoked == 1:
        state = "quiet"
    else:
        state = "blocked"
    groups = tuple(discharge_groups(spontaneous, GROUP_GAP_MS))
    onset = tetany_onset_ca_mM(k_out_mM=k, mg_mM=mg, temperature_c=TEMPERATURE_C)
    # draw one point per PLOT_STRIDE samples (the block's extreme): spikes stay, drawing is faster
    t_plot, v_plot = _thin(trace.t_ms, trace.v_mV, PLOT_STRIDE)
    return model.v_rest_mV, t_plot, v_plot, evoked, int(spontaneous.size), groups, onset, state


def _thin(t: np.ndarray, v: np.ndarray, stride: int) -> tuple:
    """Every ``stride``-th sample, keeping each block's extreme so spike peaks are not lost."""
    n = (len(v) // stride) * stride
    blocks = v[:n].reshape(-1, stride)
    idx = np.argmax(np.abs(blocks - blocks.mean(axis=1, keepdims=True)), axis=1) + np.arange(0, n, stride)
    return t[idx], v[idx]


def _mM(x: float) -> str:
    return f"{x:.2f}"


def _axon_state_line(state: str, groups: tuple, evoked: int, low: set, high: set) -> str:
    """What the motor axon does, in a few words (shown in the axon panel)."""
    if state == "fires":
        size = max(groups[1:] or groups)
        kind = "singly" if size < 2 else "in doublets" if size == 2 else f"in groups of up to {size}"
        why = " (tetany)" if {"ca_ionised_mM", "mg_mM"} & low else ""
        return f"fires by itself {kind}{why}"
    if state == "burst":
        return f"one stimulus sets off {evoked} spikes (latent tetany)"
    if state == "blocked":
        cause = "potassium" if "k_out_mM" in high else "lack of calcium" if "ca_ionised_mM" in low else "its inputs"
        return f"held depolarised by {cause}: spikes fail"
    return "quiet: one stimulus, one spike"


def _axon_verdict(state: str, onset: float, groups: tuple, evoked: int, low: set, high: set) -> str:
    """The axon's state and where, in the model, tetany begins (with the clinical range)."""
    text = f"Motor axon: {_axon_state_line(state, groups, evoked, low, high)}."
    if state == "blocked":
        return text
    if onset >= 2.0:
        return text + " At these potassium and magnesium values the model axon cannot rest at any normal calcium."
    text += (f" In the model the axon fires by itself below {_mM(onset)} mmol/L ionised calcium at these "
             "potassium and magnesium values")
    clinical = clinical_symptom_range_mM()
    if clinical:
        text += f"; in patients symptoms usually begin at about {clinical[0]:.1f}–{clinical[1]:.1f} mmol/L"
    return text + "."


def _fmt_mV(x: float) -> str:
    return f"{x:+.1f}".replace("-", "−") if abs(x) >= 0.05 else "0.0"


def _headline(states: dict, shift_mV: float, rest_mV: float, evoked: int, rate_hz: float,
              peak_mV: float, axon_state: str = "quiet") -> str:
    low = {name for name, s in states.items() if s.startswith("hypo")}
    high = {name for name, s in states.items() if s.startswith("hyper")}
    if axon_state == "fires":
        both = rate_hz > 0
        if "ca_ionised_mM" in low:
            if both:
                return "Hypocalcaemia: motor axon and fibre fire on their own, as in tetany"
            return "Hypocalcaemia: the motor axon fires on its own, as in tetany"
        if "mg_mM" in low:
            return "Hypomagnesaemia: the motor axon fires on its own, as in tetany"
        if "k_out_mM" in high:
            return "Hyperkalaemia: the depolarised axon fires on its own (the model exaggerates this)"
        return "The motor axon fires on its own (membrane unstable)"
    if axon_state == "burst" and rate_hz == 0 and ("ca_ionised_mM" in low or "mg_mM" in low):
        name = "Hypocalcaemia" if "ca_ionised_mM" in low else "Hypomagnesaemia"
        return f"{name}: one stimulus makes the motor axon fire a burst (latent tetany)"
    if rate_hz > 0:
        if "ca_ionised_mM" in low:
            return "Hypocalcaemia: the fibre fires on its own, as in tetany"
        if "k_out_mM" in high:
            return "Hyperkalaemia: the depolarised fibre fires on its own (it blocks at higher K)"
        return "The fibre fires on its own (membrane unstable)"
    if evoked == 0:
        if "k_out_mM" in high:
            return f"Hyperkalaemia: the fibre rests at {_fmt_mV(rest_mV)} mV and cannot fire (weakness)"
        return "The fibre does not respond to the test pulse"
    if "k_out_mM" in low:
        return f"Hypokalaemia: the fibre rests further from threshold ({_fmt_mV(rest_mV)} mV)"
    if "k_out_mM" in high:
        return f"Hyperkalaemia: the fibre rests closer to threshold ({_fmt_mV(rest_mV)} mV)"
    if "ca_ionised_mM" in low:
        return f"Hypocalcaemia: the gates act as if depolarised by {abs(shift_mV):.1f} mV"
    if "ca_ionised_mM" in high:
        return f"Hypercalcaemia: calcium screens the gates ({_fmt_mV(shift_mV)} mV), harder to excite"
    if "mg_mM" in low:
        return "Hypomagnesaemia: a small shift towards firing; low Mg also lowers Ca and K"
    if "mg_mM" in high:
        return f"Hypermagnesaemia: a small stabilising shift of the gates ({_fmt_mV(shift_mV)} mV)"
    if "na_out_mM" in low:
        return f"Hyponatraemia: E_Na falls, so the spike peaks lower ({_fmt_mV(peak_mV)} mV)"
    if "na_out_mM" in high:
        return f"Hypernatraemia: E_Na rises, the spike peaks higher ({_fmt_mV(peak_mV)} mV)"
    if low or high:
        name = "Hypochloraemia" if "cl_out_mM" in low else "Hyperchloraemia"
        return f"{name}: no direct effect, muscle chloride follows the resting potential"
    return f"All values normal: the fibre rests at {_fmt_mV(rest_mV)} mV and fires once"


class ElectrolyteExplorer(ModelView):
    """Serum electrolytes and the muscle fibre: Nernst potentials, rest, response, verdict."""

    title = "Electrolyte explorer"
    demo = Demo("k_out_mM", 6.5)
    caches = (_fibre, _axon)
    #: cases the chapter teaches, shown by name in the static book (values in mmol/L)
    SCENARIOS = {
        "Hypokalaemia: K⁺ 2.5 mmol/L": {"k_out_mM": 2.5},
        "Hyperkalaemia: K⁺ 7.5 mmol/L": {"k_out_mM": 7.5},
        "Hyponatraemia: Na⁺ 120 mmol/L": {"na_out_mM": 120.0},
        "Hypocalcaemia: ionised Ca²⁺ 0.80 mmol/L": {"ca_ionised_mM": 0.8},
        "Ca²⁺ 1.00 with low Mg²⁺ 0.50 mmol/L": {"ca_ionised_mM": 1.0, "mg_mM": 0.5},
    }
    apply_last = ("units",)

    def build_controls(self):
        controls = {}
        for name, (analyte, label, _, (lo, hi, step), default) in IONS.items():
            rng = reference_ranges()[analyte]
            controls[name] = float_slider(
                default, lo, hi, step, label, "mmol/L", ".2f" if step < 0.1 else ".1f",
                tooltip=f"reference range {rng['low_mmol_L']:g}–{rng['high_mmol_L']:g} mmol/L")
        controls["units"] = toggle("mmol/L", list(UNITS), "Ca, Mg units",
                                   tooltip="show calcium and magnesium in mmol/L or mg/dL")
        controls["units"].observe(self._rescale, names="value")
        return controls

    def _rescale(self, change: dict) -> None:
        """Unit switch: keep the physical value, relabel and rescale the Ca and Mg sliders."""
        old, new = change["old"], change["new"]
        with self.held():  # one redraw, by the view's own observer of "units", after this one
            for name in CONVERTIBLE:
                slider = self.controls[name]
                analyte, label, _, (lo, hi, step), _ = IONS[name]
                value = convert(convert(slider.value, analyte, old, "mmol/L"), analyte, "mmol/L", new)
                new_lo, new_hi = convert(lo, analyte, "mmol/L", new), convert(hi, analyte, "mmol/L", new)
                if new_lo > slider.max:
                    slider.max, slider.min = new_hi, new_lo
                else:
                    slider.min, slider.max = new_lo, new_hi
                slider.step = step if new == "mmol/L" else MG_DL_STEP
                slider.value = value
                slider._unit = new
                slider.description = f"{label} ({new})"
                rng = reference_ranges()[analyte]
                slider.tooltip = (f"reference range {convert(rng['low_mmol_L'], analyte, 'mmol/L', new):.2f}–"
                                  f"{convert(rng['high_mmol_L'], analyte, 'mmol/L', new):.2f} {new}")

    # --- figure ---------------------------------------------------------------------------------
    def build_figure(self):
        c = OKABE_ITO
        with course_style():
            fig = Figure(figsize=FIGSIZE_IN, layout="constrained")
            grid = fig.add_gridspec(2, 2, width_ratios=[1.25, 1.4])
            self.ax_lab = fig.add_subplot(grid[:, 0])
            self.ax_v = fig.add_subplot(grid[0, 1])
            self.ax_axon = fig.add_subplot(grid[1, 1])
            ax = self.ax_lab
            self.markers, self.value_texts = {}, {}
            for row, (name, (analyte, _, symbol, (lo, hi, _), _)) in enumerate(IONS.items()):
                y = len(IONS) - 1 - row
                rng = reference_ranges()[analyte]
                a, b = ((rng["low_mmol_L"] - lo) / (hi - lo), (rng["high_mmol_L"] - lo) / (hi - lo))
                ax.plot([0, 1], [y, y], color="#999999", linewidth=1.0, solid_capstyle="butt")
                ax.fill_between([a, b], y - 0.16, y + 0.16, color=NORMAL_BAND, linewidth=0)
                (self.markers[name],) = ax.plot([0.5], [y], marker="o", markersize=10,
                                                linestyle="none", color=c["black"])
                self.value_texts[name] = ax.text(0.0, y + 0.22, symbol, fontsize=10, va="bottom")
            # calcium row: where symptoms begin in patients (hatched) and where the model axon
            # starts to fire by itself (triangle, moves with potassium and magnesium)
            _, _, _, (ca_lo, ca_hi, _), _ = IONS["ca_ionised_mM"]
            y_ca = len(IONS) - 1 - list(IONS).index("ca_ionised_mM")
            clinical = clinical_symptom_range_mM()
            if clinical:
                xa, xb = ((x - ca_lo) / (ca_hi - ca_lo) for x in clinical[:2])
                ax.fill_between([xa, xb], y_ca - 0.16, y_ca + 0.16, facecolor="none", hatch="////",
                                edgecolor=c["vermillion"], linewidth=0.0)
            (self.onset_marker,) = ax.plot([0.4], [y_ca - 0.3], marker="^", markersize=8, linestyle="none",
                                           color=c["vermillion"])
            self.onset_text = ax.text(0.4, y_ca - 0.3, "", fontsize=9, color="#a33c00", va="center")
            self.ghk_text = ax.text(0.0, -0.55, "", fontsize=10.5, va="top")
            # E_Ca: the (math) name is static and parsed once; only the number changes
            ax.text(0.0, -1.0, "E$_{Ca}$", fontsize=10.5, va="top")
            self.e_ca_text = ax.annotate("", xy=(0.0, -1.0), xycoords="data", xytext=(28, 0),
                                         textcoords="offset points", fontsize=10.5, va="top")
            legend = "▲ model axon fires by itself below this"
            if clinical:
                legend += "\nhatched: symptoms begin in patients"
            ax.text(0.0, -1.45, legend, fontsize=9.5, va="top", color="#a33c00")
            ax.set_xlim(-0.03, 1.03)
            ax.set_ylim(-2.3, len(IONS) - 0.2)
            ax.axis("off")
            ax.set_title("Serum values (grey: reference range)", fontsize=12, loc="left")

            ax = self.ax_v
            self.e_lines, self.e_labels, self.e_values = {}, {}, {}
            # chloride is passively distributed in the model, so E_Cl equals the resting
            # potential: one line, labelled "rest = E_Cl"
            styles = {"E_Na": (c["vermillion"], "--"), "E_K": (c["blue"], "--"),
                      "rest": (c["black"], "-.")}
            names = {"E_Na": "E$_{Na}$", "E_K": "E$_K$", "rest": "rest = E$_{Cl}$"}
            for key, (colour, ls) in styles.items():
                self.e_lines[key] = ax.axhline(0.0, color=colour, linestyle=ls, linewidth=1.5)
                # value and name are separate texts: the (math) name never changes, so it is
                # parsed once; only the short number is re-laid out on each step
                self.e_values[key] = ax.text(1.02, 0.0, "", color=colour, fontsize=10.5, va="center",
                                             transform=ax.get_yaxis_transform())
                self.e_labels[key] = ax.annotate(names[key], xy=(1.02, 0.0), xycoords=ax.get_yaxis_transform(),
                                                 xytext=(40, 0), textcoords="offset points", color=colour,
                                                 fontsize=10.5, va="center")
            (self.trace,) = ax.plot([0.0, TRACE_MS], [-90.0, -90.0], color=c["black"], linewidth=2.0)
            ax.plot([PULSE_START_MS, PULSE_START_MS + PULSE_MS], [-108.0, -108.0], color=c["orange"],
                    linewidth=5, solid_capstyle="butt")
            ax.text(PULSE_START_MS + 2.0, -108.0, "1 ms test pulse", color="#6b4a00", fontsize=10,
                    va="center")
            ax.set_xlim(0.0, TRACE_MS)
            ax.set_ylim(-112.0, 82.0)
            ax.set_xlabel("time (ms)")
            ax.set_ylabel("membrane potential (mV)")
            ax.set_title("Muscle fibre: response to a test pulse", fontsize=12, loc="left")

            ax = self.ax_axon
            self.axon_rest = ax.axhline(-88.0, color=c["black"], linestyle="-.", linewidth=1.5)
            self.axon_rest_text = ax.text(1.02, -88.0, "", fontsize=10.5, va="center",
                                          transform=ax.get_yaxis_transform())
            (self.axon_trace,) = ax.plot([0.0, AXON_TRACE_MS], [-88.0, -88.0], color=c["blue"], linewidth=1.5)
            ax.plot([PULSE_START_MS, PULSE_START_MS + 4.0], [-108.0, -108.0], color=c["orange"],
                    linewidth=5, solid_capstyle="butt")
            ax.text(PULSE_START_MS + 8.0, -108.0, f"{AXON_PULSE_MS:g} ms test pulse", color="#6b4a00",
                    fontsize=10, va="center")
            ax.set_xlim(0.0, AXON_TRACE_MS)
            ax.set_ylim(-112.0, 62.0)
            ax.set_xlabel("time (ms)")
            ax.set_ylabel("membrane potential (mV)")
            ax.set_title("Motor axon: where tetany starts", fontsize=12, loc="left")
            self.axon_line = ax.text(0.01, 0.97, "", transform=ax.transAxes, fontsize=10, va="top",
                                     bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0})
            self.headline = fig.suptitle("", fontsize=13, fontweight="bold")
        self.dynamic = [*self.e_lines.values(), self.trace, *self.e_values.values(),
                        *self.e_labels.values(), *self.markers.values(), *self.value_texts.values(),
                        self.ghk_text, self.e_ca_text, self.headline, self.axon_trace, self.axon_rest,
                        self.axon_rest_text, self.axon_line, self.onset_marker, self.onset_text]
        return fig

    # --- model ----------------------------------------------------------------------------------
    def compute(self, k_out_mM, na_out_mM, ca_ionised_mM, mg_mM, cl_out_mM, units):
        shown = {"k_out_mM": k_out_mM, "na_out_mM": na_out_mM, "ca_ionised_mM": ca_ionised_mM,
                 "mg_mM": mg_mM, "cl_out_mM": cl_out_mM}
        mM = {name: (convert(v, IONS[name][0], units, "mmol/L") if name in CONVERTIBLE else float(v))
              for name, v in shown.items()}
        states = {name: classify(IONS[name][0], mM[name]).state for name in IONS}
        k, na, ca, mg, cl = (mM[n] for n in ("k_out_mM", "na_out_mM", "ca_ionised_mM", "mg_mM", "cl_out_mM"))
        rest, e_cl, shift, t, v, evoked, rate, peak = _fibre(
            round(k, 9), round(na, 9), round(cl, 9), round(ca, 9), round(mg, 9))
        a_rest, a_t, a_v, a_evoked, a_spont, a_groups, onset, a_state = _axon(
            round(k, 9), round(ca, 9), round(mg, 9))
        low = {name for name, st in states.items() if st.startswith("hypo")}
        high = {name for name, st in states.items() if st.startswith("hyper")}
        return ElectrolyteResult(
            values_mM=mM, states=states, units=units,
            e_k_mV=nernst(1, k, K_IN_MM, TEMPERATURE_C),
            e_na_mV=nernst(1, na, NA_IN_MM, TEMPERATURE_C),
            e_cl_mV=e_cl,
            e_ca_mV=nernst(2, ca, CA_IN_MM, TEMPERATURE_C),
            ghk_rest_mV=ghk_potential({"K": k, "Na": na}, {"K": K_IN_MM, "Na": NA_IN_MM},
                                      {"K": 1.0, "Na": P_NA_OVER_P_K}, TEMPERATURE_C),
            rest_mV=rest, gating_shift_mV=shift, t_ms=t, v_mV=v, evoked_spikes=evoked,
            spontaneous_rate_hz=rate, peak_mV=peak,
            headline=_headline(states, shift, rest, evoked, rate, peak, a_state),
            axon_t_ms=a_t, axon_v_mV=a_v, axon_rest_mV=a_rest, axon_evoked=a_evoked,
            axon_spontaneous=a_spont, axon_groups=a_groups, axon_onset_ca_mM=onset, axon_state=a_state,
            axon_verdict=_axon_verdict(a_state, onset, a_groups, a_evoked, low, high),
        )

    def _shown(self, name: str, r: ElectrolyteResult) -> tuple[float, str]:
        value = r.values_mM[name]
        if name in CONVERTIBLE and r.units != "mmol/L":
            return convert(value, IONS[name][0], "mmol/L", r.units), r.units
        return value, "mmol/L"

    def redraw(self, r: ElectrolyteResult) -> None:
        c = OKABE_ITO
        for name, (analyte, _, symbol, (lo, hi, step), _) in IONS.items():
            x = (r.values_mM[name] - lo) / (hi - lo)
            state = r.states[name]
            marker, colour = (("<", c["blue"]) if state.startswith("hypo") else
                              (">", c["vermillion"]) if state.startswith("hyper") else ("o", c["black"]))
            m = self.markers[name]
            m.set_xdata([x])
            m.set_marker(marker)
            m.set_color(colour)
            value, unit = self._shown(name, r)
            digits = 2 if (step < 0.1 or unit == "mg/dL") else 1 if step < 1 else 0
            self.value_texts[name].set_text(f"{symbol} {value:.{digits}f} {unit}: {state}")
        self.trace.set_data(r.t_ms, r.v_mV)
        levels = {"E_Na": r.e_na_mV, "E_K": r.e_k_mV, "rest": r.rest_mV}
        # label positions: keep at least 11 mV apart so they never overlap
        order = sorted(levels, key=lambda key: levels[key])
        placed = {}
        last = -1e9
        for key in order:
            y = max(levels[key], last + 11.0)
            placed[key] = y
            last = y
        for key, level in levels.items():
            self.e_lines[key].set_ydata([level, level])
            y = min(placed[key], 80.0)
            self.e_values[key].set_y(y)
            self.e_values[key].set_text(_fmt_mV(level))
            self.e_labels[key].xy = (1.02, y)
        self.ghk_text.set_text(f"GHK resting potential {_fmt_mV(r.ghk_rest_mV)} mV")
        self.e_ca_text.set_text(f"{_fmt_mV(r.e_ca_mV)} mV (off the right scale)")
        self.headline.set_text(r.headline)
        self.axon_trace.set_data(r.axon_t_ms, r.axon_v_mV)
        # a resting line only where the node has a stable rest (not while it fires or is blocked)
        resting = r.axon_state in ("quiet", "burst")
        self.axon_rest.set_ydata([r.axon_rest_mV, r.axon_rest_mV])
        self.axon_rest.set_visible(resting)
        self.axon_rest_text.set_y(r.axon_rest_mV)
        self.axon_rest_text.set_text(f"{_fmt_mV(r.axon_rest_mV)} rest" if resting else "")
        low = {name for name, st in r.states.items() if st.startswith("hypo")}
        high = {name for name, st in r.states.items() if st.startswith("hyper")}
        self.axon_line.set_text(_axon_state_line(r.axon_state, r.axon_groups, r.axon_evoked, low, high))
        _, _, _, (ca_lo, ca_hi, _), _ = IONS["ca_ionised_mM"]
        # the onset marker only where it means something: inside the slider's range, and not
        # while the axon is held depolarised
        shown = ca_lo < r.axon_onset_ca_mM < ca_hi and r.axon_state != "blocked"
        x_onset = (r.axon_onset_ca_mM - ca_lo) / (ca_hi - ca_lo) if shown else 0.0
        self.onset_marker.set_xdata([x_onset])
        self.onset_marker.set_visible(shown)
        self.onset_text.set_x(x_onset + 0.03)
        if shown:
            onset = (r.axon_onset_ca_mM if r.units == "mmol/L" else
                     convert(r.axon_onset_ca_mM, "calcium_ionised", "mmol/L", r.units))
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
            response = (f"the fibre fires on its own at about {r.spontaneous_rate_hz:.0f} spikes per "
                        "second, without any stimulus")
        elif r.evoked_spikes:
            response = (f"the 1 ms test pulse at {PULSE_START_MS:g} ms evokes one action potential "
                        f"peaking at {_fmt_mV(r.peak_mV)} mV, then the fibre returns to rest")
        else:
            response = (f"the 1 ms test pulse evokes no action potential (the membrane only reaches "
                        f"{_fmt_mV(r.peak_mV)} mV)")
        if r.axon_state == "fires":
            axon = (f"it fires by itself {r.axon_spontaneous} times in {AXON_TRACE_MS:g} ms, in groups "
                    f"of {', '.join(str(g) for g in r.axon_groups)} spikes")
        elif r.axon_state == "burst":
            axon = f"the test pulse sets off a burst of {r.axon_evoked} spikes, then it falls quiet"
        elif r.axon_state == "blocked":
            axon = "it sits depolarised and the test pulse evokes no full spike"
        else:
            axon = "the test pulse evokes one spike, then it returns to rest"
        resting = r.axon_state in ("quiet", "burst")
        rest_note = f", resting at {_fmt_mV(r.axon_rest_mV)} mV" if resting else " (no stable resting potential)"
        return (
            f"{r.headline}. {r.axon_verdict.replace(chr(10), ' ')} Three panels. Left: the serum values "
            f"on their slider ranges with the "
            f"reference ranges shaded grey: {'; '.join(parts)}. Top right: membrane potential of the "
            f"skeletal-muscle model over {TRACE_MS:g} ms with horizontal lines at the Nernst "
            f"potentials E_Na {_fmt_mV(r.e_na_mV)} mV and E_K {_fmt_mV(r.e_k_mV)} mV and at the "
            f"fibre model's resting potential {_fmt_mV(r.rest_mV)} mV, which E_Cl equals ({_fmt_mV(r.e_cl_mV)} mV: "
            f"chloride is passively distributed) "
            f"(the GHK formula alone gives {_fmt_mV(r.ghk_rest_mV)} mV; E_Ca {_fmt_mV(r.e_ca_mV)} mV, off scale); "
            f"{response}. Bottom right: membrane potential of the human motor-axon node over "
            f"{AXON_TRACE_MS:g} ms{rest_note}, with a {AXON_PULSE_MS:g} ms "
            f"test pulse at {PULSE_START_MS:g} ms: {axon}."
        )
