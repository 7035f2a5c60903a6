"""Checks that prose names each red flag with the urgency the triage data gives it, and that no
source types that urgency by hand.

A *clause* (a sentence, a list item or a part of a sentence between semicolons) that mentions a
red flag and also uses an urgency word ("emergency", "at once", "same day", "today", "urgent",
"within days", "routine") must use only urgencies that the rules allow for what it mentions.
What a mention allows is computed from ``widgets/data/specialist_rules.json``: each pattern below
names the rules it stands for, some only when the clause also has a context word (for example
"weakness" with "statin" stands for the same-day statin rule). Used by the unit tests (chapter
sources, quizzes) and by the book tests (built HTML).

Sources (chapter cells, pages, quizzes, data) must not type an urgency next to a red flag at all:
they write it with an inline role (``{urgency}`tetany```, see ``widgets.clinical.red_flags``),
which the book renders from the rules. :func:`typed_urgencies` finds the clauses that do;
:func:`problems` checks what the reader sees, with the roles expanded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from widgets.book.quiz import load_quiz
from widgets.clinical.red_flags import expand_roles, strip_roles
from widgets.clinical.specialists import RULES_BY_ID

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"

TIER_WORDS = {
    "emergency": re.compile(r"\bemergenc(?:y|ies)\b|\bat once\b|\bambulance\b", re.I),
    "same_day": re.compile(r"\bsame[- ]day\b|\btoday\b", re.I),
    "urgent": re.compile(r"\burgent(?:ly)?\b(?![- ]care)|\bwithin days\b", re.I),
    "routine": re.compile(r"\broutine\b|\bbook an appointment\b", re.I),
}

# pattern -> [(rule id, context pattern or None)]
MENTIONS: list[tuple[str, list[tuple[str, str | None]]]] = [
    (
        r"loss of consciousness|whole-body jerking|\bseizures?\b|does not come round",
        [
            ("seizure", None),
            ("seizure_known_epilepsy", r"epilepsy"),
            ("tetany_emergency", r"tetany|spasm|tingling"),
        ],
    ),
    (
        r"\bstroke\b|\bTIA\b|mini-stroke|came on suddenly|sudden(?:ly)? (?:weakness|numbness)|trouble speaking",
        [("stroke", None)],
    ),
    (r"breathless|chest pain", [("breathless_or_chest_pain", None)]),
    (
        r"sudden(?:ly)?[^.;:]{0,30}\bcold\b|blocked artery|acute limb ischaemia",
        [("acute_limb_ischaemia", None)],
    ),
    (
        r"critical limb ischaemia|limb-threatening ischaemia|ischaemic rest pain|hangs? down|black (?:or darkening )?toes"
        r"|darkening toes|does not heal|gangrene",
        [
            ("critical_limb_ischaemia", None),
            ("diabetic_foot", r"diabet"),
            ("foot_threatened", r"diabet|infection|fever|unwell|redness|gangrene"),
        ],
    ),
    (r"achilles|tendon rupture|sudden pop|kicked in the calf", [("tendon_rupture", None)]),
    (
        r"(?<!exertional )compartment syndrome|far worse than expected|out of proportion"
        r"|(?:pain|worse)[^.;:]{0,25}\bstretch(?:ed|ing)?\b[^.;:]{0,12}(?:worse|increases)|pain on stretch"
        r"|tense(?:, hard)?(?: or swollen)? calf|calf or shin",
        [("acute_compartment_syndrome", None)],
    ),
    (r"chronic exertional compartment", [("chronic_exertional_compartment", None)]),
    (
        r"delayed-onset muscle soreness|ordinary soreness|far worse than (?:that|ordinary soreness|the soreness)",
        [("muscle_soreness", None), ("severe_pain_after_exertion", None)],
    ),
    (
        r"rhabdomyolysis|muscle breakdown",
        [
            ("rhabdomyolysis", None),
            ("dark_urine_alone", None),
            ("severe_pain_after_exertion", None),
        ],
    ),
    (
        r"dark (?:\([^)]*\) )?urine|tea- or cola-coloured",
        [
            ("dark_urine_alone", None),
            ("rhabdomyolysis", r"weak|muscle pain|severe pain|crush|extreme"),
        ],
    ),
    (r"cauda equina|numbness between the legs|saddle", [("cauda_equina", None)]),
    (
        r"spinal cord compression|(?:spread|reached) the spine|spread to the spine|spinal (?:metastas|infection)"
        r"|back pain with a history of cancer",
        [
            ("spinal_cord_compression", None),
            ("spinal_red_flags", None),
            ("rapidly_worsening_weakness", None),
        ],
    ),
    (
        r"\bweak(?:ness)?\b",
        [
            ("new_weakness", None),
            ("rapidly_worsening_weakness", r"worse|both legs|breath|swallow|rapid"),
            ("weakness_on_statin", r"statin"),
            ("weakness_potassium_risk", r"diuretic|kidney"),
            ("rhabdomyolysis", r"urine"),
            ("acute_compartment_syndrome", r"injury|cast|fracture"),
            ("motor_neurone_signs", r"twitch|fascicul|wasting"),
            ("stroke", r"sudden"),
            ("spinal_cord_compression", r"cancer|back pain"),
            ("exertional_sickling", r"sickl"),
            ("potassium_risk_on_dialysis", r"dialysis|kidney failure"),
            ("severe_pain_after_exertion", r"soreness|muscle pain|far worse"),
        ],
    ),
    (
        r"exercise-associated hyponatr|heat illness|heat stroke",
        [
            ("endurance_exercise_collapse", None),
            ("widespread_exercise_cramps", r"spread|many muscles"),
        ],
    ),
    (
        r"spread(?:s|ing)? to many muscles|many muscles at once",
        [
            ("widespread_exercise_cramps", None),
            ("endurance_exercise_collapse", r"confus|vomit|collapse|temperature|headache"),
            ("exertional_sickling", r"sickl"),
        ],
    ),
    (r"sickl", [("exertional_sickling", None)]),
    (
        r"tetany|carpopedal|(?:hands?|feet) (?:or feet )?lock|hand (?:and|or) foot spasm|spasms? of the hands",
        [("tetany_emergency", None), ("tetany", r"settle|brief|tingl")],
    ),
    (
        r"low calcium|hypocalcaemia|tingling (?:around|of|in) the lips|tingling lips|lips or (?:in the )?fingers",
        [("tetany", None), ("tetany_emergency", None)],
    ),
    (
        r"swollen(?! ankles)|deep vein thrombosis|\bDVT\b",
        [
            ("deep_vein_thrombosis", None),
            ("breathless_or_chest_pain", r"breath|chest"),
            (
                "acute_compartment_syndrome",
                r"injury|cast|fracture|compartment|tense|hard calf|severe|shin",
            ),
        ],
    ),
    (
        r"wasting|fasciculation|twitching",
        [("motor_neurone_signs", r"wasting|weak"), ("fasciculations_alone", None)],
    ),
    (
        r"palpitation",
        [
            ("palpitations", None),
            ("potassium_risk_on_dialysis", r"dialysis|kidney failure|kidneys have failed"),
        ],
    ),
    (
        r"unusual bruising|bruising or bleeding|(?:little|less) urine",
        [("quinine_harm", None), ("quinine_kidney_blood_emergency", r"urine")],
    ),
    (r"claudication", [("claudication", None)]),
    (r"lump in the neck|neck lump|thyroid lump", [("neck_lump", None)]),
    (r"tetanus|stiff jaw|lockjaw", [("tetanus", None)]),
]
_COMPILED = [
    (re.compile(p, re.I), [(r, re.compile(c, re.I) if c else None) for r, c in rules])
    for p, rules in MENTIONS
]
for _, _rules in _COMPILED:
    for _rule_id, _ in _rules:
        assert _rule_id in RULES_BY_ID, _rule_id

_SPLIT = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z(*])|;\s+|\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s+|\s+\|\s+|\|\s*\n"
)


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
            allowed |= {
                RULES_BY_ID[rule_id].urgency
                for rule_id, context in rules
                if context is None or context.search(clause)
            }
    return allowed if mentioned else None


def problems(text: str, where: str) -> list[str]:
    """Every clause of ``text`` (clinical roles expanded) that gives a red flag an urgency the data
    does not give it."""
    out = []
    for clause in clauses(expand_roles(text)):
        named = tiers_named(clause)
        if not named:
            continue
        allowed = tiers_allowed(clause)
        if allowed is not None and not named <= allowed:
            out.append(
                f"{where}: says {sorted(named)} where the rules give {sorted(allowed)}: {clause[:220]!r}"
            )
    return out


def typed_urgencies(text: str, where: str) -> list[str]:
    """Every clause of ``text`` that names a red flag with an urgency typed by hand (clinical roles
    are generated from the rules and do not count)."""
    return [
        f"{where}: types {sorted(tiers_named(clause))} by hand for a red flag; use a clinical "
        f"role such as {{urgency}}`rule_id`: {clause[:220]!r}"
        for clause in clauses(strip_roles(text))
        if tiers_named(clause) and tiers_allowed(clause) is not None
    ]


def source_problems(text: str, where: str) -> list[str]:
    """Both checks on a source text: no urgency typed by hand, and the generated ones agree."""
    return typed_urgencies(text, where) + problems(text, where)


def quiz_problems(name: str) -> list[str]:
    """Both checks on quiz ``name``: no answer or feedback types an urgency by hand (a question may
    pose one), and what a reader sees agrees with the rules, the question read with its correct
    answers."""
    found = []
    for number, question in enumerate(load_quiz(name, expand=False), start=1):
        where = f"quiz {name} question {number}"
        for answer in question["answers"]:
            text = f"{answer.get('answer', '')}. {answer.get('feedback', '')}"
            found += typed_urgencies(text, where)
            found += problems(
                f"{question['question']} {text}" if answer.get("correct") else text, where
            )
    return found


def chapter_problems(name: str) -> list[str]:
    """:func:`source_problems` of each markdown cell of ``chapters/NAME.ipynb``, and
    :func:`quiz_problems` of its quiz."""
    cells = json.loads((CHAPTERS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    found = [
        p
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "markdown"
        for p in source_problems("".join(cell["source"]), f"{name} cell {i}")
    ]
    return found + quiz_problems(name)
