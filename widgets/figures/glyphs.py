"""Agg rendering that keeps the glyphs it drew: the same pixels, a third of the text cost.

Matplotlib 3.11 draws text glyph by glyph: it shapes the string (``FT2Font._layout``), then for
each glyph sets the font's size and a transform whose translation is the glyph's position in
1/64 pixel, asks FreeType for its bitmap and blends it onto the canvas. Text is about a third of
a render of the course's pictures and most of a live frame, and the same strings and glyphs come
back frame after frame and picture after picture.

:class:`GlyphRenderer` keeps (least recently used, bounded):

- the shaping of a string in a font at a size and resolution (``_layout``'s glyphs and offsets);
- the size of a line of plain text (``get_text_width_height_descent``; matplotlib keeps this per
  renderer only, and ``savefig`` makes a new renderer each time);
- each glyph's bitmap, keyed by the font, size, resolution, glyph, transform matrix, hinting and
  the *fraction* of a pixel of its position. FreeType hints and rasterises an outline moved by
  its translation, so moving it by whole pixels moves the bitmap by whole pixels and nothing
  else: a kept bitmap is placed at the new whole-pixel offset. The result is the same pixels as
  matplotlib's own renderer, which ``tests/unit/test_glyphs.py`` checks on every kind of text
  the course draws (plain, mathtext, rotated, bold, small) at many positions.

Every Agg render of the course uses it: :func:`use_everywhere` registers :class:`GlyphCanvas`
for the PNG and raw formats (matplotlib's ``register_backend``), and the live views' canvases
are :class:`GlyphCanvas` (:mod:`widgets.ui.blit`). Hand-written because matplotlib has no such
cache; it relies on the pinned matplotlib's renderer (``_draw_text_glyphs_and_boxes`` and the
FT2Font calls it makes), which the pixel test guards when matplotlib is upgraded.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from matplotlib.backend_bases import register_backend
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode

#: Kept glyph bitmaps (each a few hundred bytes) and shaped strings, least recently used first out.
GLYPHS_KEPT = 1 << 16
LAYOUTS_KEPT = 1 << 13
#: Formats whose canvas is :class:`GlyphCanvas` after :func:`use_everywhere`.
FORMATS = ("png", "raw", "rgba")


@lru_cache(maxsize=GLYPHS_KEPT)
def _glyph(
    font, size: float, dpi: float, index: int, matrix: tuple, fx: int, fy: int, flags, mode
):
    """(bitmap, left, top) of glyph ``index`` translated by (fx, fy)/64 pixel (0 <= fx, fy < 64);
    a bitmap for a translation of whole pixels more is the same, ``left`` and ``top`` moved."""
    font.set_size(size, dpi)
    font._set_transform(np.array(matrix, dtype=int).reshape(2, 2), [fx, fy])
    bitmap = font._render_glyph(index, flags, mode)
    buffer = np.array(bitmap.buffer, copy=True)  # FreeType reuses the slot's memory
    if mode is RenderMode.MONO:
        buffer *= 0xFF
    return buffer, bitmap.left, bitmap.top


@lru_cache(maxsize=256)
def _matrix(angle: float, slant: float, extend: float) -> tuple:
    """FreeType's 16.16 transform matrix for a glyph rotated by ``angle`` degrees (as
    matplotlib's renderer computes it), flattened."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    matrix = 0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]
    return tuple(int(v) for v in matrix.round().astype(int).ravel())


@lru_cache(maxsize=LAYOUTS_KEPT)
def _shaped(font, size: float, dpi: float, s: str, flags, features, language) -> tuple:
    """The glyphs of ``s`` as matplotlib lays them out: (font, glyph index, x, y) each."""
    font.set_size(size, dpi)
    items = font._layout(s, flags=flags, features=features, language=language)
    return tuple((item.ft_object, item.glyph_index, item.x, item.y) for item in items)


@lru_cache(maxsize=LAYOUTS_KEPT)
def _extent(font, size: float, dpi: float, s: str, flags) -> tuple[float, float, float]:
    """(width, height, descent) in pixels of one line of plain text, as matplotlib measures it."""
    font.set_size(size, dpi)
    font.set_text(s, 0.0, flags=flags)
    w, h = font.get_width_height()
    return w / 64.0, h / 64.0, font.get_descent() / 64.0


def _plain(features, language) -> bool:
    """Whether a text's font features and language can key the kept shapings (None, or a tuple
    of feature names and a language name: what the course's texts have)."""
    return (features is None or isinstance(features, tuple)) and (
        language is None or isinstance(language, str)
    )


def clear() -> None:
    """Forget every kept glyph, shaping and size (e.g. before timing a first draw)."""
    for cached in (_glyph, _shaped, _extent):
        cached.cache_clear()


class GlyphRenderer(RendererAgg):
    """Matplotlib's Agg renderer, with the glyphs, shapings and line sizes it drew kept."""

    #: Functions called as ``watcher(renderer, x, y, s, prop, angle, ismath)`` before each text
    #: is drawn (:func:`widgets.figures.text.recording_text` records sizes and boxes this way).
    watchers: list = []

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        flags = get_hinting_flag()
        mode = RenderMode.NORMAL if gc.get_antialiased() else RenderMode.MONO
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        height, draw = self.height, self._renderer.draw_text_image
        for font, size, index, slant, extend, dx, dy in glyphs:  # dy is upwards
            tx = round(0x40 * (x + dx * cos - dy * sin))
            ty = round(0x40 * (height - y + dx * sin + dy * cos))  # FreeType's y is upwards
            matrix = _matrix(angle, slant, extend)
            buffer, left, top = _glyph(
                font, size, self.dpi, index, matrix, tx & 63, ty & 63, flags, mode
            )
            left, top = left + (tx >> 6), top + (ty >> 6)
            draw(buffer, left, int(height) - top + buffer.shape[0], 0, gc)
        if boxes:  # mathtext's rules (fraction bars): matplotlib's own code, nothing to keep
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        for watcher in self.watchers:
            watcher(self, x, y, s, prop, angle, ismath)
        features = None if mtext is None else mtext.get_fontfeatures()
        language = None if mtext is None else mtext.get_language()
        if ismath or not _plain(features, language):
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        font = self._prepare_font(prop)
        size = prop.get_size_in_points()
        items = _shaped(font, size, self.dpi, s, get_hinting_flag(), features, language)
        glyphs = ((ft, size, index, 0, 1, dx, dy) for ft, index, dx, dy in items)
        self._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, [])

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        font = self._prepare_font(prop)
        return _extent(font, prop.get_size_in_points(), self.dpi, s, get_hinting_flag())


class GlyphCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is a :class:`GlyphRenderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = GlyphRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def use_everywhere() -> None:
    """Save every figure as PNG or raw pixels through :class:`GlyphCanvas`."""
    for fmt in FORMATS:
        register_backend(fmt, GlyphCanvas, "Agg, with kept glyphs")
