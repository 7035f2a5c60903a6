"""The instructor edition: the full notebooks, a solutions handout (one page per chapter) and
the clinical review table of the triage rules."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from editions.chapters import MARKER, ROOT, Chapter, Solution, fresh_dir, load_chapters
from editions.handout import MATHJAX_DIR, HandoutRenderer, bibliography, copy_mathjax, page
from widgets.clinical.red_flags import triage_table_markdown


def solutions_page(chapter: Chapter, bib, nav: str) -> str:
    renderer = HandoutRenderer(bib)
    by_label: dict[str, list[Solution]] = {}
    for solution in chapter.solutions:
        by_label.setdefault(solution.label, []).append(solution)
    parts = []
    numbers = chapter.exercise_numbers()
    for exercise in chapter.exercises:
        heading = (
            f"Exercise {numbers[exercise.label]}" if exercise.label in numbers else "Exercise"
        )
        if exercise.title:
            heading += f": {renderer.inline(exercise.title)}"
        parts.append(
            f'<section id="{html.escape(exercise.label)}">\n<h2>{heading} '
            f'<span class="label">({html.escape(exercise.label)})</span></h2>'
        )
        if exercise.body:
            parts.append(f'<div class="exercise">{renderer.markdown(exercise.body)}</div>')
        found = by_label.get(exercise.label, [])
        for solution in found:
            parts.append('<h3>Solution</h3>\n<div class="solution">')
            for kind, text in solution.parts:
                parts.append(
                    renderer.markdown(text)
                    if kind == "markdown"
                    else f"<pre><code>{html.escape(text)}</code></pre>"
                )
            parts.append("</div>")
        if not found:
            parts.append("<p><em>No solution is given in the chapter.</em></p>")
        parts.append("</section>")
    loose = by_label.get("", [])
    if loose:
        parts.append("<section><h2>Further solution material</h2>")
        for solution in loose:
            for kind, text in solution.parts:
                parts.append(
                    renderer.markdown(text)
                    if kind == "markdown"
                    else f"<pre><code>{html.escape(text)}</code></pre>"
                )
        parts.append("</section>")
    if not chapter.exercises and not loose:
        parts.append("<p>This chapter has no exercises.</p>")
    parts.append(renderer.references())
    return page(f"Solutions: {chapter.title}", "\n".join(parts), nav, mathjax=f"../{MATHJAX_DIR}")


REVIEW_INTRO = (
    "Every rule of the specialist finder (chapter 9) on one table, for review by a clinician: "
    "the findings that make it fire, its urgency, who to see, and the guideline that sets the "
    "urgency. The rules are data (`widgets/data/specialist_rules.json`); this table is made from "
    "them, so it always shows what the course teaches. The engine is a teaching device, not a "
    "triage tool."
)


def make_instructor(out: Path, root: Path = ROOT) -> Path:
    chapters = load_chapters(root)
    bib = bibliography(root / "references.bib")
    out = fresh_dir(out)
    (out / "chapters").mkdir()
    for chapter in chapters:
        shutil.copy2(chapter.path, out / "chapters" / chapter.path.name)
    handout = out / "solutions"
    handout.mkdir()
    index_items = []
    for i, chapter in enumerate(chapters):
        before, after = chapters[i - 1] if i > 0 else None, chapters[i + 1 : i + 2]
        prev_link = (
            f'<a href="{before.stem}.html">← {html.escape(before.title)}</a>' if before else ""
        )
        next_link = "".join(f'<a href="{c.stem}.html">{html.escape(c.title)} →</a>' for c in after)
        nav = f'<nav><a href="index.html">All chapters</a>{prev_link}{next_link}</nav>'
        (handout / f"{chapter.stem}.html").write_text(
            solutions_page(chapter, bib, nav), encoding="utf-8"
        )
        count = len(chapter.exercises)
        index_items.append(
            f'<li><a href="{chapter.stem}.html">{html.escape(chapter.title)}</a> '
            f"({count} exercise{'s' if count != 1 else ''})</li>"
        )
    index_body = (
        "<p>The solutions of every chapter's exercises, taken from the chapters "
        "themselves (where students see them folded away).</p>\n<ul>\n"
        + "\n".join(index_items)
        + "\n</ul>\n"
        '<p>See also the <a href="../clinical-review.html">clinical review table of the '
        "triage rules</a>.</p>"
    )
    (handout / "index.html").write_text(page("Cramp Lab: solutions", index_body), "utf-8")

    copy_mathjax(out, root)
    table = triage_table_markdown()
    review_md = f"# Clinical review: the triage rules\n\n{REVIEW_INTRO}\n\n{table}\n"
    (out / "clinical-review.md").write_text(review_md, encoding="utf-8")
    renderer = HandoutRenderer(bib)
    review_body = renderer.markdown(f"{REVIEW_INTRO}\n\n{table}") + renderer.references()
    nav = '<nav><a href="index.html">Instructor edition</a></nav>'
    (out / "clinical-review.html").write_text(
        page(
            "Clinical review: the triage rules", review_body, nav, wide=True, mathjax=MATHJAX_DIR
        ),
        encoding="utf-8",
    )

    chapter_items = "\n".join(
        f'<li><a href="chapters/{c.path.name}">{html.escape(c.title)}</a></li>' for c in chapters
    )
    (out / "index.html").write_text(
        page(
            "Cramp Lab: instructor edition",
            (
                '<ul>\n<li><a href="solutions/index.html">Solutions handout</a> (one page per chapter)'
                '</li>\n<li><a href="clinical-review.html">Clinical review table of the triage rules</a>'
                f"</li>\n</ul>\n<h2>The full notebooks</h2>\n<ul>\n{chapter_items}\n</ul>"
            ),
        ),
        "utf-8",
    )
    (out / MARKER).write_text(
        "made by tools/make_editions.py; review table from "
        f"{triage_table_markdown.__module__}.{triage_table_markdown.__name__}\n"
    )
    return out
