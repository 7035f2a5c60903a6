"""The quizzes' HTML (widgets.book.quiz_html): named groups, the right control for each question
type, a decimal keyboard for numbers, stable ids and no console output. The behaviour in a browser
is tested in tests/book/test_quiz_a11y.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from widgets.book.quiz import load_quiz
from widgets.book.quiz_html import quiz_html, rich_text

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(p.stem for p in (ROOT / "widgets" / "book" / "quizzes").glob("*.json"))


class Tree(HTMLParser):
    """Start tags in order, with their attributes and the tag stack they sit in."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict, tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.legends: list[str] = []
        self._legend: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in {"input", "br", "img", "meta"}:
            self.stack.append(tag)
        if tag == "legend":
            self._legend = []

    def handle_endtag(self, tag):
        if tag == "legend" and self._legend is not None:
            self.legends.append("".join(self._legend))
            self._legend = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._legend is not None:
            self._legend.append(data)


def parse(name: str) -> tuple[Tree, list[dict], str]:
    questions = load_quiz(name)
    html = quiz_html(name, questions)
    tree = Tree()
    tree.feed(html)
    return tree, questions, html


def fieldsets(tree: Tree) -> list[dict]:
    return [attrs for tag, attrs, _ in tree.tags if tag == "fieldset"]


def inputs_of(tree: Tree, qid: str) -> list[dict]:
    return [
        attrs
        for tag, attrs, _ in tree.tags
        if tag == "input" and attrs.get("id", "").startswith(qid + "-")
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_quiz_renders_one_named_fieldset_per_question(name):
    tree, questions, _ = parse(name)
    assert len(fieldsets(tree)) == len(questions)
    assert [" ".join(t.split()) for t in tree.legends] == [
        " ".join(q["question"].split()) for q in questions
    ]
    ids = [attrs["id"] for tag, attrs, _ in tree.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"


@pytest.mark.parametrize("name", NAMES)
def test_controls_match_the_question_type(name):
    tree, questions, _ = parse(name)
    for n, (question, fieldset) in enumerate(zip(questions, fieldsets(tree)), start=1):
        qid = fieldset["id"]
        assert qid == f"cq-{name}-q{n}"
        inputs = inputs_of(tree, qid)
        correct = sum(bool(a.get("correct")) for a in question["answers"])
        if question["type"] == "numeric":
            (box,) = inputs
            assert box["type"] == "text" and box["inputmode"] == "decimal"
            labels = [a for tag, a, _ in tree.tags if tag == "label" and a.get("for") == box["id"]]
            assert labels, f"{qid}: the number box has no label"
            assert json.loads(box["data-answers"])[0].get("range") == question["answers"][0].get(
                "range"
            )
        else:
            kinds = {i["type"] for i in inputs}
            assert kinds == ({"checkbox"} if correct > 1 else {"radio"}), qid
            assert len(inputs) == len(question["answers"])
            assert {i["name"] for i in inputs} == {qid}
            assert [i["data-correct"] == "true" for i in inputs] == [
                bool(a.get("correct")) for a in question["answers"]
            ]
        regions = [
            a for tag, a, _ in tree.tags if tag == "div" and a.get("id") == f"{qid}-feedback"
        ]
        assert regions and regions[0]["role"] == "status" and regions[0]["aria-live"] == "polite"


def test_choose_all_questions_are_check_boxes():
    tree, questions, _ = parse("01_muscle")
    many = [n for n, q in enumerate(questions, start=1) if q["type"] == "many_choice"]
    assert many
    for n in many:
        assert {i["type"] for i in inputs_of(tree, f"cq-01_muscle-q{n}")} == {"checkbox"}


def test_output_is_deterministic_and_ids_come_from_the_name():
    questions = load_quiz("03_excitability")
    first = quiz_html("03_excitability", questions)
    assert first == quiz_html("03_excitability", questions)
    assert 'id="cq-03_excitability"' in first
    assert quiz_html("04_force", load_quiz("04_force")) != first


def test_negative_numeric_answers_get_a_sign_button_for_phone_keypads():
    _, _, html = parse("02_electrolytes")
    q1 = html.split('id="cq-02_electrolytes-q2"')[0]
    assert 'class="cq-sign"' in q1  # answer -97.7 mV
    _, _, html00 = parse("00_how_to_use")
    assert 'class="cq-sign"' not in html00  # 61.5 mV: no sign needed


def test_script_writes_nothing_to_the_console_and_marks_without_change_on_arrows():
    _, _, html = parse("00_how_to_use")
    script = html.split("<script>")[1]
    assert not re.search(r"console\.\w+\(", script)
    assert "preventDefault" in script and "ArrowDown" in script
    assert "window.crampQuiz.init(document.getElementById('cq-00_how_to_use'))" in script


def test_text_is_escaped_and_maths_kept_for_mathjax():
    assert rich_text("a < b & $x^2$") == r"a &lt; b &amp; \(x^2\)"
    assert rich_text("$$E = mc^2$$") == r"\[E = mc^2\]"
    assert rich_text(r"costs \$5") == r"costs \$5"
    assert (
        rich_text("see [the book](https://example.org)")
        == 'see <a href="https://example.org">the book</a>'
    )
    tree = Tree()
    tree.feed(
        quiz_html(
            "m",
            [
                {
                    "question": "Is $a<b$?",
                    "type": "multiple_choice",
                    "answers": [{"answer": "yes", "correct": True, "feedback": "$b$ wins"}],
                }
            ],
        )
    )
    assert tree.legends == [r"Is \(a<b\)?"]
    assert re.search(r"mathjax_process", quiz_html("m", []))
