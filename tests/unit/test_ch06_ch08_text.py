"""Chapters 6 to 8: what readers see of the code cells and the corrections in the chapter text
(continued from test_ch06_ch08.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from course import chapter_cells, chapter_text

from widgets.book.quiz import load_quiz
from widgets.clinical.evidence import load_claims

ROOT = Path(__file__).resolve().parents[2]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)
)
CHAPTERS = {"06": "06_causes", "07": "07_treatment", "08": "08_myths"}


def _sentences_with(text: str, word: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if word.lower() in s.lower()]


# --- what readers see of the code cells (chapters 6-9) --------------------------------------------

READER_CHAPTERS = [*CHAPTERS.values(), "09_specialists"]


def _code_cells(name: str) -> list[dict]:
    nb = json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("name", READER_CHAPTERS)
def test_no_code_shown_and_no_printed_text(name):
    """Every code cell hides its input; clinical text is displayed as Markdown, never printed into a
    code-output box (which does not wrap) and never with raw bibliography keys."""
    for cell in _code_cells(name):
        source = "".join(cell["source"])
        assert {"remove-input", "remove-cell"} & set(cell["metadata"].get("tags", [])), source
        assert "print(" not in source, source
        assert all(o["output_type"] != "stream" for o in cell["outputs"]), source
        for output in cell["outputs"]:
            markdown = "".join(output.get("data", {}).get("text/markdown", ""))
            for keys in re.findall(r"\{cite:p\}`([^`]+)`", markdown):
                assert set(keys.split(",")) <= BIB_KEYS, keys
            bare = re.sub(r"\{cite:p\}`[^`]+`", "", markdown)
            assert not [
                k for k in BIB_KEYS if re.search(rf"(?<![\w`]){re.escape(k)}(?![\w`])", bare)
            ]


def test_evidence_map_and_claims_are_shown_as_text():
    sources = {
        name: "\n".join("".join(c["source"]) for c in _code_cells(name))
        for name in READER_CHAPTERS
    }
    assert "causes_markdown()" in sources["06_causes"] and "causes_map" not in sources["06_causes"]
    assert "medicine_associations_markdown()" in sources["06_causes"]
    assert (
        "claims_markdown()" in sources["08_myths"] and "claims_figure" not in sources["08_myths"]
    )
    for call in [
        "trials_markdown(",
        "results_markdown(",
        "regulatory_markdown()",
        "number_needed_markdown(",
        "forest_plot()",
        "quinine_benefit_harm()",
    ]:
        assert call in sources["07_treatment"], call


# --- corrections in the chapter text -----------------------------------------------------------


def test_ch06_compartment_syndrome_and_endurance_emergencies():
    text = chapter_text("06_causes")
    flat = " ".join(text.split())
    assert "Suspected acute compartment syndrome is {urgency}`acute_compartment_syndrome`" in flat
    assert "boa_compartment" in text and "calf or shin" in flat  # audit 3, S3-6
    assert "Chronic exertional compartment syndrome" in text and "tucker2010" in text
    assert "{urgency}`chronic_exertional_compartment` for sports medicine" in flat
    # audit 3, S1-4: severe pain without swelling is about muscle breakdown; with swelling, emergency
    assert "without the clues above, is {urgency}`severe_pain_after_exertion`" in flat
    assert "{urgency}`muscle_soreness`" in flat  # GP audit S2-A: ordinary soreness stays routine
    assert "start of compartment syndrome" not in flat
    # audit 3, S3-1/S3-3: spreading cramps same day; illness of hard exercise emergency, with first aid
    assert (
        "{urgency}`widespread_exercise_cramps`" in flat
        and "{first-aid}`endurance_exercise_collapse`" in flat
    )
    assert all(k in text for k in ["hewbutler2015", "casa2015", "miller2022", "casa2012"])
    # audit 3, S1-3 and S2-3: limb-threatening ischaemia, and what the lifestyle studies found
    assert "{urgency}`critical_limb_ischaemia`" in flat and "conte2019" in flat
    assert "None of these claims is backed by a study" not in flat
    assert all(k in flat for k in ["delacour2018", "delacour2020", "grandner2017"])


def test_ch06_audit_corrections():
    text = chapter_text("06_causes")
    assert "faster than planned" not in text and "relative to plan" not in text  # S2.3
    assert "fused, tonic" not in text and "fuse their twitches" not in text  # S3.7
    assert "out of step" in text
    hyper = _sentences_with(text, "hyperkalaemia")
    assert hyper and all("garrison2012" not in s for s in hyper)  # S3.2
    assert any(
        "weiner1998" in s and "ACE inhibitors" in text and "kidney disease" in s for s in hyper
    )
    ppi = _sentences_with(text, "proton-pump inhibitors")  # S3.13
    assert ppi and "fda2011ppi" in ppi[0] and "magnesium" in ppi[0]
    assert "not established as the main cause" in text and "contested" in text  # S3.5
    assert "A different venous problem is an emergency" not in text  # DVT is same day
    assert "prompt neurological" not in text
    assert "Greek" not in text  # S4.5: etymology cited to a Cochrane review


def test_ch07_audit_corrections():
    text = chapter_text("07_treatment")
    assert "cannot exclude no extra harm" not in text  # S2.5
    assert "statistically significant" in text
    gaba = _sentences_with(text, "gabapentin")  # S3.4
    assert gaba and all("katzberg2010" not in s for s in gaba) and "serrao2000" in " ".join(gaba)
    assert "has no trial evidence" not in text  # audit 3, S3-10: an open-label trial exists
    assert (
        "weiss2016" in text and "oskarsson2018" in text and "nice2016mnd" in text
    )  # MND evidence
    assert (
        "miller2010" in text and "lau2019" in text
    )  # audit 3, S4-6: pickle juice, electrolyte drinks
    assert "mhra2017quinine" in text  # audit 3, S4-8: QT
    assert (
        "{urgency}`quinine_harm`" in text and "{urgency}`quinine_kidney_blood_emergency`" in text
    )
    assert 'trials_markdown(["hallegraeff2012", "coppin2005"])' in "".join(
        chapter_cells("07_treatment", "code")
    )  # S3.12
    assert "long-term quinine users" in text
    assert "Do not rise onto your toes" in text  # S1.6
    assert "If stretching makes the pain far worse than an ordinary cramp" in text  # S1.3
    assert (
        "is not massaged" in text and "{urgency}`deep_vein_thrombosis`" in text
    )  # S1.5, audit 3 S3-4
    assert "They are safe." not in text and "harmless if the skin" not in text


def test_ch08_audit_corrections():
    text = chapter_text("08_myths")
    assert "Untested for cramps, but harmless" not in text  # S1.5
    assert "jose2005" in text and "nice2020vte" in text
    lactate = _sentences_with(text, "fuel")  # S3.3
    assert any("gladden2004" in s for s in lactate) and all(
        "robergs2004" not in s for s in lactate
    )
    clonus = _sentences_with(text, "sustained* clonus")  # S2.6
    assert clonus and "rack1984" in clonus[0] and "healthy people" in clonus[0]
    for key in [
        "fda1997iron",
        "swaminathan2003",
        "iom2011",
        "connolly1992",
        "alexander2017",
        "phe_acetic_acid",
        "bull2020",
        "martinezzapata2020",
        "khan2007",
        "ross1995",
    ]:
        assert key in text, key  # S1.6, S1.8 and the seed errors of section 3
    assert (
        "Verdict: **contested**" in text
        and "Verdict: **unsupported** as the main cause" not in text
    )


def test_cited_keys_exist():
    for name in CHAPTERS.values():
        for keys in re.findall(r"\{cite:p\}`([^`]+)`", "\n".join(chapter_cells(name))):
            for key in keys.split(","):
                assert key.strip() in BIB_KEYS, (name, key)


def test_no_doses_in_chapters_quizzes_or_claims():
    dose = re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:mg|g|µg|mcg|IU|units?|tablets?|capsules?)\b(?!/)", re.I
    )
    texts = [chapter_text(n) for n in CHAPTERS.values()]
    texts += [
        (ROOT / "widgets" / "book" / "quizzes" / f"{n}.json").read_text(encoding="utf-8")
        for n in CHAPTERS.values()
    ]
    texts.append((ROOT / "widgets" / "data" / "myths.json").read_text(encoding="utf-8"))
    for text in texts:
        assert not dose.search(text), dose.search(text)


@pytest.mark.parametrize("name", list(CHAPTERS.values()))
def test_quiz_answers_all_have_feedback(name):
    for question in load_quiz(name):
        assert any(a.get("correct") for a in question["answers"]), question["question"]
        for answer in question["answers"]:
            assert answer.get("feedback"), (question["question"], answer)


def test_urgency_words_agree_with_the_triage_data():
    """Every clause of chapters 6-8, their quizzes and the claims that names a red flag with an
    urgency word uses the tier the triage rules give it (checked on unwrapped paragraphs)."""
    from red_flag_mentions import problems

    found = []
    for name in CHAPTERS.values():
        for i, cell in enumerate(chapter_cells(name)):
            for paragraph in re.split(r"\n\s*\n", cell):
                text = re.sub(r"\n(?![-*] |\d+\. |:::|```)\s*", " ", paragraph)
                found += problems(text, f"{name} markdown cell {i}")
        for q, question in enumerate(load_quiz(name)):
            for a, answer in enumerate(question["answers"]):
                text = f"{answer.get('answer', '')}. {answer.get('feedback', '')}"
                if answer.get("correct"):
                    text = f"{question['question']} {text}"
                found += problems(text, f"quiz {name} {q + 1}.{a + 1}")
    for claim in load_claims()["claims"]:
        found += problems(claim["correction"], f"claim {claim['id']}")
    assert not found, "\n".join(found)
