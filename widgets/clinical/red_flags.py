"""Red-flag text generated from the triage rules, so every page says the same urgency.

The words for each red flag (``flag``, ``condition``) and its urgency live once, in
``widgets/data/specialist_rules.json``. Pages never type a red-flag list: they call
:func:`red_flag_markdown` (through the book's ``{red-flags}`` directive), and the clinical-review
appendix calls :func:`triage_table_markdown`.

Example::

    >>> red_flag_for("tetany").urgency
    'same_day'
"""

from __future__ import annotations

from widgets.clinical.specialists import (DEFAULT, FINDING_LABELS, GUIDELINES, RULES, RULES_BY_ID,
                                          URGENCY_LABELS, URGENCY_ORDER, URGENCY_SHORT, Rule)

RED_FLAG_TIERS: tuple[str, ...] = tuple(u for u in URGENCY_ORDER if u != "routine")


def _check_tiers(tiers) -> tuple[str, ...]:
    tiers = tuple(tiers)
    bad = [t for t in tiers if t not in RED_FLAG_TIERS]
    if bad or not tiers:
        raise ValueError(f"tiers must be a non-empty subset of {RED_FLAG_TIERS}, got {list(tiers)}")
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
    """One list item in MyST markdown: the flag, the possible condition and the guideline."""
    source = f" {{cite:p}}`{rule.source}`" if cite else ""
    return f"{rule.flag}: {rule.condition}{source}."


def red_flag_markdown(tiers=RED_FLAG_TIERS, rule_ids=None, cite: bool = True) -> str:
    """MyST markdown: for each tier, its lead-in and a bullet list of its red flags."""
    rules = red_flags(tiers, rule_ids)
    blocks = []
    for tier in tiers:
        items = [r for r in rules if r.urgency == tier]
        if items:
            blocks.append(tier_lead(tier) + "\n\n" + "\n".join(f"- {red_flag_item(r, cite)}" for r in items))
    return "\n\n".join(blocks)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def triage_table_markdown(cite: bool = True) -> str:
    """Every rule on one table for clinical review: findings, urgency, who, guideline, evidence."""
    def findings(rule: Rule) -> str:
        parts = [" OR ".join(FINDING_LABELS[f].lower() for f in sorted(c)) for c in rule.all_of]
        text = " AND ".join(f"({p})" if len(c) > 1 else p for p, c in zip(parts, rule.all_of))
        if rule.any_of:
            anys = " OR ".join(FINDING_LABELS[f].lower() for f in sorted(rule.any_of))
            text = f"{text} AND ({anys})" if text and len(rule.any_of) > 1 else (
                f"{text} AND {anys}" if text else anys)
        if rule.unless:
            text += "; NOT when: " + " or ".join(FINDING_LABELS[f].lower() for f in sorted(rule.unless))
        return text

    def keys(keys) -> str:
        if not keys:
            return ""
        return f"{{cite:p}}`{','.join(keys)}`" if cite else ", ".join(keys)

    def guideline(key: str, evidence) -> str:
        more = f"; further evidence {keys(evidence)}" if evidence else ""
        return f"{GUIDELINES[key]} {keys([key])}{more}"

    rows = ["| fires on (rule) | urgency | who | guideline that sets the urgency |", "|---|---|---|---|"]
    for tier in URGENCY_ORDER:
        for rule in (r for r in RULES if r.urgency == tier):
            rows.append("| " + " | ".join(_cell(c) for c in [
                f"{findings(rule)} (`{rule.id}`)", URGENCY_SHORT[rule.urgency], rule.specialist,
                guideline(rule.source, rule.evidence)]) + " |")
    rows.append("| " + " | ".join(_cell(c) for c in [
        f"always, as the last step (`{DEFAULT['id']}`)", URGENCY_SHORT[DEFAULT["urgency"]],
        DEFAULT["specialist"], guideline(DEFAULT["source"], DEFAULT.get("evidence", []))]) + " |")
    return "\n".join(rows)
