"""A self-check quiz as accessible HTML that marks answers in the page, with no kernel.

Each question is a ``<fieldset>`` named by its ``<legend>`` (the question). One-answer questions
are radio buttons, "choose all that apply" questions (more than one correct answer) check boxes,
numeric questions a text box with a decimal keyboard (``inputmode="decimal"``) and a Check button.
Feedback is written to a polite live region per question. The behaviour is in ``quiz.js`` and the
look in ``quiz.css`` (both next to this module); both are inlined in the output, so the same HTML
works in the static book and, as trusted output, live in JupyterLab.

Texts are HTML-escaped; ``$...$`` and ``$$...$$`` become MathJax's ``\\(...\\)`` and ``\\[...\\]``
and ``[text](url)`` a link, as jupyterquiz does. Ids derive from the quiz name: the output is the
same on every run.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources

_INLINE_MATH = re.compile(r"(?<!\\)\$(?!\$)(.+?)(?<!\\)\$")
_DISPLAY_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.S)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _asset(name: str) -> str:
    return (resources.files("widgets.book") / name).read_text(encoding="utf-8")


def rich_text(text: str) -> str:
    """TEXT escaped for HTML, with its maths in MathJax delimiters and its links as anchors."""
    out = html.escape(text, quote=False)
    out = _DISPLAY_MATH.sub(lambda m: r"\[" + m.group(1) + r"\]", out)
    out = _INLINE_MATH.sub(lambda m: r"\(" + m.group(1) + r"\)", out)
    return _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', out)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def slug(name: str) -> str:
    """An id-safe form of a quiz name."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "quiz"


def is_many(question: dict) -> bool:
    """True for "choose all that apply": more than one correct answer (jupyterquiz's rule)."""
    return sum(bool(a.get("correct")) for a in question["answers"]) > 1


def _choices(question: dict, qid: str) -> str:
    kind = "checkbox" if is_many(question) else "radio"
    options = []
    for k, answer in enumerate(question["answers"], start=1):
        oid = f"{qid}-a{k}"
        options.append(
            f'<label class="cq-option" for="{oid}"><input type="{kind}" id="{oid}" name="{qid}" '
            f'value="{k}" data-correct="{"true" if answer.get("correct") else "false"}" '
            f'data-feedback="{_attr(rich_text(answer.get("feedback", "")))}">'
            f'<span class="cq-text">{rich_text(answer.get("answer", ""))}</span></label>'
        )
    return f'<div class="cq-options">{"".join(options)}</div>'


def _negative(question: dict) -> bool:
    return any(
        a.get("correct") and (("range" in a and a["range"][0] < 0) or a.get("value", 0) < 0)
        for a in question["answers"]
    )


def _numeric(question: dict, qid: str) -> str:
    answers = [
        dict(a, feedback=rich_text(a["feedback"])) if "feedback" in a else a
        for a in question["answers"]
    ]
    precision = (
        f' data-precision="{int(question["precision"])}"' if question.get("precision") else ""
    )
    # A phone's decimal keypad (iOS) has no minus key: a sign button where an answer is negative.
    sign = (
        '<button type="button" class="cq-sign" aria-label="Plus or minus: change the sign">'
        "\u00b1</button>"
        if _negative(question)
        else ""
    )
    return (
        f'<div class="cq-numeric-row"><label for="{qid}-input">Your answer</label>'
        f'<input type="text" inputmode="decimal" id="{qid}-input" autocomplete="off" '
        f'spellcheck="false" aria-describedby="{qid}-hint" '
        f'data-answers="{_attr(json.dumps(answers, ensure_ascii=False))}"{precision}>'
        f'{sign}<button type="button" class="cq-check">Check</button></div>'
        f'<p class="cq-hint" id="{qid}-hint">A point or a comma before the decimals; '
        f"Enter or Check to mark.</p>"
    )


def question_html(question: dict, qid: str) -> str:
    """One question: a fieldset named by its legend, its answers and its live feedback region."""
    numeric = question["type"] == "numeric"
    kind = "numeric" if numeric else ("many" if is_many(question) else "single")
    body = _numeric(question, qid) if numeric else _choices(question, qid)
    return (
        f'<fieldset class="cq-question cq-{kind}" id="{qid}">'
        f'<legend class="cq-legend">{rich_text(question["question"])}</legend>{body}'
        f'<div class="cq-feedback" id="{qid}-feedback" role="status" aria-live="polite" '
        f'aria-atomic="true"></div></fieldset>'
    )


def quiz_html(name: str, questions: list[dict]) -> str:
    """The whole quiz: its questions, its style and the script that marks the answers."""
    root = f"cq-{slug(name)}"
    body = "".join(question_html(q, f"{root}-q{n}") for n, q in enumerate(questions, start=1))
    script = _asset("quiz.js") + f"window.crampQuiz.init(document.getElementById('{root}'));\n"
    return (
        f'<div class="cq-quiz mathjax_process" id="{root}" data-quiz="{_attr(name)}">'
        f"<style>{_asset('quiz.css')}</style>{body}<script>{script}</script></div>"
    )
