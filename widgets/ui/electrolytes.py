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
Constructor values are always in mmol/L, e.g. ``ElectrolyteExplorer(ca_out_mM=0.3)``.
Models: :func:`~widgets.physiology.nernst`, :func:`~widgets.physiology.ghk_potential`
(PNa/PK 0.01, ``hodgkin1959``), :func:`~widgets.physiology.skeletal_muscle`,
:func:`~widgets.physiology.motor_axon`; the test-pulse runs are
:mod:`widgets.physiology.pulse_responses` (memoised in :mod:`widgets.ui.electrolyte_runs`), the
picture is :mod:`widgets.ui.electrolyte_figure`, the headline and the axon's verdict are
:mod:`widgets.ui.electrolyte_verdicts`.
"""

from __future__ import annotations

from widgets.physiology import classify, ghk_potential, nernst
from widgets.physiology.constants import CA_IN_MM, K_IN_MM, NA_IN_MM, P_NA_OVER_P_K
from widgets.physiology.electrolytes import convert, reference_ranges
from widgets.physiology.numbers import number_text
from widgets.physiology.pulse_responses import (
    AXON_PULSE_MS,
    AXON_TRACE_MS,
    PULSE_MS,
    PULSE_START_MS,
    TRACE_MS,
)
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import float_slider, scenario, toggle
from widgets.ui.electrolyte_figure import IONS, LOOKS, ElectrolyteFigure, decimals, value_text
from widgets.ui.electrolyte_runs import TEMPERATURE_C, ElectrolyteResult, axon_run, fibre_run
from widgets.ui.electrolyte_verdicts import abnormal, axon_verdict, fmt_mV, headline

CONVERTIBLE = ("ca_out_mM", "mg_out_mM")  # shown in mg/dL on request
UNITS = ("mmol/L", "mg/dL")
MG_DL_STEP = 0.05


#: decimals of each concentration as its slider shows it (scenario names write values the same way)
DECIMALS = {name: decimals(ion.step_mM) for name, ion in IONS.items()}


def range_tooltip(analyte: str, unit: str) -> str:
    """The slider's tooltip: the analyte's reference range in ``unit`` (mmol/L as the reference
    table gives it, mg/dL to one decimal), the same before and after a unit switch."""
    rng = reference_ranges()[analyte]
    fmt = "g" if unit == "mmol/L" else ".1f"
    low, high = (
        number_text(convert(rng[k], analyte, "mmol/L", unit), fmt)
        for k in ("low_mmol_L", "high_mmol_L")
    )
    return f"reference range {low}–{high} {unit}"


class ElectrolyteExplorer(ModelView):
    """Serum electrolytes and the muscle fibre: Nernst potentials, rest, response, verdict."""

    title = "Electrolyte explorer"
    LAYOUTS = ("wide", "phone")
    demo = Demo("k_out_mM", 6.5)
    caches = (fibre_run, axon_run)
    #: cases the chapter teaches, shown by name in the static book (values in mmol/L)
    SCENARIOS = dict(
        (
            scenario("Hypokalaemia: K⁺ {k_out_mM} mmol/L", DECIMALS, k_out_mM=2.5),
            scenario("Hyperkalaemia: K⁺ {k_out_mM} mmol/L", DECIMALS, k_out_mM=7.5),
            scenario("Hyponatraemia: Na⁺ {na_out_mM} mmol/L", DECIMALS, na_out_mM=120.0),
            scenario("Hypocalcaemia: ionised Ca²⁺ {ca_out_mM} mmol/L", DECIMALS, ca_out_mM=0.8),
            scenario(
                "Ca²⁺ {ca_out_mM} with low Mg²⁺ {mg_out_mM} mmol/L",
                DECIMALS,
                ca_out_mM=1.0,
                mg_out_mM=0.5,
            ),
        )
    )
    apply_last = ("units",)

    def build_controls(self):
        controls = {}
        for name, ion in IONS.items():
            controls[name] = float_slider(
                ion.default_mM,
                ion.lo_mM,
                ion.hi_mM,
                ion.step_mM,
                ion.label,
                "mmol/L",
                ".2f" if ion.step_mM < 0.1 else ".1f",
                tooltip=range_tooltip(ion.analyte, "mmol/L"),
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
                ion = IONS[name]
                analyte, lo, hi = ion.analyte, ion.lo_mM, ion.hi_mM
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
                slider.step = ion.step_mM if new == "mmol/L" else MG_DL_STEP
                slider.value = value
                slider._unit = new
                slider.description = f"{ion.label} ({new})"
                slider.tooltip = range_tooltip(analyte, new)

    # --- figure ---------------------------------------------------------------------------------
    def build_figure(self):
        self.drawing = ElectrolyteFigure(self.layout)
        self.look = LOOKS[self.layout]
        self.dynamic = self.drawing.dynamic
        return self.drawing.figure

    def redraw(self, r: ElectrolyteResult) -> None:
        self.drawing.show(r, {name: self._shown(name, r) for name in IONS})

    # --- model ----------------------------------------------------------------------------------
    @staticmethod
    def _runs(values: dict) -> tuple[dict, tuple, tuple]:
        """(concentrations in mmol/L, fibre_run key, axon_run key)."""
        mM = {
            name: (
                convert(values[name], IONS[name].analyte, values["units"], "mmol/L")
                if name in CONVERTIBLE
                else float(values[name])
            )
            for name in IONS
        }
        key = {name: round(value, 9) for name, value in mM.items()}
        k, ca, mg = key["k_out_mM"], key["ca_out_mM"], key["mg_out_mM"]
        return mM, (k, key["na_out_mM"], key["cl_out_mM"], ca, mg), (k, ca, mg)

    def look_ahead(self, upcoming: list[dict]) -> None:
        """The fibre and axon runs of the next values of the moved slider are computed ahead (a unit
        switch needs no run: the physical values stay)."""
        runs = [
            self._runs(values)
            for values in upcoming
            if values["units"] == self.controls["units"].value
        ]
        fibre_run.ahead(*{fibre for _, fibre, _ in runs})
        axon_run.ahead(*{axon for _, _, axon in runs})

    def compute(self, k_out_mM, na_out_mM, cl_out_mM, ca_out_mM, mg_out_mM, units):
        values = {
            "k_out_mM": k_out_mM,
            "na_out_mM": na_out_mM,
            "cl_out_mM": cl_out_mM,
            "ca_out_mM": ca_out_mM,
            "mg_out_mM": mg_out_mM,
            "units": units,
        }
        mM, fibre_key, axon_key = self._runs(values)
        states = {name: classify(IONS[name].analyte, mM[name]).state for name in IONS}
        k, na, ca = mM["k_out_mM"], mM["na_out_mM"], mM["ca_out_mM"]
        axon_run.submit(*axon_key)  # on the other core while the fibre runs here
        fibre, axon = fibre_run(*fibre_key), axon_run(*axon_key)
        low, high = abnormal(states)
        return ElectrolyteResult(
            values_mM=mM,
            states=states,
            units=units,
            e_k_mV=nernst(1, k, K_IN_MM, TEMPERATURE_C),
            e_na_mV=nernst(1, na, NA_IN_MM, TEMPERATURE_C),
            e_ca_mV=nernst(2, ca, CA_IN_MM, TEMPERATURE_C),
            ghk_rest_mV=ghk_potential(
                {"K": k, "Na": na},
                {"K": K_IN_MM, "Na": NA_IN_MM},
                {"K": 1.0, "Na": P_NA_OVER_P_K},
                TEMPERATURE_C,
            ),
            fibre=fibre,
            axon=axon,
            headline=headline(states, fibre=fibre, axon_state=axon.state),
            axon_verdict=axon_verdict(axon, low=low, high=high),
        )

    def _shown(self, name: str, r: ElectrolyteResult) -> tuple[float, str]:
        value = r.values_mM[name]
        if name in CONVERTIBLE and r.units != "mmol/L":
            return convert(value, IONS[name].analyte, "mmol/L", r.units), r.units
        return value, "mmol/L"

    def describe(self, r: ElectrolyteResult) -> str:
        parts = []
        for name, ion in IONS.items():
            value, unit = self._shown(name, r)
            parts.append(
                f"{ion.symbol} {value_text(value, ion.step_mM, unit)} {unit} ({r.states[name]})"
            )
        if r.fires_spontaneously:
            response = (
                f"the fibre fires on its own at about {r.fibre.spontaneous_rate_hz:.0f} spikes per "
                "second, without any stimulus"
            )
        elif r.fibre.evoked_spikes:
            response = (
                f"the {PULSE_MS:g} ms test pulse at {PULSE_START_MS:g} ms evokes one action potential "
                f"peaking at {fmt_mV(r.fibre.peak_mV)} mV, then the fibre returns to rest"
            )
        else:
            response = (
                f"the {PULSE_MS:g} ms test pulse evokes no action potential (the membrane only reaches "
                f"{fmt_mV(r.fibre.peak_mV)} mV)"
            )
        if r.axon.state == "fires":
            axon = (
                f"it fires by itself {r.axon.spontaneous_spikes} times in {AXON_TRACE_MS:g} ms, in groups "
                f"of {', '.join(str(g) for g in r.axon.groups)} spikes"
            )
        elif r.axon.state == "burst":
            axon = f"the test pulse sets off a burst of {r.axon.evoked_spikes} spikes, then it falls quiet"
        elif r.axon.state == "blocked":
            axon = "it sits depolarised and the test pulse evokes no full spike"
        else:
            axon = "the test pulse evokes one spike, then it returns to rest"
        resting = r.axon.state in ("quiet", "burst")
        rest_note = (
            f", resting at {fmt_mV(r.axon.rest_mV)} mV"
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
            f"fibre model's resting potential, {fmt_mV(r.fibre.rest_mV)} mV, which equals chloride's equilibrium potential "
            f"({fmt_mV(r.fibre.e_cl_mV)} mV; chloride is passively distributed). The GHK formula alone gives {fmt_mV(r.ghk_rest_mV)} mV, and "
            f"calcium's Nernst potential, {fmt_mV(r.e_ca_mV)} mV, is off scale. In the trace, "
            f"{response}. {bottom}: membrane potential of the human motor-axon node over "
            f"{AXON_TRACE_MS:g} ms{rest_note}, with a {AXON_PULSE_MS:g} ms "
            f"test pulse at {PULSE_START_MS:g} ms: {axon}."
        )
