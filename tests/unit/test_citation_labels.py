"""The bibliography speaks the citations' language: each entry is labelled with the words its
citations show ("Boron and Boulpaep, 2017"), every such label names one reference, the entries
stand in the order of their labels, a same-author same-year letter ("2012a") is the label's and the
citation's but not the entry's own date, and a numeric edition reads as an ordinal ("3rd edition")."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.richtext import Text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def style():
    return importlib.import_module("citation_style")


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(ROOT / "references.bib"))


@pytest.fixture(scope="module")
def formatted(style, bib):
    """The bibliography as the book prints it (formatted once for every test here)."""
    return list(style.PlainSortedStyle().format_entries(bib.entries.values()))


def _book(key, author, year, title="A title", **fields):
    entry = Entry(
        "book",
        fields={"title": title, "publisher": "P", "year": year, **fields},
        persons={"author": [Person(name) for name in author]},
    )
    entry.key = key
    return entry


def test_every_citation_names_one_reference(style, bib):
    labels = {}
    for key, entry in bib.entries.items():
        labels.setdefault(style.author_year(entry), []).append(key)
    shared = {label: keys for label, keys in labels.items() if len(keys) > 1}
    assert shared == {}, f"citations that would name two references: {shared}"


def test_bibliography_labels_are_the_citation_words(style, bib, formatted):
    for item in formatted:
        assert item.label == style.author_year(bib.entries[item.key]), item.key
    assert not any(item.label.isdigit() for item in formatted)
    boron = next(item for item in formatted if item.key == "boron2017")
    assert boron.label == "Boron and Boulpaep, 2017"
    albanese = next(item for item in formatted if item.key == "albanese2013")
    assert albanese.label == "Albanese et al., 2013"


def test_a_shared_author_year_gets_letters(style):
    entries = [
        _book("a", ["Smith, Ann"], "2001"),
        _book("b", ["Smith, Ann"], "2001"),
        _book("c", ["Jones, Bo"], "2001"),
    ]
    assert list(style.AuthorYearLabels().format_labels(entries)) == [
        "Smith, 2001a",
        "Smith, 2001b",
        "Jones, 2001",
    ]


@pytest.mark.parametrize(
    "edition, words",
    [
        ("3", "3rd"),
        ("1", "1st"),
        ("2", "2nd"),
        ("5", "5th"),
        ("11", "11th"),
        ("12", "12th"),
        ("13", "13th"),
        ("21", "21st"),
        ("Third", "third"),
    ],
)
def test_editions_read_as_ordinals(style, edition, words):
    assert str(style.ordinal(Text(edition))) == words
    data = BibliographyData({"x": _book("x", ["Smith, Ann"], "2001", edition=edition)})
    text = next(style.PlainSortedStyle().format_entries(data.entries.values())).text.render_as(
        "text"
    )
    assert f"{words} edition" in text


def test_no_bare_number_edition_in_the_bibliography(formatted):
    texts = [item.text.render_as("text") for item in formatted]
    assert [t for t in texts if re.search(r"\b\d+ edition", t)] == []
    assert any("3rd edition" in t for t in texts)


def _order(style, entries):
    return [entry.key for entry in style.PlainSortedStyle().sort(entries)]


def test_sorting_folds_accents_in_family_names(style):
    """ "Ríos" sorts as "Rios": after "Rack", before "Ross" (LaTeX accents in references.bib too)."""
    entries = [
        _book("ross", ["Ross, B. H."], "1995"),
        _book("rios", ["R{\\'\\i}os, Eduardo", "Brum, Gustavo"], "1987"),
        _book("rack", ["Rack, P. M. H.", "Ross, H. F.", "Thilmann, A. F."], "1984"),
        _book("roe", ["Ro{\\'e}, Ann"], "2001"),
    ]
    assert _order(style, entries) == ["rack", "rios", "roe", "ross"]


def test_same_first_author_sorts_as_the_labels_read(style):
    """First author's family name (not first names), then the co-authors the label names (alone,
    "and" a second by family name, "et al."), then year: "Casa et al., 2012" before "Casa et al.,
    2015" whoever the second authors are; "Huxley and Hanson" before "Huxley and Niedergerke"."""
    entries = [
        _book("casa2015", ["Casa, Douglas J.", "DeMartini, Julie K.", "others"], "2015"),
        _book(
            "casa2012", ["Casa, Douglas J.", "Guskiewicz, Kevin M.", "Anderson, Scott A."], "2012"
        ),
        _book("casa2009", ["Casa, Douglas J."], "2009"),
        _book("casa2020", ["Casa, Douglas J.", "Zeta, Z."], "2020"),
        _book("huxley1954", ["Huxley, A. F.", "Niedergerke, R."], "1954"),
        _book("huxleyhanson1954", ["Huxley, Hugh", "Hanson, Jean"], "1954"),
    ]
    assert _order(style, entries) == [
        "casa2009",
        "casa2020",
        "casa2012",
        "casa2015",
        "huxleyhanson1954",
        "huxley1954",
    ]


def test_same_label_sorts_undated_first_then_by_year_letter_and_title(style):
    entries = [
        _book("b", ["{NICE}"], "2012b", "A first title"),
        _book("a", ["{NICE}"], "2012a", "Z last title"),
        _book("nd", ["{NICE}"], "n.d.-a"),
        _book("none", ["{NICE}"], ""),
        _book("old", ["{NICE}"], "2009"),
        _book("nih", ["{NIH}"], "1990"),
        _book("norris", ["Norris, F. H."], "1957"),
    ]
    del entries[3].fields["year"]
    assert _order(style, entries) == ["none", "nd", "old", "a", "b", "nih", "norris"]


def test_bibliography_order_of_the_readers_examples(style, bib):
    order = [item.key for item in style.PlainSortedStyle().format_entries(bib.entries.values())]
    for before, after in [
        ("casa2012", "casa2015"),
        ("delacour2018", "delacour2020"),
        ("miller2010", "miller2022"),
        ("millerlayzer2005", "miller2010"),
        ("huxleyhanson1954", "huxley1954"),
        ("rack1984", "rios1987"),
        ("cannon2015", "cannon1993"),
        ("hille2001", "hille1975"),
    ]:
        assert order.index(before) < order.index(after), (before, after)


def test_no_disambiguation_letter_inside_an_entry_body(style):
    entries = [
        _book("a", ["{NICE}"], "2015a", "Diabetic foot", month="August"),
        _book("b", ["{NICE}"], "2015b", "Suspected cancer", month="June"),
        _book("c", ["{NICE}"], "n.d.-a", "Hyperkalaemia"),
    ]
    formatted = {item.key: item for item in style.PlainSortedStyle().format_entries(entries)}
    assert [formatted[key].label for key in "cab"] == [
        "NICE, n.d.-a",
        "NICE, 2015a",
        "NICE, 2015b",
    ]
    assert "August 2015." in formatted["a"].text.render_as("text")
    assert "June 2015." in formatted["b"].text.render_as("text")
    assert "2015a" not in formatted["a"].text.render_as("text")
    assert "n.d.-a" not in formatted["c"].text.render_as("text")
    assert entries[0].fields["year"] == "2015a"  # the entry itself keeps its letter


LETTER_IN_BODY = re.compile(r"\b\d{4}[a-z]\b|n\.d\.-[a-z]\b")


def test_no_disambiguation_letter_in_the_bibliographys_entries(formatted):
    assert any(LETTER_IN_BODY.search(item.label) for item in formatted)
    assert [
        (item.key, item.text.render_as("text"))
        for item in formatted
        if LETTER_IN_BODY.search(item.text.render_as("text"))
    ] == []


def test_in_text_citations_show_their_entrys_label(style, bib, formatted):
    """A citation, "(National Institute for Health and Care Excellence, 2012a)", shows its
    bibliography label letter for letter, so the letter names one reference in both places."""
    from sphinxcontrib.bibtex.style.referencing import format_references
    from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

    info = SphinxReferenceInfo(
        builder=None,
        fromdocname="chapter",
        todocname="references",
        citation_id="id",
        title=None,
        pre_text="",
        post_text="",
    )
    reference_style = style.CourseReferenceStyle()
    mismatched = []
    for item in formatted:
        cited = str(format_references(reference_style, "p", [(bib.entries[item.key], item, info)]))
        if cited != f"({item.label})":
            mismatched.append((cited, item.label))
    assert mismatched == []
    assert any(item.label.endswith("2012a") for item in formatted)
