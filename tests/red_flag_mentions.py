"""Checks that prose names each red flag with the urgency the triage data gives it.

A *clause* (a sentence, a list item or a part of a sentence between semicolons) that mentions a
red flag and also uses an urgency word ("emergency", "at once", "same day", "today", "urgent",
"within days", "routine") must use only urgencies that the rules allow for what it mentions.
What a mention allows is computed from ``widgets/data/specialist_rules.json``: each pattern below
names the rules it stands for, some only when the clause also has a context word (for example
"weakness" with "statin" stands for the same-day statin rule). Used by the unit tests (chapter
sources, quizzes) and by the book tests (built HTML).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from widgets.clinical.specialists import RULES_BY_ID
from widgets.book.quiz import load_quiz

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"

TIER_WORDS = {
    "emergency": re.compile(r"\bemergenc(?:y|ies)\b|\bat once\b|\bambulance\b", re.I),
    "same_day": re.compile(r"\bsame[- ]day\b|\btoday\b", re.I),
    "urgent": re.compile(r"\burgent(?:ly)?\b(?![- ]care)|\bwithin days\b", re.I),
    "routine": re.compile(r"\broutine\b|\bbook an appointment\b", re.I),
}

# pattern -> [(rule id, context pattern or None)]
MENTIONS: list[tuple[str, list[tuple[str, str | None]]]] = [
    (r"loss of consciousness|whole-body jerking|\bseizures?\b",
     [("seizure", None), ("tetany_emergency", r"tetany|spasm|tingling")]),
    (r"breathless|chest pain", [("breathless_or_chest_pain", None)]),
    (r"sudden(?:ly)?[^.;:]{0,30}\bcold\b|blocked artery|limb ischaemia", [("acute_limb_ischaemia", None)]),
    (r"(?<!exertional )compartment syndrome|far worse than expected|out of proportion"
     r"|(?:pain|worse)[^.;:]{0,25}\bstretch(?:ed|ing)?\b[^.;:]{0,12}(?:worse|increases)|pain on stretch"
     r"|tense(?:, hard)? calf",
     [("acute_compartment_syndrome", None), ("compartment_syndrome_after_injury", None)]),
    (r"chronic exertional compartment", [("chronic_exertional_compartment", None)]),
    (r"rhabdomyolysis", [("rhabdomyolysis", None), ("dark_urine_alone", None)]),
    (r"dark (?:\([^)]*\) )?urine|tea- or cola-coloured",
     [("dark_urine_alone", None), ("rhabdomyolysis", r"weak|muscle pain|severe pain")]),
    (r"cauda equina|numbness between the legs|saddle", [("cauda_equina", None)]),
    (r"\bweak(?:ness)?\b",
     [("new_weakness", None), ("rapidly_worsening_weakness", r"worse|both legs|breath|swallow|rapid"),
      ("weakness_on_statin", r"statin"), ("weakness_potassium_risk", r"diuretic|kidney"),
      ("rhabdomyolysis", r"urine"), ("compartment_syndrome_after_injury", r"injury|cast|fracture")]),
    (r"exercise-associated hyponatr|heat illness|heat stroke", [("endurance_exercise_collapse", None)]),
    (r"tetany|carpopedal|low calcium|hypocalcaemia|tingling (?:around|of|in) the lips|tingling lips|(?:hands?|feet) (?:or feet )?lock"
     r"|hand (?:and|or) foot spasm|spasms? of the hands",
     [("tetany", None), ("tetany_emergency",
                         r"breath|laryngo|voice box|seizure|palpitation|faint|neck surgery|parathyroid")]),
    (r"swollen(?! ankles)|deep vein thrombosis|\bDVT\b",
     [("deep_vein_thrombosis", None), ("breathless_or_chest_pain", r"breath|chest"),
      ("compartment_syndrome_after_injury", r"injury|cast|fracture|compartment"),
      ("acute_compartment_syndrome", r"tense|hard calf"),
      ("severe_pain_after_exertion", r"hours after|severe (?:muscle )?pain")]),
    (r"wasting|fasciculation|widespread twitching", [("motor_neurone_signs", None)]),
    (r"palpitation", [("palpitations_alone", None), ("palpitations_potassium_risk", r"kidney|diuretic"),
                      ("tetany_emergency", r"tetany|spasm")]),
    (r"unusual bruising|bruising or bleeding", [("quinine_harm", None)]),
    (r"claudication", [("claudication", None)]),
]
_COMPILED = [(re.compile(p, re.I), [(r, re.compile(c, re.I) if c else None) for r, c in rules])
             for p, rules in MENTIONS]
for _, _rules in _COMPILED:
    for _rule_id, _ in _rules:
        assert _rule_id in RULES_BY_ID, _rule_id

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(*])|;\s+|\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s+")


_MARKUP_LINE = re.compile(r"^[ \t]*(?:`{3,}|:{3,}|:[\w-]+:(?!`)).*$", re.M)


def clauses(text: str) -> list[str]:
    """Split running text into clauses: paragraphs and list items, then sentences, then the parts
    between semicolons (a line break inside a paragraph does not end a clause). Directive fences
    and option lines of MyST source end a clause and are dropped."""
    text = _MARKUP_LINE.sub("\n\n", text)
    return [" ".join(c.split()) for c in _SPLIT.split(text) if c and c.strip()]


def tiers_named(clause: str) -> set[str]:
    return {tier for tier, pattern in TIER_WORDS.items() if pattern.search(clause)}


def tiers_allowed(clause: str) -> set[str] | None:
    """Urgencies the red flags mentioned in ``clause`` allow (None: no red flag mentioned)."""
    allowed: set[str] = set()
    mentioned = False
    for pattern, rules in _COMPILED:
        if pattern.search(clause):
            mentioned = True
            allowed |= {RULES_BY_ID[rule_id].urgency for rule_id, context in rules
                        if context is None or context.search(clause)}
    return allowed if mentioned else None


def problems(text: str, where: str) -> list[str]:
    """Every clause of ``text`` that gives a red flag an urgency the data does not give it."""
    out = []
    for clause in clauses(text):
        named = tiers_named(clause)
        if not named:
            continue
        allowed = tiers_allowed(clause)
        if allowed is not None and not named <= allowed:
            out.append(f"{where}: says {sorted(named)} where the rules give {sorted(allowed)}: {clause[:220]!r}")
    return out


def chapter_problems(name: str) -> list[str]:
    """:func:`problems` of each markdown cell of ``chapters/NAME.ipynb`` and of each answer of its
    quiz (the answer followed by its feedback)."""
    cells = json.loads((CHAPTERS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    found = [p for i, cell in enumerate(cells) if cell["cell_type"] == "markdown"
             for p in problems("".join(cell["source"]), f"{name} cell {i}")]
    for question in load_quiz(name):
        for answer in question["answers"]:
            found += problems(f"{answer.get('answer', '')}. {answer.get('feedback', '')}", f"quiz {name}")
    return found
