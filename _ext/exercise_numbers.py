"""Sphinx extension: number exercises per chapter (Exercise 2.1, 2.2, ...) and make each solution
title plain text.

Sphinx numbers enumerable nodes (sphinx-exercise's exercises, captioned figures and tables) per
numbered section, and across the whole book when the table of contents is not numbered, as here:
chapter 2 started at "Exercise 9". This extension renumbers them per page: in
``chapters/NN_name`` the k-th exercise is ``NN.k`` (chapter 00 gives 0.k); on other pages it is k.
The chapter number is the file's two-digit prefix, which is how the course names its chapters.

Sphinx compares each build's numbers with the stored ones to decide which pages to write again;
the numbers it computed are kept aside and put back before it compares, so an unchanged book
still rebuilds nothing.

sphinx-exercise titles each solution "Solution to" followed by a link to the exercise. On the
dropdown bar that link is the largest target, and it scrolls to the exercise instead of opening
the solution. The link is replaced by its text ("Solution to Exercise 2.1"), so the whole bar
opens the solution (the exercise is just above it).
"""

from __future__ import annotations

import copy
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

CHAPTER_FILE = re.compile(r"(?:^|/)(\d+)_[^/]*$")


def chapter_number(docname: str) -> int | None:
    """The chapter number of ``chapters/02_electrolytes`` (2), or None for other pages."""
    match = CHAPTER_FILE.search(docname)
    return int(match.group(1)) if match else None


def per_chapter(fignumbers: dict[str, dict[str, dict[str, tuple]]]) -> dict:
    """Renumber Sphinx's ``toc_fignumbers`` ({doc: {figtype: {id: number}}}) page by page.

    Ids are kept in document order (the order Sphinx registered them in)."""
    result: dict = {}
    for docname, by_type in fignumbers.items():
        chapter = chapter_number(docname)
        result[docname] = {
            figtype: {
                node_id: ((chapter, k) if chapter is not None else (k,))
                for k, node_id in enumerate(ids, start=1)
            }
            for figtype, ids in by_type.items()
        }
    return result


def _restore_sphinx_numbers(app: Sphinx, env) -> list[str]:
    stored = getattr(env, "cramp_sphinx_fignumbers", None)
    if stored is not None:
        env.toc_fignumbers = stored
    return []


def _renumber(app: Sphinx, env) -> list[str]:
    env.cramp_sphinx_fignumbers = copy.deepcopy(env.toc_fignumbers)
    previous = getattr(env, "cramp_chapter_fignumbers", {}) or {}
    numbers = per_chapter(env.toc_fignumbers)
    env.toc_fignumbers = numbers
    env.cramp_chapter_fignumbers = copy.deepcopy(numbers)
    return [doc for doc, value in numbers.items() if previous.get(doc) != value]


class PlainSolutionTitles(SphinxPostTransform):
    """Replace the link in each solution's title by its text (after sphinx-exercise titles it)."""

    default_priority = 30  # sphinx-exercise resolves solution titles at 21 and 22

    def run(self, **kwargs) -> None:
        try:
            from sphinx_exercise.nodes import solution_node
        except ImportError:  # sphinx-exercise not installed: nothing to do
            return
        for solution in self.document.findall(solution_node):
            if not solution.children or not isinstance(solution.children[0], nodes.title):
                continue
            title = solution.children[0]
            for reference in list(title.findall(nodes.reference)):
                reference.replace_self(reference.children)


def setup(app: Sphinx) -> dict:
    # Sphinx's TocTreeCollector numbers figures on env-get-updated at the default priority (500).
    app.connect("env-get-updated", _restore_sphinx_numbers, priority=400)
    app.connect("env-get-updated", _renumber, priority=600)
    app.add_post_transform(PlainSolutionTitles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
