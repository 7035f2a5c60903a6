"""The words around a figure and the size of the words in it.

- :func:`short_caption`: the caption a figure gets when it names none, made from the first
  sentence of its description (alt text). The book shows it as "Figure 2.1: <caption>" and puts
  the whole description in a "Text description" box under it (``_ext/figure_captions.py``).
- :func:`recording_text`: while a figure is rendered, note every piece of text drawn, its size
  in pixels of the PNG and whether it runs off the canvas. The book uses the smallest size to
  check that every figure can be read on a phone (``tests/book/test_figures.py``).
- :func:`wrapped`: a title broken into lines that fit a width, padded to a fixed number of lines
  (a view's layout is fixed at its first draw, so its changing titles keep their room).

Light at import (no matplotlib until a figure is measured), so the Sphinx extension can use
:func:`short_caption` too.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

#: Longest caption made from a description, in characters (a line or two under the figure).
CAPTION_MAX = 90
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\u2212-])")
_CLAUSE_BREAKS = (": ", "; ", " (", ", ")


def short_caption(alt: str, limit: int = CAPTION_MAX) -> str:
    """A short caption from a figure's description: its first sentence, shortened at a clause
    break (colon, semicolon, bracket, comma) when longer than ``limit`` characters.

    A first sentence of one or two words ("Two panels.") says nothing, so the next one is used
    with it ("Two panels: ..."). ``ValueError`` for an empty description.
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    if limit < 20:
        raise ValueError(f"limit must be at least 20 characters (got {limit})")
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(alt.split())) if s.strip()]
    text = sentences[0].rstrip(".")
    if len(text.split()) <= 2 and len(sentences) > 1:
        text = f"{text}: {sentences[1].rstrip('.')}"
    if len(text) > limit:
        cuts = [text.find(b, 12) for b in _CLAUSE_BREAKS]
        cuts = [c for c in cuts if 12 <= c <= limit]
        text = text[: min(cuts)] if cuts else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text.rstrip(" ,;:")


@lru_cache(maxsize=1024)
def wrapped(text: str, width_in: float, size_pt: float, lines: int, bold: bool = False) -> str:
    """``text`` broken at spaces (not at no-break spaces) into lines at most ``width_in`` inches
    wide in DejaVu Sans of ``size_pt`` points (measured, not counted), then padded with blank lines to ``lines`` lines
    (more only if it needs more). Memoised: a widget's headlines recur as its controls move."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(size=size_pt, weight="bold" if bold else "normal")
    out: list[str] = []
    for word in text.split(" "):
        line = f"{out[-1]} {word}" if out else word
        if (
            out
            and text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0]
            <= width_in * 72.0
        ):
            out[-1] = line
        else:
            out.append(word)
    return "\n".join(out + [" "] * (lines - len(out)))


@dataclass
class TextRecord:
    """What :func:`recording_text` saw: each line of text drawn with its size and its box, in
    pixels of the PNG (origin at the bottom left), and the lines that run off the canvas."""

    sizes_px: list[tuple[str, float]] = field(default_factory=list)
    boxes: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)

    @property
    def smallest_px(self) -> float | None:
        """Font size (em height, pixels of the PNG) of the smallest text drawn, or None."""
        return min((size for _, size in self.sizes_px), default=None)

    def smallest(self) -> tuple[str, float] | None:
        return min(self.sizes_px, key=lambda item: item[1], default=None)

    def overlaps(self) -> list[tuple[str, str]]:
        """Pairs of drawn lines whose boxes overlap (by more than a pixel each way)."""
        found = []
        for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(self.boxes):
            for b, (bx0, by0, bx1, by1) in self.boxes[i + 1 :]:
                if min(ax1, bx1) - max(ax0, bx0) > 1 and min(ay1, by1) - max(ay0, by0) > 1:
                    found.append((a, b))
        return found


def _line_box(renderer, x: float, y: float, s: str, prop, angle: float, ismath) -> tuple:
    """Box (x0, y0, x1, y1) of one line drawn at baseline point (x, y), rotated by ``angle``."""
    import math

    width, height, descent = renderer.get_text_width_height_descent(s, prop, ismath)
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = [(0, -descent), (width, -descent), (0, height - descent), (width, height - descent)]
    xs = [x + cx * cos - cy * sin for cx, cy in corners]
    ys = [y + cx * sin + cy * cos for cx, cy in corners]
    return min(xs), min(ys), max(xs), max(ys)


@contextmanager
def recording_text(tolerance_px: float = 1.0):
    """Record the text drawn by every Agg render inside the block (e.g. ``savefig`` to PNG).

    Yields a :class:`TextRecord`. A line counts as clipped when its box passes the canvas edge by
    more than ``tolerance_px``. Only the course's Agg renderer (PNG and raw output,
    :class:`~widgets.figures.glyphs.GlyphRenderer`) is watched.
    """
    from widgets.figures.glyphs import GlyphRenderer

    record = TextRecord()

    def watch(renderer, x, y, s, prop, angle, ismath) -> None:
        if not (s and s.strip()):
            return
        label = s.strip()
        record.sizes_px.append((label, prop.get_size_in_points() * renderer.dpi / 72.0))
        try:
            baseline = renderer.height - y if renderer.flipy() else y  # Agg counts y from the top
            box = _line_box(renderer, x, baseline, s, prop, angle, ismath)
        except Exception:
            return
        record.boxes.append((label, box))
        x0, y0, x1, y1 = box
        if (
            x0 < -tolerance_px
            or y0 < -tolerance_px
            or x1 > renderer.width + tolerance_px
            or y1 > renderer.height + tolerance_px
        ):
            record.clipped.append(label)

    GlyphRenderer.watchers.append(watch)
    try:
        yield record
    finally:
        GlyphRenderer.watchers.remove(watch)
