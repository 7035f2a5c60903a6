"""Numbers and figures of chapters 4 (from spikes to force) and 5 (tonic versus clonic).

Derived numbers are checked against the published values they illustrate: half-maximal force at
r = T/ISI of about 0.70 (fuglevand1993: S(r) = 1 - exp(-2 r^3)); fusion (ripple < 5 %) near 20 Hz for
T = 90 ms and 50-60 Hz for T = 30 ms (computed from the same model); cramp discharge 14.5 +/- 5.1 Hz, with mean
lowest and highest instantaneous rates of 6 and 25 Hz (minetto2009); clonus 3-7 Hz (walsh1976, rack1984).
"""

import json
import re
from pathlib import Path

import pytest
from red_flag_mentions import chapter_problems

from widgets.book.quiz import load_quiz
from widgets.figures import ch04_force as ff
from widgets.figures import ch05_reflex_loop as rl
from widgets.figures import ch05_tonic_clonic as tc
from widgets.figures.render import StaticFigure
from widgets.physiology import MotorUnitPool, clinical_facts, force
from widgets.physiology.motor_units import recruitment_numbers
from widgets.physiology.patterns import (
    CRAMP_INSTANTANEOUS_RANGE_HZ,
    CRAMP_RATE_LIMITS_HZ,
    pattern_summaries,
)


def test_half_max_normalised_rate_is_070():
    """S(r) = 1/2 at r = (ln 2 / 2)^(1/3) = 0.702 (fuglevand1993 gain: f_half ~ 0.70/T)."""
    assert force.half_max_normalised_rate() == pytest.approx(0.702, abs=0.001)


@pytest.mark.parametrize("T,published", [(90.0, 7.8), (30.0, 23.0)])
def test_half_max_rate_matches_070_over_T(T, published):
    """Half-maximal mean force at 7.8 Hz (T 90 ms) and 23 Hz (T 30 ms) (0.70/T, fuglevand1993; tol 0.5 Hz)."""
    f = force.half_max_rate_hz(T)
    assert f == pytest.approx(published, abs=0.5)
    assert f == pytest.approx(700.0 / T, abs=0.5)


@pytest.mark.parametrize("T,lo,hi", [(90.0, 15.0, 25.0), (30.0, 45.0, 60.0)])
def test_fusion_rate(T, lo, hi):
    """Ripple < 5 % from about 17 Hz (T 90 ms) and 52 Hz (T 30 ms), as printed in chapters 4 and 5."""
    f = force.fusion_rate_hz(T)
    assert lo <= f <= hi
    assert force.steady_force(f + 0.5, T)[1] < 0.05 < force.steady_force(f - 0.5, T)[1]


def test_fusion_scales_with_contraction_time():
    """Fast units need about three times the rate of slow ones (T ratio 3, fuglevand1993)."""
    assert force.fusion_rate_hz(30.0) / force.fusion_rate_hz(90.0) == pytest.approx(3.0, rel=0.1)


def test_steady_force_table_of_chapter_4():
    """Half-maximal force lies between 5 and 10 Hz for a slow unit (0.70/T = 7.8 Hz)."""
    sat = force.saturated_force(90.0)
    assert force.steady_force(5.0, 90.0)[0] < 0.5 * sat < force.steady_force(10.0, 90.0)[0]


def test_recruitment_numbers_follow_the_pool():
    """fuglevand1993 defaults: RTE(i) = exp(ln 30 i/120), E_max = 30 + (25 - 8) = 47, so the last
    unit is recruited at 30/47 = 64 % of the ramp (2.55 s of 4 s) and 111 thresholds lie below
    E_max/2 (i <= 120 ln 23.5 / ln 30); force is then well below its maximum."""
    n = recruitment_numbers()
    assert n["n_units"] == 120
    assert n["excitation_all_recruited_fraction"] == pytest.approx(30.0 / 47.0)
    assert n["units_recruited_at_half_excitation"] == 111
    assert n["time_all_recruited_ms"] == pytest.approx(4000.0 * 30.0 / 47.0, abs=5.0)
    assert 0.3 < n["force_at_full_recruitment_fraction"] < 0.8


@pytest.mark.parametrize("bad", [0.0, 5.0, 500.0, float("nan")])
def test_contraction_time_is_checked(bad):
    with pytest.raises(ValueError, match="contraction_time_ms"):
        force.half_max_rate_hz(bad)


def test_pattern_summaries_tell_tonic_from_clonic():
    """Cramp force is sustained (small fluctuation); clonus oscillates at its 5 Hz beat (walsh1976: 3-7 Hz)."""
    s = {x.name: x for x in pattern_summaries()}
    assert s["cramp"].force_swing < 0.5 and s["cramp"].tonic
    assert s["clonus"].force_swing > 1.0 and not s["clonus"].tonic
    assert s["clonus"].dominant_hz == pytest.approx(5.0, abs=0.3)
    assert s["cramp"].mean_rate_hz == pytest.approx(14.5, abs=2.0)  # minetto2009


@pytest.mark.parametrize(
    "make",
    [
        ff.summation_figure,
        ff.force_frequency_figure,
        ff.gain_figure,
        ff.recruitment_figure,
        tc.patterns_figure,
        tc.cramp_rates_figure,
        rl.loop_figure,
        rl.loop_stretch_figure,
        rl.signatures_figure,
    ],
)
def test_figures_have_alt_text_from_data(make):
    fig = make()
    assert isinstance(fig, StaticFigure)
    assert fig.png.startswith(b"\x89PNG")
    assert len(fig.alt) > 150 and any(ch.isdigit() for ch in fig.alt)


# --- audit fixes: numbers quoted from the literature, checked in the data and in the prose -----


ROOT = Path(__file__).resolve().parents[2]
BIB = (ROOT / "references.bib").read_text(encoding="utf-8")


def _cells(name):
    return json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def _text(name):
    return re.sub(
        r"\s+",
        " ",
        "\n\n".join("".join(c["source"]) for c in _cells(name) if c["cell_type"] == "markdown"),
    )


def _has_key(key):
    return re.search(r"@\w+\{" + re.escape(key) + ",", BIB) is not None


def test_human_motor_unit_rates_duchateau2014():
    """S3.6: Duchateau & Baudry 2014: maximal discharge rate in slow ramp contractions usually
    20-50 Hz, and much higher (> 100 Hz), briefly, in fast (ballistic) contractions. The 25-35 Hz
    peak rates are Fuglevand model parameters."""
    f = clinical_facts()["human_motor_unit_max_rate_hz"]
    assert (f["ramp_contraction_max"], f["ballistic_brief_above"], f["source_key"]) == (
        [20.0, 50.0],
        100.0,
        "duchateau2014",
    )
    assert _has_key("duchateau2014")
    text = _text("04_force")
    lo, hi = f["ramp_contraction_max"]
    assert (
        f"about {lo:.0f} to {hi:.0f} Hz" in text
        and f"more than {f['ballistic_brief_above']:.0f} Hz" in text
    )
    assert "{cite:p}`duchateau2014`" in text and "rarely goes above 25 to 35 Hz" not in text
    pool = MotorUnitPool()
    assert (round(pool.peak_rate_hz[-1]), round(pool.peak_rate_hz[0]), pool.min_rate_hz) == (
        25,
        35,
        8.0,
    )
    assert (
        "its peak rate is set between 25 and 35 Hz {cite:p}`fuglevand1993`. Those are the model's parameters"
        in text
    )


def test_schwellnus2011_predictors_ch04_ch05():
    """S2.3 in these chapters too: faster predicted and actual race times and a history of cramps
    (Schwellnus, Drew & Collins 2011), not 'running speed' or 'faster than planned'."""
    for name in ("04_force", "05_tonic_clonic"):
        text = _text(name)
        assert "running speed" not in text and "faster than planned" not in text, name
        assert "predicted and actual" in text and "history of cramps" in text, name


def test_ch05_minetto2009_numbers_from_the_data_file():
    """S2.10: 14.5 +/- 5.1 pps mean; mean minimum 6.0 +/- 0.8 and mean maximum 25.0 +/- 8.0 pps."""
    f = clinical_facts()["cramp_motor_unit_rate_hz"]
    text = _text("05_tonic_clonic")
    assert f"mean discharge rate of {f['mean']} ± {f['sd']} pulses per second" in text
    assert (
        f"lowest rate ({f['mean_min']} ± {f['mean_min_sd']}) and highest rate ({f['mean_max']} ± {f['mean_max_sd']})"
        in text
    )
    assert "not the range of the units' mean rates" in text and "same as hertz" in text
    # contradictions-3, 2.3: the lowest and highest instantaneous rates describe one unit's swing, so
    # they are drawn in the map of frequencies but never bound the model's mean rates; the bound is
    # a stated model choice (two standard deviations of the measured mean rates)
    assert (f["mean_min"], f["mean_max"]) == CRAMP_INSTANTANEOUS_RANGE_HZ
    assert (
        pytest.approx((f["mean"] - 2 * f["sd"], f["mean"] + 2 * f["sd"])) == CRAMP_RATE_LIMITS_HZ
    )
    cell = next(
        c for c in _cells("05_tonic_clonic") if "CRAMP_RATE_LIMITS_HZ" in "".join(c["source"])
    )
    out = "".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for o in cell["outputs"]
    )
    assert (
        "drawn from 14.5 ± 5.1 Hz, and kept within 2 standard deviations of the mean: 4.3–24.7 Hz"
        in out
    )
    assert "minetto2009" not in out and "instantaneous" not in out
    quiz = json.dumps(load_quiz("05_tonic_clonic"), ensure_ascii=False)
    assert "14.5 ± 5.1 pulses per second" in quiz and "abductor hallucis" in quiz


def test_ch05_stretch_is_the_loop_and_its_mechanism_a_hypothesis():
    """S3.1: no citation makes the model's stretch rule a finding; the stretch figure is the loop's."""
    text = _text("05_tonic_clonic")
    assert "In the model, stretch scales down every unit's drive" not in text
    assert "loop_stretch_figure()" in "".join(
        "".join(c["source"]) for c in _cells("05_tonic_clonic")
    )
    sentence = re.search(r"That is the central hypothesis at work, not a\s+measurement", text)
    assert sentence
    assert "silences the slowest units {cite:p}`khan2007`" not in text


def test_ch05_clonus_sustained_and_rack1984():
    text = _text("05_tonic_clonic")
    assert "a sign of damage to the brain or spinal cord" not in text
    assert (
        "*sustained* clonus (more than a few beats) points to an upper-motor-neuron lesion" in text
    )
    assert (
        "{cite:t}`rack1984` found that the ankles of normal subjects could be driven into clonus"
        in text
    )
    assert _has_key("kandel2013")


def test_ch05_one_measure_tells_tonic_from_clonic():
    """contradictions-3, 2.5: one measure, the swing (5th-95th percentile / mean), computed once
    (patterns.summarise) for the chapter, its figure and the explorer; tonic at most a half."""
    from widgets.physiology.patterns import CLONIC_SWING

    swing = {s.name: s.force_swing for s in pattern_summaries()}
    assert CLONIC_SWING == 0.5
    assert (
        max(swing["voluntary"], swing["cramp"], swing["tetany"]) <= CLONIC_SWING < swing["clonus"]
    )
    text = _text("05_tonic_clonic")
    assert "fluctuat" not in text.replace("flicker", "")
    assert "{glue:text}`ch05_clonic_swing` % of its mean tonic" in text
    for name in swing:
        assert f"{{glue:text}}`ch05_swing_{name}`" in text


def test_red_flags_in_ch04_ch05_and_quizzes_use_the_triage_tiers():
    found = chapter_problems("04_force") + chapter_problems("05_tonic_clonic")
    assert not found, "\n".join(found)
    text = _text("05_tonic_clonic")
    assert "call an ambulance if it lasts" not in text
    assert (
        ":rules: endurance_exercise_collapse exertional_sickling acute_compartment_syndrome"
        in text
    )
    flat = " ".join(text.split())
    assert (
        "chronic exertional compartment syndrome, {urgency}`chronic_exertional_compartment` for sports medicine"
        in flat
    )
    # seizure advice is the rule's, generated: first aid and when to call, in the box and the answers
    assert "**{action}`seizure`** for {flag}`seizure`" in flat and "{first-aid}`seizure`" in flat
