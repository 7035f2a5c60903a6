"""Clinical data and logic: evidence values against the published ones, the specialist rules,
the forest plot's alt text, and the quizzes of the clinical chapters."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from widgets.clinical import evidence, specialists
from widgets.clinical.evidence import number_needed, number_needed_from_rd, percent_change, result
from widgets.clinical.specialists import EDUCATIONAL_NOTICE, FINDINGS, RULES

ROOT = Path(__file__).resolve().parents[2]
BIB_KEYS = set(
    re.findall(r"@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"))
)


# --- evidence.json against the published values ---------------------------------------------

# (result id, field, published value, where it is published)
PUBLISHED = [
    # El-Tawil et al. 2015, Cochrane CD005044.pub3, abstract and summary of findings table 1
    (
        "quinine_cramp_number",
        "estimate",
        -2.45,
        "El-Tawil 2015 SoF: 2.45 fewer cramps over 2 weeks",
    ),
    ("quinine_cramp_number", "ci_low", -3.54, "El-Tawil 2015 SoF: 1.36 to 3.54 lower"),
    ("quinine_cramp_number", "ci_high", -1.36, "El-Tawil 2015 SoF"),
    ("quinine_cramp_number", "control_value", 8.8, "El-Tawil 2015 SoF: control mean 8.8 cramps"),
    ("quinine_cramp_number", "review_trials", 23, "El-Tawil 2015 abstract: 23 trials"),
    (
        "quinine_cramp_number",
        "review_participants",
        1586,
        "El-Tawil 2015 abstract: 1586 participants",
    ),
    ("quinine_cramp_number", "studies", 13, "El-Tawil 2015 SoF: 13 studies"),
    ("quinine_cramp_number", "participants", 952, "El-Tawil 2015 SoF: 952 participants"),
    ("quinine_cramp_intensity", "estimate", -0.12, "El-Tawil 2015 SoF: 0.12 lower"),
    ("quinine_cramp_intensity", "ci_low", -0.2, "El-Tawil 2015 SoF: 0.2 to 0.05 lower"),
    ("quinine_cramp_intensity", "ci_high", -0.05, "El-Tawil 2015 SoF"),
    ("quinine_minor_adverse_events", "estimate", 0.03, "El-Tawil 2015 abstract: RD 3 %"),
    ("quinine_minor_adverse_events", "ci_low", 0.0, "El-Tawil 2015 abstract: 0 % to 6 %"),
    ("quinine_minor_adverse_events", "ci_high", 0.06, "El-Tawil 2015 abstract"),
    ("quinine_minor_adverse_events", "control_risk", 0.094, "El-Tawil 2015 SoF: 94 per 1000"),
    (
        "quinine_minor_adverse_events",
        "intervention_risk",
        0.127,
        "El-Tawil 2015 SoF: 127 per 1000",
    ),
    # Garrison et al. 2020, Cochrane CD009402.pub3, abstract
    ("magnesium_responders", "estimate", 1.04, "Garrison 2020 abstract: RR 1.04"),
    ("magnesium_responders", "ci_low", 0.84, "Garrison 2020 abstract: 0.84 to 1.29"),
    ("magnesium_responders", "ci_high", 1.29, "Garrison 2020 abstract"),
    ("magnesium_responders", "review_trials", 11, "Garrison 2020 abstract: 11 trials"),
    (
        "magnesium_responders",
        "review_participants",
        735,
        "Garrison 2020 abstract: 735 individuals",
    ),
    (
        "magnesium_cramps_per_week",
        "estimate",
        -0.18,
        "Garrison 2020 abstract: MD -0.18 cramps/week",
    ),
    ("magnesium_cramps_per_week", "ci_low", -0.84, "Garrison 2020 abstract: -0.84 to 0.49"),
    ("magnesium_cramps_per_week", "ci_high", 0.49, "Garrison 2020 abstract"),
]


@pytest.mark.parametrize("result_id, field, published, where", PUBLISHED)
def test_result_matches_published_value(result_id, field, published, where):
    assert getattr(result(result_id), field) == pytest.approx(published), where


def test_quinine_certainty_is_low_and_magnesium_shows_no_benefit():
    assert result("quinine_cramp_number").certainty == "low"  # El-Tawil 2015 GRADE
    assert result("magnesium_responders").ci_includes_no_effect  # Garrison 2020
    assert not result("quinine_cramp_number").ci_includes_no_effect


def test_quinine_reduction_is_28_percent():
    """El-Tawil 2015 abstract: quinine reduced cramp number over two weeks by 28 %."""
    q = result("quinine_cramp_number")
    assert round(percent_change(q.estimate, q.control_value)) == -28


@pytest.mark.parametrize(
    "trial_id, n, source",
    [
        ("hallegraeff2012", 80, "hallegraeff2012"),  # Hallegraeff et al. 2012, J Physiother 58:17
        ("coppin2005", 191, "coppin2005"),  # Coppin et al. 2005, BJGP 55:186
        ("schwellnus2011", 210, "schwellnus2011"),  # Schwellnus et al. 2011, BJSM 45:650
    ],
)
def test_trial_sizes_match_publications(trial_id, n, source):
    t = evidence.trial(trial_id)
    assert t["participants"] == n and t["source"] == source


def test_regulatory_numbers():
    reg = evidence.regulatory()
    assert reg["fda_2006"]["serious_adverse_events"] == 665  # FDA 2006 news release
    assert reg["fda_2006"]["deaths"] == 93
    assert reg["fda_2006"]["since_year"] == 1969
    assert reg["mhra_2010"]["trial_weeks_without_benefit"] == 4  # MHRA / NICE CKS


def test_guideline_levels():
    """Katzberg et al. 2010 (AAN): quinine A; vitamin B complex, naftidrofuryl, diltiazem C."""
    levels = {r["treatment"]: r["level"] for r in evidence.guideline()["recommendations"]}
    assert levels["Quinine derivatives"] == "A"
    assert levels["Vitamin B complex"] == levels["Naftidrofuryl"] == "C"
    assert levels["Diltiazem (calcium-channel blocker)"] == "C"
    assert levels["Calf stretching"] == "U"


def test_every_evidence_source_is_in_the_bibliography():
    data = evidence.load_evidence()
    keys = {r["source"] for r in data["results"]} | {t["source"] for t in data["trials"]}
    keys |= {data["guideline"]["source"]} | {v["source"] for v in data["regulatory"].values()}
    assert keys <= BIB_KEYS, keys - BIB_KEYS


def test_results_are_internally_consistent():
    for r in evidence.results():
        assert r.ci_low <= r.estimate <= r.ci_high, r.id
        assert r.measure in evidence.MEASURES
        assert r.participants <= r.review_participants and r.studies <= r.review_trials
        assert r.certainty in {"high", "moderate", "low", "very low"}


# --- helpers -------------------------------------------------------------------------------


def test_number_needed_to_harm_for_minor_adverse_events():
    q = result("quinine_minor_adverse_events")
    assert number_needed(q.intervention_risk, q.control_risk) == pytest.approx(1 / 0.033)
    point, low, high = number_needed_from_rd(q.estimate, q.ci_low, q.ci_high)
    assert point == pytest.approx(33.33, abs=0.01) and low == pytest.approx(16.67, abs=0.01)
    assert high == math.inf  # the CI of the risk difference touches zero


def test_number_needed_edge_cases():
    assert number_needed(0.2, 0.2) == math.inf
    assert number_needed_from_rd(-0.1, -0.2, -0.05) == pytest.approx((10, 5, 20))
    with pytest.raises(ValueError, match="proportion"):
        number_needed(1.2, 0.1)
    with pytest.raises(ValueError, match="ci_low"):
        number_needed_from_rd(0.3, 0.0, 0.1)
    with pytest.raises(ValueError, match="baseline"):
        percent_change(1.0, 0.0)


def test_unknown_result_id_names_known_ids():
    with pytest.raises(ValueError, match="quinine_cramp_number"):
        result("vitamin_x")


# --- specialist rules: see test_triage.py (vignettes, engine, generated red-flag text) ----------


def test_findings_are_grouped_with_plain_labels():
    assert set(FINDINGS) >= {
        "Where the cramp is",
        "When it comes",
        "Other symptoms",
        "Medicines",
        "Conditions",
    }
    for items in FINDINGS.values():
        for fid, label in items:
            assert re.fullmatch(r"[a-z_]+", fid) and label[0].isupper()
    assert "not medical advice" in EDUCATIONAL_NOTICE


def test_specialists_cover_every_service_the_course_describes():
    who = " ".join(r.specialist.lower() for r in RULES)
    for specialist in [
        "vascular",
        "neurology",
        "endocrinology",
        "nephrology",
        "hepatology",
        "obstetrician",
        "pharmacist",
        "orthopaedic",
        "physiotherapy",
        "sports",
    ]:
        assert specialist in who, specialist
    assert specialists.DEFAULT["source"] in BIB_KEYS


# --- forest plot ---------------------------------------------------------------------------


def test_forest_plot_alt_text_mentions_each_treatment_and_number():
    from widgets.figures.ch07_treatment import DEFAULT_RESULTS, forest_plot

    fig = forest_plot()
    assert fig.png.startswith(b"\x89PNG")
    for rid in DEFAULT_RESULTS:
        r = result(rid)
        assert r.treatment in fig.alt and r.outcome in fig.alt
        assert f"{r.participants} people" in fig.alt
    assert "\u22122.45" in fig.alt and "1.04" in fig.alt
    assert "4 panels" in fig.alt


def test_forest_plot_is_deterministic_and_checks_input():
    from widgets.figures.ch07_treatment import forest_plot

    assert forest_plot(["magnesium_responders"]).png == forest_plot(["magnesium_responders"]).png
    with pytest.raises(ValueError):
        forest_plot([])


# --- quizzes of the clinical chapters ------------------------------------------------------


@pytest.mark.parametrize("name", ["06_causes", "07_treatment", "08_myths", "09_specialists"])
def test_clinical_quizzes_load(name):
    from widgets.book.quiz import load_quiz

    questions = load_quiz(name)
    assert len(questions) >= 5
    assert {q["type"] for q in questions} <= {"multiple_choice", "many_choice", "numeric"}
    raw = json.loads(
        (ROOT / "widgets" / "book" / "quizzes" / f"{name}.json").read_text(encoding="utf-8")
    )
    assert raw == load_quiz(name, expand=False)
    shown = json.dumps(questions)  # urgencies are expanded from the rules: no role is left
    assert "}`" not in shown and len(questions) == len(raw)


# --- causes (chapter 6) and claims (chapter 8) -----------------------------------------------


def test_causes_have_known_categories_and_sources():
    data = evidence.load_evidence()
    for cause in data["causes"]:
        assert cause["category"] in data["cause_categories"], cause
        assert (cause["source"] is None and cause["category"] == "untested") or cause[
            "source"
        ] in BIB_KEYS, cause


def test_every_brief_section_f_error_is_corrected_with_sources():
    claims = evidence.load_claims()["claims"]
    numbered = {c["brief_f"] for c in claims if c["brief_f"] is not None}
    assert numbered == set(range(1, 11))  # content brief, section F, errors 1-10
    for claim in claims:
        assert claim["verdict"] in evidence.load_claims()["verdicts"]
        assert claim["correction"] and set(claim["sources"]) <= BIB_KEYS, claim["id"]
    harmful = {c["id"] for c in claims if c["verdict"] == "harmful"}
    assert {"seizure_object_in_mouth", "aspirin_first_aid"} <= harmful


def test_quinine_benefit_harm_has_data_driven_alt_text():
    """The one chapter-7 picture besides the forest plot; the evidence map and the claims are text
    (widgets/clinical/text.py, tested in test_clinical_text.py)."""
    from widgets.figures.ch07_treatment import quinine_benefit_harm

    fig = quinine_benefit_harm()
    assert fig.png.startswith(b"\x89PNG") and len(fig.alt) > 80
    assert "8.8" in fig.alt and "6.35" in fig.alt and "94" in fig.alt and "127" in fig.alt
    assert "\u22122.45" in fig.alt


def test_evidence_map_and_claims_are_text_not_pictures():
    import widgets.figures.ch07_treatment as figures
    from widgets.clinical import text

    assert not hasattr(figures, "causes_map") and not hasattr(figures, "claims_figure")
    causes = text.causes_markdown()
    assert all(c["cause"] in causes for c in evidence.load_evidence()["causes"])
    claims = text.claims_markdown()
    assert all(c["label"] in claims for c in evidence.load_claims()["claims"])
