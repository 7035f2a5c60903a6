"""Chapters 01 and 02: numbers the clinical and science audits asked to correct, checked against
the literature in the data and in the prose (continued from test_ch01_ch02.py)."""

import json
import re
from pathlib import Path

import pytest
from course import in_bibliography
from red_flag_mentions import chapter_problems, source_problems, typed_urgencies

from widgets.clinical.specialists import URGENCY_LABELS
from widgets.physiology import (
    clinical_facts,
    convert,
    ions,
    reference_ranges,
)
from widgets.physiology.force import steady_force
from widgets.physiology.membrane import MUSCLE_DEFAULTS

# --- audit fixes: numbers quoted from the literature, checked in the data and in the prose -----


ROOT = Path(__file__).resolve().parents[2]


def _cells(name):
    return json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def _markdown(name):
    return "\n\n".join("".join(c["source"]) for c in _cells(name) if c["cell_type"] == "markdown")


def _flat(text):
    """Markdown with its line breaks folded, so that a phrase can be found across a wrapped line."""
    return re.sub(r"\s+", " ", text)


def _glossary():
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}\n:sorted:\n", 1)[1].rsplit("```", 1)[0]
    entries = {}
    for block in (b for b in re.split(r"\n\s*\n", body.strip("\n")) if b.strip()):
        lines = block.split("\n")
        terms = [line for line in lines if not line.startswith(" ")]
        entries[terms[0]] = (
            terms,
            " ".join(line.strip() for line in lines if line.startswith(" ")),
        )
    return entries


def test_minetto2009_rates_in_the_data_file():
    """Minetto et al. 2009 (abstract): 48 units in 11 subjects, abductor hallucis, electrically
    elicited cramps; mean rate 14.5 +/- 5.1 pps; mean minimum 6.0 +/- 0.8 and mean maximum
    25.0 +/- 8.0 pps (per-unit instantaneous rates); active 23.6 s; ISI CV 44.6 %."""
    f = clinical_facts()["cramp_motor_unit_rate_hz"]
    assert (
        f["mean"],
        f["sd"],
        f["mean_min"],
        f["mean_min_sd"],
        f["mean_max"],
        f["mean_max_sd"],
    ) == (14.5, 5.1, 6.0, 0.8, 25.0, 8.0)
    assert (f["units"], f["subjects"], f["duration_s"], f["isi_cv_percent"]) == (
        48,
        11,
        23.6,
        44.6,
    )
    assert "abductor hallucis" in f["muscle"] and "electrical" in f["induction"]
    assert f["source_key"] == "minetto2009" and in_bibliography("minetto2009")
    assert f["mean_max"] + f["mean_max_sd"] > 30.0  # "some units briefly exceeded 30" (S2.10)


def test_ch01_prose_quotes_minetto2009_as_published():
    f = clinical_facts()["cramp_motor_unit_rate_hz"]
    text = _flat(_markdown("01_muscle"))
    assert f"{f['mean']} ± {f['sd']} pulses per second" in text
    assert f"{f['mean_max']} ± {f['mean_max_sd']}" in text
    assert (
        f"dipped to about {f['mean_min']:.0f}" in text
        and f"peaked at about {f['mean_max']:.0f}" in text
    )
    assert (
        "abductor hallucis" in text and "same as hertz" in text
    )  # what "pulses per second" means
    assert "range about 6 to 25" not in text  # S2.10: not the range of unit mean rates


def test_no_chapter_says_cramp_twitches_fuse():
    """S3.7: at ~15 Hz only the slowest units come close to fusion (ripple 7 % for T = 90 ms,
    46 % for T = 30 ms in the model); a cramp's smooth force comes from asynchrony."""
    assert steady_force(14.5, 90.0)[1] < 0.10 < 0.30 < steady_force(14.5, 30.0)[1]
    for name in ("01_muscle", "02_electrolytes", "03_excitability", "04_force", "05_tonic_clonic"):
        text = _flat(_markdown(name))
        assert not re.search(
            r"fused contraction|twitches fused|fast enough for (?:their )?twitches to fuse", text
        ), name
    assert "asynchronously" in _flat(_markdown("01_muscle"))
    tonic = _glossary()["Tonic contraction"][1]
    assert "out of step" in tonic and "fuglevand1993" in tonic


def test_clonus_sustained_not_any_beat_ch01_and_glossary():
    """S2.6: sustained clonus points to an upper-motor-neuron lesion; rack1984 showed clonus in
    normal subjects, so it is cited for that and not for 'sign of damage'."""
    text = _flat(_markdown("01_muscle"))
    assert "a sign of damage to the brain or spinal cord" not in text
    assert (
        "*Sustained* clonus" in text
        and "{cite:t}`rack1984` showed that the ankles of normal subjects" in text
    )
    clonus = _glossary()["Clonus"][1]
    assert "a sign of damage" not in clonus and "*Sustained*" in clonus and "kandel2013" in clonus
    assert "Upper motor neuron" in _glossary()


def test_tetany_threshold_in_the_data_file_turner2016():
    """Society for Endocrinology emergency guidance (Turner et al. 2016): symptoms typically when
    adjusted serum calcium falls below ~1.9 mmol/L, varying with the rate of fall. 1.9 mmol/L is
    7.6 mg/dL; about half of total calcium is ionised, so roughly 0.9-1.0 mmol/L ionised."""
    f = clinical_facts()["hypocalcaemia_symptom_threshold"]
    assert f["adjusted_total_calcium_mmol_L"] == 1.9
    assert (
        f["source_key"] == "turner2016"
        and in_bibliography("turner2016")
        and in_bibliography(f["context_source_key"])
    )
    assert "rate of fall" in f["depends_on"] and "pH" in f["depends_on"]
    assert convert(1.9, "calcium_total", "mmol/L", "mg/dL") == pytest.approx(7.6, abs=0.05)
    r = reference_ranges()
    ratio = (r["calcium_ionised"]["low_mmol_L"] + r["calcium_ionised"]["high_mmol_L"]) / (
        r["calcium_total"]["low_mmol_L"] + r["calcium_total"]["high_mmol_L"]
    )
    lo, hi = f["ionised_calcium_equivalent_mmol_L"]
    assert (lo, hi) == (0.9, 1.0)
    assert lo <= 1.9 * ratio <= hi + 0.01


def test_ch02_states_the_tetany_threshold_from_the_data_and_types_it_nowhere():
    """contradictions-3, 5.3 and 6.2: the prose states the threshold (glued from the data file, cited
    in the same sentence) instead of pointing at a printed value; no bibliography key is printed."""
    cells = _cells("02_electrolytes")
    glued = {
        o["metadata"]["scrapbook"]["name"]: o["data"]["application/papermill.record/text/plain"]
        for c in cells
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }
    assert (
        glued["ch02_ca_total_threshold"],
        glued["ch02_ca_total_threshold_mg"],
        glued["ch02_ca_ionised_threshold"],
    ) == ("'1.9'", "'7.6'", "'0.9–1.0'")
    text = _markdown("02_electrolytes")
    assert not re.search(r"\b1\.9\b|7\.6 mg|0\.9[–-]1\.0", text)  # typed once, in the data file
    assert (
        "below\nabout {glue:text}`ch02_ca_total_threshold` mmol/L ({glue:text}`ch02_ca_total_threshold_mg` mg/dL)\n"
        "{cite:p}`turner2016`"
    ) in text or "{glue:text}`ch02_ca_total_threshold_mg` mg/dL) {cite:p}`turner2016`" in _flat(
        text
    )
    assert "rate" in text and "pH" in text
    assert "printed above" not in text and "printed with it" not in text
    outputs = "".join(
        "".join(o.get("text", ""))
        for c in cells
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )
    assert not re.search(r"turner2016|hille2001|mccaig1984", outputs)


def test_ch02_hypokalaemia_hyperpolarisation_is_the_model_prediction():
    """S2.7: the GHK model predicts hyperpolarisation; severely hypokalaemic muscle can
    paradoxically depolarise (cannon2015)."""
    text = _flat(_markdown("02_electrolytes"))
    assert "In **hypokalaemia** the membrane is more negative" not in text
    assert "the GHK equation predicts a more negative membrane" in text
    assert (
        "paradoxically *depolarise*" in text
        and "cannon2015" in text
        and in_bibliography("cannon2015")
    )
    assert ions.resting_potential_mV(2.5) < ions.resting_potential_mV(4.0)  # the prediction itself
    hypo = _glossary()["Hypokalaemia"][1]
    assert "predicts" in hypo and "cannon2015" in hypo and "It hyperpolarises" not in hypo


def test_ch02_table_trousseau_and_over_breathing():
    text = _flat(_markdown("02_electrolytes"))
    assert "as low Ca²⁺, plus low K⁺ and low Ca²⁺" not in text  # S4.4
    assert "with the wrist flexed and the fingers extended" not in text  # S3.14
    assert all(w in text for w in ("metacarpophalangeal", "interphalangeal", "thumb is pulled in"))
    assert "that is only part of the story" in text and "{cite:p}`hille1975`" in text  # S3.11
    assert (
        "racing faster than planned" not in text and "predicted and actual" in text
    )  # schwellnus2011


def test_hille1975_slope_is_called_a_conservative_choice_in_ch02():
    """Hille, Woodhull & Shapiro 1975: 20-25 mV per tenfold change; the model uses 20."""
    assert MUSCLE_DEFAULTS["ca_slope_mV_per_decade"] == 20.0
    assert "about 20 to 25 mV" in _flat(_markdown("02_electrolytes"))


def test_glossary_sorted_cited_and_complete():
    g = _glossary()
    firsts = list(g)
    assert firsts == sorted(firsts, key=lambda t: t.lower().replace("'", ""))
    assert (
        "henneman1957" in g["Size principle"][1] and "fuglevand1993" not in g["Size principle"][1]
    )
    assert "garrison2020" not in g["Idiopathic"][1] and "eltawil2015" not in g["Idiopathic"][1]
    rest = g["Resting potential"][1]
    assert "passively distributed" in rest and "set mainly by potassium and chloride" not in rest
    comp = g["Compartment syndrome"][1]
    assert all(
        k in comp
        for k in (
            "boa_compartment",
            "tucker2010",
            "{flag}`acute_compartment_syndrome`",
            "{urgency}`acute_compartment_syndrome`",
            "Any one of its red flags",
        )
    )
    assert "hewbutler2015" in g["Exercise-associated hyponatraemia"][1]
    for key in (
        "boa_compartment",
        "tucker2010",
        "hewbutler2015",
        "henneman1957",
        "kandel2013",
        "allen2012",
    ):
        assert in_bibliography(key), key


def test_red_flags_in_ch01_ch02_glossary_and_quizzes_use_the_triage_tiers():
    found = chapter_problems("01_muscle") + chapter_problems("02_electrolytes")
    found += source_problems((ROOT / "glossary.md").read_text(encoding="utf-8"), "glossary.md")
    assert not found, "\n".join(found)
    g = _glossary()
    assert (
        "{urgency}`tetany`" in g["Tetany"][1] and "{urgency}`tetany_emergency`" in g["Tetany"][1]
    )
    dvt = g["Deep vein thrombosis"][1]
    assert "{urgency}`deep_vein_thrombosis`" in dvt and "massaged" in dvt
    red = " ".join(g["Red flag"][1].split())
    for tier, label in URGENCY_LABELS.items():  # the levels in the words of the rules' labels
        assert f"({label.split(':', 1)[1].strip()})" in red, tier
    assert typed_urgencies("Tetany calls for an urgent blood test.", "x")  # the checker can fail
