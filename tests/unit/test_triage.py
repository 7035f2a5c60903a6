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
from red_flag_mentions import problems, quiz_problems, source_problems, typed_urgencies
from triage_vignettes import VIGNETTES, E, R, S

from widgets.clinical.red_flags import (
    RED_FLAG_TIERS,
    expand_roles,
    guidelines_markdown,
    inline_text,
    red_flag_for,
    red_flag_item,
    red_flag_markdown,
    red_flags,
    review_markdown,
    strip_roles,
    tier_lead,
    triage_table_markdown,
)
from widgets.clinical.specialists import (
    DEFAULT,
    FINDING_IDS,
    GUIDELINES,
    REASSURING,
    RULES,
    URGENCY_ORDER,
    recommend,
)

ROOT = Path(__file__).resolve().parents[2]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)
)


@pytest.mark.parametrize(
    "findings, urgency, who, guideline",
    VIGNETTES,
    ids=[",".join(sorted(v[0])) or "nothing" for v in VIGNETTES],
)
def test_vignette(findings, urgency, who, guideline):
    first = recommend(findings)[0]
    assert (first.urgency, first.source) == (urgency, guideline), first
    assert who in first.specialist.lower(), first.specialist


def test_vignette_suite_is_broad():
    assert len(VIGNETTES) >= 90
    assert len({frozenset(v[0]) for v in VIGNETTES}) == len(VIGNETTES)  # no case twice
    tiers = {v[1] for v in VIGNETTES}
    assert tiers == set(URGENCY_ORDER)
    # every red-flag rule is the first answer of at least one vignette
    firsts = {recommend(v[0])[0].rule_id for v in VIGNETTES}
    missing = {r.id for r in RULES if r.red_flag} - firsts
    assert not missing, missing
    # over-triage is checked as hard as under-triage: a quarter of the cases must stay routine
    assert sum(v[1] == R for v in VIGNETTES) >= len(VIGNETTES) // 4


# Each new finding of clinical audit 3 and the ordinary cases next to it that must NOT escalate.
OVER_TRIAGE = [
    ({"statin", "night_or_rest", "calf_or_foot"}, R),  # night cramps on a statin
    ({"during_exercise", "calf_or_foot", "thigh"}, R),  # a fit runner's cramps
    ({"varicose_veins", "night_or_rest", "calf_or_foot"}, R),  # varicose veins
    ({"fasciculations", "night_or_rest"}, R),  # twitching, normal strength
    ({"diuretic", "palpitations"}, S),  # not an emergency (S3-2)
    ({"widespread_cramps", "during_exercise"}, S),  # not an emergency (S3-1)
    ({"tingling_lips_fingers"}, S),  # tingling alone (S1-1)
    ({"tingling_lips_fingers", "palpitations"}, S),  # over-breathing (GP audit S3-A)
    ({"muscle_soreness", "during_exercise", "calf_or_foot"}, R),  # soreness after a run (GP S2-A)
    ({"pale_cold_foot_weak_pulses"}, R),  # no night pain: claudication
    ({"back_pain_to_leg", "leg_pain_walking_relieved_by_sitting"}, R),
    ({"thyroid_symptoms", "night_or_rest"}, R),
    ({"injury_or_cast", "swollen_red_calf"}, S),  # a calf strain: DVT check (S3-3)
    ({"pregnancy", "night_or_rest", "calf_or_foot"}, R),  # cramps in pregnancy
    ({"known_epilepsy_usual_seizure", "loss_of_consciousness"}, R),  # usual seizure, not pregnant
    ({"joint_or_foot_problem", "night_or_rest"}, R),  # a stiff joint, not hot
    ({"sexual_change", "new_medicine"}, R),  # no back or leg pain: not CES
    ({"new_numbness_one_leg"}, R),  # alone: primary care examines
]


@pytest.mark.parametrize(
    "findings, urgency", OVER_TRIAGE, ids=[",".join(sorted(f)) for f, _ in OVER_TRIAGE]
)
def test_ordinary_cases_are_not_sent_on_more_urgently(findings, urgency):
    assert recommend(findings)[0].urgency == urgency


def test_no_stretching_programme_when_the_foot_is_ischaemic_or_the_calf_swollen():
    """Audit 3, S1-3: the finder offers no stretching programme with ischaemic signs."""
    assert "night_cramps" in [r.rule_id for r in recommend({"night_or_rest", "calf_or_foot"})]
    for sign in [
        "pale_cold_foot_weak_pulses",
        "ischaemic_rest_pain",
        "foot_sore",
        "black_toes",
        "sudden_cold_pale_leg",
        "swollen_red_calf",
        "compartment_signs",
    ]:
        ids = [r.rule_id for r in recommend({"night_or_rest", "calf_or_foot", sign})]
        assert "night_cramps" not in ids, sign


def test_quinine_warning_signs_stop_quinine_and_nothing_says_never_stop():
    """Audit 3, S2-2: stop quinine at the first sign; no generic 'never stop' beside it."""
    recs = recommend({"quinine_use", "quinine_bruising_bleeding_fever"})
    assert recs[0].rule_id == "quinine_harm" and "stop quinine" in recs[0].specialist.lower()
    assert all("never stop" not in (r.specialist + r.reason).lower() for r in recs)
    medicines = next(r for r in recs if r.rule_id == "medicines")
    assert "quinine is stopped" in medicines.reason


def test_sudden_weakness_keeps_neurology_and_gradual_weakness_keeps_its_own_rule():
    """Audit 3, S1-2 and S3-5: sudden weakness is a possible stroke; on a statin, gradual weakness
    still reaches neurology besides the same-day blood test."""
    assert recommend({"weakness"})[0].rule_id == "new_weakness"
    ids = [r.rule_id for r in recommend({"weakness", "statin"})]
    assert ids[:2] == ["weakness_on_statin", "new_weakness"]
    assert recommend({"sudden_weakness_numbness_speech", "weakness"})[0].rule_id == "stroke"


def test_compartment_syndrome_is_named_only_where_the_urgency_is_an_emergency():
    """Audit 3, S1-4: the same-day rule for severe pain is about muscle breakdown."""
    for rule in RULES:
        words = f"{rule.flag} {rule.condition}".lower()
        if "compartment syndrome" in words and "chronic" not in words:
            assert rule.urgency == E, rule.id


@pytest.mark.parametrize("rule", [r for r in RULES if r.unless], ids=lambda r: r.id)
def test_every_unless_hands_its_case_to_a_rule_as_urgent(rule):
    """GP audit 2: a finding in 'unless' must pass the case on, never drop it to a lower urgency
    (reassuring findings excepted)."""
    base = {sorted(clause)[0] for clause in rule.all_of} | (
        set(min(rule.any_of, key=sorted)) if rule.any_of else set()
    )
    for finding in rule.unless - REASSURING:
        top = recommend(base | {finding})[0]
        assert URGENCY_ORDER.index(top.urgency) <= URGENCY_ORDER.index(rule.urgency), (
            rule.id,
            finding,
            top.rule_id,
        )


def test_reassuring_findings_only_ever_lower_the_urgency():
    from widgets.clinical.specialists import REASSURING

    assert {"known_epilepsy_usual_seizure"} == REASSURING
    for finding in REASSURING:
        for rule in RULES:
            if finding in rule.finding_ids:
                assert rule.urgency == R, rule.id
    assert recommend({"loss_of_consciousness", "known_epilepsy_usual_seizure"})[0].urgency == R
    assert recommend({"known_epilepsy_usual_seizure"})[0].rule_id == DEFAULT["id"]


# --- the engine ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_fires_on_its_own_findings_and_cites_a_guideline(rule):
    findings = {sorted(clause)[0] for clause in rule.all_of} | (
        min(rule.any_of, key=sorted) if rule.any_of else set()
    )
    recs = recommend(findings)
    assert rule.id in [r.rule_id for r in recs]
    assert recs[-1].rule_id == DEFAULT["id"]
    assert rule.source in GUIDELINES and rule.source in BIB_KEYS, rule.source
    assert set(rule.evidence) <= BIB_KEYS


@pytest.mark.parametrize("rule", [r for r in RULES if r.any_of], ids=lambda r: r.id)
def test_each_any_case_fires_its_rule_and_needs_all_of_its_findings(rule):
    base = {sorted(clause)[0] for clause in rule.all_of}
    for case in rule.any_of:
        assert rule.id in [r.rule_id for r in recommend(base | case)]
        if len(case) > 1:  # a case of several findings needs every one of them
            for finding in case:
                rest = base | (case - {finding})
                if not any(other <= rest for other in rule.any_of):
                    assert rule.id not in [r.rule_id for r in recommend(rest)]


def test_a_clause_of_all_is_met_by_any_one_of_its_ids():
    rule = red_flag_for("critical_limb_ischaemia")
    assert rule.any_of and any(len(case) > 1 for case in rule.any_of)
    rule = red_flag_for("weakness_potassium_risk")
    for risk in ["diuretic", "kidney_disease"]:
        assert "weakness_potassium_risk" in [r.rule_id for r in recommend({"weakness", risk})]
    assert "weakness_potassium_risk" not in [r.rule_id for r in recommend({"weakness"})]


def test_unless_hands_the_case_to_the_more_urgent_rule():
    ids = [r.rule_id for r in recommend({"dark_urine", "weakness"})]
    assert "rhabdomyolysis" in ids and "dark_urine_alone" not in ids and "new_weakness" not in ids
    ids = [r.rule_id for r in recommend({"swollen_red_calf", "breathless_or_chest_pain"})]
    assert "deep_vein_thrombosis" not in ids
    ids = [r.rule_id for r in recommend({"tingling_lips_fingers", "recent_neck_surgery"})]
    assert ids[0] == "tetany_emergency" and "tetany" not in ids


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(sorted(FINDING_IDS - REASSURING)), max_size=8))
def test_order_and_monotonicity(findings):
    recs = recommend(findings)
    ranks = [URGENCY_ORDER.index(r.urgency) for r in recs[:-1]]
    assert ranks == sorted(ranks) and recs[-1].rule_id == DEFAULT["id"]
    for r in recs[:-1]:
        assert set(r.triggered_by) <= findings and r.triggered_by
    # adding a finding never makes the most urgent answer less urgent
    top = URGENCY_ORDER.index(recs[0].urgency)
    for extra in sorted(FINDING_IDS - REASSURING - findings)[:5]:
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
        assert items == [f"- {red_flag_item(r)}" for r in red_flags([tier])]
    seizure = red_flag_item(red_flag_for("seizure"))
    assert seizure.startswith("a first seizure, a seizure lasting more than 5 minutes")
    assert (
        "While help comes: time it, cushion the head" in seizure
        and "nothing in the mouth" in seizure
    )


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
        row = next(r for r in rows if r.endswith(f"| {rule.id.replace('_', ' ')} |"))
        assert GUIDELINES[rule.source] in row and f"`{rule.source}`" in row
    assert "`" not in "".join(r.rsplit("|", 2)[-2] for r in rows)  # rule names in words, not code
    stroke = next(r for r in rows if r.endswith("| stroke |"))
    assert "Emergency" in stroke and "NG128" in stroke


def test_every_guideline_gives_its_year_and_the_review_is_shown():
    """Issue 18, item 5: the appendix shows a review date and every guideline's year or version."""
    for key, name in GUIDELINES.items():
        assert re.search(r"\((?:[^()]*\b)?(?:19|20)\d\d\b[^()]*\)$", name), (key, name)
    review = review_markdown()
    assert "Rules last reviewed:** 7 December 2026" in review and "Clinical sign-off:**" in review
    assert "**urgent**, seen within 2 weeks" in review  # one definition everywhere
    table = guidelines_markdown()
    for key in {r.source for r in RULES} | {DEFAULT["source"]}:
        assert GUIDELINES[key] in table, key


def test_inline_roles_give_the_rules_words():
    assert inline_text("urgency", "tetany_emergency") == "an emergency"
    assert inline_text("urgency", "tetany") == "a same-day matter"
    assert inline_text("urgency", "new_weakness") == "an urgent matter (seen within 2 weeks)"
    assert inline_text("urgency", "night_cramps") == "a routine matter"
    assert inline_text("tier", "deep_vein_thrombosis") == "same day"
    assert inline_text("action", "seizure").startswith("call an emergency number")
    assert inline_text("flag", "seizure") == red_flag_for("seizure").flag
    assert inline_text("first-aid", "deep_vein_thrombosis") == "do not massage it"
    assert inline_text("triage", "tetany").endswith("(same day)")
    for bad in [
        ("urgency", "nope"),
        ("colour", "tetany"),
        ("flag", "night_cramps"),
        ("first-aid", "tetany"),
    ]:
        with pytest.raises(ValueError):
            inline_text(*bad)
    text = "{urgency}`tetany` first. Then {tier}`tetany_emergency`, {flag}`stroke`."
    assert expand_roles(text) == (
        f"A same-day matter first. Then emergency, {red_flag_for('stroke').flag}."
    )
    assert strip_roles(text) == "(generated) first. Then (generated), (generated)."


# --- every page and quiz agrees with the data ------------------------------------------------------


def _markdown_sources():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.name} cell {i}", "".join(cell["source"])
    for path in sorted(ROOT.glob("*.md")):
        if path.name != "README.md":
            yield path.name, path.read_text(encoding="utf-8")


def _data_strings(node, where):
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, list):
        for value in node:
            yield from _data_strings(value, where)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _data_strings(value, f"{where}:{key}")


def test_chapter_and_page_sources_name_red_flags_with_their_urgency():
    """Issue 19, item 2: no page types an urgency next to a red flag (it is generated from the
    rules), and what the reader sees agrees with the rules."""
    found = [p for where, text in _markdown_sources() for p in source_problems(text, where)]
    for name in ("myths.json", "evidence.json"):
        data = json.loads((ROOT / "widgets" / "data" / name).read_text(encoding="utf-8"))
        found += [
            p for where, text in _data_strings(data, name) for p in source_problems(text, where)
        ]
    assert not found, "\n".join(found)


def test_quizzes_name_red_flags_with_their_urgency():
    names = sorted(p.stem for p in (ROOT / "widgets" / "book" / "quizzes").glob("*.json"))
    found = [p for name in names for p in quiz_problems(name)]
    assert not found, "\n".join(found)


def test_the_mention_checker_can_fail():
    assert problems("Tetany needs care within days.", "x")
    assert problems("Seek care at once for a swollen, red calf.", "x")
    assert not problems("Tingling around the lips needs assessment the same day.", "x")
    assert not problems("Dark urine with weakness is an emergency.", "x")
    assert problems("Twitching needs an urgent referral.", "x")  # audit 3, S2-1
    assert problems(
        "A swollen calf is {urgency}`tetany_emergency`.", "x"
    )  # a role for the wrong flag
    assert typed_urgencies("Dark urine with weakness is an emergency.", "x")
    assert not typed_urgencies("Dark urine with weakness is {urgency}`rhabdomyolysis`.", "x")
