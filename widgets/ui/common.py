"""Shared pieces of the course widgets: labelled, bounded controls and checked initial values.

:class:`CourseView` is a :class:`~widgets.ui.base.ModelView` that

- checks constructor keyword arguments *before* they reach a control (ipywidgets would clamp an
  out-of-range value silently): ``ValueError`` naming the parameter, its unit and its range;
- can hold redraws while several controls change together (``with self.quiet(): ...``), so a
  compound change (e.g. a unit switch that rescales sliders) redraws once;
- freezes the figure layout after the first draw (constrained layout is computed once, not on
  every redraw), since every artist stays in place and only its data changes;
- renders the live image by blitting: the static background is kept as pixels and only the
  ``dynamic`` artists are drawn on each step (see :meth:`CourseView.update`).

Controls are made with :func:`float_slider`, :func:`int_slider`, :func:`dropdown` and
:func:`checkbox`: each is labelled with its unit, keyboard operable and bounded.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Any

import ipywidgets as ipw

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from widgets.ui.base import ModelView
from widgets.ui.figure import LIVE_DPI, PNG_DPI, render_png

STYLE = {"description_width": "initial"}
LAYOUT = {"width": "380px"}


def float_slider(value: float, lo: float, hi: float, step: float, description: str, unit: str,
                 fmt: str = ".2f", tooltip: str = "") -> ipw.FloatSlider:
    """A bounded float slider labelled ``"description (unit)"``; ``unit`` is kept on the widget."""
    slider = ipw.FloatSlider(value=value, min=lo, max=hi, step=step,
                             description=f"{description} ({unit})" if unit else description,
                             readout_format=fmt, continuous_update=True, style=STYLE,
                             layout=ipw.Layout(**LAYOUT), tooltip=tooltip or None)
    slider._unit = unit
    slider._label = description
    return slider


def int_slider(value: int, lo: int, hi: int, step: int, description: str, unit: str,
               tooltip: str = "") -> ipw.IntSlider:
    slider = ipw.IntSlider(value=value, min=lo, max=hi, step=step,
                           description=f"{description} ({unit})" if unit else description,
                           continuous_update=True, style=STYLE, layout=ipw.Layout(**LAYOUT),
                           tooltip=tooltip or None)
    slider._unit = unit
    slider._label = description
    return slider


def dropdown(value: Any, options: list, description: str, tooltip: str = "") -> ipw.Dropdown:
    widget = ipw.Dropdown(value=value, options=options, description=description, style=STYLE,
                          layout=ipw.Layout(**LAYOUT), tooltip=tooltip or None)
    widget._unit = ""
    widget._label = description
    return widget


def toggle(value: Any, options: list, description: str, tooltip: str = "") -> ipw.ToggleButtons:
    widget = ipw.ToggleButtons(value=value, options=options, description=description, style=STYLE,
                               tooltip=tooltip or None)
    widget._unit = ""
    widget._label = description
    return widget


def checkbox(value: bool, description: str, tooltip: str = "") -> ipw.Checkbox:
    widget = ipw.Checkbox(value=bool(value), description=description, indent=False,
                          style=STYLE, layout=ipw.Layout(width="auto"), tooltip=tooltip or None)
    widget._unit = ""
    widget._label = description
    return widget


def check_value(name: str, control: ipw.ValueWidget, value: Any) -> Any:
    """Return ``value`` if ``control`` accepts it unchanged; else ``ValueError`` (name, unit, range)."""
    unit = getattr(control, "_unit", "")
    if isinstance(control, (ipw.FloatSlider, ipw.IntSlider)):
        integer = isinstance(control, ipw.IntSlider)
        what = "an integer" if integer else "a finite number"
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = ok and math.isfinite(value) and control.min <= value <= control.max
        if integer and ok:
            ok = float(value).is_integer()
        if not ok:
            raise ValueError(f"{name} must be {what} in [{control.min:g}, {control.max:g}] {unit} "
                             f"(got {value!r})".replace("  ", " "))
        return int(value) if integer else float(value)
    if isinstance(control, ipw.Checkbox | ipw.ToggleButton):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be True or False (got {value!r})")
        return value
    if hasattr(control, "options"):
        allowed = [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
        if value not in allowed:
            raise ValueError(f"{name} must be one of {allowed} (got {value!r})")
        return value
    return value


class CourseView(ModelView):
    """ModelView with checked constructor values, grouped redraws and a frozen layout."""

    #: names of controls to set last from keyword arguments (e.g. a unit switch)
    apply_last: tuple[str, ...] = ()

    def __init__(self, **initial: Any) -> None:
        self._quiet = False
        controls = self.build_controls()
        unknown = sorted(set(initial) - set(controls))
        if unknown:
            raise ValueError(f"unknown control(s) {unknown}; {type(self).__name__} has "
                             f"{sorted(controls)}")
        checked = {name: check_value(name, controls[name], value) for name, value in initial.items()
                   if name not in self.apply_last}
        checked.update({name: check_value(name, controls[name], initial[name])
                        for name in self.apply_last if name in initial})
        self.build_controls = lambda: controls  # ModelView.__init__ reuses the controls checked above
        try:
            super().__init__(**checked)
        finally:
            del self.build_controls

    @contextmanager
    def quiet(self):
        """Change several controls; redraw once at the end."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
        self.update()

    def _on_change(self, change: dict) -> None:
        self._moved = change.get("owner")
        if not self._quiet:
            self.update()

    # --- fast live rendering -------------------------------------------------------------------
    #: artists whose data change on every step (set by ``build_figure``); everything else is the
    #: static background, redrawn only when :meth:`background_key` changes
    dynamic: list = []

    def background_key(self) -> tuple:
        """Everything the static background depends on; default: every axes' limits."""
        return tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes)

    def update(self) -> None:
        """Recompute, redraw the artists in place, and re-render the live PNG (blitted).

        The live PNG is blitted: the static background (axes, ticks, labels, reference bands) is
        rendered once and kept as pixels; each step restores it and draws only ``dynamic``
        artists, then encodes the pixels (PNG, fast compression). After the first render the
        layout is fixed (constrained layout computed once).
        """
        self.result = self.compute(**self.values)
        self.redraw(self.result)
        self.redraws += 1
        self._image.value = self.live_png()
        self._moved = None

    def live_png(self) -> bytes:
        """PNG of the current state, blitted (see :meth:`update`).

        Two cached layers of pixels: (1) everything except the ``dynamic`` artists, redrawn only
        when :meth:`background_key` (axes limits...) changes; (2) layer 1 plus the dynamic
        artists that the control being moved leaves unchanged, recomposed (from layer 1, without
        re-rendering axes and ticks) when another artist starts to change, e.g. on the first
        step of a different control. Each step restores layer 2 and draws only the artists that
        change.
        """
        fig = self.figure
        if not self.dynamic:
            png = render_png(fig, LIVE_DPI, fast=True)
            fig.set_layout_engine(None)
            return png
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        if fig.dpi != LIVE_DPI:
            fig.set_dpi(LIVE_DPI)
            self._static = None
        sigs = {artist: _signature(artist) for artist in self.dynamic}
        last = getattr(self, "_last_sigs", {})
        changed = {artist for artist, sig in sigs.items() if last.get(artist) != sig}
        self._last_sigs = sigs
        key = self.background_key()
        if getattr(self, "_static", None) is None or key != self._static_key:
            # layer 1: axes, ticks, labels, bands: everything but the dynamic artists
            for artist in self.dynamic:
                artist.set_animated(True)
            canvas.draw()  # lays the figure out the first time
            fig.set_layout_engine(None)
            self._static = canvas.copy_from_bbox(fig.bbox)
            self._static_key = self.background_key()
            self._background = None
        live = getattr(self, "_live", set())
        renderer = canvas.get_renderer()
        if getattr(self, "_background", None) is None or not changed <= live:
            # layer 2: layer 1 plus the dynamic artists that the moving control leaves alone
            moved = getattr(self, "_moved", None)
            same_control = moved is getattr(self, "_moved_before", None)
            fresh = getattr(self, "_background", None) is not None
            live = set() if moved is None else changed | (live if same_control and fresh else set())
            canvas.restore_region(self._static)
            for artist in self.dynamic:
                if artist not in live:
                    artist.draw(renderer)
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._live = live
        else:
            canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist in live:
                artist.draw(renderer)
        self._moved_before = getattr(self, "_moved", None)
        return render_png(fig, LIVE_DPI, fast=True, blitted=True)

    def static_png(self) -> bytes:  # noqa: D401
        """The book's picture: a full, ordinary render of the current state (every artist, by zorder)."""
        for artist in self.dynamic:
            artist.set_animated(False)
        try:
            return render_png(self.figure, PNG_DPI)
        finally:
            for artist in self.dynamic:
                artist.set_animated(True)
            self._static = None  # the renderer was used at another dpi: redraw both layers


def _array_key(values) -> tuple:
    arr = np.asarray(values)
    return (arr.shape, hash(arr.tobytes()) if arr.dtype != object else id(values))


def _signature(artist) -> tuple | object:
    """What an artist looks like, cheaply; equal signatures mean identical pixels."""
    common = (artist.get_visible(), artist.get_alpha(), artist.get_zorder())
    if isinstance(artist, Text):
        patch = artist.get_bbox_patch()
        return common + (artist.get_text(), artist.get_position(), getattr(artist, "xy", None),
                         str(artist.get_color()),
                         artist.get_fontsize(), artist.get_ha(), artist.get_va(),
                         None if patch is None else tuple(patch.get_facecolor()))
    if isinstance(artist, Line2D):
        return common + (_array_key(artist.get_xdata(orig=False)), _array_key(artist.get_ydata(orig=False)),
                         str(artist.get_color()), artist.get_marker(), artist.get_linestyle(),
                         artist.get_markersize(), artist.get_linewidth())
    if isinstance(artist, Patch):
        return common + (_array_key(artist.get_path().vertices), _array_key(artist.get_patch_transform().get_matrix()),
                         tuple(artist.get_facecolor()))
    return object()  # unknown artist type: always drawn live
