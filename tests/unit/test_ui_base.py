"""The widget machinery: controls drive the model, artists update in place, two display faces,
and the blitter redraws only what changes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from widgets.figures.render import LIVE_DPI
from widgets.figures.style import course_style, new_figure
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import float_slider


class Line(ModelView):
    title = "toy"
    demo = Demo("slope", 1.5)

    def build_controls(self):
        return {
            "slope": float_slider(1.0, 0.0, 2.0, 0.1, "slope", "1/s"),
            "top": float_slider(2.0, 1.0, 4.0, 0.5, "axis top", ""),
        }

    def build_figure(self):
        with course_style():
            fig, self.ax = new_figure(3, 2)
            (self.line,) = self.ax.plot([0, 1], [0, 0])
            (self.dot,) = self.ax.plot([1], [0], marker="o")
        self.dynamic = [self.line, self.dot]
        return fig

    def compute(self, slope, top):
        return np.array([0.0, slope]), top

    def redraw(self, result):
        ys, top = result
        self.line.set_ydata(ys)
        self.dot.set_ydata([ys[-1]])
        self.ax.set_ylim(0, top)

    def describe(self, result):
        return f"A line rising to {result[0][-1]:.1f}."


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_moving_a_control_recomputes_and_updates_the_same_artist():
    view = Line()
    line, figure, png = view.line, view.figure, view.output.value
    view.controls["slope"].value = 1.5
    assert view.line is line and view.figure is figure
    assert view.line.get_ydata()[-1] == 1.5 and view.redraws == 2
    assert view.output.value != png
    assert view.alt_text == "A line rising to 1.5."


def test_bundle_has_widget_view_png_with_alt_and_description():
    data, metadata = Line(slope=0.5)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"] == "A line rising to 0.5."
    assert metadata["image/png"]["alt"] == "A line rising to 0.5."
    assert data["image/png"]


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"gradient": 1.0}, r"unknown control\(s\) \['gradient'\]; Line has \['slope', 'top'\]"),
        ({"slope": 3.0}, r"slope must be a finite number in \[0, 2\] 1/s \(got 3.0\)"),
    ],
)
def test_constructor_values_are_checked_before_they_reach_a_control(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        Line(**kwargs)


def test_held_changes_redraw_once():
    view = Line()
    with view.held():
        view.controls["slope"].value = 0.2
        view.controls["top"].value = 3.0
    assert view.redraws == 1 and view.result[1] == 2.0  # nothing recomputed while held
    view.update()
    assert view.redraws == 2 and view.result[0][-1] == pytest.approx(0.2) and view.result[1] == 3.0


def test_upcoming_values_follow_the_direction_of_the_move():
    asked = []

    class Ahead(Line):
        def look_ahead(self, upcoming):
            asked.append([(v["slope"], v["top"]) for v in upcoming])

    view = Ahead()
    assert view.upcoming() == [] and asked == [[]]  # nothing moved yet
    view.controls["slope"].value = 1.1
    assert asked[-1] == [(1.2, 2.0), (1.3, 2.0)]
    view.controls["slope"].value = 0.1
    assert asked[-1] == []  # a jump: where next is anyone's guess
    view.controls["slope"].value = 0.0
    assert asked[-1] == []  # downwards; -0.1 is off the slider
    view.controls["top"].value = 2.5
    assert asked[-1] == [(0.0, 3.0), (0.0, 3.5)]


def test_memo_ahead_gives_the_direct_values_once_each():
    import threading

    from widgets.ui.ahead import memo_ahead

    calls, gate = [], threading.Event()

    @memo_ahead(maxsize=8)
    def square(x):
        calls.append(x)
        if x == 1:
            gate.wait(5)  # keeps the background thread busy
        if x < 0:
            raise ValueError("x must be >= 0")
        return x * x

    assert square(3) == 9 and square(3) == 9 and calls == [3]
    square.ahead((1,), (2,), (4,))  # 1 runs; 2 and 4 wait in the queue
    assert square(2) == 4  # queued: computed here, at once
    square.ahead((5,))  # replaces the stale queued run of 4
    gate.set()
    assert square(1) == 1 and square(5) == 25 and square(4) == 16
    assert sorted(calls) == [1, 2, 3, 4, 5]  # each value computed exactly once
    with pytest.raises(ValueError, match="x must be"):
        square(-1)
    square.cache_clear()
    assert square(3) == 9 and calls.count(3) == 2


def test_steps_draw_only_the_dynamic_artists_until_an_axis_limit_changes():
    view = Line()
    assert view.blitter.full_redraws == 1
    for slope in (0.3, 0.6, 0.9):
        view.controls["slope"].value = slope
    assert view.blitter.frames == 4 and view.blitter.full_redraws == 1
    view.controls["top"].value = 3.0  # new axis limits: a new background
    assert view.blitter.full_redraws == 2


def test_blitted_frames_match_an_ordinary_render():
    view = Line()
    for slope in (0.3, 1.9, 0.7):
        view.controls["slope"].value = slope
    live = pixels(view.output.value)
    full = pixels(view.blitter.full_png(LIVE_DPI))
    assert live.shape == full.shape
    assert np.mean(np.abs(live - full).max(axis=2) > 40) < 0.003
    view.blitter.reset()
    view.update()
    assert view.blitter.full_redraws == 2 and np.array_equal(pixels(view.output.value), live)
