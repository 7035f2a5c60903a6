"""`make instructor`: the full notebooks, the solutions handout and the clinical review table."""

from __future__ import annotations

import html
import re

import editions
from conftest import ROOT
from editions import author_year, bibliography
from editions.handout import MATHJAX_FILES, _math_html, vendored_mathjax

from widgets.clinical.red_flags import triage_table_markdown


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
        assert "$" not in page_text(markup), f"{page.name}: maths left in dollar delimiters"
        for key in set(re.findall(r'href="#ref-([^"]+)"', markup)):
            assert f'<li id="ref-{key}">' in markup, f"{page.name}: {key} not in its references"
            who, year = author_year(key, bib)
            assert (
                f"{html.escape(who)}, {year}" in markup or f"{html.escape(who)} ({year})" in markup
            )
    chapter_07 = (instructor_edition / "solutions" / "07_treatment.html").read_text("utf-8")
    assert '(<a href="#ref-eltawil2015">El-Tawil et al., 2015</a>)' in chapter_07
    chapter_03 = (instructor_edition / "solutions" / "03_excitability.html").read_text("utf-8")
    assert '<span class="math">\\(\\phi = 3^{(T-6.3)/10}\\)</span>' in chapter_03


def test_maths_is_left_as_tex_for_the_vendored_mathjax(instructor_edition):
    mathjax = instructor_edition / "mathjax"
    vendored = (vendored_mathjax(ROOT) / MATHJAX_FILES[0]).read_bytes()
    assert (mathjax / MATHJAX_FILES[0]).read_bytes() == vendored  # the book's pinned MathJax
    assert (mathjax / "input/tex/extensions/cancel.js").is_file()  # loaded on demand, offline
    pages_with_maths = 0
    for page in instructor_edition.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script defer src="([^"]+)"></script>', markup)
        if 'class="math"' in markup:
            pages_with_maths += 1
            assert len(scripts) == 1 and (page.parent / scripts[0]).resolve().is_file(), page.name
        else:
            assert not scripts, f"{page.name}: MathJax on a page without maths"
    assert pages_with_maths >= 3


def test_tex_is_escaped_and_delimited_for_mathjax():
    assert _math_html(" a < b_1 ", display=False) == '<span class="math">\\(a &lt; b_1\\)</span>'
    assert _math_html("x^2", display=True) == '<div class="math">\\[x^2\\]</div>'


def test_pages_are_self_contained_and_offline(instructor_edition):
    for page in instructor_edition.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        assert markup.startswith("<!DOCTYPE html>") and '<html lang="en">' in markup
        assert markup.count("<h1>") == 1, page.name
        assert not re.search(r"<(link|img|iframe)\b", markup), page.name
        for script in re.findall(r"<script\b[^>]*>", markup):
            src = re.fullmatch(r'<script defer src="([^"]+)">', script)
            assert src and not src[1].startswith(("http", "//")), f"{page.name}: {script}"
        assert "Education only, not medical advice" in markup
        for href in re.findall(r'href="([^"#]+)"', markup):
            if not href.startswith("http"):
                assert (page.parent / href).resolve().exists(), f"{page.name}: {href}"


def test_the_clinical_review_table_lists_every_rule(instructor_edition):
    from widgets.clinical.specialists import RULES

    review_md = (instructor_edition / "clinical-review.md").read_text(encoding="utf-8")
    review = (instructor_edition / "clinical-review.html").read_text(encoding="utf-8")
    table = triage_table_markdown()
    assert table in review_md
    assert review.count("<tr>") == len(table.splitlines()) - 1  # all but the --- line
    for rule in RULES:
        assert f"<td>{rule.id.replace('_', ' ')}</td>" in review  # rule names in words
    for word in ("Emergency", "same day"):
        assert word.lower() in review.lower()
    made_by = "widgets.clinical.red_flags.triage_table_markdown"
    assert made_by in (instructor_edition / editions.MARKER).read_text()
