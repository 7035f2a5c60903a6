"""The self-check quiz bank as the exports read it: one bank per chapter, in the book's order,
titled by the chapter's first heading, its questions loaded (clinical roles expanded) by
:func:`widgets.book.quiz.load_quiz`; texts as the page's HTML (:func:`quiz_html.rich_text`)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import nbformat
from editions.chapters import ROOT, chapter_paths, notebook_title

from widgets.book.quiz import load_quiz
from widgets.book.quiz_html import is_many, rich_text

COURSE = "Cramp Lab"


def notice() -> str:
    """What every exported bank says first: the course and its version, education not advice,
    where the red flags are, and whether a clinician has signed off the triage rules."""
    import tomllib

    from widgets.clinical.reviews import sign_off

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    return (
        f"{COURSE} {version}: education only, not medical advice. Red flags and how soon to get "
        f"help: chapter 9 of the course. Triage rules: {sign_off()}."
    )


def general_feedback(question: dict) -> str:
    """For a choose-all question, the feedback of every right answer (an LMS shows an option's
    feedback only when it was ticked: a missed red flag would otherwise go unexplained)."""
    if kind(question) != "many":
        return ""
    right = [a for a in question["answers"] if a.get("correct")]
    return "<br>".join(f"{html(a['answer'])}: {html(a['feedback'])}" for a in right)


@dataclass
class Bank:
    """The quiz of one chapter: ``name`` is the quiz (and notebook) stem, e.g. ``02_electrolytes``."""

    name: str
    number: int
    title: str
    questions: list[dict]

    @property
    def label(self) -> str:
        """ "Chapter 2 Electrolytes and the resting potential", as a category or bank name."""
        return f"Chapter {self.number} {self.title}"


def quiz_names() -> list[str]:
    folder = resources.files("widgets.book") / "quizzes"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def load_banks(root: Path = ROOT) -> list[Bank]:
    """Every chapter's quiz, in the order of ``_toc.yml``; a quiz with no chapter is an error."""
    quizzes = set(quiz_names())
    banks = []
    for path in chapter_paths(root):
        if path.stem not in quizzes:
            continue
        title = notebook_title(nbformat.read(path, as_version=4), path.name)
        prefix = path.stem.split("_", 1)[0]
        number = int(prefix) if prefix.isdigit() else len(banks)
        banks.append(Bank(path.stem, number, title, load_quiz(path.stem)))
        quizzes.discard(path.stem)
    if quizzes:
        raise ValueError(f"quizzes with no chapter in _toc.yml: {sorted(quizzes)}")
    return banks


def html(text: str) -> str:
    """A quiz string as the page shows it: escaped HTML, maths in ``\\(...\\)``, links."""
    return rich_text(text)


def kind(question: dict) -> str:
    """ "numeric", "many" (choose all that apply: more than one correct answer) or "single"."""
    if question["type"] == "numeric":
        return "numeric"
    return "many" if is_many(question) else "single"


def fractions(question: dict) -> list[float]:
    """Percent credit per option: 100 for the single right answer; for "all that apply" the
    right options share 100 and each wrong one takes off as much as a right one earns."""
    right = sum(bool(a.get("correct")) for a in question["answers"])
    share = round(100 / right, 5)
    if kind(question) == "single":
        return [100.0 if a.get("correct") else 0.0 for a in question["answers"]]
    return [share if a.get("correct") else -share for a in question["answers"]]


@dataclass
class NumericAnswer:
    """A number the page accepts: ``low`` to ``high`` (a value gives low == high)."""

    low: float
    high: float
    correct: bool
    feedback: str

    @property
    def centre(self) -> float:
        return (self.low + self.high) / 2

    @property
    def tolerance(self) -> float:
        return (self.high - self.low) / 2


def numeric_answers(question: dict) -> tuple[list[NumericAnswer], str]:
    """The value and range answers of a numeric question, in the page's order, and the default
    feedback (what the page says to any other number; "" if it has none)."""
    answers, default = [], ""
    for a in question["answers"]:
        feedback = html(a.get("feedback", ""))
        if "range" in a:
            low, high = (float(v) for v in a["range"])
        elif "value" in a:
            low = high = float(a["value"])
        else:
            if a.get("type") == "default":
                default = feedback
            continue
        answers.append(NumericAnswer(low, high, bool(a.get("correct")), feedback))
    return answers, default


def number(x: float) -> str:
    """A number as the exports write it: no float noise (2.95 + 3.05)/2 -> "3"."""
    return f"{round(x, 9):.9g}"
