"""The widget machinery: controls drive the model, artists update in place, two display faces."""

from __future__ import annotations

import ipywidgets as ipw
import numpy as np
import pytest

from widgets.ui.base import ModelView
from widgets.ui.style import course_style, new_figure


class Line(ModelView):
    title = "toy"

    def build_controls(self):
        return {"slope": ipw.FloatSlider(value=1.0, min=0.0, max=2.0, description="slope (1/s)")}

    def build_figure(self):
        with course_style():
            fig, self.ax = new_figure(3, 2)
            (self.line,) = self.ax.plot([0, 1], [0, 0])
            self.ax.set_ylim(0, 2)
        return fig

    def compute(self, slope):
        return np.array([0.0, slope])

    def redraw(self, result):
        self.line.set_ydata(result)

    def describe(self, result):
        return f"A line rising to {result[-1]:.1f}."


def test_moving_a_control_recomputes_and_updates_the_same_artist():
    view = Line()
    line, figure, png = view.line, view.figure, view._image.value
    view.controls["slope"].value = 1.5
    assert view.line is line and view.figure is figure
    assert view.line.get_ydata()[-1] == 1.5
    assert view._image.value != png
    assert view.alt_text == "A line rising to 1.5."


def test_bundle_has_widget_view_png_with_alt_and_description():
    data, metadata = Line(slope=0.5)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"] == "A line rising to 0.5."
    assert metadata["image/png"]["alt"] == "A line rising to 0.5."
    assert data["image/png"]


def test_unknown_initial_control_is_an_error():
    with pytest.raises(ValueError, match="unknown control"):
        Line(gradient=1.0)

