"""`make instructor`: the full notebooks, the solutions handout and the clinical review table."""

from __future__ import annotations

import html
import re

import make_editions
import pytest
from conftest import ROOT
from make_editions import UnsupportedTeX, author_year, bibliography, tex_to_html


def page_text(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


def plain_lines(markdown: str) -> list[str]:
    """Lines of MyST markdown with no markup in them: they must appear in the page as typed."""
    return [
        line.strip()
        for line in markdown.split("\n")
        if len(line.strip()) > 20 and not re.search(r"[{}$`*_<>\[\]\\|#&\"']", line)
    ]


def test_the_full_notebooks_are_copied_unchanged(instructor_edition, chapters):
    for chapter in chapters:
        copy = instructor_edition / "chapters" / chapter.path.name
        assert copy.read_bytes() == chapter.path.read_bytes()


def test_one_handout_page_per_chapter_made_from_the_chapter_blocks(instructor_edition, chapters):
    handout = instructor_edition / "solutions"
    index = (handout / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in handout.glob("*.html")) == sorted(
        ["index.html"] + [f"{c.stem}.html" for c in chapters]
    )
    for chapter in chapters:
        assert f'href="{chapter.stem}.html"' in index
        markup = (handout / f"{chapter.stem}.html").read_text(encoding="utf-8")
        text = page_text(markup)
        assert f"Solutions: {chapter.title}" in text
        assert markup.count("<h3>Solution</h3>") == len(chapter.solutions)
        chapter_number = int(chapter.stem.split("_")[0])
        for number, exercise in enumerate(chapter.exercises, start=1):
            assert f'<section id="{exercise.label}">' in markup
            assert f"Exercise {chapter_number}.{number} ({exercise.label})" in text
        checked = 0
        for solution in chapter.solutions:
            for line in plain_lines(solution.markdown):
                assert re.sub(r"\s+", " ", line) in text, f"{chapter.stem}: {line!r}"
                checked += 1
        assert checked, f"{chapter.stem}: no solution line was checked"


def test_citations_maths_and_roles_are_rendered(instructor_edition, chapters):
    bib = bibliography(ROOT / "references.bib")
    for page in (instructor_edition / "solutions").glob("*.html"):
        markup = page.read_text(encoding="utf-8")
        for leftover in ("{cite", "{term}", "{ref}", "```", ":class:", ":label:"):
            assert leftover not in markup, f"{page.name}: {leftover}"
        assert "$" not in page_text(markup), f"{page.name}: TeX left unconverted"
        for key in set(re.findall(r'href="#ref-([^"]+)"', markup)):
            assert f'<li id="ref-{key}">' in markup, f"{page.name}: {key} not in its references"
            who, year = author_year(key, bib)
            assert (
                f"{html.escape(who)}, {year}" in markup or f"{html.escape(who)} ({year})" in markup
            )
    chapter_07 = (instructor_edition / "solutions" / "07_treatment.html").read_text("utf-8")
    assert '(<a href="#ref-eltawil2015">El-Tawil et al., 2015</a>)' in chapter_07
    chapter_03 = (instructor_edition / "solutions" / "03_excitability.html").read_text("utf-8")
    assert "φ = 3<sup>(<i>T</i>−6.3)/10</sup>" in chapter_03


def test_pages_are_self_contained_and_offline(instructor_edition):
    for page in instructor_edition.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        assert markup.startswith("<!DOCTYPE html>") and '<html lang="en">' in markup
        assert markup.count("<h1>") == 1, page.name
        assert not re.search(r"<(script|link|img|iframe)\b", markup), page.name
        assert "Education only, not medical advice" in markup
        for href in re.findall(r'href="([^"#]+)"', markup):
            if not href.startswith("http"):
                assert (page.parent / href).resolve().exists(), f"{page.name}: {href}"


def test_the_clinical_review_table_lists_every_rule(instructor_edition):
    from widgets.clinical.specialists import RULES

    review_md = (instructor_edition / "clinical-review.md").read_text(encoding="utf-8")
    review = (instructor_edition / "clinical-review.html").read_text(encoding="utf-8")
    table, made_by = make_editions.triage_table_markdown()
    assert table in review_md
    assert review.count("<tr>") == len(table.splitlines()) - 1  # all but the --- line
    for rule in RULES:
        assert f"<td>{rule.id.replace('_', ' ')}</td>" in review  # rule names in words
    for word in ("Emergency", "same day"):
        assert word.lower() in review.lower()
    assert made_by in (instructor_edition / make_editions.MARKER).read_text()


@pytest.mark.parametrize(
    "tex, expected",
    [
        (r"E_\text{Na}", "<i>E</i><sub>Na</sub>"),
        (r"3^{3} = 27", "3<sup>3</sup> = 27"),
        (
            r"61.5 \times \log_{10}(125/12) \approx +62.6",
            "61.5 × log<sub>10</sub>(125/12) ≈ +62.6",
        ),
        (
            r"S(r) = 1 - e^{-2r^3}",
            "<i>S</i>(<i>r</i>) = 1 − <i>e</i><sup>−2<i>r</i><sup>3</sup></sup>",
        ),
        (r"\frac{a}{2}", "(<i>a</i>)/(2)"),
        (r"0.060\ \text{s}", "0.060 s"),
    ],
)
def test_tex_subset(tex, expected):
    assert tex_to_html(tex) == expected


@pytest.mark.parametrize("tex", [r"\begin{matrix} a \end{matrix}", r"x^", "{a", r"\unknown"])
def test_unsupported_tex_is_refused_and_shown_as_source(tex):
    with pytest.raises(UnsupportedTeX):
        tex_to_html(tex)
    assert make_editions._math_html(tex, display=False).startswith("<code>")


def test_author_year_labels_and_unknown_keys():
    bib = bibliography(ROOT / "references.bib")
    assert author_year("fuglevand1993", bib) == ("Fuglevand et al.", "1993")
    two = next(k for k, e in bib.entries.items() if len(e.persons.get("author", [])) == 2)
    assert " and " in author_year(two, bib)[0]
    with pytest.raises(ValueError, match=r"not in references\.bib"):
        author_year("no_such_key_1900", bib)
