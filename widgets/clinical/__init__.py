"""Clinical half of Cramp Lab: treatment evidence and who-to-see rules, as tested data.

- :mod:`widgets.clinical.evidence`: pooled results of the reviews (``widgets/data/evidence.json``)
  and small helpers (percent change, number needed to treat or harm);
- :mod:`widgets.clinical.specialists`: a rules engine over ``widgets/data/specialist_rules.json``
  (``FINDINGS``, ``recommend``, ``EDUCATIONAL_NOTICE``).

Educational only; no dosing advice anywhere.
"""

from widgets.clinical.evidence import (
    number_needed,
    number_needed_from_rd,
    percent_change,
    result,
    results,
)
from widgets.clinical.specialists import EDUCATIONAL_NOTICE, FINDINGS, recommend

__all__ = [
    "EDUCATIONAL_NOTICE",
    "FINDINGS",
    "number_needed",
    "number_needed_from_rd",
    "percent_change",
    "recommend",
    "result",
    "results",
]
