"""The one mechanism every Cramp Lab widget uses: controls -> model -> artists updated in place.

A widget subclasses :class:`ModelView` and supplies four small methods:

- ``build_controls()``: a dict name -> ipywidgets control, every one bounded and labelled with its unit;
- ``build_figure()``: create the matplotlib :class:`~matplotlib.figure.Figure` and its artists once;
- ``compute(**values)``: call the model (pure, from :mod:`widgets.physiology`) and return its result;
- ``redraw(result)``: update the existing artists (``set_data``, ``set_text``...), never new figures;
- ``describe(result)``: a plain-language description of what the figure shows (alt text).

The view then shows, live, the controls beside an ``ipywidgets.Image`` that holds the rendered
figure (re-rendered in place on every change: no flicker, no figure leak), and in the static book
a PNG of the same state with its description as alt text (see :mod:`widgets.book`). The display
bundle carries both; MyST-NB is configured to prefer the PNG for HTML, JupyterLab the widget.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
from matplotlib.figure import Figure

from widgets.ui.figure import LIVE_DPI, PNG_DPI, png_bundle, render_png


class ModelView:
    """Base class of the course widgets. Subclasses implement the five methods named above."""

    #: short title shown above the controls
    title: str = ""

    def __init__(self, **initial: Any) -> None:
        self.controls: dict[str, ipw.ValueWidget] = self.build_controls()
        unknown = set(initial) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; "
                             f"this widget has {sorted(self.controls)}")
        for name, value in initial.items():
            self.controls[name].value = value
        self.figure: Figure = self.build_figure()
        self.result: Any = None
        self.redraws = 0
        self._image = ipw.Image(format="png", layout=ipw.Layout(width="100%", max_width="900px"))
        self._image.add_class("cramp-figure")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

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

    # --- machinery ------------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """Current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self) -> None:
        """Recompute the model from the controls and redraw the figure in place."""
        self.result = self.compute(**self.values)
        self.redraw(self.result)
        self.redraws += 1
        self._image.value = render_png(self.figure, LIVE_DPI, fast=True)

    def _on_change(self, change: dict) -> None:
        self.update()

    @property
    def alt_text(self) -> str:
        return self.describe(self.result)

    def controls_box(self) -> ipw.Widget:
        return ipw.VBox(list(self.controls.values()), layout=ipw.Layout(min_width="300px"))

    @property
    def view(self) -> ipw.Widget:
        """The live widget: controls beside the figure (built once, then reused)."""
        if not hasattr(self, "_view"):
            header = [ipw.HTML(f"<strong>{self.title}</strong>")] if self.title else []
            self._view = ipw.VBox(header + [ipw.HBox([self.controls_box(), self._image],
                                                     layout=ipw.Layout(flex_flow="row wrap"))])
        return self._view

    def static_png(self) -> bytes:
        return render_png(self.figure, PNG_DPI)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = png_bundle(self.static_png(), self.alt_text)
        widget_bundle = self.view._repr_mimebundle_(include=include, exclude=exclude) or {}
        if isinstance(widget_bundle, tuple):
            widget_bundle = widget_bundle[0]
        data.update({k: v for k, v in widget_bundle.items() if k != "text/plain"})
        return data, metadata

    def __repr__(self) -> str:
        return self.alt_text
