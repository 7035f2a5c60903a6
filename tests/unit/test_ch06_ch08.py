"""Chapters 6 (causes), 7 (treatment) and 8 (myths): published numbers, the evidence map, the
claims data, the quizzes, and the corrections of the clinical audit in the chapter text.

Published values: Garrison et al. 2012 (Arch Intern Med 172:120-126, abstract: adjusted sequence
ratios with 95 % CIs); Schwellnus, Drew & Collins 2011 (BJSM 45:650-656, abstract: faster
predicted and actual race times, independent predictors faster race time and cramp history);
Coppin et al. 2005 (BJGP 55:186-191: factorial trial in people prescribed quinine); FDA 2009
(Qualaquin label, boxed warning) and FDA 2010 (risk management plan and Medication Guide).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from course import chapter_cells, chapter_text

from widgets.book.quiz import load_quiz
from widgets.clinical import evidence
from widgets.clinical.evidence import load_claims, load_evidence, medicine_associations

ROOT = Path(__file__).resolve().parents[2]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)
)
CHAPTERS = {"06": "06_causes", "07": "07_treatment", "08": "08_myths"}


# --- Garrison et al. 2012: medicines followed by new quinine prescriptions ---------------------

# (id, adjusted sequence ratio, 95 % CI low, high): Garrison 2012 abstract, results
GARRISON_2012 = [
    ("laba_all", 2.42, 2.02, 2.89),
    ("laba_alone", 2.17, 1.56, 3.02),
    ("laba_with_corticosteroid", 2.55, 2.06, 3.12),
    ("diuretics_all", 1.47, 1.33, 1.63),
    ("potassium_sparing_diuretics", 2.12, 1.61, 2.78),
    ("thiazide_like_diuretics", 1.48, 1.29, 1.68),
    ("loop_diuretics", 1.20, 1.00, 1.44),
    ("statins", 1.16, 1.04, 1.29),
]


@pytest.mark.parametrize("ratio_id, estimate, low, high", GARRISON_2012)
def test_garrison2012_sequence_ratios(ratio_id, estimate, low, high):
    found = {m["id"]: m for m in medicine_associations()}[ratio_id]
    assert (found["estimate"], found["ci_low"], found["ci_high"]) == pytest.approx(
        (estimate, low, high)
    )


def test_garrison2012_order_and_source():
    """LABAs had the highest ratio, then potassium-sparing diuretics; thiazides less; statins least."""
    data = load_evidence()["medicine_associations"]
    assert data["source"] == "garrison2012" and data["source"] in BIB_KEYS
    ranked = [m["id"] for m in medicine_associations()]
    assert ranked[0] == "laba_with_corticosteroid" and ranked[-1] == "statins"
    assert (
        ranked.index("laba_all")
        < ranked.index("potassium_sparing_diuretics")
        < ranked.index("thiazide_like_diuretics")
        < ranked.index("loop_diuretics")
    )
    assert len(ranked) == len(GARRISON_2012)


def test_medicine_associations_reject_inconsistent_data(monkeypatch):
    bad = json.loads(json.dumps(load_evidence()))
    bad["medicine_associations"]["ratios"][0]["ci_low"] = 9.0
    monkeypatch.setattr(evidence, "load_evidence", lambda: bad)
    with pytest.raises(ValueError, match="inconsistent"):
        evidence.medicine_associations()


def test_garrison_ratios_are_typed_once():
    """The ratios live in evidence.json only: not typed into the chapters' prose or the quizzes."""
    typed = [f"{e:.2f}" for _, e, _, _ in GARRISON_2012]
    typed += [f"{lo:.2f} to {hi:.2f}" for _, _, lo, hi in GARRISON_2012]
    prose = " ".join(chapter_text(n) for n in CHAPTERS.values())
    quizzes = " ".join(
        (ROOT / "widgets" / "book" / "quizzes" / f"{n}.json").read_text(encoding="utf-8")
        for n in CHAPTERS.values()
    )
    for value in typed:
        assert value not in prose and value not in quizzes, value


def test_quiz06_garrison_question_matches_the_data():
    """Correct answers are the groups whose ratio roughly doubled quinine starts (>= 2)."""
    question = next(q for q in load_quiz("06_causes") if "prescription-sequence" in q["question"])
    ratios = {m["id"]: m["estimate"] for m in medicine_associations()}
    answer_to_ratio = {
        "Long-acting beta-agonist": ratios["laba_all"],
        "Potassium-sparing": ratios["potassium_sparing_diuretics"],
        "Statins": ratios["statins"],
        "Loop diuretics": ratios["loop_diuretics"],
    }
    for answer in question["answers"]:
        ratio = next(v for k, v in answer_to_ratio.items() if answer["answer"].startswith(k))
        assert answer["correct"] == (ratio >= 2.0), answer["answer"]
        assert answer["feedback"]


# --- trials and regulators -------------------------------------------------------------------


def test_schwellnus2011_predictors():
    """Faster predicted and actual race times; independent predictors race time and cramp history."""
    finding = evidence.trial("schwellnus2011")["finding"]
    assert "predicted" in finding and "actual" in finding and "history of cramping" in finding
    assert "planned" not in finding and "plan" not in finding.split()
    quiz = next(q for q in load_quiz("06_causes") if "Ironman" in q["question"])
    correct = " ".join(a["answer"] for a in quiz["answers"] if a["correct"])
    assert "planned" not in correct and "predicted" in correct and "history of cramps" in correct


def test_coppin2005_is_a_factorial_trial_in_quinine_users():
    t = evidence.trial("coppin2005")
    assert t["participants"] == 191 and "factorial" in t["design"]
    assert "quinine" in t["population"] and "stop quinine" in t["design"]


def test_fda_boxed_warning_2009_and_risk_management_2010():
    reg = evidence.regulatory()
    assert (reg["fda_2009"]["year"], reg["fda_2009"]["source"]) == (2009, "fda2009qualaquin")
    assert "boxed warning" in reg["fda_2009"]["action"]
    assert (reg["fda_2010"]["year"], reg["fda_2010"]["source"]) == (2010, "fda2010")
    assert (
        "Medication Guide" in reg["fda_2010"]["action"]
        and "boxed" not in reg["fda_2010"]["action"]
    )
    text = chapter_text("07_treatment")
    assert "Markdown(regulatory_markdown())" in "".join(
        chapter_cells("07_treatment", "code")
    )  # the box tells the years
    assert "in 2010 it added a boxed warning" not in text


# --- evidence map (chapter 6) and claims (chapter 8) -----------------------------------------


def test_evidence_map_categories():
    data = load_evidence()
    assert list(data["cause_categories"]) == [
        "association shown",
        "contested",
        "plausible but little studied",
        "untested",
        "evidence against",
    ]
    by_name = {c["cause"]: c for c in data["causes"]}
    low = by_name["Measured low calcium or magnesium (tetany)"]
    assert (low["category"], low["source"]) == ("association shown", "cooper2008")  # audit S2.8
    dehydration = by_name["Dehydration or salt loss in exercise"]
    assert dehydration["category"] == "contested"  # audit S3.5
    for cause in data["causes"]:
        assert cause["source"] is None or cause["source"] in BIB_KEYS, cause
        assert (cause["source"] is None) == (cause["category"] == "untested"), cause
    # clinical audit 3, S2-3 and S3-9: lifestyle associations shown; pace, not fatigue, was measured
    shown = {c["source"] for c in data["causes"] if c["category"] == "association shown"}
    assert {"delacour2018", "delacour2020", "grandner2017"} <= shown
    assert not any("fatigue in exercise" in c["cause"] for c in data["causes"])
    assert by_name["Motor neurone disease (ALS)"]["source"] == "nice2016mnd"


def test_evidence_map_text_has_four_groups():
    """Chapter 6's evidence map is a grouped list written from evidence.json (no picture)."""
    from widgets.clinical.text import causes_markdown

    markdown = causes_markdown()
    groups = re.findall(r"^\*\*([A-Z][^*]+)\*\* \((\d+)\):", markdown, re.M)
    assert [g.lower() for g, _ in groups] == list(load_evidence()["cause_categories"])
    assert ("Contested", "1") in groups
    contested = markdown.split("**Contested**")[1].split("**Plausible")[0]
    assert "- Dehydration or salt loss in exercise {cite:p}`miller2022`" in contested
    untested = markdown.split("**Untested**")[1].split("**Not supported")[0]
    assert "Stress" in untested and "Caffeine" in untested and "Dreams" in untested


# (claim id, verdict, source keys that must back the correction): audit S1.5, S1.6, S1.8, S3.3,
# S3.2, S3.5 and the seed errors of section 3
CLAIMS = [
    ("heel_raises_during_cramp", "harmful", {"khan2007", "ross1995"}),
    ("supplements_safe_any_age", "harmful", {"fda1997iron", "swaminathan2003", "iom2011"}),
    ("contrast_baths_massage", "unsupported", {"jose2005", "nice2020vte"}),
    ("vitamins_e_d", "unsupported", {"connolly1992"}),
    ("diuretics_block_absorption", "false", {"alexander2017"}),
    ("slow_circulation_night", "unsupported", {"allen2012"}),
    ("no_load_after_40", "false", {"bull2020"}),
    ("vein_strengthening_drugs", "unsupported", {"martinezzapata2020"}),
    ("dehydration_main_cause", "contested", {"maughan2019", "miller2022"}),
    ("potassium_lactate_heart_failure", "false", {"gladden2004"}),
    ("diuretic_take_potassium", "partly right", {"weiner1998"}),
    ("folk_compresses", "unsupported", {"phe_acetic_acid"}),
]


@pytest.mark.parametrize("claim_id, verdict, sources", CLAIMS)
def test_claims_corrected_with_sources(claim_id, verdict, sources):
    claims = {c["id"]: c for c in load_claims()["claims"]}
    claim = claims[claim_id]
    assert claim["verdict"] == verdict and claim["verdict"] in load_claims()["verdicts"]
    assert sources <= set(claim["sources"]) <= BIB_KEYS
    assert claim["correction"] and claim["label"]


def test_claims_no_longer_cite_the_wrong_sources():
    claims = {c["id"]: c for c in load_claims()["claims"]}
    assert "robergs2004" not in claims["potassium_lactate_heart_failure"]["sources"]  # S3.3
    assert "garrison2012" not in claims["diuretic_take_potassium"]["sources"]  # S3.2
    assert "harmless" not in claims["contrast_baths_massage"]["correction"].replace(
        "not harmless", ""
    )


def test_claims_text_shows_every_verdict():
    from widgets.clinical.text import claims_markdown, claims_summary_markdown

    summary = claims_summary_markdown()
    for verdict in load_claims()["verdicts"]:
        assert f"| {verdict[0].upper()}{verdict[1:]} | " in summary
    assert "Rise onto the toes during a cramp" in summary
    assert "**Rise onto the toes during a cramp**" in claims_markdown()
