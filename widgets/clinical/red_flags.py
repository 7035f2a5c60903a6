"""Red-flag text generated from the triage rules, so every page says the same urgency.

The words for each red flag (``flag``, ``condition``, ``first_aid``) and its urgency live once,
in ``widgets/data/specialist_rules.json``. Pages never type a red-flag list or an urgency: lists
come from :func:`red_flag_markdown` (the book's ``{red-flags}`` directive), the clinical-review
appendix from :func:`triage_table_markdown`, and a sentence that needs an urgency uses one of the
inline roles of :data:`INLINE_ROLES` (``{urgency}`tetany```, ...), which the book renders with
:func:`inline_text` and quizzes and notebook editions expand with :func:`expand_roles`.

Example::

    >>> red_flag_for("tetany").urgency
    'same_day'
"""

from __future__ import annotations

import re

from widgets.clinical.specialists import (
    DEFAULT,
    FINDING_LABELS,
    GUIDELINES,
    REVIEW,
    RULES,
    RULES_BY_ID,
    URGENCY_LABELS,
    URGENCY_ORDER,
    URGENCY_SHORT,
    Rule,
)

RED_FLAG_TIERS: tuple[str, ...] = tuple(u for u in URGENCY_ORDER if u != "routine")


def _check_tiers(tiers) -> tuple[str, ...]:
    tiers = tuple(tiers)
    bad = [t for t in tiers if t not in RED_FLAG_TIERS]
    if bad or not tiers:
        raise ValueError(
            f"tiers must be a non-empty subset of {RED_FLAG_TIERS}, got {list(tiers)}"
        )
    return tiers


def red_flag_for(rule_id: str) -> Rule:
    """The red-flag rule ``rule_id``; ``ValueError`` listing the allowed ids otherwise."""
    rule = RULES_BY_ID.get(rule_id)
    if rule is None or not rule.red_flag:
        allowed = sorted(r.id for r in RULES if r.red_flag)
        raise ValueError(f"unknown red flag {rule_id!r}; allowed ids: {allowed}")
    return rule


def red_flags(tiers=RED_FLAG_TIERS, rule_ids=None) -> list[Rule]:
    """Red-flag rules of the given urgency tiers (or the named ``rule_ids``), most urgent first,
    in the data file's order within a tier."""
    tiers = _check_tiers(tiers)
    chosen = [red_flag_for(r) for r in rule_ids] if rule_ids else [r for r in RULES if r.red_flag]
    return [r for t in tiers for r in chosen if r.urgency == t]


def tier_lead(urgency: str) -> str:
    """The lead-in of a tier's list, from its label, e.g. "**Same day**: be seen today, for:"."""
    short = URGENCY_SHORT[urgency]
    rest = URGENCY_LABELS[urgency].split(":", 1)[1].strip()
    return f"**{short}**: {rest}, for:"


def red_flag_item(rule: Rule, cite: bool = True) -> str:
    """One list item in MyST markdown: the flag, the possible condition, what to do meanwhile
    while help comes (if the rule says) and the guideline."""
    source = f" {{cite:p}}`{rule.source}`" if cite else ""
    meanwhile = "While help comes" if rule.urgency == "emergency" else "Meanwhile"
    first_aid = f". {meanwhile}: {rule.first_aid}" if rule.first_aid else ""
    return f"{rule.flag}: {rule.condition}{first_aid}{source}."


# --- urgency inside a sentence ----------------------------------------------------------------------

#: How an urgency reads inside a sentence ("Tetany that does not settle is an emergency").
URGENCY_PHRASES: dict[str, str] = {
    "emergency": "an emergency",
    "same_day": "a same-day matter",
    "urgent": "an urgent matter (seen within 2 weeks)",
    "routine": "a routine matter",
}

#: The inline roles a page may use for clinical text, each given a rule id.
INLINE_ROLES: tuple[str, ...] = ("urgency", "tier", "action", "flag", "triage", "first-aid")


def _any_rule(rule_id: str) -> Rule:
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        raise ValueError(f"unknown rule {rule_id!r}; allowed ids: {sorted(RULES_BY_ID)}")
    return rule


def inline_text(role: str, rule_id: str) -> str:
    """The words an inline role stands for, from the rules (plain text, no citation):

    - ``urgency``: the rule's urgency as a noun phrase ("an emergency");
    - ``tier``: its short label in lower case ("same day");
    - ``action``: what to do, from its label ("call an emergency number or go to an emergency
      department now");
    - ``flag``: the red flag's words; ``first-aid``: what to do while help comes;
    - ``triage``: "flag: possible condition (Urgency)".

    ``ValueError`` for an unknown role or rule, or a red-flag role on a routine rule.
    """
    if role not in INLINE_ROLES:
        raise ValueError(f"unknown clinical role {role!r}; allowed: {INLINE_ROLES}")
    rule = _any_rule(rule_id)
    if role == "urgency":
        return URGENCY_PHRASES[rule.urgency]
    if role == "tier":
        return URGENCY_SHORT[rule.urgency].lower()
    if role == "action":
        return URGENCY_LABELS[rule.urgency].split(":", 1)[1].strip()
    if not rule.red_flag:
        raise ValueError(f"role {role!r} needs a red flag; {rule_id!r} is routine")
    if role == "flag":
        return rule.flag
    if role == "first-aid":
        if not rule.first_aid:
            raise ValueError(f"rule {rule_id!r} has no first aid")
        return rule.first_aid
    return f"{rule.flag}: {rule.condition} ({URGENCY_SHORT[rule.urgency].lower()})"


_ROLE = re.compile(r"\{(" + "|".join(re.escape(r) for r in INLINE_ROLES) + r")\}`([^`]+)`")


def expand_roles(text: str) -> str:
    """``text`` with every clinical inline role replaced by its words (for quizzes, notebook
    editions and handouts, which have no Sphinx to render the roles); words that start the text
    or a sentence get a capital letter."""

    def words(match: re.Match) -> str:
        out = inline_text(match.group(1), match.group(2).strip())
        before = text[: match.start()].rstrip(" ")
        return out[:1].upper() + out[1:] if not before or before.endswith((".", "!", "?")) else out

    return _ROLE.sub(words, text)


def strip_roles(text: str) -> str:
    """``text`` with every clinical inline role replaced by a neutral word (to find urgencies
    typed by hand)."""
    return _ROLE.sub("(generated)", text)


def red_flag_markdown(tiers=RED_FLAG_TIERS, rule_ids=None, cite: bool = True) -> str:
    """MyST markdown: for each tier, its lead-in and a bullet list of its red flags."""
    rules = red_flags(tiers, rule_ids)
    blocks = []
    for tier in tiers:
        items = [r for r in rules if r.urgency == tier]
        if items:
            blocks.append(
                tier_lead(tier) + "\n\n" + "\n".join(f"- {red_flag_item(r, cite)}" for r in items)
            )
    return "\n\n".join(blocks)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _label(finding_id: str) -> str:
    """A finding's label inside a sentence: first letter small, acronyms ("COPD") kept."""
    label = FINDING_LABELS[finding_id]
    first = label.split()[0]
    return label if len(first) > 1 and first.isupper() else label[:1].lower() + label[1:]


def _rule_name(rule_id: str) -> str:
    """A rule's id in words, for readers (``dark_urine_alone`` -> "dark urine alone")."""
    return rule_id.replace("_", " ")


def triage_table_markdown(cite: bool = True) -> str:
    """Every rule on one table for clinical review: findings, urgency, who, guideline, evidence."""

    def keys(keys) -> str:
        if not keys:
            return ""
        return f"{{cite:p}}`{','.join(keys)}`" if cite else ", ".join(keys)

    def guideline(key: str, evidence) -> str:
        more = f"; further evidence {keys(evidence)}" if evidence else ""
        return f"{GUIDELINES[key]} {keys([key])}{more}"

    def case(ids) -> str:
        labels = [_label(f) for f in sorted(ids)]
        return labels[0] if len(labels) == 1 else "(" + " AND ".join(labels) + ")"

    def findings(rule: Rule) -> str:
        parts = [" OR ".join(_label(f) for f in sorted(c)) for c in rule.all_of]
        text = " AND ".join(f"({p})" if len(c) > 1 else p for p, c in zip(parts, rule.all_of))
        if rule.any_of:
            anys = " OR ".join(case(c) for c in sorted(rule.any_of, key=sorted))
            several = len(rule.any_of) > 1
            text = (
                f"{text} AND ({anys})"
                if text and several
                else (f"{text} AND {anys}" if text else anys)
            )
        if rule.unless:
            text += "; NOT when: " + " or ".join(_label(f) for f in sorted(rule.unless))
        return text

    rows = [
        "| fires on | urgency | who | guideline that sets the urgency | rule |",
        "|---|---|---|---|---|",
    ]
    for tier in URGENCY_ORDER:
        for rule in (r for r in RULES if r.urgency == tier):
            rows.append(
                "| "
                + " | ".join(
                    _cell(c)
                    for c in [
                        findings(rule),
                        URGENCY_SHORT[rule.urgency],
                        rule.specialist,
                        guideline(rule.source, rule.evidence),
                        _rule_name(rule.id),
                    ]
                )
                + " |"
            )
    rows.append(
        "| "
        + " | ".join(
            _cell(c)
            for c in [
                "always, as the last step",
                URGENCY_SHORT[DEFAULT["urgency"]],
                DEFAULT["specialist"],
                guideline(DEFAULT["source"], DEFAULT.get("evidence", [])),
                _rule_name(DEFAULT["id"]),
            ]
        )
        + " |"
    )
    return "\n".join(rows)


def _date(iso: str) -> str:
    """``2026-12-06`` -> ``6 December 2026``."""
    import datetime

    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def review_markdown() -> str:
    """The review status of the rules: when and by whom they were last reviewed, against what,
    and whether a clinician has signed them off (from the data's ``review`` block)."""
    lines = [
        f"**Rules last reviewed:** {_date(REVIEW['date'])}, by {REVIEW['by'].lower()}, against "
        f"{REVIEW['against'][:1].lower()}{REVIEW['against'][1:]}."
    ]
    if REVIEW["signed_off"]:
        lines.append(
            f"**Clinical sign-off:** {REVIEW['signed_off_by']}, {_date(REVIEW['signed_off_date'])}."
        )
    else:
        lines.append(f"**Clinical sign-off:** not yet given. {REVIEW.get('notes', '')}".rstrip())
    steps = "; ".join(
        f"**{URGENCY_SHORT[t].lower()}**, {URGENCY_LABELS[t].split(':', 1)[1].strip()}"
        for t in URGENCY_ORDER
    )
    lines.append(f"**Urgency steps:** {steps}.")
    return "\n\n".join(lines)


def guidelines_markdown(cite: bool = True) -> str:
    """Every guideline behind a rule, with its year or version and the rules that rely on it."""
    used: dict[str, list[str]] = {}
    for rule in (*RULES, None):
        key = DEFAULT["source"] if rule is None else rule.source
        used.setdefault(key, []).append(DEFAULT["id"] if rule is None else rule.id)
    rows = ["| guideline (year or version) | sets the urgency of | source |", "|---|---|---|"]
    for key in sorted(used, key=lambda k: GUIDELINES[k].lower()):
        source = f"{{cite:p}}`{key}`" if cite else key
        rows.append(
            "| "
            + " | ".join(
                _cell(c)
                for c in [GUIDELINES[key], "; ".join(_rule_name(r) for r in used[key]), source]
            )
            + " |"
        )
    return "\n".join(rows)
