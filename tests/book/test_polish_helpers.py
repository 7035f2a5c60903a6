"""The pure helpers of the book's Sphinx extensions (_ext/), without building the book."""

from __future__ import annotations

import struct
import zlib

import pytest
from book_polish import DropEmptyStreams, lazy_images, png_size, relative_announcement
from exercise_numbers import chapter_number, per_chapter


def _pathto(page_uri: str):
    """Sphinx's pathto(target, resource=1) on the page at PAGE_URI (same formula)."""
    from sphinx.util.osutil import relative_uri

    return lambda target, resource=0: relative_uri(page_uri, target) or "#"


ANNOUNCEMENT = (
    "<strong>Education only, not medical advice.</strong> "
    '<a href="/chapters/09_specialists.html#red-flags">Red flags: when to get help</a>'
)


@pytest.mark.parametrize(
    "page, expected",
    [
        ("intro.html", "chapters/09_specialists.html#red-flags"),
        ("chapters/02_electrolytes.html", "09_specialists.html#red-flags"),
        ("a/b/deep.html", "../../chapters/09_specialists.html#red-flags"),
        ("chapters/09_specialists.html", "09_specialists.html#red-flags"),
    ],
)
def test_announcement_link_is_relative_to_each_page(page, expected):
    html = relative_announcement(ANNOUNCEMENT, _pathto(page))
    assert f'href="{expected}"' in html
    assert html.startswith("<strong>Education only, not medical advice.</strong> <a ")


def test_announcement_link_to_a_missing_page_is_reported():
    warnings = []
    relative_announcement(
        '<a href="/chapters/99_missing.html#x">x</a>',
        _pathto("intro.html"),
        known_docs={"intro", "chapters/09_specialists"},
        warn=warnings.append,
    )
    assert len(warnings) == 1 and "99_missing" in warnings[0]
    warnings.clear()
    relative_announcement(
        ANNOUNCEMENT,
        _pathto("intro.html"),
        known_docs={"intro", "chapters/09_specialists"},
        warn=warnings.append,
    )
    assert warnings == []


def test_external_and_protocol_relative_links_are_left_alone():
    html = '<a href="https://example.org/x">a</a> <a href="//cdn.example/x">b</a>'
    assert relative_announcement(html, _pathto("chapters/x.html")) == html


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_png_size_reads_the_header(tmp_path):
    (tmp_path / "a.png").write_bytes(_png(900, 420))
    (tmp_path / "b.png").write_bytes(b"not a png at all, just text here")
    assert png_size(tmp_path / "a.png") == (900, 420)
    assert png_size(tmp_path / "b.png") is None
    assert png_size(tmp_path / "missing.png") is None


def test_images_get_lazy_loading_and_their_size():
    body = (
        '<p>x</p><img alt="A plot." src="../_images/abc.png" />'
        '<img alt="Logo" src="../_static/logo.svg" loading="eager">'
    )
    out = lazy_images(body, {"../_images/abc.png": (900, 420)}.get)
    assert (
        '<img alt="A plot." src="../_images/abc.png" loading="lazy" decoding="async" '
        'width="900" height="420" />' in out
    )
    assert 'loading="eager"' in out and out.count('loading="lazy"') == 1


def test_empty_stream_outputs_are_dropped():
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("chapter", get_default_settings(Parser))
    for text in ["", "  \n", "Potassium 3.5-5 mmol/L\n"]:
        document += nodes.literal_block(text, text, classes=["output", "stream"])
    document += nodes.literal_block("", "", classes=["cell_input"])  # not an output: kept
    DropEmptyStreams(document).apply()
    kept = [(node["classes"], node.astext()) for node in document.findall(nodes.literal_block)]
    assert kept == [(["output", "stream"], "Potassium 3.5-5 mmol/L\n"), (["cell_input"], "")]


def test_chapter_numbers_come_from_the_file_name():
    assert chapter_number("chapters/02_electrolytes") == 2
    assert chapter_number("chapters/00_how_to_use") == 0
    assert chapter_number("glossary") is None
    assert chapter_number("intro") is None


def test_exercises_are_renumbered_per_chapter_in_document_order():
    sphinx = {
        "chapters/01_muscle": {"exercise": {"ex-a": (1,), "ex-b": (2,)}},
        "chapters/02_electrolytes": {
            "exercise": {"ex-c": (3,), "ex-d": (4,), "ex-e": (5,)},
            "figure": {"fig-x": (1,)},
        },
        "glossary": {"exercise": {"ex-f": (6,)}},
    }
    assert per_chapter(sphinx) == {
        "chapters/01_muscle": {"exercise": {"ex-a": (1, 1), "ex-b": (1, 2)}},
        "chapters/02_electrolytes": {
            "exercise": {"ex-c": (2, 1), "ex-d": (2, 2), "ex-e": (2, 3)},
            "figure": {"fig-x": (2, 1)},
        },
        "glossary": {"exercise": {"ex-f": (1,)}},
    }
