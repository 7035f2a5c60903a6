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
from dataclasses import dataclass
from importlib import resources

EDUCATIONAL_NOTICE = (
    "Education only, not medical advice and not a triage tool. It cannot examine you. If you are "
    "worried, contact a clinician; for an emergency, call your local emergency number."
)


@dataclass(frozen=True)
class Rule:
    """One rule: fires when all of ``all_of``, at least one of ``any_of`` (if given) and none of
    ``unless`` are present (``unless`` hands a case to a more urgent rule)."""

    id: str
    all_of: frozenset[str]
    any_of: frozenset[str]
    unless: frozenset[str]
    urgency: str
    specialist: str
    reason: str
    source: str
    red_flag: bool

    def fires(self, findings: set[str] | frozenset[str]) -> bool:
        if not self.all_of <= findings or self.unless & findings:
            return False
        return not self.any_of or bool(self.any_of & findings)

    def triggers(self, findings: set[str] | frozenset[str]) -> tuple[str, ...]:
        """The findings among ``findings`` that this rule uses (sorted)."""
        return tuple(sorted((self.all_of | self.any_of) & findings))


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
FINDING_LABELS: dict[str, str] = {fid: label for items in FINDINGS.values() for fid, label in items}
FINDING_IDS: frozenset[str] = frozenset(FINDING_LABELS)

RULES: tuple[Rule, ...] = tuple(
    Rule(id=r["id"], all_of=frozenset(r.get("all", [])), any_of=frozenset(r.get("any", [])),
         unless=frozenset(r.get("unless", [])),
         urgency=r["urgency"], specialist=r["specialist"], reason=r["reason"],
         source=r["source"], red_flag=bool(r["red_flag"]))
    for r in _DATA["rules"]
)
DEFAULT = _DATA["default"]


def _check_data() -> None:
    """The data file is consistent: known findings and urgencies, unique ids, red flags marked."""
    ids = [rule.id for rule in RULES] + [DEFAULT["id"]]
    if len(ids) != len(set(ids)):
        raise ValueError("specialist_rules.json: rule ids must be unique")
    for rule in RULES:
        unknown = (rule.all_of | rule.any_of | rule.unless) - FINDING_IDS
        if unknown:
            raise ValueError(f"rule {rule.id!r} uses unknown findings {sorted(unknown)}")
        if not (rule.all_of or rule.any_of):
            raise ValueError(f"rule {rule.id!r} has no findings")
        if rule.urgency not in URGENCY_ORDER:
            raise ValueError(f"rule {rule.id!r}: urgency must be one of {URGENCY_ORDER}")
        if rule.red_flag != (rule.urgency != "routine"):
            raise ValueError(f"rule {rule.id!r}: red_flag must be true exactly when not routine")


_check_data()


def _recommendation(rule: Rule, findings: frozenset[str]) -> Recommendation:
    return Recommendation(rule_id=rule.id, urgency=rule.urgency,
                          urgency_label=URGENCY_LABELS[rule.urgency], specialist=rule.specialist,
                          reason=rule.reason, source=rule.source, red_flag=rule.red_flag,
                          triggered_by=rule.triggers(findings))


def recommend(findings: set[str] | frozenset[str] | list[str] | tuple[str, ...]) -> list[Recommendation]:
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
        raise ValueError(f"unknown finding ids {sorted(unknown)}; allowed ids: {sorted(FINDING_IDS)}")
    fired = [rule for rule in RULES if rule.fires(chosen)]
    fired.sort(key=lambda rule: URGENCY_ORDER.index(rule.urgency))  # stable: file order kept
    out = [_recommendation(rule, chosen) for rule in fired]
    out.append(Recommendation(rule_id=DEFAULT["id"], urgency=DEFAULT["urgency"],
                              urgency_label=URGENCY_LABELS[DEFAULT["urgency"]],
                              specialist=DEFAULT["specialist"], reason=DEFAULT["reason"],
                              source=DEFAULT["source"], red_flag=False, triggered_by=()))
    return out


def rules_table() -> list[dict]:
    """The rules as plain rows (for a table in the book): findings, urgency, who, source."""
    rows = []
    for rule in RULES:
        rows.append({
            "rule": rule.id,
            "findings": ", ".join(FINDING_LABELS[f] for f in sorted(rule.all_of | rule.any_of)),
            "urgency": rule.urgency,
            "who": rule.specialist,
            "source": rule.source,
        })
    return rows
