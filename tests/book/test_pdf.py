"""`make pdf`: the printable edition, made once from the built book and read back with pypdf."""

from __future__ import annotations

import fcntl
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from book_site import BUILD_LOG, HTML, toc_docnames
from bs4 import BeautifulSoup
from pdf import make_pdf
from pdf.render import CONTENT_WIDTH_PX, open_print_page

pytestmark = pytest.mark.browser


def squash(text: str) -> str:
    """Text compared without spaces, line breaks, soft hyphens or ligatures (ﬁ -> fi)."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFKC", text))


def article(docname: str):
    path = HTML / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")


@dataclass
class Printed:
    html: Path
    reader: pypdf.PdfReader
    pages: list[str]  # squashed text of each page
    outside: list[str]  # text fragments drawn outside the page


def printed_once(run: str, browser) -> Path:
    """The PDF of test run RUN: printed by the first pytest-xdist worker that asks (the others
    wait on its file lock), then read by every worker."""
    folder = BUILD_LOG.with_name("pdf-test")
    folder.mkdir(exist_ok=True)
    done = folder / f"{run}.done"
    with open(folder / "print.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            for old in folder.glob("*.done"):
                old.unlink()
            done.write_text(str(make_pdf(folder, HTML, browser)))
        return Path(done.read_text())


@pytest.fixture(scope="session")
def printed(book_build, browser, run_name) -> Printed:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"no built book in {HTML}: run `make book` first")
    pdf_path = printed_once(run_name, browser)
    reader = pypdf.PdfReader(pdf_path)
    pages, outside = [], []
    for page in reader.pages:
        width = float(page.mediabox.width)

        def visit(text, cm, tm, *_, width=width):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            if text.strip() and not 0 <= x <= width:
                outside.append(f"{text!r} at x={x:.0f}")

        text = squash(page.extract_text(visitor_text=visit))
        pages.append(re.sub(r"CrampLab·\d+/\d+$", "", text))  # the footer, so text runs on
    return Printed(pdf_path.with_suffix(".html"), reader, pages, outside)


def first_page_with(printed: Printed, text: str) -> int:
    return next(i for i, page in enumerate(printed.pages) if squash(text) in page)


# 220 A4 pages when written: 15 pages of the book, each from a new page, with 45 figures and
# explorable pictures. Fewer than 180 means pages or pictures went missing; more than 320 means
# something printed far larger than it should (or solutions and controls came back).
def test_page_count_is_sane(printed):
    assert 180 <= len(printed.reader.pages) <= 320


def test_every_page_title_and_figure_caption_is_printed(printed):
    text = "".join(printed.pages)
    expected = []
    for docname in toc_docnames():
        body = article(docname)
        expected.append(body.h1.get_text(" ", strip=True).rstrip("#"))
        for caption in body.select("figcaption .caption-number"):
            expected.append(caption.parent.get_text(" ", strip=True).rstrip("#"))
        expected += [
            t.get_text(" ", strip=True) for t in body.select(".cx-title, .cx-description")
        ]
    assert len(expected) > 60
    assert [item for item in expected if squash(item) not in text] == []


def solution_texts() -> list[str]:
    """The longest run of plain text (no maths) of every solution block of the book that is not
    also said outside the solutions (a solution may quote a red flag, for instance)."""
    texts, elsewhere = [], ""
    for docname in toc_docnames():
        body = article(docname)
        for solution in body.select(".solution"):
            for math in solution.select(".math"):
                math.replace_with("\n")
            runs = solution.select_one("section").get_text().split("\n")
            texts.append(max(runs, key=len).strip())
            solution.decompose()
        elsewhere += squash(body.get_text())
    return [text for text in texts if squash(text) not in elsewhere]


def test_no_solution_or_quiz_answer_is_printed(printed):
    text = "".join(printed.pages)
    solutions = solution_texts()
    assert len(solutions) >= 40 and min(map(len, solutions)) > 30
    assert [s for s in solutions if squash(s) in text] == []
    assert "SolutiontoExercise" not in text
    feedback = []
    for docname in toc_docnames():
        feedback += [i["data-feedback"] for i in article(docname).select("[data-feedback]")]
    assert len(feedback) > 100
    assert [f for f in feedback if squash(f) in text] == []
    assert "data-correct" not in printed.html.read_text(encoding="utf-8")


def link_destinations(printed: Printed) -> list[str]:
    return [
        annot.get_object()["/Dest"]
        for page in printed.reader.pages
        for annot in page.get("/Annots") or []
        if "/Dest" in annot.get_object()
    ]


def test_internal_links_land_on_the_right_page(printed):
    dests = link_destinations(printed)
    assert len(dests) > 2000  # glossary terms, citations, cross-references, the contents
    named = printed.reader.named_destinations
    assert [d for d in set(dests) if d.lstrip("/") not in named and d not in named] == []

    def page_of(dest: str) -> int:
        return printed.reader.get_destination_page_number(named[dest])

    # A link to a page lands on its title, at the top of a new printed page, in the book's order.
    starts = []
    for docname in toc_docnames()[1:]:
        dest = "/" + docname.replace("/", "-")
        title = article(docname).h1.get_text(" ", strip=True).rstrip("#")
        assert dest in dests, f"nothing links to {docname}"
        starts.append(page_of(dest))
        assert printed.pages[starts[-1]].find(squash(title)) >= 0, docname
        assert named[dest]["/Top"] >= printed.reader.pages[starts[-1]].mediabox.height - 1
    assert starts == sorted(set(starts))
    # A link into a page (a red flag of chapter 9, a citation, a glossary term) lands in that page.
    sections = dict(zip([d.replace("/", "-") for d in toc_docnames()[1:]], starts))
    ends = dict(zip(sections, [*starts[1:], len(printed.pages)]))
    into = {d for d in dests if "--" in d}
    assert len(into) > 200
    for dest in into:
        section = dest.lstrip("/").split("--")[0]
        assert sections[section] <= page_of(dest) < ends[section], dest
    assert len([d for d in dests if d.startswith("/references--")]) > 300
    assert "/chapters-09_specialists--red-flag-seizure" in into


def test_every_reference_is_printed(printed):
    start = first_page_with(printed, "Every source the course cites")
    text = "".join(printed.pages[start:])
    entries = [c.p.get_text(" ", strip=True) for c in article("references").select(".citation")]
    assert len(entries) > 100
    # An entry may run over a page break, where the next page's labels come between: its first
    # and last 40 characters must each be there.
    ends = [(squash(e)[:40], squash(e)[-40:]) for e in entries]
    assert [e for e in ends if e[0] not in text or e[1] not in text] == []


def test_no_page_text_is_cut_off(printed, browser):
    assert printed.outside == []
    page, blocked = open_print_page(browser, printed.html)
    try:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > width + 1)
                .map((e) => `${e.tagName}#${e.id}.${e.className}`)""",
            CONTENT_WIDTH_PX,
        )
    finally:
        page.close()
    assert blocked == []
    assert wide == []


def test_bookmarks_are_named_as_the_headings(printed):
    """Chromium names a wrapped heading's bookmark twice, or without the space at the break;
    every bookmark carries its heading's text instead."""
    from pdf.outline import heading_texts

    headings = set(heading_texts(printed.html.read_text(encoding="utf-8")))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(printed.reader.outline)
    assert len(titles) > 100
    wrong = [t for t in titles if t not in headings]
    assert wrong == [], f"bookmarks not named as a heading: {wrong[:5]}"
    pages = [article(d).h1.get_text(" ", strip=True).rstrip("#").strip() for d in toc_docnames()]
    top = [item.title for item in printed.reader.outline if not isinstance(item, list)]
    assert top == pages, "one top-level bookmark per page of the book, in order"
