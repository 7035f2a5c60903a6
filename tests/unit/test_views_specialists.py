"""SpecialistFinder as the reader meets it: the grouped check boxes live, and the static book's
finder, which evaluates the rules in the page from what ``page_spec()`` gives it."""

from __future__ import annotations

import html
import json
import re

import ipywidgets as ipw
import pytest

from widgets.book.explorable_html import explorable_html
from widgets.clinical.specialists import EDUCATIONAL_NOTICE, FINDINGS
from widgets.figures.style import URGENCY_COLOURS
from widgets.ui.specialists import SpecialistFinder


@pytest.fixture(scope="module")
def finder():
    return SpecialistFinder()


def test_live_check_boxes_sit_under_a_bold_heading_of_their_group():
    box = SpecialistFinder().controls_box()
    seen = [c.value if isinstance(c, ipw.HTML) else c.description for c in box.children]
    expected = []
    for group, items in FINDINGS.items():
        expected += [f"<strong>{html.escape(group)}</strong>", *(label for _, label in items)]
    assert seen == expected


def test_live_findings_column_is_bounded_in_width_in_pixels():
    """Wide enough for the longest labels, narrow enough to leave room for the list beside it."""
    layout = SpecialistFinder().controls_box().layout
    widths = [layout.min_width, layout.max_width]
    assert all(isinstance(w, str) and re.fullmatch(r"\d+px", w) for w in widths), widths
    low, high = (int(w[:-2]) for w in widths)
    assert 0 < low < high


def test_page_spec_names_the_in_page_evaluator_and_its_colours(finder):
    page = finder.page_spec()
    assert page["evaluator"] == "specialist_rules"
    assert page["colours"] == dict(URGENCY_COLOURS)
    assert page["notice"] == EDUCATIONAL_NOTICE


def test_the_books_finder_shows_notice_groups_summary_and_list_of_the_current_findings(finder):
    page = explorable_html(finder.explorable_spec(), "sf")
    assert f"<em>{EDUCATIONAL_NOTICE}</em>" in page
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    assert legends == list(FINDINGS)
    # the boxes of each group are its findings, in the data's order
    fieldsets = re.findall(r'<fieldset class="cx-group">(.*?)</fieldset>', page)
    for (_, items), fieldset in zip(FINDINGS.items(), fieldsets):
        assert re.findall(r'name="([^"]+)"', fieldset) == [fid for fid, _ in items]
    summary = re.search(r'<p class="cx-summary"[^>]*>(.*?)</p>', page).group(1)
    assert summary.startswith("<strong>Most urgent: Same day")  # the swollen red calf
    listed = re.search(r'<div class="cx-list">(.*?)</div>', page).group(1)
    assert listed.startswith("<ol") and listed.count("<li") == len(finder.result.recommendations)
    script = json.loads(re.search(r'class="cx-spec">(.*?)</script>', page).group(1))
    assert script["evaluator"] == "specialist_rules"
    assert script["colours"] == dict(URGENCY_COLOURS)


def test_live_header_shows_the_title_then_the_notice_in_italics(finder):
    header = finder.header_html()
    assert header.startswith(f"<strong>{finder.title}</strong>")
    assert header.endswith(f"<p><em>{EDUCATIONAL_NOTICE}</em></p>")


def _summary_tail(finder, *ticked) -> str:
    result = finder.compute(**dict.fromkeys(ticked, True))
    line = SpecialistFinder.summary_html(result)
    assert line.startswith(
        f"<strong>Most urgent: {result.recommendations[0].urgency_label}</strong>"
    )
    return line.rsplit("</strong> ", 1)[1]


def test_summary_says_when_the_first_recommendation_is_the_only_one(finder):
    assert _summary_tail(finder, "calf_or_foot") == "(the only recommendation)"


def test_summary_counts_the_list_and_the_others_at_the_same_level(finder):
    assert _summary_tail(finder, "calf_or_foot", "night_or_rest") == (
        "(first of 2 recommendations, 2 at this level)"
    )
    assert _summary_tail(finder, "swollen_red_calf") == "(first of 2 recommendations)"


def test_live_list_marks_red_flags_and_names_the_findings_behind_each_item(finder):
    result = finder.compute(swollen_red_calf=True, calf_or_foot=True)
    items = re.findall(r"<li (.*?)</li>", SpecialistFinder.list_html(result))
    assert len(items) == len(result.recommendations)
    for item, rec in zip(items, result.recommendations):
        assert f"solid {URGENCY_COLOURS[rec.urgency]};" in item
        heading = re.search(r"<strong>(.*?)</strong>", item).group(1)
        assert heading.removeprefix(rec.urgency_label) == (" (red flag)" if rec.red_flag else "")
        assert ("because: " in item) == bool(rec.triggered_by)
    assert any(rec.red_flag for rec in result.recommendations)
    assert "because: One calf swollen" in items[0]
