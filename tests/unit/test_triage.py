"""Triage rules: a vignette suite, the engine's mechanics, and red-flag text generated from the data.

Each vignette is a case a learner might tick, with the urgency, the specialist and the guideline
that a clinician would expect for the FIRST recommendation. It includes over-triage traps
(ordinary cramps must stay routine) as well as every red flag alone and in combination.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from red_flag_mentions import problems
from widgets.clinical.red_flags import (RED_FLAG_TIERS, red_flag_for, red_flag_markdown, red_flags,
                                        tier_lead, triage_table_markdown)
from widgets.clinical.specialists import (DEFAULT, FINDING_IDS, GUIDELINES, RULES, URGENCY_ORDER,
                                          recommend)

ROOT = Path(__file__).resolve().parents[2]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))

E, S, U, R = "emergency", "same_day", "urgent", "routine"

# (findings, urgency of the first recommendation, words in its specialist, its guideline key)
VIGNETTES = [
    # --- emergency: each red flag alone -------------------------------------------------------
    ({"breathless_or_chest_pain"}, E, "emergency", "nice2020vte"),
    ({"breathless_or_chest_pain", "swollen_red_calf"}, E, "emergency", "nice2020vte"),
    ({"breathless_or_chest_pain", "pregnancy", "night_or_rest"}, E, "emergency", "nice2020vte"),
    ({"compartment_signs"}, E, "orthopaedic", "boa_compartment"),
    ({"compartment_signs", "during_exercise", "calf_or_foot"}, E, "orthopaedic", "boa_compartment"),
    ({"after_injury_cast_or_extreme_exertion", "severe_muscle_pain_swelling"}, E, "orthopaedic", "boa_compartment"),
    ({"after_injury_cast_or_extreme_exertion", "swollen_red_calf"}, E, "orthopaedic", "boa_compartment"),
    ({"endurance_exercise_illness"}, E, "emergency", "hewbutler2015"),
    ({"endurance_exercise_illness", "during_exercise", "calf_or_foot"}, E, "emergency", "hewbutler2015"),
    ({"widespread_cramps", "during_exercise"}, E, "emergency", "miller2022"),
    ({"hand_spasm", "breathing_or_swallowing_trouble"}, E, "emergency", "leonhard2019"),
    ({"tingling_lips_fingers", "recent_neck_surgery"}, E, "emergency", "turner2016"),
    ({"hand_spasm", "palpitations"}, E, "emergency", "turner2016"),
    ({"tingling_lips_fingers", "loss_of_consciousness"}, E, "emergency", "nhs_seizure_first_aid"),
    ({"weakness_worsening"}, E, "emergency", "leonhard2019"),
    ({"breathing_or_swallowing_trouble"}, E, "emergency", "leonhard2019"),
    ({"weakness", "weakness_worsening", "back_pain_to_leg"}, E, "emergency", "leonhard2019"),
    ({"dark_urine", "weakness"}, E, "emergency", "bosch2009"),
    ({"dark_urine", "severe_muscle_pain_swelling", "during_exercise"}, E, "emergency", "bosch2009"),
    ({"sudden_cold_pale_leg"}, E, "vascular", "nice2012pad"),
    ({"saddle_numbness_or_bladder_change", "back_pain_to_leg"}, E, "spinal", "nice_cks_sciatica"),
    ({"loss_of_consciousness"}, E, "emergency", "nhs_seizure_first_aid"),
    ({"palpitations", "kidney_disease_or_dialysis"}, E, "emergency", "nice_cks_hyperkalaemia"),
    ({"palpitations", "diuretic"}, E, "emergency", "nice_cks_hyperkalaemia"),
    # --- same day --------------------------------------------------------------------------------
    ({"tingling_lips_fingers"}, S, "calcium", "turner2016"),
    ({"hand_spasm"}, S, "calcium", "turner2016"),
    ({"tingling_lips_fingers", "hand_spasm", "proton_pump_inhibitor"}, S, "calcium", "turner2016"),
    ({"severe_muscle_pain_swelling"}, S, "same day", "boa_compartment"),
    ({"severe_muscle_pain_swelling", "during_exercise"}, S, "same day", "boa_compartment"),
    ({"dark_urine"}, S, "same day", "bosch2009"),
    ({"dark_urine", "during_exercise"}, S, "same day", "bosch2009"),
    ({"weakness", "statin"}, S, "creatine kinase", "stroes2015"),
    ({"weakness", "diuretic"}, S, "potassium", "nice_cks_hyperkalaemia"),
    ({"weakness", "kidney_disease_or_dialysis"}, S, "potassium", "nice_cks_hyperkalaemia"),
    ({"swollen_red_calf"}, S, "same day", "nice2020vte"),
    ({"swollen_red_calf", "pregnancy", "night_or_rest"}, S, "same day", "nice2020vte"),
    ({"swollen_red_calf", "statin", "night_or_rest"}, S, "same day", "nice2020vte"),
    ({"quinine_use", "bruising_bleeding_fever_little_urine"}, S, "prescriber", "fda2010"),
    ({"palpitations"}, S, "ecg", "nice_cks_palpitations"),
    # --- urgent ----------------------------------------------------------------------------------
    ({"muscle_wasting"}, U, "neurology", "nice2016mnd"),
    ({"fasciculations", "night_or_rest"}, U, "neurology", "nice2016mnd"),
    ({"muscle_wasting", "fasciculations", "statin"}, U, "neurology", "nice2016mnd"),
    ({"weakness"}, U, "neurology", "nice2016mnd"),
    # --- routine, with the right specialist (over-triage traps) ----------------------------------
    ({"night_or_rest", "calf_or_foot"}, R, "physiotherapy", "nice_cks_leg_cramps"),
    ({"during_exercise", "calf_or_foot"}, R, "sports", "nice_cks_leg_cramps"),
    ({"during_exercise", "thigh"}, R, "sports", "nice_cks_leg_cramps"),
    ({"pregnancy", "night_or_rest"}, R, "midwife", "nice_cks_leg_cramps"),
    ({"calf_pain_walking_relieved_by_rest"}, R, "vascular", "nice2012pad"),
    ({"pale_cold_foot_weak_pulses", "diabetes"}, R, "vascular", "nice2012pad"),
    ({"leg_pain_walking_relieved_by_sitting"}, R, "spinal", "nice_cks_sciatica"),
    ({"back_pain_to_leg"}, R, "spinal", "nice_cks_sciatica"),
    ({"numbness_tingling_legs"}, R, "neurology", "nice_cks_leg_cramps"),
    ({"numbness_tingling_legs", "diabetes"}, R, "neurology", "nice_cks_leg_cramps"),
    ({"thyroid_symptoms"}, R, "endocrinology", "nice_cks_leg_cramps"),
    ({"predictable_exercise_tightness", "during_exercise"}, R, "sports medicine", "tucker2010"),
    ({"statin", "night_or_rest"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"proton_pump_inhibitor"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"kidney_disease_or_dialysis"}, R, "nephrology", "nice_cks_leg_cramps"),
    ({"cirrhosis", "diuretic"}, R, "hepatology", "nice_cks_leg_cramps"),
    ({"varicose_veins", "night_or_rest"}, R, "vein", "nice_cks_leg_cramps"),
    ({"joint_or_foot_problem"}, R, "orthopaedics", "nice_cks_leg_cramps"),
    ({"widespread_cramps"}, R, "primary care", "nice_cks_leg_cramps"),
    (set(), R, "primary care", "nice_cks_leg_cramps"),
]


@pytest.mark.parametrize("findings, urgency, who, guideline", VIGNETTES,
                         ids=[",".join(sorted(v[0])) or "nothing" for v in VIGNETTES])
def test_vignette(findings, urgency, who, guideline):
    first = recommend(findings)[0]
    assert (first.urgency, first.source) == (urgency, guideline), first
    assert who in first.specialist.lower(), first.specialist


def test_vignette_suite_is_broad():
    assert len(VIGNETTES) >= 40
    tiers = {v[1] for v in VIGNETTES}
    assert tiers == set(URGENCY_ORDER)
    # every red-flag rule is the first answer of at least one vignette
    firsts = {recommend(v[0])[0].rule_id for v in VIGNETTES}
    missing = {r.id for r in RULES if r.red_flag} - firsts
    assert not missing, missing


# --- the engine ----------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_fires_on_its_own_findings_and_cites_a_guideline(rule):
    findings = {sorted(clause)[0] for clause in rule.all_of} | ({sorted(rule.any_of)[0]} if rule.any_of else set())
    recs = recommend(findings)
    assert rule.id in [r.rule_id for r in recs]
    assert recs[-1].rule_id == DEFAULT["id"]
    assert rule.source in GUIDELINES and rule.source in BIB_KEYS, rule.source
    assert set(rule.evidence) <= BIB_KEYS


@pytest.mark.parametrize("rule", [r for r in RULES if r.any_of], ids=lambda r: r.id)
def test_each_any_finding_fires_its_rule(rule):
    base = {sorted(clause)[0] for clause in rule.all_of}
    for finding in rule.any_of:
        assert rule.id in [r.rule_id for r in recommend(base | {finding})]


def test_a_clause_of_all_is_met_by_any_one_of_its_ids():
    rule = red_flag_for("tetany_emergency")
    assert len(rule.all_of) == 2 and all(len(c) > 1 for c in rule.all_of)
    for sign in rule.all_of[0]:
        for danger in rule.all_of[1]:
            assert recommend({sign, danger})[0].urgency == "emergency"
        assert "tetany_emergency" not in [r.rule_id for r in recommend({sign})]


def test_unless_hands_the_case_to_the_more_urgent_rule():
    ids = [r.rule_id for r in recommend({"dark_urine", "weakness"})]
    assert "rhabdomyolysis" in ids and "dark_urine_alone" not in ids and "new_weakness" not in ids
    ids = [r.rule_id for r in recommend({"swollen_red_calf", "breathless_or_chest_pain"})]
    assert "deep_vein_thrombosis" not in ids
    ids = [r.rule_id for r in recommend({"hand_spasm", "recent_neck_surgery"})]
    assert ids[0] == "tetany_emergency" and "tetany" not in ids


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(sorted(FINDING_IDS)), max_size=8))
def test_order_and_monotonicity(findings):
    recs = recommend(findings)
    ranks = [URGENCY_ORDER.index(r.urgency) for r in recs[:-1]]
    assert ranks == sorted(ranks) and recs[-1].rule_id == DEFAULT["id"]
    for r in recs[:-1]:
        assert set(r.triggered_by) <= findings and r.triggered_by
    # adding a finding never makes the most urgent answer less urgent
    top = URGENCY_ORDER.index(recs[0].urgency)
    for extra in sorted(FINDING_IDS - findings)[:5]:
        assert URGENCY_ORDER.index(recommend(findings | {extra})[0].urgency) <= top


def test_unknown_finding_is_a_value_error_listing_the_allowed_ids():
    with pytest.raises(ValueError, match="allowed ids") as info:
        recommend({"swollen_red_calf", "itchy_ears"})
    assert "itchy_ears" in str(info.value) and "compartment_signs" in str(info.value)
    with pytest.raises(ValueError, match="collection"):
        recommend("swollen_red_calf")


# --- red-flag text from the data -------------------------------------------------------------------

def test_red_flag_markdown_lists_every_red_flag_once_under_its_tier():
    text = red_flag_markdown()
    for rule in RULES:
        assert (bool(rule.flag) and rule.flag in text) == rule.red_flag, rule.id
    blocks = text.split("\n\n")
    for tier in RED_FLAG_TIERS:
        lead = blocks.index(tier_lead(tier))
        items = blocks[lead + 1].splitlines()
        assert [i for i in items] == [f"- {r.flag}: {r.condition} {{cite:p}}`{r.source}`."
                                      for r in red_flags([tier])]


def test_red_flag_selection_and_errors():
    assert [r.id for r in red_flags(["same_day"], ["tetany", "tetany_emergency"])] == ["tetany"]
    assert "Urgent" not in red_flag_markdown(["emergency"])
    with pytest.raises(ValueError, match="tiers"):
        red_flags(["routine"])
    with pytest.raises(ValueError, match="allowed ids"):
        red_flag_for("claudication")


def test_triage_table_has_every_rule_with_its_guideline():
    table = triage_table_markdown()
    rows = table.splitlines()[2:]
    assert len(rows) == len(RULES) + 1
    for rule in RULES:
        row = next(r for r in rows if f"(`{rule.id}`) |" in r)
        assert GUIDELINES[rule.source] in row and f"`{rule.source}`" in row


# --- every page and quiz agrees with the data ------------------------------------------------------

def _markdown_sources():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.name} cell {i}", "".join(cell["source"])
    for path in sorted(ROOT.glob("*.md")):
        if path.name != "README.md":
            yield path.name, path.read_text(encoding="utf-8")


def test_chapter_and_page_sources_name_red_flags_with_their_urgency():
    found = [p for where, text in _markdown_sources() for p in problems(text, where)]
    assert not found, "\n".join(found)


def test_quizzes_name_red_flags_with_their_urgency():
    found = []
    for path in sorted((ROOT / "widgets" / "book" / "quizzes").glob("*.json")):
        for q, question in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            for a, answer in enumerate(question.get("answers", [])):
                where = f"{path.name} question {q + 1} answer {a + 1}"
                text = f"{answer.get('answer', '')}. {answer.get('feedback', '')}"
                if answer.get("correct"):
                    text = f"{question['question']} {text}"
                found += problems(text, where)
    assert not found, "\n".join(found)


def test_the_mention_checker_can_fail():
    assert problems("Tetany needs care within days.", "x")
    assert problems("Seek care at once for a swollen, red calf.", "x")
    assert not problems("Tetany needs assessment the same day.", "x")
    assert not problems("Dark urine with weakness is an emergency.", "x")
