"""The style helpers of the widgets' phone pictures (issue 21): phone text sizes, y labels that stay
put when the tick labels widen, and titles that keep a fixed number of lines."""

from __future__ import annotations

import matplotlib as mpl
import pytest

from widgets.figures.style import PHONE_RC, course_style, fixed_lines, fixed_ylabel, new_figure
from widgets.ui.base import PHONE_MIN_FONT_PT


def test_phone_style_sets_small_but_readable_text_and_wide_keeps_the_course_style():
    with course_style("wide"):
        wide = mpl.rcParams["font.size"]
    with course_style("phone"):
        phone = {k: mpl.rcParams[k] for k in PHONE_RC}
    assert phone["font.size"] < wide
    assert min(phone.values()) >= PHONE_MIN_FONT_PT


@pytest.mark.parametrize(
    "text,width,expected",
    [
        ("short title", 20, "\nshort title"),
        (
            "cramp: firing outlasts the drive by 5.5 s",
            36,
            "cramp:\nfiring outlasts the drive by 5.5 s",
        ),
        ("no colon in this rather long headline", 20, "no colon in this\nrather long headline"),
        ("kept as it is: no width", None, "kept as it is: no width"),
    ],
)
def test_fixed_lines_breaks_after_the_colon_or_between_words_into_two_lines(text, width, expected):
    assert fixed_lines(text, width) == expected


def test_fixed_lines_gives_the_number_of_lines_asked_for():
    assert fixed_lines("one", 10, n_lines=3).split("\n") == ["", "", "one"]


def _label_right_edge(fig, ax) -> float:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    return ax.yaxis.label.get_window_extent().x1


def test_fixed_ylabel_stays_put_when_wider_tick_labels_arrive():
    with course_style("wide"):
        fig, ax = new_figure(4.0, 3.0)
        ax.set_ylabel("force (N)")
        fixed_ylabel(ax, 40)
        ax.set_ylim(0, 4)
        narrow = _label_right_edge(fig, ax)
        fig.set_layout_engine(None)  # as a live view's layout, frozen after the first frame
        ax.set_ylim(0, 4000)
        wide = _label_right_edge(fig, ax)
    assert wide == pytest.approx(narrow, abs=0.5)
    assert ax.get_window_extent().x0 - wide == pytest.approx(40 * fig.dpi / 72, abs=1.0)
