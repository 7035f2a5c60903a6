"""The ElectrolyteExplorer's words (``widgets.ui.electrolyte_verdicts``): the headline and what the
motor axon does, for every case, from made-up model answers (no model is run)."""

from __future__ import annotations

import numpy as np
import pytest

import widgets.ui.electrolyte_verdicts as verdicts
from widgets.physiology.pulse_responses import AxonResponse, FibreResponse
from widgets.ui.electrolyte_verdicts import (
    abnormal,
    axon_state_line,
    axon_verdict,
    fmt_mV,
    headline,
)

NORMAL = {
    "k_out_mM": "normal",
    "na_out_mM": "normal",
    "ca_out_mM": "normal",
    "mg_out_mM": "normal",
    "cl_out_mM": "normal",
}
DISORDER = {  # control -> (its low state, its high state), as classify() names them
    "k_out_mM": ("hypokalaemia", "hyperkalaemia"),
    "na_out_mM": ("hyponatraemia", "hypernatraemia"),
    "ca_out_mM": ("hypocalcaemia", "hypercalcaemia"),
    "mg_out_mM": ("hypomagnesaemia", "hypermagnesaemia"),
    "cl_out_mM": ("hypochloraemia", "hyperchloraemia"),
}


def states(*abnormal_values: str) -> dict:
    """States with the given values abnormal, written "ca_out_mM low" or "k_out_mM high"."""
    out = dict(NORMAL)
    for item in abnormal_values:
        name, way = item.split()
        out[name] = DISORDER[name][way == "high"]
    return out


def fibre(*, evoked=1, rate_hz=0.0, rest=-87.4, shift=-6.23, peak=41.3) -> FibreResponse:
    t = np.zeros(2)
    return FibreResponse(rest, rest, shift, t, t, evoked, rate_hz, peak)


def axon(state="quiet", *, groups=(), evoked=1, onset=0.92) -> AxonResponse:
    t = np.zeros(2)
    return AxonResponse(-80.0, t, t, evoked, sum(groups), tuple(groups), onset, state)


def sets(*abnormal_values: str) -> dict:
    low, high = abnormal(states(*abnormal_values))
    return {"low": low, "high": high}


# --- which values are abnormal --------------------------------------------------------------------


def test_abnormal_splits_the_low_values_from_the_high_ones():
    low, high = abnormal(states("k_out_mM high", "ca_out_mM low", "mg_out_mM low"))
    assert low == {"ca_out_mM", "mg_out_mM"} and high == {"k_out_mM"}
    assert abnormal(NORMAL) == (set(), set())


# --- the axon panel's line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "kind"),
    [
        ((1, 1, 1), "singly"),
        ((1,), "singly"),  # one group only: its own size
        ((3, 2, 2), "in doublets"),  # the first group (the test pulse's) is left out
        ((1, 4, 2, 3), "in groups of up to 4"),  # the largest, wherever it comes
    ],
)
def test_a_firing_axon_says_how_its_spikes_are_grouped(groups, kind):
    line = axon_state_line(axon("fires", groups=groups), **sets())
    assert line == f"fires by itself {kind}"


@pytest.mark.parametrize("cause", ["ca_out_mM low", "mg_out_mM low"])
def test_firing_with_low_calcium_or_magnesium_is_called_tetany(cause):
    line = axon_state_line(axon("fires", groups=(1, 2)), **sets(cause))
    assert line == "fires by itself in doublets (tetany)"


def test_firing_with_high_potassium_is_not_called_tetany():
    line = axon_state_line(axon("fires", groups=(1, 1)), **sets("k_out_mM high"))
    assert "tetany" not in line


def test_a_burst_after_the_pulse_gives_its_size_and_is_latent_tetany():
    line = axon_state_line(axon("burst", evoked=5), **sets("ca_out_mM low"))
    assert line == "one stimulus sets off 5 spikes (latent tetany)"


@pytest.mark.parametrize(
    ("abnormal_values", "cause"),
    [
        (("k_out_mM high",), "potassium"),
        (("k_out_mM high", "ca_out_mM low"), "potassium"),  # potassium is named first
        (("ca_out_mM low",), "lack of calcium"),
        (("na_out_mM high",), "its inputs"),
    ],
)
def test_a_blocked_axon_names_what_holds_it_depolarised(abnormal_values, cause):
    line = axon_state_line(axon("blocked"), **sets(*abnormal_values))
    assert line == f"held depolarised by {cause}: spikes fail"


def test_a_quiet_axon_answers_one_stimulus_with_one_spike():
    assert axon_state_line(axon("quiet"), **sets()) == "quiet: one stimulus, one spike"


# --- the axon's verdict (alt text) ----------------------------------------------------------------


def test_the_verdict_gives_the_model_onset_and_the_clinical_range():
    text = axon_verdict(axon("quiet", onset=0.923), **sets())
    assert text.startswith("Motor axon: quiet: one stimulus, one spike. In the model")
    assert "fires by itself below 0.92 mmol/L ionised calcium" in text
    assert "in patients symptoms usually begin at about 0.9–1.0 mmol/L" in text
    assert text.endswith(".") and not text.endswith("..")


def test_without_a_clinical_range_the_verdict_gives_the_model_onset_only(monkeypatch):
    monkeypatch.setattr(verdicts, "clinical_symptom_range_mM", lambda: None)
    text = axon_verdict(axon("quiet", onset=0.923), **sets())
    assert "below 0.92 mmol/L" in text and "patients" not in text
    assert text.endswith("values.")


def test_a_blocked_axon_has_no_onset_in_its_verdict():
    text = axon_verdict(axon("blocked", onset=1.5), **sets("k_out_mM high"))
    assert text == "Motor axon: held depolarised by potassium: spikes fail."


def test_an_onset_above_every_normal_calcium_says_the_axon_cannot_rest():
    text = axon_verdict(axon("fires", groups=(1, 1), onset=2.4), **sets("k_out_mM high"))
    assert text.startswith("Motor axon: fires by itself singly. At these")  # a new sentence
    assert text.endswith("cannot rest at any normal calcium.")
    assert "below" not in text


def test_potentials_carry_their_sign_and_one_decimal():
    assert (fmt_mV(52.34), fmt_mV(-87.44), fmt_mV(-0.01)) == ("+52.3", "−87.4", "0.0")


# --- the headline -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("abnormal_values", "fibre_kw", "axon_state", "start", "fact"),
    [
        # the motor axon fires by itself
        (("ca_out_mM low",), {"rate_hz": 12.0}, "fires", "Hypocalcaemia:", "axon and fibre fire"),
        (("ca_out_mM low",), {}, "fires", "Hypocalcaemia:", "the motor axon fires on its own"),
        (
            ("ca_out_mM low", "mg_out_mM low"),
            {},
            "fires",
            "Hypocalcaemia:",
            "motor axon fires",
        ),
        (("mg_out_mM low",), {}, "fires", "Hypomagnesaemia:", "the motor axon fires on its own"),
        (("k_out_mM high",), {}, "fires", "Hyperkalaemia:", "depolarised axon fires"),
        ((), {}, "fires", "The motor axon fires on its own", "unstable"),
        # one stimulus, a burst (latent tetany), while the fibre is quiet
        (("ca_out_mM low",), {}, "burst", "Hypocalcaemia:", "fire a burst (latent tetany)"),
        (("mg_out_mM low",), {}, "burst", "Hypomagnesaemia:", "fire a burst (latent tetany)"),
        # the fibre fires by itself
        (("ca_out_mM low",), {"rate_hz": 8.0}, "burst", "Hypocalcaemia:", "the fibre fires"),
        (("ca_out_mM low",), {"rate_hz": 8.0}, "quiet", "Hypocalcaemia:", "the fibre fires"),
        (("k_out_mM high",), {"rate_hz": 8.0}, "quiet", "Hyperkalaemia:", "depolarised fibre"),
        ((), {"rate_hz": 8.0}, "quiet", "The fibre fires on its own", "unstable"),
        # the fibre does not answer the pulse
        (
            ("k_out_mM high",),
            {"evoked": 0, "rest": -61.0},
            "blocked",
            "Hyperkalaemia:",
            "rests at −61.0 mV and cannot fire",
        ),
        ((), {"evoked": 0}, "quiet", "The fibre does not respond", "test pulse"),
        # a burst without low calcium or magnesium: the fibre's answer decides
        (("na_out_mM low",), {}, "burst", "Hyponatraemia:", "peaks lower (+41.3 mV)"),
    ],
)
def test_headline_names_the_disorder_and_what_nerve_and_fibre_do(
    abnormal_values, fibre_kw, axon_state, start, fact
):
    text = headline(states(*abnormal_values), fibre=fibre(**fibre_kw), axon_state=axon_state)
    assert text.startswith(start) and fact in text, text


@pytest.mark.parametrize(
    ("value", "start", "number"),
    [
        ("k_out_mM low", "Hypokalaemia:", "further from threshold (−87.4 mV)"),
        ("k_out_mM high", "Hyperkalaemia:", "closer to threshold (−87.4 mV)"),
        ("ca_out_mM low", "Hypocalcaemia:", "as if depolarised by 6.2 mV"),  # its size, 1 decimal
        ("ca_out_mM high", "Hypercalcaemia:", "screens the gates (−6.2 mV)"),  # signed
        ("mg_out_mM low", "Hypomagnesaemia:", "low Mg also lowers Ca and K"),
        ("mg_out_mM high", "Hypermagnesaemia:", "stabilising shift of the gates (−6.2 mV)"),
        ("na_out_mM low", "Hyponatraemia:", "the spike peaks lower (+41.3 mV)"),
        ("na_out_mM high", "Hypernatraemia:", "the spike peaks higher (+41.3 mV)"),
        ("cl_out_mM low", "Hypochloraemia:", "chloride follows the resting potential"),
        ("cl_out_mM high", "Hyperchloraemia:", "chloride follows the resting potential"),
    ],
)
def test_one_abnormal_value_and_one_spike_headline_that_value(value, start, number):
    text = headline(states(value), fibre=fibre(), axon_state="quiet")
    assert text.startswith(start) and number in text, text


def test_the_first_abnormal_value_in_teaching_order_makes_the_headline():
    both = states("na_out_mM low", "k_out_mM low")
    assert headline(both, fibre=fibre(), axon_state="quiet").startswith("Hypokalaemia:")


def test_all_normal_values_give_the_resting_potential_and_one_spike():
    text = headline(NORMAL, fibre=fibre(rest=-88.04), axon_state="quiet")
    assert text.startswith("All values normal:") and "rests at −88.0 mV and fires once" in text
