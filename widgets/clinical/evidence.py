"""Pooled treatment results for leg cramps, read from ``widgets/data/evidence.json``.

The data file copies numbers from the systematic reviews' own tables (Cochrane reviews of quinine,
El-Tawil et al. 2015, and of magnesium, Garrison et al. 2020), the key trials and the regulators'
notices; each entry names its ``references.bib`` key and where in the source the number stands.
The helpers here are small, pure and refuse calculations that would be invalid (for example a
number needed to treat when the confidence interval of the risk difference includes zero).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MEASURES = {
    "MD": "mean difference",
    "RR": "risk ratio",
    "RD": "risk difference",
}
NO_EFFECT = {"MD": 0.0, "RD": 0.0, "RR": 1.0}


@dataclass(frozen=True)
class Result:
    """One pooled result of a review: treatment versus comparison for one outcome."""

    id: str
    treatment: str
    comparison: str
    population: str
    outcome: str
    measure: str  # "MD", "RR" or "RD"
    unit: str
    estimate: float
    ci_low: float
    ci_high: float
    studies: int
    participants: int
    review_trials: int
    review_participants: int
    certainty: str  # GRADE: high, moderate, low, very low
    certainty_system: str
    favours: str  # "lower" or "higher": which direction is good for the patient
    source: str  # references.bib key
    where: str
    control_value: float | None = None
    control_value_meaning: str | None = None
    control_risk: float | None = None
    intervention_risk: float | None = None

    @property
    def no_effect(self) -> float:
        """Value of the measure that means "no difference" (0 for differences, 1 for ratios)."""
        return NO_EFFECT[self.measure]

    @property
    def ci_includes_no_effect(self) -> bool:
        """True when the 95 % confidence interval contains (or touches) the line of no effect."""
        return self.ci_low <= self.no_effect <= self.ci_high

    @property
    def measure_name(self) -> str:
        return MEASURES[self.measure]


def _data_path():
    return resources.files("widgets") / "data" / "evidence.json"


@lru_cache(maxsize=1)
def load_evidence() -> dict:
    """Return the whole evidence file as a dict (results, trials, guideline, regulatory)."""
    return json.loads(_data_path().read_text(encoding="utf-8"))


def results() -> list[Result]:
    """Every pooled result, in file order."""
    return [Result(**entry) for entry in load_evidence()["results"]]


def result(result_id: str) -> Result:
    """The pooled result with id ``result_id``; ValueError naming the known ids otherwise."""
    found = {r.id: r for r in results()}
    if result_id not in found:
        raise ValueError(f"unknown result id {result_id!r}; known ids: {sorted(found)}")
    return found[result_id]


def trial(trial_id: str) -> dict:
    """One key trial (stretching, exercise cramps) as a dict; ValueError for an unknown id."""
    found = {t["id"]: t for t in load_evidence()["trials"]}
    if trial_id not in found:
        raise ValueError(f"unknown trial id {trial_id!r}; known ids: {sorted(found)}")
    return found[trial_id]


def guideline() -> dict:
    """The American Academy of Neurology recommendations (Katzberg et al. 2010)."""
    return load_evidence()["guideline"]


def regulatory() -> dict:
    """Regulators' actions on quinine (FDA 2006, 2009 and 2010; MHRA 2010)."""
    return load_evidence()["regulatory"]


def medicine_associations() -> list[dict]:
    """Medicines followed by new quinine prescriptions (Garrison et al. 2012), strongest first.

    Each entry has ``medicine``, ``group``, the adjusted sequence ratio ``estimate`` and its 95 %
    CI (``ci_low``, ``ci_high``); a ratio above 1 means more quinine starts after the medicine
    was begun than before it. The source and the meaning of the ratio are in
    ``load_evidence()["medicine_associations"]``.
    """
    entries = load_evidence()["medicine_associations"]["ratios"]
    for entry in entries:
        if not 0 < entry["ci_low"] <= entry["estimate"] <= entry["ci_high"]:
            raise ValueError(f"inconsistent ratio and interval for {entry['id']!r}")
    return sorted(entries, key=lambda entry: entry["estimate"], reverse=True)


def percent_change(difference: float, baseline: float) -> float:
    """Relative change in percent: ``100 * difference / baseline``.

    For a mean difference of -2.45 cramps from a placebo mean of 8.8 this gives about -28 %.
    """
    if not math.isfinite(baseline) or baseline <= 0:
        raise ValueError(f"baseline must be a positive number (got {baseline})")
    return 100.0 * difference / baseline


def number_needed(risk_treated: float, risk_control: float) -> float:
    """Number needed to treat (benefit) or to harm: ``1 / |risk_treated - risk_control|``.

    Risks are proportions between 0 and 1. Equal risks give ``math.inf`` (no one is helped or
    harmed on average). Whether the number is a benefit (NNT) or a harm (NNH) depends on which
    outcome the risks describe; the caller says which.
    """
    for name, value in (("risk_treated", risk_treated), ("risk_control", risk_control)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a proportion between 0 and 1 (got {value})")
    difference = abs(risk_treated - risk_control)
    return math.inf if difference == 0 else 1.0 / difference


def number_needed_from_rd(rd: float, ci_low: float, ci_high: float) -> tuple[float, float, float]:
    """Number needed (to treat or to harm) from a risk difference and its 95 % CI.

    Returns ``(n, n_low, n_high)``: the point value ``1/|rd|`` and the interval obtained by
    inverting the CI limits. When the CI of the risk difference touches or crosses zero, the
    interval runs to infinity (``n_high = math.inf``): the data are then compatible with no
    effect at all, and a single "number needed" overstates what is known. Risk differences are
    proportions between -1 and 1.
    """
    for name, value in (("rd", rd), ("ci_low", ci_low), ("ci_high", ci_high)):
        if not -1.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a risk difference between -1 and 1 (got {value})")
    if not ci_low <= rd <= ci_high:
        raise ValueError(f"need ci_low <= rd <= ci_high (got {ci_low}, {rd}, {ci_high})")

    def inv(x: float) -> float:
        return math.inf if x == 0 else 1.0 / abs(x)

    if ci_low <= 0.0 <= ci_high:
        return inv(rd), inv(max(abs(ci_low), abs(ci_high))), math.inf
    return inv(rd), inv(max(abs(ci_low), abs(ci_high))), inv(min(abs(ci_low), abs(ci_high)))


def summary(result_: Result) -> str:
    """One plain sentence: estimate, CI, participants, studies, certainty and source key."""
    return (
        f"{result_.treatment} versus {result_.comparison}, {result_.outcome}: "
        f"{result_.measure_name} {result_.estimate:g} ({result_.unit}), 95 % CI "
        f"{result_.ci_low:g} to {result_.ci_high:g}; {result_.participants} people in "
        f"{result_.studies} trials; {result_.certainty}-certainty evidence "
        f"({result_.certainty_system}); source {result_.source}."
    )


@lru_cache(maxsize=1)
def load_claims() -> dict:
    """The source articles' claims with verdicts and corrections (``widgets/data/myths.json``)."""
    path = resources.files("widgets") / "data" / "myths.json"
    return json.loads(path.read_text(encoding="utf-8"))
