"""The bibliography speaks the citations' language: each entry is labelled with the words its
citations show ("Boron and Boulpaep, 2017"), every such label names one reference, and a numeric
edition reads as an ordinal ("3rd edition")."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.richtext import Text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def style():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        return importlib.import_module("citation_style")
    finally:
        sys.path.remove(str(ROOT / "_ext"))


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(ROOT / "references.bib"))


def _book(key, author, year, **fields):
    entry = Entry("book", fields={"title": "A title", "publisher": "P", "year": year, **fields},
                  persons={"author": [Person(name) for name in author]})
    entry.key = key
    return entry


def test_every_citation_names_one_reference(style, bib):
    labels = {}
    for key, entry in bib.entries.items():
        labels.setdefault(style.author_year(entry), []).append(key)
    shared = {label: keys for label, keys in labels.items() if len(keys) > 1}
    assert shared == {}, f"citations that would name two references: {shared}"


def test_bibliography_labels_are_the_citation_words(style, bib):
    formatted = list(style.PlainSortedStyle().format_entries(bib.entries.values()))
    for item in formatted:
        assert item.label == style.author_year(bib.entries[item.key]), item.key
    assert not any(item.label.isdigit() for item in formatted)
    boron = next(item for item in formatted if item.key == "boron2017")
    assert boron.label == "Boron and Boulpaep, 2017"
    albanese = next(item for item in formatted if item.key == "albanese2013")
    assert albanese.label == "Albanese et al., 2013"


def test_a_shared_author_year_gets_letters(style):
    entries = [_book("a", ["Smith, Ann"], "2001"), _book("b", ["Smith, Ann"], "2001"),
               _book("c", ["Jones, Bo"], "2001")]
    assert list(style.AuthorYearLabels().format_labels(entries)) == [
        "Smith, 2001a", "Smith, 2001b", "Jones, 2001"]


@pytest.mark.parametrize("edition, words", [("3", "3rd"), ("1", "1st"), ("2", "2nd"), ("5", "5th"),
                                            ("11", "11th"), ("12", "12th"), ("13", "13th"),
                                            ("21", "21st"), ("Third", "third")])
def test_editions_read_as_ordinals(style, edition, words):
    assert str(style.ordinal(Text(edition))) == words
    data = BibliographyData({"x": _book("x", ["Smith, Ann"], "2001", edition=edition)})
    text = next(style.PlainSortedStyle().format_entries(data.entries.values())).text.render_as("text")
    assert f"{words} edition" in text


def test_no_bare_number_edition_in_the_bibliography(style, bib):
    texts = [item.text.render_as("text") for item in style.PlainSortedStyle().format_entries(bib.entries.values())]
    assert [t for t in texts if re.search(r"\b\d+ edition", t)] == []
    assert any("3rd edition" in t for t in texts)
