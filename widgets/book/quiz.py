"""Self-check quizzes that mark answers in the page: live in JupyterLab and in the static book.

Quizzes are data: ``widgets/book/quizzes/<name>.json`` in jupyterquiz's format (a list of questions,
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

# jupyterquiz's palette. Text on each fill has at least 4.5:1 contrast (WCAG AA): white on the
# question boxes and on a chosen answer (dark green when right, dark red when wrong), #333 on the
# answer buttons. The feedback under the answers and the numeric input are styled by QUIZ_CSS.
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
    "--jq-incorrect-color": "#a3261b",
    "--jq-correct-color": "#1a6b2f",
    "--jq-text-color": "#ffffff",
    "--jq-link-color": "#cfe3ff",
}

# jupyterquiz draws its feedback in --jq-correct-color / --jq-incorrect-color on the page itself,
# which cannot be readable both as a fill under white text and as text on a light and a dark page.
# So the feedback gets its own box with its own text colour, chosen answers are filled at once (no
# fade through unreadable tints) and marked with a sign as well as a colour, and the numeric input
# gets dark text and a border (>= 3:1 against its white fill). In the book's dark mode the theme
# keeps HTML outputs on a light plate, so the light colours stay; JupyterLab's dark theme
# (body[data-jp-theme-light=false]) shows outputs on the dark page, so it gets dark variants.
QUIZ_CSS = """
.Quiz .Feedback { font-size: 1rem; line-height: 1.45; text-align: left; margin: 0.5rem 0 0.25rem;
  border-radius: 6px; }
.Quiz .Feedback.correct, .Quiz .Feedback.incorrect { padding: 0.55rem 0.8rem; border-left: 6px solid; }
.Quiz .Feedback.correct { color: #0b4d1f; background: #e6f4ea; border-left-color: #1a6b2f; }
.Quiz .Feedback.incorrect { color: #8a1c12; background: #fdecea; border-left-color: #a3261b; }
body[data-jp-theme-light="false"] .Quiz .Feedback.correct {
  color: #bdf2cd; background: #10301c; border-left-color: #5cc27a; }
body[data-jp-theme-light="false"] .Quiz .Feedback.incorrect {
  color: #ffcdc4; background: #3a1411; border-left-color: #ef7d6d; }
.Quiz .Feedback .jq-verdict { display: block; margin-bottom: 0.15rem; }
.Quiz .correctButton, .Quiz .incorrectButton { animation: none; color: #ffffff; }
.Quiz .correctButton { background-color: var(--jq-correct-color); }
.Quiz .incorrectButton { background-color: var(--jq-incorrect-color); }
.Quiz .MCButton.correctButton::before { content: "\\2713\\00a0"; font-weight: bold; }
.Quiz .MCButton.incorrectButton::before { content: "\\2717\\00a0"; font-weight: bold; }
.Quiz .InpLabel { color: inherit; }
.Quiz .Input-text { color: #101010; background-color: #ffffff; border: 2px solid #767676; }
.Quiz .Input-text:focus { outline: 3px solid #1f4e79; outline-offset: 1px; }
.Quiz .Input-text.correctButton, .Quiz .Input-text.incorrectButton { color: #ffffff; border-color: transparent; }
.Quiz .Input-text.correctButton { background-color: var(--jq-correct-color); }
.Quiz .Input-text.incorrectButton { background-color: var(--jq-incorrect-color); }
"""

# Runs after each quiz: adds QUIZ_CSS once; ties each numeric input to its label (jupyterquiz's
# <label> is not tied to the <input>: an axe-core "critical" finding, and screen readers announce
# an unnamed text box); makes every feedback box a polite live region, so a screen reader reads
# the feedback when it appears; and starts the feedback with "✓ Correct" or "✗ Not quite", so
# right and wrong do not depend on colour or on the wording. Quizzes drawn later (JupyterLab
# draws them after a delay) are handled by a MutationObserver.
QUIZ_A11Y_JS = (r"""
(function () {
  var CSS = %s;
  function addStyle() {
    if (!document.getElementById('cramp-quiz-style')) {
      var style = document.createElement('style');
      style.id = 'cramp-quiz-style';
      style.textContent = CSS;
      document.head.appendChild(style);
    }
  }
  function verdict(fb) {
    var state = fb.classList.contains('correct') ? 'correct'
      : (fb.classList.contains('incorrect') ? 'incorrect' : '');
    var first = fb.firstElementChild;
    var current = first && first.classList.contains('jq-verdict') ? first : null;
    if (current && current.getAttribute('data-state') === state) { return; }
    if (current) { current.remove(); }
    if (!state || !fb.textContent.trim()) { return; }
    var mark = document.createElement('strong');
    mark.className = 'jq-verdict';
    mark.setAttribute('data-state', state);
    mark.innerHTML = state === 'correct'
      ? '<span aria-hidden="true">\u2713 </span>Correct'
      : '<span aria-hidden="true">\u2717 </span>Not quite';
    fb.insertBefore(mark, fb.firstChild);
  }
  function watchFeedback(fb) {
    if (fb.getAttribute('data-cramp') === '1') { return; }
    fb.setAttribute('data-cramp', '1');
    fb.setAttribute('role', 'status');
    fb.setAttribute('aria-live', 'polite');
    fb.setAttribute('aria-atomic', 'true');
    verdict(fb);
    new MutationObserver(function () { verdict(fb); })
      .observe(fb, {childList: true, attributes: true, attributeFilter: ['class']});
  }
  function enhance(root) {
    root.querySelectorAll('input.Input-text:not([aria-label])').forEach(function (input) {
      var lab = input.previousElementSibling;
      if (lab && lab.tagName === 'LABEL' && input.id) { lab.htmlFor = input.id; }
      input.setAttribute('aria-label', (lab && lab.textContent) || 'Numeric answer');
    });
    root.querySelectorAll('.Quiz .Feedback').forEach(watchFeedback);
  }
  addStyle();
  enhance(document);
  if (!window.crampQuizObserver) {
    window.crampQuizObserver = new MutationObserver(function () { enhance(document); });
    window.crampQuizObserver.observe(document.body, {childList: true, subtree: true});
  }
})();
""" % json.dumps(QUIZ_CSS))


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
        available = sorted(p.name[:-5] for p in (resources.files("widgets.book") / "quizzes").iterdir()
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
    return _expanded(questions) if expand else questions


def show_quiz(name: str) -> None:
    """Display quiz ``name`` (deterministic ids, readable colours, announced feedback)."""
    from IPython.display import Javascript, display
    from jupyterquiz import display_quiz

    questions = load_quiz(name)
    state = random.getstate()
    random.seed(zlib.crc32(name.encode()))
    try:
        display_quiz(questions, colors=QUIZ_COLOURS, shuffle_answers=False)
    finally:
        random.setstate(state)
    display(Javascript(QUIZ_A11Y_JS))
