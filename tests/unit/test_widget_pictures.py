"""Every widget's picture and description, compared with the reviewed ones (a golden file).

For each registered widget and layout: the initial state and each named scenario, and in the
first layout each control at the ends of its range (one control at a time), are drawn exactly as the book draws them, and
the SHA-256 of its pixels and the description must equal ``golden/widget_pictures.json``. A change to
a model, a view or the drawing code that changes what a reader sees fails here. When the change
is meant, look at the new pictures and update the file:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_widget_pictures.py -n 0

(matplotlib and numpy are pinned, so the bytes are stable between machines.)
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from widgets.book.explorable.draw import draw_state, set_values
from widgets.book.explorable.states import grid
from widgets.ui import WIDGETS
from widgets.ui.explorable_spec import control_spec

GOLDEN = Path(__file__).parent / "golden" / "widget_pictures.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _states(cls, layout: str) -> list[tuple[str, dict]]:
    """(name, values moved from the initial state) of every checked state of ``cls``: the
    initial state and the scenarios in every layout, the ends of each control in the first."""
    view = cls()
    states = [("initial", {})]
    states += [(f"scenario {name}", dict(values)) for name, values in cls.SCENARIOS.items()]
    if layout != cls.LAYOUTS[0]:
        return states
    for name, control in view.controls.items():
        if name == "demo":
            continue
        values = grid(control_spec(name, control))
        ends = [values[0], values[-1]] if len(values) > 1 else values
        states += [(f"{name}={value}", {name: value}) for value in ends]
    return states


CASES = [
    (cls_name, layout, state, moved)
    for cls_name, cls in WIDGETS.items()
    for layout in cls.LAYOUTS
    for state, moved in _states(cls, layout)
]
_VIEWS: dict = {}
_SEEN: dict = {}


def _sha256(pixels: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(pixels).tobytes()).hexdigest()


def _golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.is_file() else {}


def test_the_golden_file_lists_exactly_the_checked_states():
    if UPDATE:
        pytest.skip("updating the golden file")
    keys = {f"{c} {layout} {state}" for c, layout, state, _ in CASES}
    assert set(_golden()) == keys, "run with UPDATE_GOLDEN=1 after adding a widget or control"


@pytest.mark.parametrize(
    ("cls_name", "layout", "state", "moved"),
    CASES,
    ids=[f"{c}-{layout}-{state}" for c, layout, state, _ in CASES],
)
def test_picture_and_description_are_the_reviewed_ones(cls_name, layout, state, moved):
    slot = (cls_name, layout)
    if slot not in _VIEWS:
        view = WIDGETS[cls_name](layout=layout)
        _VIEWS[slot] = (view, dict(view.values))
    view, initial = _VIEWS[slot]
    set_values(view, initial)
    set_values(view, moved)
    pixels, description = draw_state(view)
    key = f"{cls_name} {layout} {state}"
    found = {"pixels_sha256": _sha256(pixels), "description": description}
    if UPDATE:
        golden = _golden()
        golden[key] = found
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        return
    expected = _golden().get(key)
    assert expected is not None, f"{key} is not in {GOLDEN.name}: run with UPDATE_GOLDEN=1"
    assert found["description"] == expected["description"]
    assert found["pixels_sha256"] == expected["pixels_sha256"], f"{key}: the picture changed"
