"""`make lms`: the self-check quiz bank as Moodle XML and as a QTI 1.2 package for Canvas.

Both files are made once per session in a temporary folder and read back: every question of
every chapter, every answer with its credit and feedback, the numeric tolerances the page
accepts, maths in MathJax delimiters and no clinical-role markup. The QTI files are validated
against the IMS QTI 1.2 ASI and IMS CP 1.2 schemas vendored in ``schemas/`` (see SOURCE.md)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
import lms
import pytest
import xmlschema

from widgets.book.quiz_html import rich_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path(__file__).with_name("schemas")
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
ROLE_MARKUP = re.compile(r"[`{}]")
TEX = re.compile(r"(?<!\\)\$")


@pytest.fixture(scope="session")
def banks():
    return lms.load_banks(ROOT)


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> dict[str, Path]:
    return lms.make_lms(tmp_path_factory.mktemp("lms"), ROOT)


@pytest.fixture(scope="session")
def moodle(made):
    return SafeET.parse(made["moodle"]).getroot()


@pytest.fixture(scope="session")
def qti_files(made) -> dict[str, bytes]:
    with zipfile.ZipFile(made["qti"]) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="session")
def assessments(qti_files):
    return [SafeET.fromstring(data).find(f"{QTI}assessment") for data in _bank_files(qti_files)]


def _bank_files(qti_files):
    manifest = SafeET.fromstring(qti_files["imsmanifest.xml"])
    hrefs = [
        r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")
    ]
    return [qti_files[h] for h in hrefs]


def _moodle_questions(moodle):
    """[(category, [question, ...]), ...] in document order."""
    groups = []
    for q in moodle.findall("question"):
        if q.get("type") == "category":
            groups.append((q.findtext("category/text"), []))
        else:
            groups[-1][1].append(q)
    return groups


def test_the_bank_holds_every_quiz_file_with_the_chapter_titles(banks):
    assert [b.name for b in banks] == lms.bank.quiz_names()
    electrolytes = next(b for b in banks if b.name == "02_electrolytes")
    assert electrolytes.label == "Chapter 2 Electrolytes and the resting potential"


def test_moodle_has_one_category_per_chapter_named_by_its_title(moodle, banks):
    groups = _moodle_questions(moodle)
    assert [c for c, _ in groups] == [f"$course$/top/Cramp Lab/{b.label}" for b in banks]
    assert [len(qs) for _, qs in groups] == [len(b.questions) for b in banks]


def test_moodle_keeps_every_choice_its_credit_and_feedback(moodle, banks):
    for (_, questions), bank in zip(_moodle_questions(moodle), banks, strict=True):
        for node, question in zip(questions, bank.questions, strict=True):
            assert node.findtext("questiontext/text") == rich_text(question["question"])
            if question["type"] == "numeric":
                continue
            assert node.get("type") == "multichoice"
            single = lms.kind(question) == "single"
            assert node.findtext("single") == ("true" if single else "false")
            answers = node.findall("answer")
            assert [a.findtext("text") for a in answers] == [
                rich_text(a["answer"]) for a in question["answers"]
            ]
            assert [a.findtext("feedback/text") for a in answers] == [
                rich_text(a["feedback"]) for a in question["answers"]
            ]
            credit = [float(a.get("fraction")) for a in answers]
            right = [c for c, a in zip(credit, question["answers"]) if a.get("correct")]
            wrong = [c for c, a in zip(credit, question["answers"]) if not a.get("correct")]
            assert sum(right) == pytest.approx(100, abs=1e-3)
            assert all(c > 0 for c in right) and all(c <= 0 for c in wrong)
            if not single:
                assert sum(wrong) < 0  # ticking every box must not earn full marks


def test_moodle_numeric_answers_accept_what_the_page_accepts(moodle, banks):
    numeric = 0
    for (_, questions), bank in zip(_moodle_questions(moodle), banks, strict=True):
        for node, question in zip(questions, bank.questions, strict=True):
            if question["type"] != "numeric":
                continue
            numeric += 1
            assert node.get("type") == "numerical"
            answers = node.findall("answer")
            ranges = [a for a in question["answers"] if "range" in a or "value" in a]
            for out, src in zip(answers, ranges, strict=False):
                low, high = src["range"] if "range" in src else (src["value"],) * 2
                centre, tol = float(out.findtext("text")), float(out.findtext("tolerance"))
                assert centre - tol == pytest.approx(low) and centre + tol == pytest.approx(high)
                assert float(out.get("fraction")) == (100 if src.get("correct") else 0)
                assert out.findtext("feedback/text") == rich_text(src["feedback"])
            default = [a for a in question["answers"] if a.get("type") == "default"]
            assert len(answers) == len(ranges) + len(default)
            if default:
                assert answers[-1].findtext("text") == "*"
                assert answers[-1].findtext("feedback/text") == rich_text(default[0]["feedback"])
    assert numeric == sum(q["type"] == "numeric" for b in banks for q in b.questions) > 0


def test_qti_has_one_assessment_per_chapter_with_every_question(assessments, banks):
    assert [a.get("title") for a in assessments] == [b.label for b in banks]
    types = {"single": "multiple_choice_question", "many": "multiple_answers_question"}
    types["numeric"] = "numerical_question"
    for assessment, bank in zip(assessments, banks, strict=True):
        items = list(assessment.iter(f"{QTI}item"))
        assert len(items) == len(bank.questions)
        for item, question in zip(items, bank.questions, strict=True):
            fields = {
                f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                for f in item.iter(f"{QTI}qtimetadatafield")
            }
            assert fields["question_type"] == types[lms.kind(question)]
            text = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
            assert text == rich_text(question["question"])


def _feedback(item):
    return {
        fb.get("ident"): fb.find(f".//{QTI}mattext").text for fb in item.iter(f"{QTI}itemfeedback")
    }


def test_qti_choices_keep_correctness_and_per_answer_feedback(assessments, banks):
    for assessment, bank in zip(assessments, banks, strict=True):
        for item, question in zip(assessment.iter(f"{QTI}item"), bank.questions, strict=True):
            if question["type"] == "numeric":
                continue
            labels = list(item.iter(f"{QTI}response_label"))
            assert [lab.find(f".//{QTI}mattext").text for lab in labels] == [
                rich_text(a["answer"]) for a in question["answers"]
            ]
            feedback, shown = _feedback(item), {}
            scoring = None
            for rc in item.iter(f"{QTI}respcondition"):
                display = rc.find(f"{QTI}displayfeedback")
                if display is not None:
                    shown[rc.find(f"{QTI}conditionvar/{QTI}varequal").text] = feedback[
                        display.get("linkrefid")
                    ]
                if rc.find(f"{QTI}setvar") is not None:
                    scoring = rc.find(f"{QTI}conditionvar")
            assert [shown[lab.get("ident")] for lab in labels] == [
                rich_text(a["feedback"]) for a in question["answers"]
            ]
            required = {
                v.text for v in scoring.iter(f"{QTI}varequal") if v not in _negated(scoring)
            }
            assert required == {
                lab.get("ident") for lab, a in zip(labels, question["answers"]) if a.get("correct")
            }


def _negated(condition):
    return [v for n in condition.iter(f"{QTI}not") for v in n.iter(f"{QTI}varequal")]


def test_qti_numeric_ranges_and_feedback_match_the_page(assessments, banks):
    for assessment, bank in zip(assessments, banks, strict=True):
        for item, question in zip(assessment.iter(f"{QTI}item"), bank.questions, strict=True):
            if question["type"] != "numeric":
                continue
            feedback = _feedback(item)
            conditions = list(item.iter(f"{QTI}respcondition"))
            ranges = [a for a in question["answers"] if "range" in a]
            for rc, src in zip(conditions, ranges, strict=False):
                low = float(rc.find(f".//{QTI}vargte").text)
                high = float(rc.find(f".//{QTI}varlte").text)
                assert (low, high) == pytest.approx(tuple(src["range"]))
                score = rc.find(f"{QTI}setvar")
                assert (score is not None and score.text == "100") == bool(src.get("correct"))
                link = rc.find(f"{QTI}displayfeedback").get("linkrefid")
                assert feedback[link] == rich_text(src["feedback"])
            default = [a for a in question["answers"] if a.get("type") == "default"]
            if default:
                assert conditions[-1].find(f".//{QTI}other") is not None
                assert feedback["general_incorrect_fb"] == rich_text(default[0]["feedback"])


def test_no_tex_dollars_or_role_markup_survive(made, qti_files):
    texts = [made["moodle"].read_text(encoding="utf-8")]
    texts += [data.decode("utf-8") for data in _bank_files(qti_files)]
    for text in texts:
        body = text.replace("$course$", "")
        assert not TEX.search(body)
        # no roles like {urgency}`tetany`: neither backticks nor braces in any question text
        assert not ROLE_MARKUP.search(body)
    assert "−" in texts[0] and "°C" in texts[0]  # typographic characters kept as UTF-8


def test_maths_becomes_mathjax_delimiters():
    assert lms.bank.html("$E_K$ and $$x^2$$ at 37 °C") == r"\(E_K\) and \[x^2\] at 37 °C"
    assert lms.bank.html("a <b> & c") == "a &lt;b&gt; &amp; c"


@pytest.fixture(scope="module")
def qti_schema():
    return xmlschema.XMLSchema(SCHEMAS / "qti" / "ims_qtiasiv1p2.xsd")


def test_qti_files_are_valid_against_the_ims_schemas(qti_files, qti_schema):
    cp = xmlschema.XMLSchema(SCHEMAS / "imscp_v1p2.xsd")
    cp.validate(qti_files["imsmanifest.xml"].decode("utf-8"))
    banks = _bank_files(qti_files)
    assert len(banks) == len(lms.bank.quiz_names())
    for data in banks:
        qti_schema.validate(data.decode("utf-8"))


def test_the_schema_check_rejects_a_broken_item(qti_files, qti_schema):
    broken = _bank_files(qti_files)[0].decode("utf-8").replace("<resprocessing>", "<resprocess>")
    broken = broken.replace("</resprocessing>", "</resprocess>")
    assert not qti_schema.is_valid(broken)


def test_every_bank_says_education_not_advice_and_the_sign_off_status(moodle, assessments):
    infos = [q.findtext("info/text") for q in moodle.findall("question[@type='category']")]
    rubrics = [a.findtext(f"{QTI}rubric/{QTI}material/{QTI}mattext") for a in assessments]
    for text in infos + rubrics:
        assert "education only, not medical advice" in text
        assert "chapter 9" in text and "Triage rules: clinical sign-off" in text


def test_a_missed_right_answer_is_still_explained(moodle, banks):
    """Moodle shows an option's feedback only when it is ticked; the general feedback of a
    choose-all question carries the feedback of every right answer."""
    checked = 0
    for (_, questions), bank in zip(_moodle_questions(moodle), banks, strict=True):
        for node, question in zip(questions, bank.questions, strict=True):
            general = node.findtext("generalfeedback/text") or ""
            if lms.kind(question) != "many":
                assert general == ""
                continue
            for answer in question["answers"]:
                assert (rich_text(answer["feedback"]) in general) == bool(answer.get("correct"))
            checked += 1
    assert checked >= 10
