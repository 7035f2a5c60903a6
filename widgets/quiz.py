"""Self-check quizzes that mark answers in the page: live in JupyterLab and in the static book.

Quizzes are data: ``widgets/quizzes/<name>.json`` in jupyterquiz's format (a list of questions,
each ``{"question", "type": "multiple_choice" | "many_choice" | "numeric", "answers": [...]}``
with ``"correct"`` and ``"feedback"`` per answer). :func:`show_quiz` renders one with
jupyterquiz, which emits HTML and JavaScript that run in the browser with no kernel.

The element id jupyterquiz draws at random is seeded from the quiz name, so the stored output is
the same on every run (strict nbval) and two quizzes on one page never share an id.
"""

from __future__ import annotations

import json
import random
import zlib
from importlib import resources

# Colours with at least 4.5:1 contrast for their text (WCAG AA), colour-blind-safe accents.
QUIZ_COLOURS = {
    "--jq-multiple-choice-bg": "#1f4e79",
    "--jq-mc-button-bg": "#fafafa",
    "--jq-mc-button-border": "#767676",
    "--jq-mc-button-inset-shadow": "#555555",
    "--jq-many-choice-bg": "#6b3a00",
    "--jq-numeric-bg": "#1f4e79",
    "--jq-numeric-input-bg": "#ffffff",
    "--jq-numeric-input-label": "#101010",
    "--jq-numeric-input-shadow": "#999999",
    "--jq-string-bg": "#4c1a57",
    "--jq-incorrect-color": "#ffd7cc",
    "--jq-correct-color": "#c8f7d4",
    "--jq-text-color": "#ffffff",
    "--jq-link-color": "#cfe3ff",
}


# jupyterquiz's numeric questions draw an <input> whose <label> is not tied to it (an axe-core
# "critical" finding, and screen readers announce an unnamed text box). Tie them, now and for any
# question drawn later.
LABEL_FIX_JS = """
(function () {
  function label(root) {
    root.querySelectorAll('input.Input-text:not([aria-label])').forEach(function (input) {
      var lab = input.previousElementSibling;
      if (lab && lab.tagName === 'LABEL' && input.id) { lab.htmlFor = input.id; }
      input.setAttribute('aria-label', (lab && lab.textContent) || 'Numeric answer');
    });
  }
  label(document);
  if (!window.crampQuizLabels) {
    window.crampQuizLabels = new MutationObserver(function () { label(document); });
    window.crampQuizLabels.observe(document.body, {childList: true, subtree: true});
  }
})();
"""


def load_quiz(name: str) -> list[dict]:
    """Return the questions of quiz ``name`` (a file in widgets/quizzes/), checked for shape."""
    path = resources.files("widgets") / "quizzes" / f"{name}.json"
    if not path.is_file():
        available = sorted(p.name[:-5] for p in (resources.files("widgets") / "quizzes").iterdir()
                           if p.name.endswith(".json"))
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
    return questions


def show_quiz(name: str) -> None:
    """Display quiz ``name`` (deterministic ids, accessible colours)."""
    from IPython.display import Javascript, display
    from jupyterquiz import display_quiz

    questions = load_quiz(name)
    state = random.getstate()
    random.seed(zlib.crc32(name.encode()))
    try:
        display_quiz(questions, colors=QUIZ_COLOURS, shuffle_answers=False)
    finally:
        random.setstate(state)
    display(Javascript(LABEL_FIX_JS))
