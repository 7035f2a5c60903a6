"""The course's Agg renderer keeps glyphs (widgets.figures.glyphs) and draws the same pixels as
matplotlib's own: every kind of text the course draws, at many sub-pixel positions, and every
widget's figure at the live and the book resolution."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from widgets.figures import glyphs
from widgets.figures.render import LIVE_DPI, PNG_DPI, render_png
from widgets.ui import WIDGETS

TEXTS = (
    ("plain", {}),
    ("Bold 12.5 mmol/L", {"weight": "bold"}),
    ("small −90 mV ≥ µ", {"fontsize": 6.5}),
    ("E$_{K}$ = −97 mV", {}),
    (r"$\frac{[K^+]_o}{[K^+]_i}$ ratio", {"fontsize": 11}),
    ("rotated axis label", {"rotation": 90}),
    ("slanted 30°", {"rotation": 30, "fontsize": 9}),
    ("aliased text", {"antialiased": False}),
)


def _text_figure(shift_px: float) -> Figure:
    """Every kind of text above, each several times at positions ``shift_px`` apart."""
    fig = Figure(figsize=(4.0, 3.0), dpi=PNG_DPI)
    for row, (text, style) in enumerate(TEXTS):
        for k in range(4):
            x = (8 + k * (95 + shift_px)) / 400
            y = 1 - (18 + row * 34.3 + k * shift_px) / 300
            fig.text(x, y, text, **style)
    return fig


def _pixels(fig: Figure, canvas_class, dpi: int) -> np.ndarray:
    fig.set_dpi(dpi)
    canvas = canvas_class(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("shift_px", [0.0, 0.37, 1.0, 2.71, 13.5])
def test_every_kind_of_text_draws_the_same_pixels_as_matplotlib(shift_px):
    glyphs.clear()
    fig = _text_figure(shift_px)
    plain = _pixels(fig, FigureCanvasAgg, PNG_DPI)
    assert (plain < 250).any(), "the test figure draws some text"
    cold = _pixels(fig, glyphs.GlyphCanvas, PNG_DPI)
    warm = _pixels(fig, glyphs.GlyphCanvas, PNG_DPI)
    assert np.array_equal(cold, plain)
    assert np.array_equal(warm, plain)


def test_a_second_render_draws_no_glyph_again():
    glyphs.clear()
    fig = _text_figure(0.5)
    _pixels(fig, glyphs.GlyphCanvas, PNG_DPI)
    drawn = glyphs._glyph.cache_info().misses
    assert drawn > 100
    _pixels(fig, glyphs.GlyphCanvas, PNG_DPI)
    assert glyphs._glyph.cache_info().misses == drawn
    assert glyphs._glyph.cache_info().currsize <= glyphs.GLYPHS_KEPT


def test_every_png_of_the_course_uses_the_glyph_renderer():
    """A figure saved to PNG (the static figures) is drawn by the course's renderer."""
    seen = []
    glyphs.GlyphRenderer.watchers.append(lambda renderer, *args: seen.append(args[2]))
    try:
        fig = Figure(figsize=(2, 1))
        fig.text(0.1, 0.5, "watched")
        render_png(fig)
    finally:
        glyphs.GlyphRenderer.watchers.pop()
    assert seen == ["watched"]


@pytest.mark.parametrize("name", sorted(n for n in WIDGETS if n != "SpecialistFinder"))
def test_every_widget_figure_draws_the_same_pixels_as_matplotlib(name):
    view = WIDGETS[name]()
    view.result = view.compute(**view.values)
    view.redraw(view.result)
    for dpi in (LIVE_DPI, PNG_DPI):
        plain = _pixels(view.figure, FigureCanvasAgg, dpi)
        assert np.array_equal(_pixels(view.figure, glyphs.GlyphCanvas, dpi), plain)
