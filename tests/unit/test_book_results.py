"""widgets.book.results: chapter results as small HTML tables and sentences."""

from __future__ import annotations

import pytest

from widgets.book.results import result_table, result_text


def test_table_has_caption_scoped_headers_and_row_headers():
    html = result_table(
        "Rates <by> current", ["Current", "Rate (Hz)"], [["10", 68], ["20", -86]]
    )._repr_html_()
    assert "<caption>Rates &lt;by&gt; current</caption>" in html
    assert html.count('<th scope="col">') == 2 and html.count('<th scope="row">') == 2
    assert '<th scope="row">10</th><td>68</td>' in html
    assert "<td>\u221286</td>" in html  # a true minus sign
    assert "<th></th>" not in html


def test_table_plain_form_names_every_cell():
    table = result_table("Caption", ["A", "B"], [["x", "1.5"]])
    assert repr(table) == "Caption\nA: x; B: 1.5"


@pytest.mark.parametrize(
    "caption, header, rows",
    [
        ("", ["A"], [["x"]]),
        ("Caption", ["", "B"], [["x", "y"]]),
        ("Caption", ["A", "B"], [["x"]]),
        ("Caption", ["A"], []),
    ],
)
def test_table_refuses_missing_caption_header_or_cells(caption, header, rows):
    with pytest.raises(ValueError):
        result_table(caption, header, rows)


def test_text_is_a_paragraph_or_a_list():
    assert result_text("One & two.")._repr_html_() == '<p class="result-text">One &amp; two.</p>'
    html = result_text("First.", "Second.")._repr_html_()
    assert html == '<ul class="result-text"><li>First.</li><li>Second.</li></ul>'
    assert repr(result_text("First.", "Second.")) == "First.\nSecond."
    with pytest.raises(ValueError):
        result_text()
