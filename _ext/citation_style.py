"""Author-year citations in one style: "Almond et al., 2005" also when a source's author list is
one name and "others" (BibTeX ``and others``), where sphinxcontrib-bibtex's own style would print
"Almond and others".

Registers the reference style ``author_year_et_al`` (``bibtex_reference_style`` in
``_config.yml``): the library's author-year style with a person style whose names treat a final
"others" as more than two authors. Everything else is the library's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing, first_of, optional, tag
from pybtex.style.template import field as bib_field
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join, node

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
    formatted = [style.person.style_plugin.format(person, style.person.abbreviate) for person in persons]
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
        return names_et_al(role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                           other=None if full else self.other)

    def author_or_editor_or_title(self, full: bool):
        return author_or_editor_or_title_et_al(sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                                               other=None if full else self.other)


@dataclass
class CourseReferenceStyle(AuthorYearReferenceStyle):
    person: PersonStyle = field(default_factory=EtAlPersonStyle)


sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", STYLE,
                                            CourseReferenceStyle)


def setup(app):
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
