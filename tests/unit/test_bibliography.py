"""references.bib: complete journal references, real keys everywhere, no notes to ourselves.

- Every @article names its authors, title, journal, year, volume and pages, and has a well-formed
  DOI unless it is on the short, commented list below.
- Every key cited anywhere the reader can reach (chapter cells, book pages, widget data, quizzes)
  is an entry of references.bib.
- No field of any entry holds an editorial note (the pattern of test_student_text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file
from test_student_text import EDITORIAL

ROOT = Path(__file__).resolve().parents[2]
BIB = parse_file(str(ROOT / "references.bib"))  # pybtex refuses duplicate keys
ARTICLES = {key: entry for key, entry in BIB.entries.items() if entry.type == "article"}

ARTICLE_FIELDS = ("title", "journal", "year", "volume", "pages")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")

# @article entries without a DOI, and why. Remove a key as soon as its DOI is confirmed.
NO_DOI = {
    # The journal assigns no DOI to these articles.
    "allen2012": "American Family Physician",
    "carroll2003": "American Family Physician",
    "coppin2005": "British Journal of General Practice, 2005",
    "jose2005": "British Journal of General Practice, 2005",
    "swaminathan2003": "Clinical Biochemist Reviews (published without DOIs)",
    # A DOI probably exists, but no publisher, PubMed or journal record of it could be found;
    # volume and pages are confirmed, and the DOI is left out rather than guessed.
    "adrian1974": "J Physiol 1974",
    "bowery1980": "Nature 1980",
    "cannon1993": "Biophys J 1993",
    "connolly1992": "Arch Intern Med 1992",
    "cooper2008": "BMJ 2008",
    "delcastillo1954": "J Physiol 1954",
    "frankenhaeuser1957": "J Physiol 1957",
    "gladden2004": "J Physiol 2004",
    "hodgkin1948": "J Physiol 1948",
    "hurwitz1987": "JAMA 1987",
    "koch1992": "Science 1992",
    "liddell1924": "Proc R Soc B 1924",
    "millerlayzer2005": "Muscle Nerve 2005",
    "minetto2009": "J Neurophysiol 2009",
    "minetto2013": "Exerc Sport Sci Rev 2013",
    "norris1957": "Electroencephalogr Clin Neurophysiol 1957",
    "rack1984": "Brain 1984",
    "tucker2010": "Curr Rev Musculoskelet Med 2010",
    "weiner1998": "J Am Soc Nephrol 1998",
    "howells2012": "J Physiol 2012",
    "mogyoros1996": "Brain 1996",
    "serrao2000": "Clin Neuropharmacol 2000",
    "hidler1999": "IEEE Trans Rehabil Eng 1999",
    "maganaris2000": "Eur J Appl Physiol 2000",
    "wallace2005": "J Appl Physiol 2005",
}

CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
# Values of these keys in widgets/data/*.json are references.bib keys (or lists of them).
SOURCE_FIELD = re.compile(r"^(?:source|sources|.*_key)$")
NOT_A_KEY = {"lab-typical"}  # reference_ranges.json: a typical laboratory range, no single source


def _cite_role_keys(text: str) -> set[str]:
    return {
        key.strip()
        for m in CITE_ROLE.finditer(text)
        for key in m.group(1).split(",")
        if key.strip()
    }


def _json_keys(node, field: str | None = None) -> set[str]:
    keys: set[str] = set()
    if isinstance(node, dict):
        for name, value in node.items():
            keys |= _json_keys(value, name)
    elif isinstance(node, list):
        for value in node:
            keys |= _json_keys(value, field)
    elif isinstance(node, str):
        keys |= _cite_role_keys(node)
        if field is not None and SOURCE_FIELD.match(field):
            keys.add(node)
    return keys - NOT_A_KEY


def cited_keys() -> dict[str, set[str]]:
    """Every cited key, with the files that cite it."""
    where: dict[str, set[str]] = {}

    def add(keys, path):
        for key in keys:
            where.setdefault(key, set()).add(path.relative_to(ROOT).as_posix())

    for path in sorted(ROOT.glob("chapters/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            add(_cite_role_keys(source), path)
    for path in sorted([*ROOT.glob("*.md"), *ROOT.glob("chapters/*.md")]):
        if path.name != "README.md":  # the developer guide shows the role with a dummy key
            add(_cite_role_keys(path.read_text(encoding="utf-8")), path)
    for path in sorted(
        [*ROOT.glob("widgets/data/*.json"), *ROOT.glob("widgets/book/quizzes/*.json")]
    ):
        add(_json_keys(json.loads(path.read_text(encoding="utf-8"))), path)
    return where


def test_citations_are_found():
    where = cited_keys()
    assert {"eltawil2015", "minetto2009", "garrison2020"} <= set(where)
    assert any(p.startswith("chapters/") for p in where["eltawil2015"])
    assert any(p.startswith("widgets/data/") for p in where["eltawil2015"])


def test_every_cited_key_is_in_the_bibliography():
    missing = {key: sorted(paths) for key, paths in cited_keys().items() if key not in BIB.entries}
    assert not missing, "cited but not in references.bib: " + "; ".join(
        f"{key} (in {', '.join(paths)})" for key, paths in sorted(missing.items())
    )


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_article_is_complete(key):
    entry = ARTICLES[key]
    missing = [f for f in ARTICLE_FIELDS if not entry.fields.get(f, "").strip()]
    if not entry.persons.get("author"):
        missing.insert(0, "author")
    assert not missing, f"@article{{{key}}} lacks {', '.join(missing)}"
    assert re.fullmatch(r"1[5-9]\d\d|20\d\d", entry.fields["year"]), entry.fields["year"]


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_article_has_a_doi_or_a_reason(key):
    doi = ARTICLES[key].fields.get("doi", "")
    if key in NO_DOI:
        assert not doi, f"{key} now has a DOI: remove it from NO_DOI"
    else:
        assert DOI.match(doi), f"@article{{{key}}}: DOI missing or malformed ({doi!r})"


def test_no_doi_list_names_only_articles():
    assert set(NO_DOI) <= set(ARTICLES), set(NO_DOI) - set(ARTICLES)


def test_dois_are_unique():
    seen: dict[str, str] = {}
    for key, entry in BIB.entries.items():
        doi = entry.fields.get("doi", "").lower()
        if doi:
            assert doi not in seen, f"{key} and {seen[doi]} share the DOI {doi}"
            seen[doi] = key


def test_no_field_holds_an_editorial_note():
    hits = []
    for key, entry in BIB.entries.items():
        values = dict(entry.fields)
        values.update(
            {role: " and ".join(str(p) for p in people) for role, people in entry.persons.items()}
        )
        hits += [
            f"{key}.{name}: {m.group(0)!r}"
            for name, value in values.items()
            for m in EDITORIAL.finditer(value)
        ]
    assert not hits, "editorial notes in references.bib:\n" + "\n".join(hits)


def test_checks_can_fail(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text(
        "@article{x, author={A, B}, title={T}, journal={J}, year={2001},"
        " note={page range to be checked}}\n",
        encoding="utf-8",
    )
    entry = parse_file(str(bad)).entries["x"]
    assert [f for f in ARTICLE_FIELDS if f not in entry.fields] == ["volume", "pages"]
    assert EDITORIAL.search(entry.fields["note"])
    assert _json_keys({"source": "nokey2099", "x": "see {cite:p}`a, b`"}) == {
        "nokey2099",
        "a",
        "b",
    }
    assert not DOI.match("doi:10.1000/x") and DOI.match("10.1000/x")


# --- one citation style, and every label identifies one reference (issue 19) --------------------


def citation_label(entry) -> str:
    """The author-year label the book prints for ``entry`` (``_ext/citation_style.py``): one or two
    last names, or the first with "et al." (also for "X and others"), then the year or "n.d."."""
    persons = entry.persons.get("author", [])
    names = [" ".join(str(n) for n in p.last_names).strip("{}") for p in persons]
    others = bool(names) and names[-1] == "others"
    if not names:
        who = entry.fields["title"]
    elif len(names) > 2 or others:
        who = f"{names[0]} et al."
    else:
        who = " and ".join(names)
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


def test_every_citation_label_identifies_one_reference():
    seen: dict[str, list[str]] = {}
    for key, entry in BIB.entries.items():
        seen.setdefault(citation_label(entry), []).append(key)
    shared = {label: keys for label, keys in seen.items() if len(keys) > 1}
    assert not shared, shared
    assert citation_label(BIB.entries["delacour2018"]) == "Delacour et al., 2018"
    assert citation_label(BIB.entries["nice2019stroke"]) != citation_label(
        BIB.entries["nice2019neuro"]
    )


def test_same_author_same_year_labels_are_lettered_in_title_order():
    """APA style: 2019a, 2019b ... in the order of the titles."""
    groups: dict[tuple, list] = {}
    for entry in BIB.entries.values():
        year = entry.fields.get("year", "")
        match = re.fullmatch(r"(\d{4}|n\.d\.-)([a-z])", year)
        if match:
            who = citation_label(entry).rsplit(", ", 1)[0]
            groups.setdefault((who, match.group(1)), []).append(
                (match.group(2), entry.fields["title"].lower())
            )
    assert groups
    for lettered in groups.values():
        letters = [letter for letter, _ in sorted(lettered, key=lambda pair: pair[1])]
        assert letters == [chr(ord("a") + i) for i in range(len(letters))], lettered


def test_quiz_citations_use_the_books_author_year_style():
    """Quizzes are HTML without citation roles: they cite as "(Author et al., 2009)" or
    "Author et al. (2009)", the book's style; never "Author 2009", "and others" or "(Cochrane 2020)"."""
    quizzes = (ROOT / "widgets" / "book" / "quizzes").glob("*.json")
    bad = []
    for path in quizzes:
        text = path.read_text(encoding="utf-8")
        bad += [
            f"{path.name}: {m.group(0)}"
            for m in re.finditer(
                r"[A-Za-z.] (?:19|20)\d\d\b(?!\))|\band others\b|\((?:Cochrane|NHS|NICE)\)|\(Cochrane \d{4}\)",
                text,
            )
        ]
    assert not bad, bad
