"""ForceSummation (``widgets.ui.force``): its controls as a reader and the static book see them."""

from __future__ import annotations

import pytest

from widgets.ui import ForceSummation
from widgets.ui.explorable_spec import control_spec


@pytest.fixture(scope="module")
def view():
    return ForceSummation()


def test_the_firing_rate_slider_is_in_whole_hertz(view):
    spec = control_spec("rate_hz", view.controls["rate_hz"])
    assert (spec["label"], spec["unit"], spec["decimals"]) == ("firing rate", "Hz", 0)
    assert (spec["min"], spec["max"], spec["step"]) == (1.0, 100.0, 1.0)


def test_the_contraction_time_slider_is_in_whole_ms_and_starts_at_a_slow_unit(view):
    control = view.controls["contraction_time_ms"]
    spec = control_spec("contraction_time_ms", control)
    assert (spec["label"], spec["unit"], spec["decimals"]) == ("contraction time", "ms", 0)
    assert control.value == 90.0  # a slow unit (fuglevand1993)


def test_the_contraction_time_tooltip_gives_fast_and_slow_units(view):
    tip = view.controls["contraction_time_ms"].tooltip
    assert tip.startswith("time to peak of one twitch")
    assert "~30 ms fast unit" in tip and tip.endswith("~90 ms slow unit")
