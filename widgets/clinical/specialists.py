"""Who to see, and how soon: a small rules engine over ``widgets/data/specialist_rules.json``.

Educational only. The rules are data, each with its source (a ``references.bib`` key), so a
clinician can review them without reading code. The API is deliberately small:

- :data:`FINDINGS`: the findings a learner can tick, grouped for check boxes
  (``{group label: [(finding id, plain label), ...]}``);
- :data:`FINDING_IDS`: the set of allowed ids;
- :func:`recommend`: ``recommend({"swollen_red_calf"})`` returns a list of
  :class:`Recommendation`, red flags first (emergency, then same day, then urgent), then routine
  referrals, and always ending with primary care as the default;
- :data:`EDUCATIONAL_NOTICE`: the sentence any view over the engine must show.

Example::

    >>> [r.rule_id for r in recommend({"swollen_red_calf", "statin"})]
    ['deep_vein_thrombosis', 'medicines', 'primary_care']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

EDUCATIONAL_NOTICE = (
    "Education only, not medical advice and not a triage tool. It cannot examine you. If you are "
    "worried, contact a clinician; for an emergency, call your local emergency number."
)


@dataclass(frozen=True)
class Rule:
    """One rule: fires when every clause of ``all_of`` is met (a clause is a set of finding ids, met
    by any one of them), at least one case of ``any_of`` (if given) is met (a case is a set of
    finding ids, met when all of them are present) and none of ``unless`` is present (``unless``
    hands a case to a more urgent rule, or marks a reassuring finding). ``source`` is the guideline
    that sets the urgency; red flags (every urgency but routine) carry ``flag`` and ``condition``,
    the words every page uses for them, and may carry ``first_aid``, what to do while help comes."""

    id: str
    all_of: tuple[frozenset[str], ...]
    any_of: tuple[frozenset[str], ...]
    unless: frozenset[str]
    urgency: str
    specialist: str
    reason: str
    source: str
    evidence: tuple[str, ...] = ()
    flag: str = ""
    condition: str = ""
    first_aid: str = ""

    @property
    def red_flag(self) -> bool:
        return self.urgency != "routine"

    @property
    def finding_ids(self) -> frozenset[str]:
        """Every finding the rule can use (its clauses and its ``any`` list)."""
        return frozenset().union(*self.all_of, *self.any_of)

    def fires(self, findings: set[str] | frozenset[str]) -> bool:
        if self.unless & findings or not all(clause & findings for clause in self.all_of):
            return False
        return not self.any_of or any(case <= findings for case in self.any_of)

    def triggers(self, findings: set[str] | frozenset[str]) -> tuple[str, ...]:
        """The findings among ``findings`` that this rule uses (sorted)."""
        return tuple(sorted(self.finding_ids & findings))


@dataclass(frozen=True)
class Recommendation:
    """What to do: how soon (``urgency``), who to see, why, and the source key."""

    rule_id: str
    urgency: str  # "emergency", "same_day", "urgent" or "routine"
    urgency_label: str
    specialist: str
    reason: str
    source: str
    red_flag: bool
    triggered_by: tuple[str, ...]


def _load() -> dict:
    path = resources.files("widgets") / "data" / "specialist_rules.json"
    return json.loads(path.read_text(encoding="utf-8"))


_DATA = _load()

URGENCY_ORDER: tuple[str, ...] = tuple(_DATA["urgency_order"])
URGENCY_LABELS: dict[str, str] = dict(_DATA["urgency_labels"])

FINDINGS: dict[str, list[tuple[str, str]]] = {
    group["group"]: [(item["id"], item["label"]) for item in group["items"]]
    for group in _DATA["findings"]
}
FINDING_LABELS: dict[str, str] = {
    fid: label for items in FINDINGS.values() for fid, label in items
}
FINDING_IDS: frozenset[str] = frozenset(FINDING_LABELS)
#: Findings that make a case less urgent (for example "known epilepsy, their usual seizure"): they
#: may only appear in ``unless`` lists of red flags and in the routine rule that takes the case.
REASSURING: frozenset[str] = frozenset(
    item["id"] for group in _DATA["findings"] for item in group["items"] if item.get("reassuring")
)


def _ids(entry) -> frozenset[str]:
    """A clause of ``all`` (any one of its ids) or a case of ``any`` (all of its ids)."""
    return frozenset([entry] if isinstance(entry, str) else entry)


RULES: tuple[Rule, ...] = tuple(
    Rule(
        id=r["id"],
        all_of=tuple(_ids(e) for e in r.get("all", [])),
        any_of=tuple(_ids(e) for e in r.get("any", [])),
        unless=frozenset(r.get("unless", [])),
        urgency=r["urgency"],
        specialist=r["specialist"],
        reason=r["reason"],
        source=r["source"],
        evidence=tuple(r.get("evidence", [])),
        flag=r.get("flag", ""),
        condition=r.get("condition", ""),
        first_aid=r.get("first_aid", ""),
    )
    for r in _DATA["rules"]
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
GUIDELINES: dict[str, str] = dict(_DATA["guidelines"])
URGENCY_SHORT: dict[str, str] = dict(_DATA["urgency_short"])
DEFAULT = _DATA["default"]
#: Who reviewed the rules, when, against what; and the clinical sign-off (``signed_off`` false
#: until a clinician records it: see the instructor guide).
REVIEW: dict = dict(_DATA["review"])
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _check_data() -> None:
    """The data file is consistent: known findings and urgencies, unique ids, red flags marked."""
    ids = [rule.id for rule in RULES] + [DEFAULT["id"]]
    if len(ids) != len(set(ids)):
        raise ValueError("specialist_rules.json: rule ids must be unique")
    for rule in RULES:
        unknown = (rule.finding_ids | rule.unless) - FINDING_IDS
        if unknown:
            raise ValueError(f"rule {rule.id!r} uses unknown findings {sorted(unknown)}")
        if not rule.finding_ids:
            raise ValueError(f"rule {rule.id!r} has no findings")
        if rule.urgency not in URGENCY_ORDER:
            raise ValueError(f"rule {rule.id!r}: urgency must be one of {URGENCY_ORDER}")
        if rule.source not in GUIDELINES:
            raise ValueError(f"rule {rule.id!r}: source {rule.source!r} is not a named guideline")
        if rule.red_flag != bool(rule.flag and rule.condition) or (
            rule.first_aid and not rule.red_flag
        ):
            raise ValueError(
                f"rule {rule.id!r}: a red flag (urgency above routine) needs 'flag' and "
                "'condition', and a routine rule has neither (nor 'first_aid')"
            )
        if rule.red_flag and rule.finding_ids & REASSURING:
            raise ValueError(
                f"rule {rule.id!r}: a reassuring finding may not raise a red flag "
                f"({sorted(rule.finding_ids & REASSURING)}); use it in 'unless'"
            )
    for key, name in GUIDELINES.items():
        if not _YEAR.search(name):
            raise ValueError(
                f"guideline {key!r}: its name must give its year or version ({name!r})"
            )
    if not {"date", "by", "against", "signed_off"} <= set(REVIEW):
        raise ValueError("specialist_rules.json: 'review' needs date, by, against and signed_off")


_check_data()


def _recommendation(rule: Rule, findings: frozenset[str]) -> Recommendation:
    return Recommendation(
        rule_id=rule.id,
        urgency=rule.urgency,
        urgency_label=URGENCY_LABELS[rule.urgency],
        specialist=rule.specialist,
        reason=rule.reason,
        source=rule.source,
        red_flag=rule.red_flag,
        triggered_by=rule.triggers(findings),
    )


def recommend(
    findings: set[str] | frozenset[str] | list[str] | tuple[str, ...],
) -> list[Recommendation]:
    """Recommendations for the ticked ``findings`` (ids from :data:`FINDING_IDS`).

    Ordered by urgency (emergency, same day, urgent, routine), then by the rules' order in the
    data file; red flags therefore come first. The last item is always primary care, the default
    first port of call. Unknown ids raise ``ValueError`` naming the allowed ids.
    """
    if isinstance(findings, str):
        raise ValueError("findings must be a collection of finding ids, not a single string")
    chosen = frozenset(findings)
    unknown = chosen - FINDING_IDS
    if unknown:
        raise ValueError(
            f"unknown finding ids {sorted(unknown)}; allowed ids: {sorted(FINDING_IDS)}"
        )
    fired = [rule for rule in RULES if rule.fires(chosen)]
    fired.sort(key=lambda rule: URGENCY_ORDER.index(rule.urgency))  # stable: file order kept
    out = [_recommendation(rule, chosen) for rule in fired]
    out.append(
        Recommendation(
            rule_id=DEFAULT["id"],
            urgency=DEFAULT["urgency"],
            urgency_label=URGENCY_LABELS[DEFAULT["urgency"]],
            specialist=DEFAULT["specialist"],
            reason=DEFAULT["reason"],
            source=DEFAULT["source"],
            red_flag=False,
            triggered_by=(),
        )
    )
    return out


def recommendations_markdown(findings) -> str:
    """:func:`recommend` as a numbered MyST list (urgency, who, why, guideline citation), for the book."""
    lines = []
    for step, rec in enumerate(recommend(findings), start=1):
        lines.append(
            f"{step}. **{rec.urgency_label}.** {rec.specialist}. {rec.reason} "
            f"{{cite:p}}`{rec.source}`"
        )
    return "\n".join(lines)
