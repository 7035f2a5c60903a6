"""The one mechanism every Cramp Lab widget uses: controls -> model -> artists updated in place.

A widget subclasses :class:`ModelView` and supplies five small methods:

- ``build_controls()``: a dict name -> ipywidgets control, every one bounded and labelled with its
  unit (made with the factories of :mod:`widgets.ui.common`);
- ``build_figure()``: create the matplotlib :class:`~matplotlib.figure.Figure` and its artists
  once, and list in ``self.dynamic`` the artists whose data change from step to step;
- ``compute(**values)``: call the model (pure, from :mod:`widgets.physiology`) and return its result;
- ``redraw(result)``: update the existing artists (``set_data``, ``set_text``...), never new figures;
- ``describe(result)``: a plain-language description of what the figure shows (alt text).

Data flow: a control changes -> :meth:`ModelView.update` (``compute`` -> ``redraw`` -> count ->
live output); meanwhile a widget may compute, on another core, the values a drag of that control
reaches next (:meth:`ModelView.look_ahead`, :mod:`widgets.ui.ahead`). Live, the view shows the controls beside an ``ipywidgets.Image`` holding a PNG of
the figure, re-rendered in place by a :class:`~widgets.ui.blit.Blitter` (only the changing
artists are drawn); in the static book the display bundle carries a full PNG of the same state
with its description as alt text (see :mod:`widgets.book`). MyST-NB is configured to prefer the
PNG for HTML, JupyterLab the widget.

Constructor keyword arguments set the initial control values; each is checked *before* it reaches
a control (ipywidgets would clamp an out-of-range value silently): ``ValueError`` naming the
parameter, its unit and its range. Each widget also declares a :class:`Demo` (a control that
visibly changes its figure, used by the tests and benchmarks) and the caches of its module
(``caches``), emptied by :meth:`ModelView.clear_caches`.
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

import ipywidgets as ipw
from matplotlib.figure import Figure

from widgets.figures.render import PNG_DPI, png_bundle
from widgets.figures.text import recording_text
from widgets.ui.blit import Blitter
from widgets.ui.common import check_value
from widgets.ui.explorable_spec import MIME as EXPLORABLE_MIME
from widgets.ui.explorable_spec import spec_for as explorable_spec_for

#: the phone layout of an explorable picture: at most this wide (inches) ...
PHONE_WIDTH_IN = 4.0
#: ... with no text smaller than this (points): shown 332-358 CSS px wide on a 390-px phone, a
#: 4.0-inch picture draws 8 pt text at 9.2-9.9 CSS px, whatever the dpi
PHONE_MIN_FONT_PT = 8.0


@dataclass(frozen=True)
class Demo:
    """A control that visibly changes a widget's figure, a value for it, and the constructor
    values (``setup``) in which it acts (e.g. the effort slider acts on voluntary contraction)."""

    control: str
    value: Any
    setup: dict = field(default_factory=dict)


class ModelView:
    """Base class of the course widgets. Subclasses implement the five methods named above."""

    #: short title shown above the controls
    title: str = ""
    #: names of controls to set last from keyword arguments (e.g. a unit switch)
    apply_last: tuple[str, ...] = ()
    #: the control the tests, benchmarks and live checks move
    demo: ClassVar[Demo]
    #: memoised runs of the widget's module (``lru_cache``, ``memo_ahead``), see :meth:`clear_caches`
    caches: tuple = ()
    #: artists whose data change on every step (set by ``build_figure``); all else is background
    dynamic: list = []
    #: the static book (:mod:`widgets.book.explorable`): named cases the chapter teaches (name -> control
    #: values), and, per control, other control values that go with it when only it is moved
    SCENARIOS: ClassVar[dict] = {}
    SWEEP_CONTEXT: ClassVar[dict] = {}
    #: the figure layouts ``build_figure`` can draw: "wide" (laptop, live) and, where a widget has
    #: one, "phone" (panels stacked, at most :data:`PHONE_WIDTH_IN` wide, text at least
    #: :data:`PHONE_MIN_FONT_PT`; the static book serves it to narrow screens)
    LAYOUTS: ClassVar[tuple[str, ...]] = ("wide",)

    def __init__(self, *, layout: str = "wide", **initial: Any) -> None:
        if layout not in self.LAYOUTS:
            raise ValueError(
                f"layout must be one of {list(self.LAYOUTS)} for {type(self).__name__}, got {layout!r}"
            )
        self.layout = layout
        self.controls: dict[str, ipw.ValueWidget] = self.build_controls()
        for name, value in self._checked(initial).items():
            self.controls[name].value = value
        self.figure: Figure = self.build_figure()
        self.blitter = Blitter(self.figure, self.dynamic)
        self.result: Any = None
        self.redraws = 0
        self.output: ipw.ValueWidget = self.output_widget()
        self._held = False
        self._moved = None
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    def _checked(self, initial: dict) -> dict:
        """The constructor values, checked against their controls, ``apply_last`` ones last."""
        unknown = sorted(set(initial) - set(self.controls))
        if unknown:
            raise ValueError(
                f"unknown control(s) {unknown}; {type(self).__name__} has {sorted(self.controls)}"
            )
        order = [n for n in initial if n not in self.apply_last] + [
            n for n in self.apply_last if n in initial
        ]
        return {name: check_value(name, self.controls[name], initial[name]) for name in order}

    @classmethod
    def clear_caches(cls) -> None:
        """Empty the widget's memoised model runs and the model caches (benchmarks: first visits)."""
        from widgets.physiology import clear_caches

        for cached in cls.caches:
            cached.cache_clear()
        clear_caches()

    # --- to implement ---------------------------------------------------------------------------
    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        raise NotImplementedError

    def build_figure(self) -> Figure:
        raise NotImplementedError

    def compute(self, **values: Any) -> Any:
        raise NotImplementedError

    def redraw(self, result: Any) -> None:
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        raise NotImplementedError

    # --- the live output (a widget that shows something else overrides these two) ----------------
    def output_widget(self) -> ipw.ValueWidget:
        """The widget beside the controls: an image of the figure."""
        image = ipw.Image(format="png", layout=ipw.Layout(width="100%", max_width="900px"))
        image.add_class("cramp-figure")
        return image

    def output_value(self) -> Any:
        """The live output's new value after a redraw: the blitted PNG of the figure."""
        return self.blitter.png(self._moved)

    # --- machinery ------------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """Current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self) -> None:
        """Recompute the model from the controls, redraw the figure in place, refresh the output."""
        self.result = self.compute(**self.values)
        self.look_ahead(self.upcoming())  # runs on another core while the figure is redrawn
        self.redraw(self.result)
        self.redraws += 1
        self.output.value = self.output_value()
        self._moved = None

    def _on_change(self, change: dict) -> None:
        if not self._held:
            self._moved = change.get("owner")
            self._change = (change.get("old"), change.get("new"))
            self.update()

    def look_ahead(self, upcoming: list[dict]) -> None:
        """Queue the model runs of control values a user is likely to set next (``upcoming``,
        see :meth:`upcoming`) for a background thread (:mod:`widgets.ui.ahead`). Default: none."""

    def upcoming(self) -> list[dict]:
        """The values of all controls after the next moves of the control that just moved: for a
        slider dragged (moved by one or two steps) the next two steps in the same direction, for a
        choice the other options, for a check box the other state; empty if no control moved or a
        slider jumped (its next value cannot be guessed)."""
        name = next((n for n, c in self.controls.items() if c is self._moved), None)
        if name is None:
            return []
        control, values = self.controls[name], self.values
        if isinstance(control, (ipw.FloatSlider, ipw.IntSlider)):
            old, new = self._change
            if old is None or abs(new - old) > 2.5 * control.step:
                return []
            step = control.step if new >= old else -control.step
            cast = int if isinstance(control, ipw.IntSlider) else float
            nexts = [cast(round(control.value + k * step, 9)) for k in (1, 2)]
            nexts = [v for v in nexts if control.min <= v <= control.max]
        elif hasattr(control, "options"):
            nexts = [o[1] if isinstance(o, tuple) else o for o in control.options]
            nexts = [v for v in nexts if v != control.value]
        else:
            nexts = [not control.value]
        return [dict(values, **{name: v}) for v in nexts]

    @contextmanager
    def held(self):
        """Change several controls without a redraw for each: the caller (or the observer of the
        control that started the change) redraws once afterwards."""
        self._held = True
        try:
            yield
        finally:
            self._held = False

    @property
    def alt_text(self) -> str:
        return self.describe(self.result)

    def controls_box(self) -> ipw.Widget:
        return ipw.VBox(list(self.controls.values()), layout=ipw.Layout(min_width="300px"))

    def header_html(self) -> str:
        """HTML above the controls: the title."""
        return f"<strong>{html.escape(self.title)}</strong>" if self.title else ""

    @property
    def view(self) -> ipw.Widget:
        """The live widget: controls beside the output (built once, then reused)."""
        if not hasattr(self, "_view"):
            header = [ipw.HTML(self.header_html())] if self.header_html() else []
            self._view = ipw.VBox(
                header
                + [
                    ipw.HBox(
                        [self.controls_box(), self.output], layout=ipw.Layout(flex_flow="row wrap")
                    )
                ]
            )
        return self._view

    def static_png(self) -> bytes:
        """The book's picture: an ordinary render of the current state (every artist, by zorder)."""
        return self.blitter.full_png(PNG_DPI)

    def static_pixels(self):
        """The pixels of :meth:`static_png` (height, width, 3; uint8), not encoded."""
        return self.blitter.full_rgb(PNG_DPI)

    def _repr_mimebundle_(self, include=None, exclude=None):
        with recording_text() as text:
            png = self.static_png()
        data, metadata = png_bundle(
            png, self.alt_text, caption=self.title or None, min_text_px=text.smallest_px
        )
        widget_bundle = self.view._repr_mimebundle_(include=include, exclude=exclude) or {}
        if isinstance(widget_bundle, tuple):
            widget_bundle = widget_bundle[0]
        data.update({k: v for k, v in widget_bundle.items() if k != "text/plain"})
        data[EXPLORABLE_MIME] = self.explorable_spec()
        return data, metadata

    def explorable_spec(self) -> dict:
        """The static book's description of this view: its controls, values and scenarios
        (JSON; the book draws the states from it at build time, see :mod:`widgets.book.explorable`)."""
        return explorable_spec_for(self)

    def page_spec(self) -> dict | None:
        """What the book's page script needs to evaluate this view itself, or None (the book shows
        pictures drawn at build time). A widget evaluated in the page overrides it."""
        return None

    def __repr__(self) -> str:
        return self.alt_text
