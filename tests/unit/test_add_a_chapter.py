"""A chapter with one widget is the six files README's "Add a chapter" lists, and nothing else.

In a scratch copy of the package and the table of contents, a throwaway chapter is added with
exactly those files; a fresh Python then finds its widget in the registry (and so in every
registry-driven test), chapter 0's generated list, its quiz by file name and its chapter in the
number scan and the science check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
#: what a new chapter "10_throwaway" with one widget adds or edits (README: "Add a chapter")
FILES = {
    "chapters/NN_topic.ipynb": "chapters/10_throwaway.ipynb",
    "widgets/physiology/topic.py": "widgets/physiology/throwaway.py",
    "widgets/ui/topic.py": "widgets/ui/throwaway.py",
    "widgets/book/quizzes/NN_topic.json": "widgets/book/quizzes/10_throwaway.json",
    "tests/unit/test_topic.py": "tests/unit/test_throwaway.py",
    "_toc.yml": "_toc.yml",
}
MODEL = '''"""Throwaway model: twice its input (mV)."""


def doubled_mV(x_mV: float) -> float:
    return 2.0 * x_mV
'''
WIDGET = '''"""Throwaway widget: one slider, one line."""

from matplotlib.figure import Figure

from widgets.physiology.throwaway import doubled_mV
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import float_slider


class ThrowawayView(ModelView):
    title = "A throwaway view"
    demo = Demo("x_mV", 2.0)

    def build_controls(self):
        return {"x_mV": float_slider(1.0, 0.0, 4.0, 1.0, "input", "mV")}

    def build_figure(self):
        figure = Figure(figsize=(3, 2))
        (self.line,) = figure.add_subplot().plot([0, 1], [0, 0])
        self.dynamic = [self.line]
        return figure

    def compute(self, x_mV):
        return doubled_mV(x_mV)

    def redraw(self, result):
        self.line.set_ydata([0, result])

    def describe(self, result):
        return f"A line rising to {result:g} mV."
'''
SCIENCE = "def test_it_doubles():\n    assert ThrowawayView(x_mV=2.0).result == 4.0\n"
QUIZ = [
    {
        "question": "Twice 2?",
        "type": "multiple_choice",
        "answers": [
            {"answer": "4", "correct": True, "feedback": "Yes."},
            {"answer": "3", "correct": False, "feedback": "No."},
        ],
    }
]
CHECK = """
import sys
sys.path[:0] = [sys.argv[1] + "/tests", sys.argv[1] + "/tests/unit"]
import widgets.ui
from course import toc_chapters
from test_numbers_sourced import CHAPTERS
from test_widgets_science import widgets_without_science
from widgets.book.quiz import load_quiz
from widgets.ui.tour import tour_markdown

assert widgets.ui.__file__.startswith(sys.argv[1]), widgets.ui.__file__
assert list(widgets.ui.WIDGETS)[0] == "ThrowawayView", list(widgets.ui.WIDGETS)
assert "**A throwaway view**: input: 0 to 4 mV" in tour_markdown()
assert load_quiz("10_throwaway")[0]["question"] == "Twice 2?"
assert toc_chapters()[-1] == "10_throwaway" and "10_throwaway" in CHAPTERS
assert widgets_without_science(widgets.ui.WIDGETS) == []
print("found")
"""


def _scratch_course(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc")
    shutil.copytree(ROOT / "widgets", tmp_path / "widgets", ignore=ignore)
    shutil.copytree(TESTS, tmp_path / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    (tmp_path / "chapters").mkdir()
    for name in re.findall(r"chapters/(\w+)", (ROOT / "_toc.yml").read_text(encoding="utf-8")):
        (tmp_path / "chapters" / f"{name}.ipynb").symlink_to(ROOT / "chapters" / f"{name}.ipynb")
    return tmp_path


def _add_the_chapter(course: Path) -> None:
    files = {course / path for path in FILES.values()}
    (course / FILES["widgets/physiology/topic.py"]).write_text(MODEL, encoding="utf-8")
    (course / FILES["widgets/ui/topic.py"]).write_text(WIDGET, encoding="utf-8")
    quiz = course / FILES["widgets/book/quizzes/NN_topic.json"]
    quiz.write_text(json.dumps(QUIZ), encoding="utf-8")
    (course / FILES["tests/unit/test_topic.py"]).write_text(SCIENCE, encoding="utf-8")
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (course / FILES["chapters/NN_topic.ipynb"]).write_text(json.dumps(notebook), encoding="utf-8")
    toc = course / "_toc.yml"
    toc.write_text(
        toc.read_text(encoding="utf-8").replace(
            "      - file: chapters/09_specialists\n",
            "      - file: chapters/09_specialists\n      - file: chapters/10_throwaway\n",
        ),
        encoding="utf-8",
    )
    assert files == {p for p in files if p.exists()}


def test_a_chapter_with_one_widget_is_found_from_its_six_files(tmp_path):
    course = _scratch_course(tmp_path)
    _add_the_chapter(course)
    found = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHECK), str(course)],
        cwd=course,
        env={"PYTHONPATH": str(course), "MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=900,  # only a guard against a hang: the copy compiles its kernels afresh
    )
    assert found.stdout.strip() == "found", found.stderr[-3000:]


def test_readme_lists_exactly_these_files():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Add a chapter\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- `([^`]+)`", section, re.M)
    assert listed == list(FILES)
    assert "`references.bib`" in section  # only when a new source is cited
