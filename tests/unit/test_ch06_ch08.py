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

from widgets.book.quiz import load_quiz
from widgets.clinical import evidence
from widgets.clinical.evidence import load_claims, load_evidence, medicine_associations

ROOT = Path(__file__).resolve().parents[2]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)
)
CHAPTERS = {"06": "06_causes", "07": "07_treatment", "08": "08_myths"}


def _cells(name: str, kind: str = "markdown") -> list[str]:
    nb = json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def _text(name: str) -> str:
    """A chapter's markdown with its line breaks unwrapped, so that phrases can be searched."""
    return re.sub(r"\s+", " ", "\n\n".join(_cells(name)))


def _sentences_with(text: str, word: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if word.lower() in s.lower()]


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
    prose = " ".join(_text(n) for n in CHAPTERS.values())
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
    text = _text("07_treatment")
    assert "Markdown(regulatory_markdown())" in "".join(
        _cells("07_treatment", "code")
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


# --- what readers see of the code cells (chapters 6-9) --------------------------------------------

READER_CHAPTERS = [*CHAPTERS.values(), "09_specialists"]


def _code_cells(name: str) -> list[dict]:
    nb = json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("name", READER_CHAPTERS)
def test_no_code_shown_and_no_printed_text(name):
    """Every code cell hides its input; clinical text is displayed as Markdown, never printed into a
    code-output box (which does not wrap) and never with raw bibliography keys."""
    for cell in _code_cells(name):
        source = "".join(cell["source"])
        assert {"remove-input", "remove-cell"} & set(cell["metadata"].get("tags", [])), source
        assert "print(" not in source, source
        assert all(o["output_type"] != "stream" for o in cell["outputs"]), source
        for output in cell["outputs"]:
            markdown = "".join(output.get("data", {}).get("text/markdown", ""))
            for keys in re.findall(r"\{cite:p\}`([^`]+)`", markdown):
                assert set(keys.split(",")) <= BIB_KEYS, keys
            bare = re.sub(r"\{cite:p\}`[^`]+`", "", markdown)
            assert not [
                k for k in BIB_KEYS if re.search(rf"(?<![\w`]){re.escape(k)}(?![\w`])", bare)
            ]


def test_evidence_map_and_claims_are_shown_as_text():
    sources = {
        name: "\n".join("".join(c["source"]) for c in _code_cells(name))
        for name in READER_CHAPTERS
    }
    assert "causes_markdown()" in sources["06_causes"] and "causes_map" not in sources["06_causes"]
    assert "medicine_associations_markdown()" in sources["06_causes"]
    assert (
        "claims_markdown()" in sources["08_myths"] and "claims_figure" not in sources["08_myths"]
    )
    for call in [
        "trials_markdown(",
        "results_markdown(",
        "regulatory_markdown()",
        "number_needed_markdown(",
        "forest_plot()",
        "quinine_benefit_harm()",
    ]:
        assert call in sources["07_treatment"], call


# --- corrections in the chapter text -----------------------------------------------------------


def test_ch06_compartment_syndrome_and_endurance_emergencies():
    text = _text("06_causes")
    flat = " ".join(text.split())
    assert "Suspected acute compartment syndrome is {urgency}`acute_compartment_syndrome`" in flat
    assert "boa_compartment" in text and "calf or shin" in flat  # audit 3, S3-6
    assert "Chronic exertional compartment syndrome" in text and "tucker2010" in text
    assert "{urgency}`chronic_exertional_compartment` for sports medicine" in flat
    # audit 3, S1-4: severe pain without swelling is about muscle breakdown; with swelling, emergency
    assert "without the clues above, is {urgency}`severe_pain_after_exertion`" in flat
    assert "{urgency}`muscle_soreness`" in flat  # GP audit S2-A: ordinary soreness stays routine
    assert "start of compartment syndrome" not in flat
    # audit 3, S3-1/S3-3: spreading cramps same day; illness of hard exercise emergency, with first aid
    assert (
        "{urgency}`widespread_exercise_cramps`" in flat
        and "{first-aid}`endurance_exercise_collapse`" in flat
    )
    assert all(k in text for k in ["hewbutler2015", "casa2015", "miller2022", "casa2012"])
    # audit 3, S1-3 and S2-3: limb-threatening ischaemia, and what the lifestyle studies found
    assert "{urgency}`critical_limb_ischaemia`" in flat and "conte2019" in flat
    assert "None of these claims is backed by a study" not in flat
    assert all(k in flat for k in ["delacour2018", "delacour2020", "grandner2017"])


def test_ch06_audit_corrections():
    text = _text("06_causes")
    assert "faster than planned" not in text and "relative to plan" not in text  # S2.3
    assert "fused, tonic" not in text and "fuse their twitches" not in text  # S3.7
    assert "out of step" in text
    hyper = _sentences_with(text, "hyperkalaemia")
    assert hyper and all("garrison2012" not in s for s in hyper)  # S3.2
    assert any(
        "weiner1998" in s and "ACE inhibitors" in text and "kidney disease" in s for s in hyper
    )
    ppi = _sentences_with(text, "proton-pump inhibitors")  # S3.13
    assert ppi and "fda2011ppi" in ppi[0] and "magnesium" in ppi[0]
    assert "not established as the main cause" in text and "contested" in text  # S3.5
    assert "A different venous problem is an emergency" not in text  # DVT is same day
    assert "prompt neurological" not in text
    assert "Greek" not in text  # S4.5: etymology cited to a Cochrane review


def test_ch07_audit_corrections():
    text = _text("07_treatment")
    assert "cannot exclude no extra harm" not in text  # S2.5
    assert "statistically significant" in text
    gaba = _sentences_with(text, "gabapentin")  # S3.4
    assert gaba and all("katzberg2010" not in s for s in gaba) and "serrao2000" in " ".join(gaba)
    assert "has no trial evidence" not in text  # audit 3, S3-10: an open-label trial exists
    assert (
        "weiss2016" in text and "oskarsson2018" in text and "nice2016mnd" in text
    )  # MND evidence
    assert (
        "miller2010" in text and "lau2019" in text
    )  # audit 3, S4-6: pickle juice, electrolyte drinks
    assert "mhra2017quinine" in text  # audit 3, S4-8: QT
    assert (
        "{urgency}`quinine_harm`" in text and "{urgency}`quinine_kidney_blood_emergency`" in text
    )
    assert 'trials_markdown(["hallegraeff2012", "coppin2005"])' in "".join(
        _cells("07_treatment", "code")
    )  # S3.12
    assert "long-term quinine users" in text
    assert "Do not rise onto your toes" in text  # S1.6
    assert "If stretching makes the pain far worse than an ordinary cramp" in text  # S1.3
    assert (
        "is not massaged" in text and "{urgency}`deep_vein_thrombosis`" in text
    )  # S1.5, audit 3 S3-4
    assert "They are safe." not in text and "harmless if the skin" not in text


def test_ch08_audit_corrections():
    text = _text("08_myths")
    assert "Untested for cramps, but harmless" not in text  # S1.5
    assert "jose2005" in text and "nice2020vte" in text
    lactate = _sentences_with(text, "fuel")  # S3.3
    assert any("gladden2004" in s for s in lactate) and all(
        "robergs2004" not in s for s in lactate
    )
    clonus = _sentences_with(text, "sustained* clonus")  # S2.6
    assert clonus and "rack1984" in clonus[0] and "healthy people" in clonus[0]
    for key in [
        "fda1997iron",
        "swaminathan2003",
        "iom2011",
        "connolly1992",
        "alexander2017",
        "phe_acetic_acid",
        "bull2020",
        "martinezzapata2020",
        "khan2007",
        "ross1995",
    ]:
        assert key in text, key  # S1.6, S1.8 and the seed errors of section 3
    assert (
        "Verdict: **contested**" in text
        and "Verdict: **unsupported** as the main cause" not in text
    )


def test_cited_keys_exist():
    for name in CHAPTERS.values():
        for keys in re.findall(r"\{cite:p\}`([^`]+)`", "\n".join(_cells(name))):
            for key in keys.split(","):
                assert key.strip() in BIB_KEYS, (name, key)


def test_no_doses_in_chapters_quizzes_or_claims():
    dose = re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:mg|g|µg|mcg|IU|units?|tablets?|capsules?)\b(?!/)", re.I
    )
    texts = [_text(n) for n in CHAPTERS.values()]
    texts += [
        (ROOT / "widgets" / "book" / "quizzes" / f"{n}.json").read_text(encoding="utf-8")
        for n in CHAPTERS.values()
    ]
    texts.append((ROOT / "widgets" / "data" / "myths.json").read_text(encoding="utf-8"))
    for text in texts:
        assert not dose.search(text), dose.search(text)


@pytest.mark.parametrize("name", list(CHAPTERS.values()))
def test_quiz_answers_all_have_feedback(name):
    for question in load_quiz(name):
        assert any(a.get("correct") for a in question["answers"]), question["question"]
        for answer in question["answers"]:
            assert answer.get("feedback"), (question["question"], answer)


def test_urgency_words_agree_with_the_triage_data():
    """Every clause of chapters 6-8, their quizzes and the claims that names a red flag with an
    urgency word uses the tier the triage rules give it (checked on unwrapped paragraphs)."""
    from red_flag_mentions import problems

    found = []
    for name in CHAPTERS.values():
        for i, cell in enumerate(_cells(name)):
            for paragraph in re.split(r"\n\s*\n", cell):
                text = re.sub(r"\n(?![-*] |\d+\. |:::|```)\s*", " ", paragraph)
                found += problems(text, f"{name} markdown cell {i}")
        for q, question in enumerate(load_quiz(name)):
            for a, answer in enumerate(question["answers"]):
                text = f"{answer.get('answer', '')}. {answer.get('feedback', '')}"
                if answer.get("correct"):
                    text = f"{question['question']} {text}"
                found += problems(text, f"quiz {name} {q + 1}.{a + 1}")
    for claim in load_claims()["claims"]:
        found += problems(claim["correction"], f"claim {claim['id']}")
    assert not found, "\n".join(found)
