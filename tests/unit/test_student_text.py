"""Student-facing text holds no notes to ourselves.

Readers see the markdown cells of the chapters, the book's ``*.md`` pages (not README.md, which is
for developers), the quizzes, the strings of the widget data files and the bibliography. None of
them may carry an editorial or process note: a pointer to the content brief, "to be checked",
"written from memory", TODO/FIXME, a test-file path or a remark about who wrote what. A failure
names the file and the cell, line or JSON path of every hit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# "the brief" counts only where it names a document ("the brief says", "in the brief."), so that
# prose such as "the brief twitch of one unit" stays allowed; "to be checked" counts unless clinical
# advice follows ("to be checked the same day", "by a doctor").
EDITORIAL = re.compile(
    r"""content[ -]brief
    | \bthe\ brief(?=\s*(?:[.,;:)\]]|$)|'s\b|\s+(?:says|said|cites|cited|asks|asked|gives|gave|lists
                        |listed|specifies|specified|requires|required|wants|section|item)\b)
    | \b(?:to|should)\ be\ (?:checked|verified)\b
      (?!\s+(?:the\ same\ day|today|at\ once|urgently|soon|within|by\ (?:a|your|the)\ (?:doctor|GP|nurse)))
    | \bwritten\ from\ memory\b
    | \bTODO\b | \bFIXME\b | \bXXX\b
    | tests/unit/
    | \bother\ authors\b | \bwritten\ by\ other\b""",
    re.IGNORECASE | re.VERBOSE,
)

# Top-level keys of widgets/data/*.json that describe the file for maintainers; widgets never show them.
MAINTAINER_KEYS = {"about", "_note"}


def hits_in_lines(text: str, where: str) -> list[str]:
    """``where:line: 'match'`` for every editorial note in ``text``."""
    return [
        f"{where}:{n}: {m.group(0)!r}"
        for n, line in enumerate(text.splitlines(), 1)
        for m in EDITORIAL.finditer(line)
    ]


def notebook_hits(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    hits = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            hits += hits_in_lines(source, f"{path.relative_to(ROOT)} (markdown cell {i}) line")
    return hits


def json_hits(path: Path, skip_top: set[str] = frozenset()) -> list[str]:
    hits = []

    def walk(node, where):
        if isinstance(node, str):
            hits.extend(
                f"{path.relative_to(ROOT)} at {where}: {m.group(0)!r}"
                for m in EDITORIAL.finditer(node)
            )
        elif isinstance(node, dict):
            for key, value in node.items():
                if not (where == "$" and key in skip_top):
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(json.loads(path.read_text(encoding="utf-8")), "$")
    return hits


def _rel(paths):
    return [p.relative_to(ROOT).as_posix() for p in sorted(paths)]


NOTEBOOKS = _rel(ROOT.glob("chapters/*.ipynb"))
NOT_PAGES = {"README.md", "LICENSE-CONTENT.md"}  # repository files, not in the book
PAGES = _rel(
    p for p in [*ROOT.glob("*.md"), *ROOT.glob("chapters/*.md")] if p.name not in NOT_PAGES
)
QUIZZES = _rel(ROOT.glob("widgets/book/quizzes/*.json"))
DATA = _rel(ROOT.glob("widgets/data/*.json"))


def test_every_kind_of_student_text_is_scanned():
    assert NOTEBOOKS and QUIZZES and DATA
    assert {"intro.md", "glossary.md", "instructor_guide.md", "references.md"} <= set(PAGES)
    assert "README.md" not in PAGES


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chapter_markdown_has_no_editorial_notes(name):
    hits = notebook_hits(ROOT / name)
    assert not hits, "editorial notes in a chapter:\n" + "\n".join(hits)


@pytest.mark.parametrize("name", [*PAGES, "references.bib"])
def test_pages_and_bibliography_have_no_editorial_notes(name):
    hits = hits_in_lines((ROOT / name).read_text(encoding="utf-8"), name)
    assert not hits, "editorial notes in a page:\n" + "\n".join(hits)


@pytest.mark.parametrize("name", QUIZZES)
def test_quizzes_have_no_editorial_notes(name):
    hits = json_hits(ROOT / name)
    assert not hits, "editorial notes in a quiz:\n" + "\n".join(hits)


@pytest.mark.parametrize("name", DATA)
def test_widget_data_shown_to_readers_has_no_editorial_notes(name):
    hits = json_hits(ROOT / name, MAINTAINER_KEYS)
    assert not hits, "editorial notes in widget data:\n" + "\n".join(hits)


@pytest.mark.parametrize(
    "text",
    [
        "The content brief cites 70:782.",
        "Page range to be checked against the journal.",
        "The year should be verified.",
        "As the brief says, use Hz.",
        "See section 3 of the brief.",
        "Numbers written from memory.",
        "TODO: add a figure",
        "checked by tests/unit/test_clinical.py",
        "The science chapters are written by other authors.",
    ],
)
def test_pattern_catches_editorial_notes(text):
    assert EDITORIAL.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "A single brief twitch.",
        "the brief pulse gives one spike",
        "Brief spasms brought on by over-breathing settle.",
        "Authors of the review checked every trial.",
        "Tests of nerve conduction can be checked by a neurologist.",
        "It may be a deep vein thrombosis, to be checked the same day.",
        "Calcium should be checked today.",
    ],
)
def test_pattern_leaves_ordinary_prose_alone(text):
    assert not EDITORIAL.search(text)


def test_failure_names_file_and_place(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    nb = tmp_path / "ch.ipynb"
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {"cell_type": "markdown", "source": ["Fine text.\n"]},
                    {"cell_type": "code", "source": ["# TODO in code is not shown\n"]},
                    {"cell_type": "markdown", "source": ["Intro\n", "Value to be checked.\n"]},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert notebook_hits(nb) == ["ch.ipynb (markdown cell 2) line:2: 'to be checked'"]
    data = tmp_path / "d.json"
    data.write_text(
        json.dumps({"about": "see the content brief", "items": [{"label": "FIXME"}]}),
        encoding="utf-8",
    )
    assert json_hits(data, MAINTAINER_KEYS) == ["d.json at $.items[0].label: 'FIXME'"]


# --- what a reader sees of the chapters' outputs: phone-width, no raw citation keys -------------
#
# A source reaches a reader as an author-year citation made by the book ({cite:p}/{cite:t} in
# Markdown, _ext/citation_style.py), never as its references.bib key ("minetto2009"). Printed text
# (a stream, or a result with no richer form) is shown in a <pre> block that does not wrap; on a
# 390-px phone a line longer than about 45 characters scrolls sideways and hides its end.

BIB_KEYS = frozenset(
    re.findall(
        r"^@\w+\{\s*([^,\s]+)\s*,",
        (ROOT / "references.bib").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
)
RAW_KEY = re.compile(
    r"(?<![\w/.#-])("
    + "|".join(sorted(map(re.escape, BIB_KEYS), key=len, reverse=True))
    + r")(?![\w/-])"
)
CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`[^`]*`")
PRE_WIDTH = 45
PHONE_CHAPTERS = [n for n in NOTEBOOKS if re.match(r"chapters/0[0-5]_", n)]
RICH = (
    "text/html",
    "text/markdown",
    "image/png",
    "image/svg+xml",
    "image/jpeg",
    "application/vnd.jupyter.widget-view+json",
)


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def raw_keys(text: str, where: str) -> list[str]:
    """``where: 'key'`` for every references.bib key in ``text`` outside a citation role."""
    return [f"{where}: {m.group(1)!r}" for m in RAW_KEY.finditer(CITE_ROLE.sub("", text))]


def notebook_raw_keys(path: Path) -> list[str]:
    """Raw keys in what a reader of the built chapter sees: markdown, shown code, every output."""
    hits = []
    for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        where = f"{path.relative_to(ROOT)} cell {i}"
        if cell["cell_type"] == "markdown":
            hits += raw_keys(_text(cell["source"]), where)
            continue
        if cell["cell_type"] != "code" or "remove-cell" in _tags(cell):
            continue
        if not {"remove-input"} & _tags(cell):
            hits += raw_keys(_text(cell["source"]), f"{where} (code)")
        if "remove-output" in _tags(cell):
            continue
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")] + list(output.get("data", {}).values())
            hits += [
                h
                for t in texts
                if isinstance(t, (str, list))
                for h in raw_keys(_text(t), f"{where} (output)")
            ]
    return hits


def wide_pre_lines(path: Path, width: int = PRE_WIDTH) -> list[str]:
    """Lines longer than ``width`` in the outputs the book shows as <pre> blocks."""
    hits = []
    for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if cell["cell_type"] != "code" or {"remove-cell", "remove-output"} & _tags(cell):
            continue
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                text = _text(output["text"])
            elif output["output_type"] == "error":
                text = "\n".join(output.get("traceback", []))
            elif not any(k in output.get("data", {}) for k in RICH):
                text = _text(output.get("data", {}).get("text/plain", ""))
            else:
                continue
            hits += [
                f"{path.relative_to(ROOT)} cell {i}: {len(line)} characters: {line[:60]!r}"
                for line in text.splitlines()
                if len(line) > width
            ]
    return hits


@pytest.mark.parametrize("name", PHONE_CHAPTERS)
def test_chapter_outputs_fit_a_phone(name):
    hits = wide_pre_lines(ROOT / name)
    assert not hits, (
        f"printed output wider than {PRE_WIDTH} characters (use widgets.book.results):\n"
        + "\n".join(hits)
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chapters_show_no_raw_citation_key(name):
    hits = notebook_raw_keys(ROOT / name)
    assert not hits, (
        "raw references.bib keys a reader sees (cite them with {cite:p}):\n" + "\n".join(hits)
    )


@pytest.mark.parametrize("name", [*PAGES, *QUIZZES])
def test_pages_and_quizzes_show_no_raw_citation_key(name):
    hits = raw_keys((ROOT / name).read_text(encoding="utf-8"), name)
    assert not hits, "raw references.bib keys a reader sees:\n" + "\n".join(hits)


def test_raw_key_and_width_checks_catch_what_they_should(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert {"minetto2009", "rack1984"} <= BIB_KEYS
    assert raw_keys("as shown {cite:p}`minetto2009,rack1984` and {cite:t}`walsh1976`", "x") == []
    assert raw_keys("source: minetto2009.", "x") == ["x: 'minetto2009'"]
    assert raw_keys("see references.html#minetto2009 or widgets/minetto2009_data", "x") == []
    nb = tmp_path / "ch.ipynb"
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "source": ["x"],
                        "outputs": [
                            {
                                "output_type": "stream",
                                "name": "stdout",
                                "text": ["short\n", "w" * 46 + "\n"],
                            },
                            {
                                "output_type": "display_data",
                                "data": {"text/plain": ["rate (sica1971)"]},
                                "metadata": {},
                            },
                            {
                                "output_type": "display_data",
                                "metadata": {},
                                "data": {
                                    "text/html": ["<p>" + "h" * 80 + "</p>"],
                                    "text/plain": ["p" * 80],
                                },
                            },
                        ],
                    },
                    {
                        "cell_type": "code",
                        "metadata": {"tags": ["remove-cell"]},
                        "source": ["turner2016"],
                        "outputs": [
                            {"output_type": "stream", "name": "stdout", "text": ["z" * 80]}
                        ],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    assert wide_pre_lines(nb) == [f"ch.ipynb cell 0: 46 characters: {'w' * 46!r}"]
    assert notebook_raw_keys(nb) == ["ch.ipynb cell 0 (output): 'sica1971'"]
