"""Reference ranges, conversions and the classifier (brief section A)."""

import re
from pathlib import Path

import pytest

from widgets.physiology import classify, clinical_facts, convert, reference_ranges

BIB = Path(__file__).resolve().parents[2] / "references.bib"


@pytest.mark.parametrize(
    "analyte,value,unit,state",
    [
        ("potassium", 4.0, "mmol/L", "normal"),
        ("potassium", 2.9, "mmol/L", "hypokalaemia"),
        ("potassium", 6.1, "mEq/L", "hyperkalaemia"),
        ("sodium", 130.0, "mmol/L", "hyponatraemia"),
        ("calcium_total", 8.0, "mg/dL", "hypocalcaemia"),
        ("calcium_total", 9.5, "mg/dL", "normal"),
        ("calcium_ionised", 0.9, "mmol/L", "hypocalcaemia"),
        ("magnesium", 0.6, "mmol/L", "hypomagnesaemia"),
        ("magnesium", 2.0, "mg/dL", "normal"),
    ],
)
def test_classify(analyte, value, unit, state):
    c = classify(analyte, value, unit)
    assert c.state == state
    assert c.low_mmol_L < c.high_mmol_L


def test_classification_carries_range_and_source():
    c = classify("K", 2.9)
    assert (c.analyte, (c.low_mmol_L, c.high_mmol_L), c.value_mmol_L) == (
        "potassium",
        (3.5, 5.0),
        2.9,
    )
    assert c.source_key


def test_range_conversions_match_brief():
    """Ca 2.15-2.55 mmol/L = 8.6-10.2 mg/dL (x4.008); Mg 0.70-1.00 = 1.7-2.4 mg/dL (x2.43), mEq = x2 (brief A, +-0.05)."""
    assert convert(2.15, "calcium") == pytest.approx(8.6, abs=0.05)
    assert convert(2.55, "calcium") == pytest.approx(10.2, abs=0.05)
    assert convert(0.70, "magnesium") == pytest.approx(1.7, abs=0.05)
    assert convert(1.00, "magnesium") == pytest.approx(2.4, abs=0.05)
    assert convert(0.85, "Mg", "mmol/L", "mEq/L") == pytest.approx(1.7)
    assert convert(4.0, "K", "mmol/L", "mEq/L") == pytest.approx(4.0)
    assert convert(convert(3.3, "Ca"), "Ca", "mg/dL", "mmol/L") == pytest.approx(3.3)


def test_ranges_are_the_brief_ranges():
    r = reference_ranges()
    assert (r["potassium"]["low_mmol_L"], r["potassium"]["high_mmol_L"]) == (3.5, 5.0)
    assert (r["sodium"]["low_mmol_L"], r["sodium"]["high_mmol_L"]) == (135.0, 145.0)
    assert (r["calcium_ionised"]["low_mmol_L"], r["calcium_ionised"]["high_mmol_L"]) == (
        1.15,
        1.32,
    )
    assert r["magnesium"]["proposed_low_mmol_L"] == 0.85  # rosanoff2022


def test_source_keys_exist_in_bibliography():
    keys = set(re.findall(r"@\w+\{([^,]+),", BIB.read_text(encoding="utf-8")))
    used = set()
    for entry in reference_ranges().values():
        used |= {v for k, v in entry.items() if k.endswith("source_key")}
    for entry in clinical_facts().values():
        used.add(entry["source_key"])
    used.discard("lab-typical")
    assert used <= keys, used - keys


@pytest.mark.parametrize(
    "args,match",
    [
        (("potassium", -1.0), "value must be a finite concentration > 0"),
        (("potassium", float("nan")), "value must be a finite concentration > 0"),
        (("unobtainium", 1.0), "analyte must be one of"),
        (("potassium", 4.0, "g/L"), "unit must be one of"),
    ],
)
def test_classify_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        classify(*args)
