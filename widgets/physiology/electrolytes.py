"""Serum electrolyte reference ranges, unit conversions and a simple classifier.

Ranges (adult, lab-dependent) live in ``widgets/data/reference_ranges.json`` with a source key
each. Conversions: mg/dL = mmol/L * molar mass / 10 (Ca x4.008, Mg x2.431); mEq/L = mmol/L * |z|
(K, Na: equal; Ca, Mg: x2). Example: ``classify("potassium", 2.9).state == "hypokalaemia"``.

Sweat: ``SWEAT_MMOL_L``, typical sweat concentrations, mean and range (``sawka2007``);
``ECF_VOLUME_L``, extracellular fluid of a 70-kg adult, about 20 % of body weight (``boron2017``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from widgets.physiology import _validate as _v

UNITS = ("mmol/L", "mg/dL", "mEq/L")
_ALIASES = {
    "k": "potassium",
    "na": "sodium",
    "ca": "calcium_total",
    "mg": "magnesium",
    "cl": "chloride",
    "calcium": "calcium_total",
    "ionised_calcium": "calcium_ionised",
    "ionized_calcium": "calcium_ionised",
}


@lru_cache(maxsize=1)
def reference_ranges() -> dict:
    """All reference ranges (dict keyed by analyte, e.g. "potassium"), from the JSON data file."""
    text = (
        resources.files("widgets")
        .joinpath("data", "reference_ranges.json")
        .read_text(encoding="utf-8")
    )
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def clinical_facts() -> dict:
    """Small table of published clinical numbers with source keys (``clinical_facts.json``)."""
    text = (
        resources.files("widgets")
        .joinpath("data", "clinical_facts.json")
        .read_text(encoding="utf-8")
    )
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def _analyte(name: str) -> str:
    key = _ALIASES.get(str(name).lower(), str(name).lower())
    return _v.choice(key, "analyte", set(reference_ranges()))


def convert(value, analyte: str, from_unit: str = "mmol/L", to_unit: str = "mg/dL"):
    """Convert a concentration between mmol/L, mg/dL and mEq/L (e.g. 2.4 mmol/L Ca -> 9.62 mg/dL)."""
    a = reference_ranges()[_analyte(analyte)]
    _v.choice(from_unit, "from_unit", set(UNITS))
    _v.choice(to_unit, "to_unit", set(UNITS))
    x = _v.concentration(value, "value")
    factor = {
        "mmol/L": 1.0,
        "mg/dL": a["molar_mass_g_mol"] / 10.0,
        "mEq/L": float(abs(a["valence"])),
    }
    return x / factor[from_unit] * factor[to_unit]


@dataclass(frozen=True)
class Classification:
    """Result of :func:`classify`: ``state`` (e.g. "hypokalaemia", "normal"), value and range in
    mmol/L, the unit the value was given in, and the ``source_key`` of the range."""

    analyte: str
    value_mmol_L: float
    state: str
    low_mmol_L: float
    high_mmol_L: float
    unit_given: str
    source_key: str


def classify(analyte: str, value, unit: str = "mmol/L") -> Classification:
    """Classify a serum value against the adult reference range (low / normal / high state name)."""
    key = _analyte(analyte)
    a = reference_ranges()[key]
    _v.choice(unit, "unit", set(UNITS))
    x = _v.concentration(value, "value")
    if not isinstance(x, float):
        raise ValueError("value must be a single finite concentration > 0 (got an array)")
    mmol = convert(x, key, unit, "mmol/L")
    low_state, normal, high_state = a["states"]
    state = (
        low_state if mmol < a["low_mmol_L"] else high_state if mmol > a["high_mmol_L"] else normal
    )
    return Classification(
        key, float(mmol), state, a["low_mmol_L"], a["high_mmol_L"], unit, a["source_key"]
    )


#: Sweat concentrations (mmol/L): (typical mean, low end, high end) (``sawka2007``).
SWEAT_MMOL_L = {
    "sodium": (35.0, 10.0, 70.0),
    "chloride": (30.0, 5.0, 60.0),
    "potassium": (5.0, 3.0, 15.0),
}
#: Extracellular fluid volume (L) of a 70-kg adult (``boron2017``).
ECF_VOLUME_L = 14.0


def plasma_midpoint_mmol_L(analyte: str) -> float:
    """Middle of the adult reference range (mmol/L) of ``analyte``."""
    r = reference_ranges()[_analyte(analyte)]
    return (r["low_mmol_L"] + r["high_mmol_L"]) / 2.0


def sweat_loss(volume_L: float, analyte: str) -> dict:
    """Amount (mmol) of ``analyte`` lost in ``volume_L`` of typical sweat, against the ECF content:
    ``lost_mmol``, ``ecf_mmol``, ``percent_of_ecf``."""
    if not (isinstance(volume_L, (int, float)) and 0 < volume_L <= 20):
        raise ValueError(f"volume_L must be a sweat volume in (0, 20] L (got {volume_L!r})")
    if analyte not in SWEAT_MMOL_L:
        raise ValueError(f"analyte must be one of {sorted(SWEAT_MMOL_L)} (got {analyte!r})")
    lost = volume_L * SWEAT_MMOL_L[analyte][0]
    ecf = ECF_VOLUME_L * plasma_midpoint_mmol_L(analyte)
    return {"lost_mmol": lost, "ecf_mmol": ecf, "percent_of_ecf": 100.0 * lost / ecf}
