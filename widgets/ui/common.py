"""The controls of the course widgets: labelled, bounded, keyboard operable, checked.

:func:`float_slider`, :func:`int_slider`, :func:`dropdown`, :func:`toggle` and :func:`checkbox`
make the controls; a slider is labelled ``"description (unit)"`` and keeps its unit, which
:func:`check_value` names when a constructor value is out of range.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as ipw

from widgets.physiology.numbers import number_text

STYLE = {"description_width": "initial"}
LAYOUT = {"width": "380px"}


def _labelled(description: str, unit: str) -> str:
    return f"{description} ({unit})" if unit else description


def _with_unit(control: ipw.ValueWidget, unit: str = "") -> ipw.ValueWidget:
    control._unit = unit
    return control


def float_slider(
    value: float,
    lo: float,
    hi: float,
    step: float,
    description: str,
    unit: str,
    fmt: str = ".2f",
    tooltip: str = "",
) -> ipw.FloatSlider:
    """A bounded float slider labelled ``"description (unit)"``; ``unit`` is kept on the widget."""
    return _with_unit(
        ipw.FloatSlider(
            value=value,
            min=lo,
            max=hi,
            step=step,
            readout_format=fmt,
            description=_labelled(description, unit),
            continuous_update=True,
            style=STYLE,
            layout=ipw.Layout(**LAYOUT),
            tooltip=tooltip or None,
        ),
        unit,
    )


def int_slider(
    value: int, lo: int, hi: int, step: int, description: str, unit: str, tooltip: str = ""
) -> ipw.IntSlider:
    return _with_unit(
        ipw.IntSlider(
            value=value,
            min=lo,
            max=hi,
            step=step,
            description=_labelled(description, unit),
            continuous_update=True,
            style=STYLE,
            layout=ipw.Layout(**LAYOUT),
            tooltip=tooltip or None,
        ),
        unit,
    )


def dropdown(value: Any, options: list, description: str, tooltip: str = "") -> ipw.Dropdown:
    return _with_unit(
        ipw.Dropdown(
            value=value,
            options=options,
            description=description,
            style=STYLE,
            layout=ipw.Layout(**LAYOUT),
            tooltip=tooltip or None,
        )
    )


def toggle(value: Any, options: list, description: str, tooltip: str = "") -> ipw.ToggleButtons:
    return _with_unit(
        ipw.ToggleButtons(
            value=value,
            options=options,
            description=description,
            style=STYLE,
            tooltip=tooltip or None,
        )
    )


def checkbox(value: bool, description: str, tooltip: str = "") -> ipw.Checkbox:
    return _with_unit(
        ipw.Checkbox(
            value=bool(value),
            description=description,
            indent=False,
            style=STYLE,
            layout=ipw.Layout(width="auto"),
            tooltip=tooltip or None,
        )
    )


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
            raise ValueError(
                f"{name} must be {what} in [{control.min:g}, {control.max:g}] {unit} "
                f"(got {value!r})".replace("  ", " ")
            )
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


def scenario(template: str, decimals: dict | None = None, **values: Any) -> tuple[str, dict]:
    """A named case for a widget's ``SCENARIOS``: ``(name, values)`` where the name states the values.

    ``template`` names controls in braces (``"Clonus at {clonus_hz} Hz"``); each number is written
    with ``decimals[name]`` decimals if given, else shortest (``:g``), with a typographic minus.
    Values the template does not name (e.g. a menu choice) are set but not written.
    """

    def text(name: str, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return str(value)
        return number_text(value, f".{decimals[name]}f" if decimals and name in decimals else "g")

    return template.format(**{name: text(name, value) for name, value in values.items()}), values
