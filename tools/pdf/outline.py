"""The PDF's bookmarks, named as the headings are.

Chromium builds the outline from the laid-out heading lines: a heading that wraps is named twice
or loses the space at the line break ("How to use the interactiveHow to use the interactive
figures"). :func:`rename_bookmarks` gives each bookmark the text of its heading in the print HTML
(bookmarks and headings come in the same document order).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def heading_texts(print_html: str) -> list[str]:
    """The text of every heading of the print HTML, in document order."""
    soup = BeautifulSoup(print_html, "html.parser")
    return [
        " ".join(h.get_text(" ", strip=True).split())
        for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    ]


def _items(node):
    """The outline items below ``node`` (an outline or an item), depth first."""
    item = node.get("/First")
    while item is not None:
        item = item.get_object()
        yield item
        yield from _items(item)
        item = item.get("/Next")


def rename_bookmarks(pdf_path: Path, headings: list[str]) -> int:
    """Name each bookmark of ``pdf_path`` after its heading (matched in order, by the heading's
    letters); rewrites the file and returns how many bookmarks were renamed."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # chromium's trailer size is off by a few
    writer = PdfWriter(clone_from=PdfReader(pdf_path))
    outlines = writer._root_object.get("/Outlines")
    renamed, start = 0, 0
    for item in _items(outlines.get_object()) if outlines is not None else ():
        title = _squeezed(str(item.get("/Title", "")))
        for index in range(start, len(headings)):
            heading = _squeezed(headings[index])
            if heading and (title.startswith(heading) or title.endswith(heading)):
                item[NameObject("/Title")] = TextStringObject(headings[index])
                renamed += 1
                start = index + 1
                break
    with open(pdf_path, "wb") as handle:
        writer.write(handle)
    return renamed
