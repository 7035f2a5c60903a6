"""Every chapter page ends with its review line: the date and reviewers of
``widgets/data/chapter_reviews.json`` and exactly the named guidelines among what the chapter
cites (read here from the notebook's own text) and the triage rules its clinical text uses (the
``rule-<id>`` classes of the built page)."""

from __future__ import annotations

import json
import re

import pytest
from book_site import HTML, ROOT, toc_docnames
from bs4 import BeautifulSoup

from widgets.clinical.red_flags import _date
from widgets.clinical.reviews import GUIDELINE_NAMES, REVIEWS
from widgets.clinical.specialists import RULES_BY_ID

CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
CHAPTERS = [doc for doc in toc_docnames() if doc.startswith("chapters/")]


def _notebook_citations(doc: str) -> set[str]:
    """Keys cited in a chapter's Markdown cells and in the Markdown its cells display."""
    notebook = json.loads((ROOT / f"{doc}.ipynb").read_text("utf-8"))
    texts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("data", {}).get("text/markdown", "")))
    return {key.strip() for text in texts for m in CITE.finditer(text) for key in m[1].split(",")}


@pytest.fixture(scope="module")
def pages(book_build):
    assert book_build.returncode == 0, book_build.output[-3000:]
    return {
        doc: BeautifulSoup((HTML / f"{doc}.html").read_text("utf-8"), "html.parser")
        for doc in CHAPTERS
    }


def test_every_chapter_is_recorded():
    assert len(CHAPTERS) == 10 and set(CHAPTERS) == set(REVIEWS)


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_shows_its_review_and_exactly_its_guidelines(pages, doc):
    main = pages[doc].select_one("main")
    boxes = main.select("div.chapter-review")
    assert len(boxes) == 1, doc
    box = boxes[0]
    title = box.select_one(".admonition-title").get_text(" ", strip=True)
    entry = REVIEWS[doc]
    assert title.startswith(f"Last reviewed {_date(entry['date'])} by {entry['by'][0]}"), title
    assert box.find_parent("article") is not None  # inside the chapter, not the footer
    box.extract()  # the rest of the page is what the guidelines are worked out from
    rules = {
        name[5:]
        for tag in main.select('[class*="rule-"]')
        for name in tag["class"]
        if name.startswith("rule-")
    }
    keys = _notebook_citations(doc) | {RULES_BY_ID[r].source for r in rules}
    expected = {GUIDELINE_NAMES[k] for k in keys if k in GUIDELINE_NAMES}
    shown = [li.get_text(" ", strip=True) for li in box.select("ul.chapter-guidelines > li")]
    assert len(shown) == len(set(shown))
    assert set(shown) == expected, doc
    if expected:
        clinical = f"; {len(expected)} clinical source" + "s" * (len(expected) > 1) + "; "
        assert clinical in title and "clinical sign-off" in title
        assert "dropdown" in box["class"]
    else:
        assert "clinical" not in title and "dropdown" not in box["class"]


def test_landing_page_shows_the_citation(book_build):
    soup = BeautifulSoup((HTML / "intro.html").read_text("utf-8"), "html.parser")
    text = soup.select_one("main div.course-citation").get_text(" ", strip=True)
    assert "The Cramp Lab authors (2026). Cramp Lab (version 0.1.0)." in text
    assert "CC BY 4.0" in text and "MIT" in text
