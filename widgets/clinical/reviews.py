"""Each chapter's review line: when it was last reviewed, by whom, and the guidelines its clinical
text follows.

Dates and reviewers are recorded once, in ``widgets/data/chapter_reviews.json``. The guidelines
are not typed per chapter: they are the named guidelines (``guidelines`` of the triage rules and
the ``guideline`` of the evidence file) among the sources a chapter cites and the sources of the
triage rules its clinical text uses. The book's ``_ext/chapter_review.py`` collects both from the
built page.

Example::

    >>> review_title(chapter_review("chapters/04_force", cited=(), rule_ids=()))
    'Last reviewed 6 December 2026 by the course authors'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import jsonschema

from widgets.clinical.evidence import guideline
from widgets.clinical.red_flags import _date
from widgets.clinical.specialists import GUIDELINES, REVIEW, RULES_BY_ID

_SCHEMA = {
    "type": "object",
    "required": ["about", "chapters"],
    "properties": {
        "about": {"type": "string"},
        "chapters": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["date", "by"],
                "additionalProperties": False,
                "properties": {
                    "date": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\d$"},
                    "by": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "minLength": 1},
                    },
                },
            },
        },
    },
}


def load_reviews() -> dict[str, dict]:
    """The review entry of every chapter, by its page (``chapters/06_causes``), checked."""
    path = resources.files("widgets") / "data" / "chapter_reviews.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, _SCHEMA)
    return data["chapters"]


REVIEWS: dict[str, dict] = load_reviews()

#: Every guideline a chapter can follow, by its bibliography key, with its name and year.
GUIDELINE_NAMES: dict[str, str] = {**GUIDELINES, guideline()["source"]: guideline()["name"]}


@dataclass(frozen=True)
class ChapterReview:
    """A chapter's review: when, by whom, and the names of the guidelines it follows."""

    date: str
    by: tuple[str, ...]
    guidelines: tuple[str, ...]


def chapter_guidelines(cited: Iterable[str], rule_ids: Iterable[str]) -> list[str]:
    """The keys of the named guidelines among the ``cited`` keys and the sources of the rules
    ``rule_ids``, in the order of the guidelines' names. ``ValueError`` for an unknown rule."""
    rule_ids = set(rule_ids)
    unknown = sorted(rule_ids - set(RULES_BY_ID))
    if unknown:
        raise ValueError(f"unknown rules {unknown}; allowed ids: {sorted(RULES_BY_ID)}")
    keys = set(cited) | {RULES_BY_ID[r].source for r in rule_ids}
    return sorted(keys & set(GUIDELINE_NAMES), key=lambda k: GUIDELINE_NAMES[k].lower())


def chapter_review(page: str, cited: Iterable[str], rule_ids: Iterable[str]) -> ChapterReview:
    """The review of chapter ``page``; ``KeyError`` naming the recorded pages when it has none."""
    if page not in REVIEWS:
        raise KeyError(f"no review recorded for {page!r}; recorded: {sorted(REVIEWS)}")
    entry = REVIEWS[page]
    names = tuple(GUIDELINE_NAMES[k] for k in chapter_guidelines(cited, rule_ids))
    return ChapterReview(_date(entry["date"]), tuple(entry["by"]), names)


def _and(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def sign_off() -> str:
    """Whether a clinician has signed off the triage rules (the rules' ``review`` block)."""
    if REVIEW["signed_off"]:
        return (
            f"clinical sign-off by {REVIEW['signed_off_by']}, {_date(REVIEW['signed_off_date'])}"
        )
    return "clinical sign-off pending"


def review_title(review: ChapterReview) -> str:
    """The review in one line: "Last reviewed 6 December 2026 by the course authors; 3 clinical
    sources; clinical sign-off pending" (no clinical part without clinical text). The sources
    are those the triage rules name: guidelines, and reviews where no guideline exists."""
    line = f"Last reviewed {review.date} by {_and(review.by)}"
    count = len(review.guidelines)
    if count:
        return f"{line}; {count} clinical source{'s' * (count > 1)}; {sign_off()}"
    return line
