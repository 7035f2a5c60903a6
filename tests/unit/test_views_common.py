"""The control factories and checks every widget uses (:mod:`widgets.ui.common`): what a control
shows, which values a constructor accepts, and how a named case states its values."""

from __future__ import annotations

import pytest

from widgets.ui.common import (
    check_value,
    checkbox,
    dropdown,
    float_slider,
    int_slider,
    scenario,
    toggle,
)


def test_sliders_are_labelled_with_their_unit_and_update_while_dragged():
    flt = float_slider(1.0, 0.0, 2.0, 0.1, "slope", "1/s", fmt=".1f")
    num = int_slider(3, 1, 9, 2, "motor units", "")
    assert flt.description == "slope (1/s)" and num.description == "motor units"
    assert (flt._unit, num._unit) == ("1/s", "")
    assert (flt.min, flt.max, flt.step, flt.value, flt.readout_format) == (
        0.0,
        2.0,
        0.1,
        1.0,
        ".1f",
    )
    assert (num.min, num.max, num.step, num.value) == (1, 9, 2, 3)
    assert flt.continuous_update and num.continuous_update


@pytest.mark.parametrize(
    "make",
    [
        lambda tip: float_slider(1.0, 0.0, 2.0, 0.1, "slope", "1/s", tooltip=tip),
        lambda tip: int_slider(3, 1, 9, 1, "units", "", tooltip=tip),
        lambda tip: dropdown("a", ["a", "b"], "menu", tooltip=tip),
        lambda tip: toggle("a", ["a", "b"], "switch", tooltip=tip),
        lambda tip: checkbox(True, "finding", tooltip=tip),
    ],
    ids=["float_slider", "int_slider", "dropdown", "toggle", "checkbox"],
)
def test_every_control_shows_its_whole_label_and_its_tooltip_if_any(make):
    control = make("what this does")
    assert control.style.description_width == "initial"  # the label is never cut short
    assert control.tooltip == "what this does"
    assert make("").tooltip is None


def test_sliders_and_menus_are_one_width_and_check_boxes_fit_their_label():
    widths = {
        float_slider(1.0, 0.0, 2.0, 0.1, "slope", "1/s").layout.width,
        int_slider(3, 1, 9, 1, "units", "").layout.width,
        dropdown("a", ["a", "b"], "menu").layout.width,
    }
    assert len(widths) == 1 and widths.pop().endswith("px")
    box = checkbox(1, "finding")
    assert box.layout.width == "auto" and box.indent is False and box.value is True


def test_menus_offer_their_options_from_the_given_value():
    menu = dropdown("b", [("first", "a"), ("second", "b")], "menu")
    switch = toggle("b", ["a", "b"], "switch")
    assert (menu.value, menu.label, menu.description) == ("b", "second", "menu")
    assert (switch.value, switch.options, switch.description) == ("b", ("a", "b"), "switch")


SLOPE = float_slider(1.0, 0.0, 2.0, 0.1, "slope", "1/s")
UNITS = int_slider(3, 1, 9, 1, "motor units", "")


@pytest.mark.parametrize(
    ("control", "value", "accepted"),
    [
        (SLOPE, 0, 0.0),
        (SLOPE, 2.0, 2.0),
        (UNITS, 9, 9),
        (UNITS, 4.0, 4),
        (checkbox(False, "x"), True, True),
        (dropdown("a", [("first", "a"), ("second", "b")], "m"), "b", "b"),
        (toggle("a", ["a", "b"], "t"), "a", "a"),
    ],
)
def test_values_in_range_are_accepted_as_the_control_holds_them(control, value, accepted):
    got = check_value("name", control, value)
    assert got == accepted and type(got) is type(accepted)


@pytest.mark.parametrize(
    ("control", "value", "message"),
    [
        (SLOPE, 2.05, r"^slope must be a finite number in \[0, 2\] 1/s \(got 2.05\)$"),
        (SLOPE, -0.1, r"must be a finite number in \[0, 2\] 1/s \(got -0.1\)$"),
        (SLOPE, float("nan"), r"\(got nan\)$"),
        (SLOPE, float("inf"), r"\(got inf\)$"),
        (SLOPE, True, r"\(got True\)$"),
        (SLOPE, "1.0", r"\(got '1.0'\)$"),
        (UNITS, 2.5, r"^slope must be an integer in \[1, 9\] \(got 2.5\)$"),
        (UNITS, 10, r"an integer in \[1, 9\] \(got 10\)$"),
        (checkbox(False, "x"), 1, r"^slope must be True or False \(got 1\)$"),
        (dropdown("a", [("first", "a"), ("second", "b")], "m"), "first", r"\['a', 'b'\]"),
        (toggle("a", ["a", "b"], "t"), "c", r"^slope must be one of \['a', 'b'\] \(got 'c'\)$"),
    ],
)
def test_values_a_control_would_clamp_or_coerce_are_refused_with_name_and_range(
    control, value, message
):
    with pytest.raises(ValueError, match=message):
        check_value("slope", control, value)


def test_a_scenario_name_states_its_values_with_the_given_decimals():
    name, values = scenario(
        "Clonus at {hz} Hz, delay {delay} ms, shift {shift} mV",
        {"delay": 1},
        hz=6.0,
        delay=45,
        shift=-2.5,
        action="push",
    )
    assert name == "Clonus at 6 Hz, delay 45.0 ms, shift \u22122.5 mV"
    assert values == {"hz": 6.0, "delay": 45, "shift": -2.5, "action": "push"}


def test_a_scenario_writes_words_and_switches_as_they_are():
    assert scenario("{action}, reflex {on}", action="push", on=True)[0] == "push, reflex True"
