"""The quiz bank as an IMS QTI 1.2 package that Canvas imports: ``imsmanifest.xml`` and one
assessment per chapter, Canvas's question types in ``qtimetadata``, per-answer feedback
(``itemfeedback`` + ``displayfeedback``) and numeric ranges as ``vargte``/``varlte``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from lms.bank import Bank, html, kind, notice, number, numeric_answers

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "many": "multiple_answers_question",
    "numeric": "numerical_question",
}
RESPONSE = "response1"


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    meta = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, text: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = text


def _condition(parent: ET.Element, tests: list[ET.Element], score=None, feedback=None, stop=False):
    rc = ET.SubElement(parent, "respcondition", {"continue": "No" if stop else "Yes"})
    ET.SubElement(rc, "conditionvar").extend(tests)
    if score is not None:
        ET.SubElement(rc, "setvar", action="Set", varname="SCORE").text = score
    if feedback:
        ET.SubElement(rc, "displayfeedback", feedbacktype="Response", linkrefid=feedback)


def _var(tag: str, value: str) -> ET.Element:
    node = ET.Element(tag, respident=RESPONSE)
    node.text = value
    return node


def _choices(item, presentation, processing, question, ident) -> list[tuple[str, str]]:
    many = kind(question) == "many"
    lid = ET.SubElement(
        presentation, "response_lid", ident=RESPONSE, rcardinality="Multiple" if many else "Single"
    )
    render = ET.SubElement(lid, "render_choice")
    feedbacks, right, wrong = [], [], []
    for k, answer in enumerate(question["answers"], start=1):
        aid = f"{ident}_a{k}"
        _material(ET.SubElement(render, "response_label", ident=aid), html(answer["answer"]))
        (right if answer.get("correct") else wrong).append(aid)
        feedbacks.append((f"{aid}_fb", html(answer["feedback"])))
        _condition(processing, [_var("varequal", aid)], feedback=f"{aid}_fb")
    if many:  # full credit for exactly the right set (Canvas's own export does the same)
        tests = [_var("varequal", a) for a in right]
        tests += [_wrap("not", _var("varequal", a)) for a in wrong]
        _condition(processing, [_wrap("and", *tests)], score="100", stop=True)
    else:
        _condition(processing, [_var("varequal", right[0])], score="100", stop=True)
    return feedbacks


def _wrap(tag: str, *children: ET.Element) -> ET.Element:
    node = ET.Element(tag)
    node.extend(children)
    return node


def _numeric(item, presentation, processing, question, ident) -> list[tuple[str, str]]:
    fib = ET.SubElement(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    ET.SubElement(
        ET.SubElement(fib, "render_fib", fibtype="Decimal"), "response_label", ident="answer1"
    )
    answers, default = numeric_answers(question)
    feedbacks = []
    for k, answer in enumerate(
        answers, start=1
    ):  # the first matching range decides, as on the page
        fid = f"{ident}_a{k}_fb"
        feedbacks.append((fid, answer.feedback))
        tests = [_var("vargte", number(answer.low)), _var("varlte", number(answer.high))]
        _condition(processing, tests, "100" if answer.correct else None, fid, stop=True)
    if default:
        feedbacks.append(("general_incorrect_fb", default))
        _condition(processing, [ET.Element("other")], feedback="general_incorrect_fb", stop=True)
    return feedbacks


def _item(section: ET.Element, bank: Bank, n: int, question: dict) -> None:
    ident = f"ch{bank.name.split('_', 1)[0]}_q{n}"
    item = ET.SubElement(section, "item", ident=ident, title=f"{bank.label}, question {n}")
    _metadata(
        ET.SubElement(item, "itemmetadata"),
        {"question_type": CANVAS_TYPES[kind(question)], "points_possible": "1.0"},
    )
    presentation = ET.SubElement(item, "presentation")
    _material(presentation, html(question["question"]))
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(
        outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
    )
    build = _numeric if kind(question) == "numeric" else _choices
    for fid, text in build(item, presentation, processing, question, ident):
        _material(ET.SubElement(ET.SubElement(item, "itemfeedback", ident=fid), "flow_mat"), text)


def assessment_xml(bank: Bank) -> bytes:
    """One chapter's questions as a QTI 1.2 assessment (Canvas makes a question bank of it)."""
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    ident = f"cramp_lab_ch{bank.name.split('_', 1)[0]}"
    assessment = ET.SubElement(root, "assessment", ident=ident, title=bank.label)
    _metadata(assessment, {"cc_maxattempts": "unlimited"})
    _material(ET.SubElement(assessment, "rubric"), html(notice()))
    section = ET.SubElement(assessment, "section", ident="root_section")
    for n, question in enumerate(bank.questions, start=1):
        _item(section, bank, n, question)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def manifest_xml(files: list[str]) -> bytes:
    """The IMS content-packaging manifest listing each assessment file as a QTI resource."""
    root = ET.Element("manifest", identifier="cramp_lab_quiz_bank", xmlns=CP_NS)
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for k, href in enumerate(files, start=1):
        resource = ET.SubElement(
            resources, "resource", identifier=f"res{k}", type="imsqti_xmlv1p2", href=href
        )
        ET.SubElement(resource, "file", href=href)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_qti_zip(banks: list[Bank], path: Path) -> Path:
    """Write the package: the manifest and ``banks/NN_name.xml`` for each chapter."""
    files = {f"banks/{bank.name}.xml": assessment_xml(bank) for bank in banks}
    files = {"imsmanifest.xml": manifest_xml(list(files)), **files}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():  # a fixed date: the same bank gives the same zip
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return path
