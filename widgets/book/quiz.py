"""Self-check quizzes that mark answers in the page: live in JupyterLab and in the static book.

Quizzes are data: ``widgets/book/quizzes/<name>.json`` in jupyterquiz's format (a list of questions,
each ``{"question", "type": "multiple_choice" | "many_choice" | "numeric", "answers": [...]}``
with ``"correct"`` and ``"feedback"`` per answer). :func:`show_quiz` displays one as accessible
HTML (:mod:`widgets.book.quiz_html`: fieldsets, radio buttons or check boxes, a decimal text box,
announced feedback) whose script marks the answers in the browser with no kernel. Its ids derive
from the quiz name, so the stored output is the same on every run (strict nbval).
"""

from __future__ import annotations

import json
from importlib import resources

from widgets.book.quiz_html import quiz_html


def _expanded(node):
    """Strings of a quiz with clinical roles (``{urgency}`tetany```...) replaced by their words."""
    from widgets.clinical.red_flags import expand_roles

    if isinstance(node, str):
        return expand_roles(node)
    if isinstance(node, list):
        return [_expanded(v) for v in node]
    if isinstance(node, dict):
        return {k: _expanded(v) for k, v in node.items()}
    return node


def load_quiz(name: str, expand: bool = True) -> list[dict]:
    """Return the questions of quiz ``name`` (a file in widgets/book/quizzes/), checked for shape.

    Urgencies and red flags are written in the files as clinical roles (``{urgency}`tetany```)
    and expanded here from the triage rules, unless ``expand`` is false (to see the source)."""
    path = resources.files("widgets.book") / "quizzes" / f"{name}.json"
    if not path.is_file():
        available = sorted(
            p.name[:-5]
            for p in (resources.files("widgets.book") / "quizzes").iterdir()
            if p.name.endswith(".json")
        )
        raise ValueError(f"no quiz named {name!r}; available: {available}")
    questions = json.loads(path.read_text(encoding="utf-8"))
    for number, question in enumerate(questions, start=1):
        missing = {"question", "type", "answers"} - set(question)
        if missing:
            raise ValueError(f"quiz {name!r} question {number} lacks {sorted(missing)}")
        if not any(answer.get("correct") for answer in question["answers"]):
            raise ValueError(f"quiz {name!r} question {number} has no correct answer")
        if not all(answer.get("feedback") for answer in question["answers"]):
            raise ValueError(f"quiz {name!r} question {number}: every answer needs feedback")
    return _expanded(questions) if expand else questions


def show_quiz(name: str) -> None:
    """Display quiz ``name``: one HTML output (question markup, style and marking script)."""
    from IPython.display import HTML, display

    display(HTML(quiz_html(name, load_quiz(name))))
