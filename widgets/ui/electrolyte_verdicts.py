"""The words of the ElectrolyteExplorer: its headline and what the motor axon does.

Pure functions of the states (``classify``: "hypokalaemia", "normal"...) and the model results
of :mod:`widgets.physiology.pulse_responses`; the clinical range where tetany begins comes from
``clinical_facts.json`` (``turner2016``).
"""

from __future__ import annotations

from widgets.physiology.axon import clinical_symptom_range_mM
from widgets.physiology.numbers import number_text
from widgets.physiology.pulse_responses import AxonResponse, FibreResponse


def abnormal(states: dict) -> tuple[set, set]:
    """(controls whose value is low, controls whose value is high), from their states."""
    return (
        {name for name, s in states.items() if s.startswith("hypo")},
        {name for name, s in states.items() if s.startswith("hyper")},
    )


def _mM(x: float) -> str:
    return number_text(x, ".2f")


def axon_state_line(axon: AxonResponse, *, low: set, high: set) -> str:
    """What the motor axon does, in a few words (shown in the axon panel)."""
    state = axon.state
    if state == "fires":
        size = max(axon.groups[1:] or axon.groups)
        kind = (
            "singly" if size < 2 else "in doublets" if size == 2 else f"in groups of up to {size}"
        )
        why = " (tetany)" if {"ca_out_mM", "mg_out_mM"} & low else ""
        return f"fires by itself {kind}{why}"
    if state == "burst":
        return f"one stimulus sets off {axon.evoked_spikes} spikes (latent tetany)"
    if state == "blocked":
        cause = (
            "potassium"
            if "k_out_mM" in high
            else "lack of calcium"
            if "ca_out_mM" in low
            else "its inputs"
        )
        return f"held depolarised by {cause}: spikes fail"
    return "quiet: one stimulus, one spike"


def axon_verdict(axon: AxonResponse, *, low: set, high: set) -> str:
    """The axon's state and where, in the model, tetany begins (with the clinical range)."""
    text = f"Motor axon: {axon_state_line(axon, low=low, high=high)}."
    onset = axon.onset_ca_mM
    if axon.state == "blocked":
        return text
    if onset >= 2.0:
        return (
            text
            + " At these potassium and magnesium values the model axon cannot rest at any normal calcium."
        )
    text += (
        f" In the model the axon fires by itself below {_mM(onset)} mmol/L ionised calcium at these "
        "potassium and magnesium values"
    )
    clinical = clinical_symptom_range_mM()
    if clinical:
        text += f"; in patients symptoms usually begin at about {clinical[0]:.1f}–{clinical[1]:.1f} mmol/L"
    return text + "."


def fmt_mV(x: float) -> str:
    """A potential (mV) with its sign, one decimal: "+52.3", "−87.4", "0.0"."""
    return number_text(x, "+.1f")


#: The headline of a fibre that fires once for the test pulse, by the first abnormal value in this
#: order (then: all values normal). Placeholders: rest, shift (signed), size (of the shift), peak.
ONE_PULSE_ONE_SPIKE = (
    ("k_out_mM", "low", "Hypokalaemia: the fibre rests further from threshold ({rest} mV)"),
    ("k_out_mM", "high", "Hyperkalaemia: the fibre rests closer to threshold ({rest} mV)"),
    ("ca_out_mM", "low", "Hypocalcaemia: the gates act as if depolarised by {size} mV"),
    (
        "ca_out_mM",
        "high",
        "Hypercalcaemia: calcium screens the gates ({shift} mV), harder to excite",
    ),
    (
        "mg_out_mM",
        "low",
        "Hypomagnesaemia: a small shift towards firing; low Mg also lowers Ca and K",
    ),
    ("mg_out_mM", "high", "Hypermagnesaemia: a small stabilising shift of the gates ({shift} mV)"),
    (
        "na_out_mM",
        "low",
        "Hyponatraemia: the sodium equilibrium potential falls, so the spike peaks lower ({peak} mV)",
    ),
    (
        "na_out_mM",
        "high",
        "Hypernatraemia: the sodium equilibrium potential rises, the spike peaks higher ({peak} mV)",
    ),
    (
        "cl_out_mM",
        "low",
        "Hypochloraemia: no direct effect, muscle chloride follows the resting potential",
    ),
    (
        "cl_out_mM",
        "high",
        "Hyperchloraemia: no direct effect, muscle chloride follows the resting potential",
    ),
)


def headline(states: dict, *, fibre: FibreResponse, axon_state: str = "quiet") -> str:
    """The disorder and what the nerve and the fibre do, from the states and the fibre's run."""
    low, high = abnormal(states)
    rest_mV, shift_mV, peak_mV = fibre.rest_mV, fibre.gating_shift_mV, fibre.peak_mV
    evoked, rate_hz = fibre.evoked_spikes, fibre.spontaneous_rate_hz
    if axon_state == "fires":
        both = rate_hz > 0
        if "ca_out_mM" in low:
            if both:
                return "Hypocalcaemia: motor axon and fibre fire on their own, as in tetany"
            return "Hypocalcaemia: the motor axon fires on its own, as in tetany"
        if "mg_out_mM" in low:
            return "Hypomagnesaemia: the motor axon fires on its own, as in tetany"
        if "k_out_mM" in high:
            return (
                "Hyperkalaemia: the depolarised axon fires on its own (the model exaggerates this)"
            )
        return "The motor axon fires on its own (membrane unstable)"
    if axon_state == "burst" and rate_hz == 0 and ("ca_out_mM" in low or "mg_out_mM" in low):
        name = "Hypocalcaemia" if "ca_out_mM" in low else "Hypomagnesaemia"
        return f"{name}: one stimulus makes the motor axon fire a burst (latent tetany)"
    if rate_hz > 0:
        if "ca_out_mM" in low:
            return "Hypocalcaemia: the fibre fires on its own, as in tetany"
        if "k_out_mM" in high:
            return "Hyperkalaemia: the depolarised fibre fires on its own (it blocks at higher K)"
        return "The fibre fires on its own (membrane unstable)"
    if evoked == 0:
        if "k_out_mM" in high:
            return f"Hyperkalaemia: the fibre rests at {fmt_mV(rest_mV)} mV and cannot fire (weakness)"
        return "The fibre does not respond to the test pulse"
    words = {
        "rest": fmt_mV(rest_mV),
        "shift": fmt_mV(shift_mV),
        "size": number_text(abs(shift_mV), ".1f"),
        "peak": fmt_mV(peak_mV),
    }
    for name, way, text in ONE_PULSE_ONE_SPIKE:  # the first abnormal value in this order
        if name in (low if way == "low" else high):
            return text.format(**words)
    return f"All values normal: the fibre rests at {fmt_mV(rest_mV)} mV and fires once"
