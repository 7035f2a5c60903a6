"""Fast live frames of a figure whose artists stay in place and only change their data.

A :class:`Blitter` keeps two layers of pixels on the figure's Agg canvas:

1. the *static* layer: everything except the ``dynamic`` artists (axes, ticks, labels, bands),
   rendered once and again only when the limits of an axes change (the last
   :data:`MAX_STATIC_LAYERS` layers are kept by their limits, so going back to a menu setting
   whose axes were drawn before is not a full redraw);
2. the *resting* layer: layer 1 plus the dynamic artists that the control being moved leaves
   unchanged, recomposed from layer 1 (without re-rendering axes and ticks) when another artist
   starts to change, e.g. on the first step of a different control.

Each frame restores layer 2, draws the dynamic artists that change and encodes the pixels. An
artist's *signature* (data, text, colour, position, the limits of its axes...) tells whether it
changed. A dynamic :class:`~matplotlib.axis.Axis` (e.g. ``ax.yaxis``) may change its limits
without a full redraw; everything drawn in the data coordinates of that axis must then be dynamic
too. After the first frame the figure's layout is frozen (constrained layout is computed once).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import numpy as np
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from widgets.figures.glyphs import GlyphCanvas
from widgets.figures.render import LIVE_DPI, render_png, render_rgb

MAX_STATIC_LAYERS = 8


class Blitter:
    """Live PNG frames of ``figure`` that redraw only its changing ``dynamic`` artists.

    ``extra_key`` (optional) returns anything else the static layer depends on.
    """

    def __init__(
        self, figure: Figure, dynamic=(), extra_key: Callable[[], tuple] | None = None
    ) -> None:
        self.figure = figure
        # drawn in z-order, as an ordinary render would (stable: ties keep the given order)
        self.dynamic = sorted(dynamic, key=lambda artist: artist.get_zorder())
        self.extra_key = extra_key
        self.frames = 0
        self.full_redraws = 0
        self.reset()

    def reset(self) -> None:
        """Forget every cached layer: the next frame is rendered from scratch."""
        self._static = self._static_key = self._resting = None
        self._statics: dict = {}  # background key -> static layer (e.g. one per menu setting)
        self._live: set = set()
        self._signatures: dict = {}
        self._moved_before = None

    # --- frames -------------------------------------------------------------------------------
    def png(self, moved: object = None) -> bytes:
        """PNG of the figure as it is now; ``moved`` is the control that changed (if any)."""
        fig = self.figure
        self.frames += 1
        if not self.dynamic:
            self.full_redraws += 1
            png = render_png(fig, LIVE_DPI, fast=True)
            fig.set_layout_engine(None)
            return png
        canvas = fig.canvas if isinstance(fig.canvas, GlyphCanvas) else GlyphCanvas(fig)
        if fig.dpi != LIVE_DPI:
            fig.set_dpi(LIVE_DPI)
            self._static, self._statics = None, {}
        signatures = {artist: signature(artist) for artist in self.dynamic}
        changed = {a for a, sig in signatures.items() if self._signatures.get(a) != sig}
        self._signatures = signatures
        key = self._background_key()
        if (self._static is None or key != self._static_key) and key in self._statics:
            self._static, self._static_key, self._resting = self._statics[key], key, None
        if self._static is None or key != self._static_key:
            for artist in self.dynamic:
                artist.set_animated(True)
            canvas.draw()  # lays the figure out the first time
            fig.set_layout_engine(None)
            self._static, self._static_key, self._resting = (
                canvas.copy_from_bbox(fig.bbox),
                key,
                None,
            )
            if len(self._statics) >= MAX_STATIC_LAYERS:
                self._statics.pop(next(iter(self._statics)))
            self._statics[key] = self._static
            self.full_redraws += 1
        renderer = canvas.get_renderer()
        live = self._live
        if self._resting is None or not changed <= live:
            same_control = moved is self._moved_before and self._resting is not None
            live = set() if moved is None else changed | (live if same_control else set())
            canvas.restore_region(self._static)
            for artist in self.dynamic:
                if artist not in live:
                    artist.draw(renderer)
            self._resting, self._live = canvas.copy_from_bbox(fig.bbox), live
        else:
            canvas.restore_region(self._resting)
        for artist in self.dynamic:
            if artist in live:
                artist.draw(renderer)
        self._moved_before = moved
        return render_png(fig, LIVE_DPI, fast=True, blitted=True)

    def full_png(self, dpi: int) -> bytes:
        """An ordinary render of every artist (the book's picture); the layers are drawn anew."""
        with self._ordinary():
            return render_png(self.figure, dpi)

    def full_rgb(self, dpi: int) -> np.ndarray:
        """The pixels of :meth:`full_png`, not encoded (height, width, 3)."""
        with self._ordinary():
            return render_rgb(self.figure, dpi)

    @contextlib.contextmanager
    def _ordinary(self):
        """Every artist drawn by an ordinary render; afterwards the layers are drawn anew."""
        for artist in self.dynamic:
            artist.set_animated(False)
        try:
            yield
        finally:
            for artist in self.dynamic:
                artist.set_animated(True)
            self._static = None  # the renderer was used at another dpi

    def _background_key(self) -> tuple:
        """The limits of every axes (but those of a dynamic axis) and ``extra_key()``."""
        dynamic = {id(a) for a in self.dynamic if isinstance(a, Axis)}
        key = tuple(
            (
                None if id(ax.xaxis) in dynamic else ax.get_xlim(),
                None if id(ax.yaxis) in dynamic else ax.get_ylim(),
            )
            for ax in self.figure.axes
        )
        return key + (self.extra_key() if self.extra_key else ())


def _array_key(values) -> tuple:
    arr = np.asarray(values)
    return (arr.shape, hash(arr.tobytes()) if arr.dtype != object else id(values))


def signature(artist) -> tuple | object:
    """What an artist looks like, cheaply: equal signatures mean identical pixels."""
    axes = artist.axes
    common = (
        artist.get_visible(),
        artist.get_alpha(),
        artist.get_zorder(),
        None if axes is None else axes.viewLim.bounds,
    )
    if isinstance(artist, Text):
        patch = artist.get_bbox_patch()
        return common + (
            artist.get_text(),
            artist.get_position(),
            getattr(artist, "xy", None),
            str(artist.get_color()),
            artist.get_fontsize(),
            artist.get_ha(),
            artist.get_va(),
            None if patch is None else tuple(patch.get_facecolor()),
        )
    if isinstance(artist, Line2D):
        return common + (
            _array_key(artist.get_xdata(orig=False)),
            _array_key(artist.get_ydata(orig=False)),
            str(artist.get_color()),
            artist.get_marker(),
            artist.get_linestyle(),
            artist.get_markersize(),
            artist.get_linewidth(),
        )
    if isinstance(artist, Patch):
        return common + (
            _array_key(artist.get_path().vertices),
            _array_key(artist.get_patch_transform().get_matrix()),
            tuple(artist.get_facecolor()),
        )
    if isinstance(artist, Axis):
        return common + (artist.get_label_text(),)
    return object()  # another type (e.g. a collection): drawn on every frame
