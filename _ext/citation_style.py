"""Author-year citations in one style: "Almond et al., 2005" also when a source's author list is
one name and "others" (BibTeX ``and others``), where sphinxcontrib-bibtex's own style would print
"Almond and others".

Registers the reference style ``author_year_et_al`` (``bibtex_reference_style`` in
``_config.yml``): the library's author-year style with a person style whose names treat a final
"others" as more than two authors, and round brackets with semicolons, "(Walsh, 1976; Rack et al.,
1984)", the form the quizzes and the notebook editions use too.

Registers the bibliography style ``plain_sorted`` (``bibtex_default_style``): pybtex's ``plain``
in the order of its labels: the first author's family name with accents folded ("Ríos" as "Rios",
after "Rack") and the braces of corporate authors ("{NHS}") ignored, so that they sort under their
first letter instead of after "Z"; then the other authors as the label names them (one author, then
"and" a second by that name, then "et al."); then the year ("n.d." first, "2012a" before "2012b");
then the title. Each entry is labelled with the text its citations show ("Boron and Boulpaep,
2017", not "[10]"); the letter of a same-author same-year pair ("2012a", from references.bib's year
field, which the in-text citations show too) stays in the label and out of the entry's own date
("NICE guideline, August 2015.", not "August 2015a."); a numeric edition reads as an ordinal ("3rd
edition", not "3 edition").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import FieldIsMissing, first_of, optional, tag, words
from pybtex.style.template import field as bib_field
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join, node, year

STYLE = "author_year_et_al"


def _is_others(person) -> bool:
    return [str(name) for name in person.last_names] == ["others"] and not person.first_names


@node
def names_et_al(children, data, role, sep="", sep2=None, last_sep=None, other=None):
    """The library's ``names`` node, except that "X and others" reads "X et al."."""
    assert not children
    try:
        persons = data["entry"].persons[role]
    except KeyError:
        raise FieldIsMissing(role, data["entry"]) from None
    style = data["style"]
    formatted = [
        style.person.style_plugin.format(person, style.person.abbreviate) for person in persons
    ]
    if other is not None and len(persons) == 2 and _is_others(persons[-1]):
        return Text(formatted[0].format_data(data), other)
    return join(sep=sep, sep2=sep2, last_sep=last_sep, other=other)[formatted].format_data(data)


@node
def author_or_editor_or_title_et_al(children, data, **kwargs):
    assert not children
    return first_of[
        optional[names_et_al("author", **kwargs)],
        optional[names_et_al("editor", **kwargs)],
        tag("em")[bib_field("title")],
    ].format_data(data)


@dataclass
class EtAlPersonStyle(PersonStyle):
    """Person names with "et al." for a final "others"."""

    def names(self, role: str, full: bool):
        return names_et_al(
            role=role,
            sep=self.sep,
            sep2=self.sep2,
            last_sep=self.last_sep,
            other=None if full else self.other,
        )

    def author_or_editor_or_title(self, full: bool):
        return author_or_editor_or_title_et_al(
            sep=self.sep,
            sep2=self.sep2,
            last_sep=self.last_sep,
            other=None if full else self.other,
        )


def _round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class CourseReferenceStyle(AuthorYearReferenceStyle):
    person: PersonStyle = field(default_factory=EtAlPersonStyle)
    bracket_parenthetical: BracketStyle = field(default_factory=_round_brackets)
    bracket_textual: BracketStyle = field(default_factory=_round_brackets)


# A year with the letter that tells apart one author's works of one year: "2012a", "n.d.-b".
LETTERED_YEAR = re.compile(r"(?P<year>\d{4}|n\.d\.)-?(?P<letter>[a-z])")
_PLAIN_TEXT = PlainTextBackend()  # render_as("text") would look the backend up each time: slow
_LIGATURES = str.maketrans(
    {
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)


def fold(text: str) -> str:
    """TEXT (LaTeX from references.bib) as a sort key: braces and accents gone, case folded,
    "R{\\'\\i}os" -> "rios", "{NHS}" -> "nhs"."""
    plain = Text.from_latex(str(text)).render(_PLAIN_TEXT).translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", plain)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def family_name(person) -> str:
    return fold(" ".join(person.prelast_names + person.last_names))


def _label_persons(entry):
    """The people a citation of ENTRY names: its authors, else its editors (as the label does)."""
    return entry.persons.get("author") or entry.persons.get("editor") or []


def year_key(year: str) -> tuple:
    """ "n.d." (also a missing year) before dated works, then by year and letter; anything else
    ("in press") last."""
    match = LETTERED_YEAR.fullmatch(year) or re.fullmatch(
        r"(?P<year>\d{4}|n\.d\.)", year or "n.d."
    )
    if match is None:
        return (2, year.casefold(), "")
    letter = match.groupdict().get("letter") or ""
    return (0, "", letter) if match["year"] == "n.d." else (1, match["year"], letter)


class BraceFreeSorting(BaseSortingStyle):
    """The bibliography in the order of its labels ("Casa et al., 2012" before "Casa et al.,
    2015"): first author's family name (accents folded, corporate braces ignored), then the other
    authors as the label names them (none; "and" a second, by family name; "et al."), then year,
    then title. An entry with neither author nor editor sorts by its title, which its label shows."""

    def sorting_key(self, entry):
        persons = _label_persons(entry)
        title = fold(entry.fields.get("title", ""))
        if not persons:
            first, others = title, (0,)
        else:
            first = family_name(persons[0])
            if len(persons) == 1:
                others = (0,)
            elif len(persons) == 2 and not _is_others(persons[1]):
                others = (1, family_name(persons[1]))
            else:
                others = (2,)
        return first, others, year_key(entry.fields.get("year", "")), title


def author_year(entry) -> str:
    """The words a parenthetical citation of ENTRY shows inside its brackets: "Rack et al., 1984"."""
    style = SimpleNamespace(person=EtAlPersonStyle())
    label = join(sep=", ")[style.person.author_or_editor_or_title(full=False), year]
    return label.format_data({"entry": entry, "style": style}).render(_PLAIN_TEXT)


class AuthorYearLabels(BaseLabelStyle):
    """Bibliography labels in the citations' own words; a label two entries would share gets
    "a", "b" (the unit tests keep the bibliography free of such pairs)."""

    def format_labels(self, sorted_entries):
        labels = [author_year(entry) for entry in sorted_entries]
        counts, seen = Counter(labels), Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                label += "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            yield label


def ordinal(edition):
    """An edition field as an ordinal: "3" -> "3rd", "21" -> "21st"; a word ("Third") in lower case."""
    if not str(edition).isdigit():
        return edition.lower()
    number = int(str(edition))
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return Text(f"{number}{suffix}")


def without_year_letter(entry):
    """ENTRY itself, or, when its year carries a same-author same-year letter ("2012a"), a copy
    whose year is the date alone ("2012"): the letter is the label's, not the entry's date."""
    match = LETTERED_YEAR.fullmatch(entry.fields.get("year", ""))
    if match is None:
        return entry
    copy = Entry(entry.original_type, fields=entry.fields, persons=entry.persons)
    copy.fields["year"] = match["year"]
    copy.key = entry.key
    return copy


class PlainSortedStyle(PlainStyle):
    default_sorting_style = "brace_free"
    default_label_style = "author_year"

    def format_entry(self, label, entry, bib_data=None):
        return super().format_entry(label, without_year_letter(entry), bib_data=bib_data)

    def format_edition(self, e):
        return optional[words[bib_field("edition", apply_func=ordinal), "edition"]]


sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", STYLE, CourseReferenceStyle
)
pybtex.plugin.register_plugin("pybtex.style.sorting", "brace_free", BraceFreeSorting)
pybtex.plugin.register_plugin("pybtex.style.labels", "author_year", AuthorYearLabels)
pybtex.plugin.register_plugin("pybtex.style.formatting", "plain_sorted", PlainSortedStyle)


def setup(app):
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
