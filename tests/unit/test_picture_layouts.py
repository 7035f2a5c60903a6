"""Every explorable picture reads on a phone and on a laptop (issue 21): in the phone layout the
picture is at most PHONE_WIDTH_IN wide with no text under PHONE_MIN_FONT_PT (so at least 9 CSS px
on a 390-px screen); in every layout no two labels overlap and none runs off the picture. Checked
in the starting state and in every named scenario of each widget."""

from __future__ import annotations

import pytest

from widgets.book.explorable.draw import draw_state, set_values
from widgets.figures.render import PNG_DPI
from widgets.figures.text import recording_text
from widgets.ui import WIDGETS
from widgets.ui.base import PHONE_MIN_FONT_PT, PHONE_WIDTH_IN

PICTURED = [cls for cls in WIDGETS.values() if not getattr(cls, "EXPLORABLE_IN_PAGE", False)]
CASES = [(cls, layout) for cls in PICTURED for layout in cls.LAYOUTS]


def _states(cls) -> list[tuple[str, dict]]:
    return [("start", {})] + list((cls.SCENARIOS or {}).items())


def _drawn(view, values: dict):
    set_values(view, values)
    with recording_text() as text:
        draw_state(view)
    return text


@pytest.mark.parametrize("cls", PICTURED, ids=lambda c: c.__name__)
def test_every_pictured_widget_has_a_phone_layout(cls):
    assert "phone" in cls.LAYOUTS, f"{cls.__name__} draws no phone layout"


@pytest.mark.parametrize("cls,layout", CASES, ids=lambda c: getattr(c, "__name__", c))
def test_labels_do_not_overlap_or_run_off(cls, layout):
    view = cls(layout=layout)
    start = dict(view.values)
    for name, values in _states(cls):
        set_values(view, start)
        text = _drawn(view, values)
        assert not text.overlaps(), (
            f"{cls.__name__} {layout} '{name}': overlapping labels {text.overlaps()}"
        )
        assert not text.clipped, (
            f"{cls.__name__} {layout} '{name}': text off the picture {text.clipped}"
        )


@pytest.mark.parametrize(
    "cls", [c for c in PICTURED if "phone" in c.LAYOUTS], ids=lambda c: c.__name__
)
def test_phone_picture_is_narrow_with_large_enough_text(cls):
    view = cls(layout="phone")
    width_in, _ = view.figure.get_size_inches()
    assert width_in <= PHONE_WIDTH_IN + 1e-9
    start = dict(view.values)
    for name, values in _states(cls):
        set_values(view, start)
        text = _drawn(view, values)
        label, size_px = text.smallest()
        size_pt = size_px * 72.0 / PNG_DPI  # the book draws at PNG_DPI (the live view at another)
        assert size_pt >= PHONE_MIN_FONT_PT - 1e-6, (
            f"{cls.__name__} '{name}': {label!r} at {size_pt:.1f} pt"
        )
