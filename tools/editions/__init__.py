"""Student and instructor editions of Cramp Lab, made from the chapter notebooks.

Usage:
    python tools/make_editions.py student     [--out _build/student]       (= make student)
    python tools/make_editions.py instructor  [--out _build/instructor]    (= make instructor)

The solutions are typed once, in the chapters, as sphinx-exercise blocks:

- a ```` ```{solution} label ```` (or ``:::{solution}``) fence inside a markdown cell, which may
  share its cell with other text and may contain fences of its own (a longer outer fence);
- a gated solution, ```` ```{solution-start} label ```` ... ```` ```{solution-end} ````, whose
  text and code cells in between all belong to the solution (solution-only cells);
- a whole cell tagged ``solution``.

Student edition (``_build/student/``): ``chapters/*.ipynb``, every chapter in ``_toc.yml`` with
all of the above removed and everything else (exercises, quizzes, widgets, stored outputs) kept;
and ``cramp-lab-student.zip``: those notebooks with what a student needs to run them on their
own computer or on Binder (``binder/``, ``pyproject.toml``, ``constraints.txt``, the course
package ``widgets/`` and a README saying how).

Instructor edition (``_build/instructor/``): the full notebooks in ``chapters/``; a solutions
handout in ``solutions/`` (one HTML page per chapter plus an index: each exercise with its
solution, citations as "(Author, Year)" with the references of the page, maths as text), made
from the same blocks; and the clinical review table of the triage rules
(``clinical-review.md`` and ``.html``). Every page is self-contained and works offline.
"""

from editions.chapters import (
    MARKER,
    ROOT,
    Chapter,
    Exercise,
    Solution,
    chapter_paths,
    directive_blocks,
    load_chapters,
    split_notebook,
    split_options,
)
from editions.handout import author_year, bibliography
from editions.instructor import make_instructor
from editions.student import STUDENT_ENV_FILES, ZIP_NAME, ZIP_ROOT, make_student

__all__ = [
    "MARKER",
    "ROOT",
    "STUDENT_ENV_FILES",
    "ZIP_NAME",
    "ZIP_ROOT",
    "Chapter",
    "Exercise",
    "Solution",
    "author_year",
    "bibliography",
    "chapter_paths",
    "directive_blocks",
    "load_chapters",
    "make_instructor",
    "make_student",
    "split_notebook",
    "split_options",
]
