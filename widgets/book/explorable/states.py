"""The states of an explorable figure: every picture a reader can reach, and its cache key.

:func:`enumerate_states` lists them from a spec (``initial``, one control at a time on its
:func:`grid`, the named scenarios); :func:`state_digest` is a state's key in the picture cache,
a hash of the code the widget runs, the widget and the state's values.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from widgets.ui.explorable_spec import canonical


def grid(control: dict) -> list:
    """Every value a control can take in the static book, in order (a slider's step grid)."""
    kind = control["kind"]
    if kind == "checkbox":
        return [False, True]
    if kind == "select":
        return [value for _, value in control["options"]]
    lo, hi, step = control["min"], control["max"], control["step"]
    if not step > 0 or hi < lo:
        raise ValueError(f"control {control['name']!r}: bad range [{lo}, {hi}] step {step}")
    n = int(math.floor((hi - lo) / step + 1e-9)) + 1
    if control.get("integer"):
        return [int(round(lo + i * step)) for i in range(n)]
    return [round(lo + i * step, 10) for i in range(n)]


def same_value(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
            return a == b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def index_of(control: dict, value) -> int | None:
    """Position of ``value`` on the control's grid, or None if it is not on it."""
    for i, v in enumerate(grid(control)):
        if same_value(v, value):
            return i
    return None


@dataclass(frozen=True)
class State:
    """One picture: its key in the page, the full values, and the values it is reached from."""

    key: str
    values: dict
    base: dict
    control: str | None = None  # the control that is swept (None: the base itself is drawn)


def enumerate_states(spec: dict) -> list[State]:
    """Every state of a figure: ``initial``, ``<control>-<index>`` and ``scenario-<k>``.

    ``<index>`` is the position on the control's grid (:func:`grid`); a state equal to the initial
    one is not repeated (the page shows ``initial``). A figure evaluated in the page has none.
    """
    if spec.get("page"):
        return []
    initial = dict(spec["initial"])
    out = [State("initial", initial, initial)]
    for control in spec["controls"]:
        name = control["name"]
        base = {**initial, **spec.get("context", {}).get(name, {})}
        for i, value in enumerate(grid(control)):
            values = {**base, name: value}
            if all(same_value(values[k], initial[k]) for k in initial):
                continue
            out.append(State(f"{name}-{i}", values, base, name))
    for k, scenario in enumerate(spec.get("scenarios", [])):
        values = {**initial, **scenario["values"]}
        out.append(State(f"scenario-{k}", values, values))
    return out


def state_digest(code: str, widget: str, values: dict, layout: str = "wide") -> str:
    """A state's name in the picture cache: a hash of the widget's code (``code``, from
    :func:`~widgets.book.digest.widget_code_digest`), the widget, its values and (other than the
    wide picture) the layout it is drawn in."""
    suffix = "" if layout == "wide" else f"\n{layout}"
    return hashlib.sha256(f"{code}\n{widget}\n{canonical(values)}{suffix}".encode()).hexdigest()[
        :32
    ]


def layouts_of(spec: dict) -> list[str]:
    """The layouts a figure's pictures are drawn in ("wide" first; "phone" where the widget has one)."""
    return list(spec.get("layouts") or ["wide"])


def picture_name(key: str, layout: str) -> str:
    """The file a state's picture has in the built site: ``<key>.webp`` or ``<key>.phone.webp``."""
    return f"{key}.webp" if layout == "wide" else f"{key}.{layout}.webp"
