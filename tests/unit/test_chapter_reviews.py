"""Each chapter's review line: its date and reviewers from the data, and exactly the named
guidelines among what it cites and the rules its clinical text uses."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from widgets.clinical import reviews
from widgets.clinical.reviews import (
    GUIDELINE_NAMES,
    REVIEWS,
    chapter_guidelines,
    chapter_review,
    review_title,
)
from widgets.clinical.specialists import GUIDELINES, RULES_BY_ID

ROOT = Path(__file__).resolve().parents[2]


def _toc_chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def test_every_chapter_of_the_book_has_a_review():
    chapters = [f for f in _toc_chapters() if f.startswith("chapters/")]
    assert len(chapters) == 10
    assert sorted(REVIEWS) == sorted(chapters)


def test_guidelines_come_from_citations_and_rules():
    tetany = RULES_BY_ID["tetany"].source
    keys = chapter_guidelines(["katzberg2010", "hodgkin1952", "nice_cks_leg_cramps"], ["tetany"])
    assert set(keys) == {"katzberg2010", "nice_cks_leg_cramps", tetany}
    assert chapter_guidelines(["hodgkin1952"], []) == []  # a research paper is no guideline


def test_review_names_the_guidelines_exactly_as_the_data_does():
    review = chapter_review("chapters/07_treatment", ["nice_cks_leg_cramps"], ["quinine_harm"])
    expected = {GUIDELINES["nice_cks_leg_cramps"], GUIDELINES[RULES_BY_ID["quinine_harm"].source]}
    assert set(review.guidelines) == expected
    assert review.date == "7 December 2026"
    assert review_title(review) == (
        "Last reviewed 7 December 2026 by the course authors; "
        f"{len(expected)} clinical sources; clinical sign-off pending"
    )
    evidence = chapter_review("chapters/08_myths", ["katzberg2010"], [])
    assert evidence.guidelines == (GUIDELINE_NAMES["katzberg2010"],)
    assert "(2010)" in evidence.guidelines[0]
    assert "; 1 clinical source;" in review_title(evidence)


def test_chapter_without_clinical_text_gives_only_its_date():
    review = chapter_review("chapters/04_force", [], [])
    assert review.guidelines == ()
    assert review_title(review) == "Last reviewed 6 December 2026 by the course authors"


def test_planted_wrong_keys_fail():
    with pytest.raises(ValueError, match="unknown rules"):
        chapter_guidelines([], ["not_a_rule"])
    with pytest.raises(KeyError, match="no review recorded"):
        chapter_review("chapters/99_nothing", [], [])


def test_data_is_checked_against_its_schema():
    import jsonschema

    bad = {"about": "x", "chapters": {"chapters/01_muscle": {"date": "6 Dec", "by": []}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, reviews._SCHEMA)


def test_the_title_says_whether_a_clinician_signed_the_rules_off(monkeypatch):
    """No chapter implies a clinical endorsement the rules do not have (their review block)."""
    from widgets.clinical import reviews

    review = chapter_review("chapters/09_specialists", [], ["quinine_harm"])
    assert review_title(review).endswith("clinical sign-off pending")
    signed = dict(reviews.REVIEW, signed_off=True, signed_off_by="Dr A. Tutor")
    signed["signed_off_date"] = "2027-01-15"
    monkeypatch.setattr(reviews, "REVIEW", signed)
    assert review_title(review).endswith("clinical sign-off by Dr A. Tutor, 15 January 2027")
    assert "sign-off" not in review_title(chapter_review("chapters/04_force", [], []))
