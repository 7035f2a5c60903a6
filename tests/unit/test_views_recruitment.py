"""MotorUnitRecruitment (``widgets.ui.recruitment``): its control as a reader and the static book
see it."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

from widgets.ui import MotorUnitRecruitment
from widgets.ui.explorable_spec import control_spec


@pytest.fixture(scope="module")
def view():
    return MotorUnitRecruitment()


def test_excitation_is_a_whole_percentage_of_maximum_in_steps_of_five(view):
    control = view.controls["excitation_pct"]
    spec = control_spec("excitation_pct", control)
    assert isinstance(control, ipw.IntSlider) and control.value == 30
    assert (spec["label"], spec["unit"]) == ("excitation", "% of maximum")
    assert (spec["min"], spec["max"], spec["step"]) == (0, 100, 5)


def test_the_excitation_tooltip_says_what_full_excitation_means(view):
    tip = view.controls["excitation_pct"].tooltip
    assert tip.startswith("drive to the motor-neuron pool")
    assert tip.endswith("100 % brings every unit to its peak rate")
