"""The quiz bank as Moodle XML: a category per chapter, then its questions (``multichoice``
single or multiple, ``numerical`` with tolerances), each answer with its fraction and feedback."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from lms.bank import (
    COURSE,
    Bank,
    fractions,
    general_feedback,
    html,
    kind,
    notice,
    number,
    numeric_answers,
)

PENALTY = "0.3333333"  # Moodle's default penalty for each wrong try


def _text(parent: ET.Element, tag: str, text: str, html_format: bool = True) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": "html"} if html_format else {})
    ET.SubElement(node, "text").text = text
    return node


def _category(quiz: ET.Element, bank: Bank) -> None:
    question = ET.SubElement(quiz, "question", type="category")
    _text(question, "category", f"$course$/top/{COURSE}/{bank.label}", html_format=False)
    _text(question, "info", html(f"Self-check questions of {bank.label}. {notice()}"))


def _common(quiz: ET.Element, qtype: str, name: str, question: dict) -> ET.Element:
    node = ET.SubElement(quiz, "question", type=qtype)
    _text(node, "name", name, html_format=False)
    _text(node, "questiontext", html(question["question"]))
    _text(node, "generalfeedback", general_feedback(question))
    ET.SubElement(node, "defaultgrade").text = "1"
    ET.SubElement(node, "penalty").text = PENALTY
    ET.SubElement(node, "hidden").text = "0"
    return node


def _multichoice(node: ET.Element, question: dict) -> None:
    ET.SubElement(node, "single").text = "true" if kind(question) == "single" else "false"
    ET.SubElement(node, "shuffleanswers").text = "false"
    ET.SubElement(node, "answernumbering").text = "abc"
    for answer, fraction in zip(question["answers"], fractions(question), strict=True):
        option = ET.SubElement(node, "answer", fraction=number(fraction), format="html")
        ET.SubElement(option, "text").text = html(answer["answer"])
        _text(option, "feedback", html(answer["feedback"]))


def _numerical(node: ET.Element, question: dict) -> None:
    answers, default = numeric_answers(question)
    for answer in answers:
        option = ET.SubElement(
            node, "answer", fraction="100" if answer.correct else "0", format="moodle_auto_format"
        )
        ET.SubElement(option, "text").text = number(answer.centre)
        _text(option, "feedback", answer.feedback)
        ET.SubElement(option, "tolerance").text = number(answer.tolerance)
    if default:  # Moodle's "*" answer matches any other number: the page's default feedback
        option = ET.SubElement(node, "answer", fraction="0", format="moodle_auto_format")
        ET.SubElement(option, "text").text = "*"
        _text(option, "feedback", default)
        ET.SubElement(option, "tolerance").text = "0"
    units = ET.SubElement(node, "unitgradingtype")
    units.text = "0"
    ET.SubElement(node, "showunits").text = "3"  # no unit box: the number alone is asked


def moodle_xml(banks: list[Bank]) -> bytes:
    """The Moodle XML document (UTF-8) of all banks."""
    quiz = ET.Element("quiz")
    for bank in banks:
        _category(quiz, bank)
        for n, question in enumerate(bank.questions, start=1):
            name = f"{bank.label}, question {n}"
            if kind(question) == "numeric":
                _numerical(_common(quiz, "numerical", name, question), question)
            else:
                _multichoice(_common(quiz, "multichoice", name, question), question)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True)
