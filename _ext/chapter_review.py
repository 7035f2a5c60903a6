"""Each chapter's review box, at the end of its page: when it was last reviewed and by whom, and
the guidelines its clinical text follows (folded away under that line when there are any).

The review is recorded in ``widgets/data/chapter_reviews.json``; the guidelines are worked out by
:func:`widgets.clinical.reviews.chapter_review` from what the page cites (``{cite}`` roles,
also inside generated text) and the triage rules its clinical text uses (red-flag boxes and
clinical roles, marked ``rule-<id>`` by ``_ext/clinical_text.py``). A page without a record is
left alone; a recorded page missing from the book is a warning.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from widgets.clinical.reviews import REVIEWS, chapter_review, review_title

logger = logging.getLogger(__name__)
DATA = Path(__file__).resolve().parents[1] / "widgets" / "data"


def page_sources(doctree: nodes.document) -> tuple[set[str], set[str]]:
    """The citation keys a page cites and the triage rules its clinical text uses."""
    cited = {
        target.key
        for node in doctree.findall(addnodes.pending_xref)
        if node.get("refdomain") == "cite"
        for target in parse_citation_targets(node["reftarget"])
    }
    rules = {
        name.removeprefix("rule-")
        for node in doctree.findall(nodes.Element)
        for name in node.get("classes", [])
        if name.startswith("rule-")
    }
    return cited, rules


def review_box(docname: str, doctree: nodes.document) -> nodes.admonition:
    cited, rules = page_sources(doctree)
    review = chapter_review(docname, cited, rules)
    classes = ["chapter-review", *(["dropdown"] if review.guidelines else [])]
    box = nodes.admonition(classes=classes)
    box += nodes.title(text=review_title(review))
    if review.guidelines:
        box += nodes.paragraph(
            text="The guidelines (or reviews, where none exists) that this chapter cites or whose "
            "triage rules its red flags use, with their year or version; its other sources, "
            "including the trials and reviews behind its conclusions, are in its references:"
        )
        items = nodes.bullet_list(classes=["chapter-guidelines"])
        for name in review.guidelines:
            items += nodes.list_item("", nodes.paragraph(text=name))
        box += items
    return box


def add_review(app, doctree: nodes.document) -> None:
    docname = app.env.docname
    if docname not in REVIEWS:
        return
    for data in ("chapter_reviews.json", "specialist_rules.json", "evidence.json"):
        app.env.note_dependency(str(DATA / data))  # a new review or rule rebuilds the chapters
    sections = list(doctree.findall(nodes.section))
    if not sections:
        logger.warning(f"chapter review: {docname} has no title", location=docname)
        return
    sections[0] += review_box(docname, doctree)


def check_pages(app, env) -> None:
    missing = sorted(set(REVIEWS) - set(env.found_docs))
    if missing:
        logger.warning(f"chapter review: recorded pages not in the book: {missing}")


def setup(app):
    app.connect("doctree-read", add_review)
    app.connect("env-check-consistency", check_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
