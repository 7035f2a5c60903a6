"""A chapter's computed results shown as HTML a phone can read, instead of wide printed text.

- :func:`result_table`: a small table with a caption, column headers (``<th scope="col">``) and,
  by default, a row header (``<th scope="row">``) as the first cell of each row;
- :func:`result_text`: one sentence (a paragraph) or several (a list).

Both return objects with an HTML form for the book (cells wrap to the text column) and a plain
form for a terminal. The caller formats the numbers, so a chapter keeps its precision and its
numbers stay computed, never typed. Text is escaped: these outputs carry no markup and no
citations (a cited sentence belongs in Markdown, with ``widgets.clinical.text.cite``).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from widgets.physiology.numbers import number_text, with_minus


def _cell(value: object) -> str:
    """A cell's text: a string as given, a number with ``str``; a hyphen-minus before a digit
    becomes a true minus sign."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number_text(value, "")
    text = str(value)
    return with_minus(text[:2]) + text[2:]


@dataclass(frozen=True)
class ResultTable:
    """A caption, a header row and rows of equal length (all text)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headers: bool = True

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in self.header)
        body = []
        for row in self.rows:
            first, rest = row[0], row[1:]
            lead = (
                f'<th scope="row">{escape(first)}</th>'
                if self.row_headers
                else f"<td>{escape(first)}</td>"
            )
            body.append("<tr>" + lead + "".join(f"<td>{escape(c)}</td>" for c in rest) + "</tr>")
        return (
            f'<table class="table result-table"><caption>{escape(self.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def __repr__(self) -> str:
        lines = [self.caption]
        lines += ["; ".join(f"{h}: {c}" for h, c in zip(self.header, row)) for row in self.rows]
        return "\n".join(lines)


@dataclass(frozen=True)
class ResultText:
    """One or more sentences."""

    sentences: tuple[str, ...]

    def _repr_html_(self) -> str:
        if len(self.sentences) == 1:
            return f'<p class="result-text">{escape(self.sentences[0])}</p>'
        items = "".join(f"<li>{escape(s)}</li>" for s in self.sentences)
        return f'<ul class="result-text">{items}</ul>'

    def __repr__(self) -> str:
        return "\n".join(self.sentences)


def result_table(
    caption: str, header: Sequence[str], rows: Iterable[Sequence[object]], row_headers: bool = True
) -> ResultTable:
    """A table of results: ``caption`` says what it shows, ``header`` names every column (none
    empty), each row has one cell per column."""
    header = tuple(str(h) for h in header)
    rows = tuple(tuple(_cell(c) for c in row) for row in rows)
    if not caption.strip():
        raise ValueError("a result table needs a caption")
    if not header or any(not h.strip() for h in header):
        raise ValueError(f"every column needs a header: {header!r}")
    if not rows:
        raise ValueError("a result table needs at least one row")
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row {row!r} has {len(row)} cells, the header {len(header)}")
    return ResultTable(caption, header, rows, row_headers)


def result_text(*sentences: str) -> ResultText:
    """One sentence (shown as a paragraph) or several (a list); a hyphen-minus before a number
    becomes a true minus sign and "->" an arrow."""
    if not sentences or any(not s.strip() for s in sentences):
        raise ValueError("result_text needs at least one non-empty sentence")
    return ResultText(tuple(with_minus(s).replace(" -> ", " → ") for s in sentences))
