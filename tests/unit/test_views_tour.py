"""The tour of chapter 0 in words: how one line sums up a widget's controls (ranges, units, menus,
check boxes), for kinds of controls the registered widgets may not have today."""

from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as ipw

from widgets.ui.common import checkbox, dropdown, float_slider
from widgets.ui.tour import controls_summary


def summary(**controls) -> str:
    return controls_summary(SimpleNamespace(controls=controls))


def test_a_slider_reads_as_its_range_with_its_unit_and_none_when_unitless():
    assert summary(v=float_slider(1.0, 0.0, 4.0, 0.5, "input", "mV")) == "input: 0 to 4 mV"
    assert (
        summary(g=float_slider(1.0, 0.5, 3.0, 0.5, "reflex gain", "")) == "reflex gain: 0.5 to 3"
    )


def test_a_menu_of_three_reads_a_b_or_c():
    menu = dropdown("rest", ["rest", "walk", "run"], "activity")
    assert summary(activity=menu) == "activity: rest, walk or run"


def test_a_control_without_a_label_is_named_by_its_name():
    assert summary(cramp_now=ipw.Checkbox(value=False)) == "cramp_now"


def test_six_check_boxes_are_listed_and_seven_are_counted():
    boxes = {f"f{i}": checkbox(False, f"finding {i}") for i in range(7)}
    six = summary(**dict(list(boxes.items())[:6]))
    assert six.split("; ") == [f"finding {i}" for i in range(6)]
    assert summary(**boxes) == "7 findings to tick"


def test_counted_check_boxes_follow_the_other_controls():
    boxes = {f"f{i}": checkbox(False, f"finding {i}") for i in range(7)}
    gain = float_slider(1.0, 0.0, 4.0, 0.5, "gain", "")
    assert summary(gain=gain, **boxes) == "gain: 0 to 4; 7 findings to tick"
