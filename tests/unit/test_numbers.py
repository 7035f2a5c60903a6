"""The one number formatter: signs, typographic minus, decimals."""

import pytest

from widgets.physiology.numbers import MINUS, number_text, with_minus


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (-87.34, ".1f", f"{MINUS}87.3"),
        (12.5, "+.1f", "+12.5"),
        (-0.04, "+.1f", "0.0"),
        (-0.0, ".1f", "0.0"),
        (0, "+d", "0"),
        (-3, "+d", f"{MINUS}3"),
        (1.5e-5, "g", "1.5e" + MINUS + "05"),
        (4.0, "g", "4"),
    ],
)
def test_number_text(value, fmt, expected):
    assert number_text(value, fmt) == expected


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "3", True])
def test_number_text_refuses_what_is_not_a_finite_number(bad):
    with pytest.raises(ValueError, match="value must be"):
        number_text(bad, ".1f")


def test_with_minus_changes_negative_numbers_only():
    assert with_minus("from -87 mV to -0.5 mV") == f"from {MINUS}87 mV to {MINUS}0.5 mV"
    assert with_minus("3-5 days, well-known, x-1") == "3-5 days, well-known, x-1"
