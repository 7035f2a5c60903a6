"""The course's self-check quiz bank for learning-management systems (``make lms``).

Usage:
    python tools/make_lms.py [--out _build/lms]       (= make lms)

Writes ``cramp-lab-moodle.xml`` (Moodle XML: a question category per chapter) and
``cramp-lab-qti.zip`` (IMS QTI 1.2 package as Canvas imports it: an assessment per chapter).
The questions come from ``widgets/book/quizzes`` through ``load_quiz`` (clinical roles expanded)
and the chapter titles from the notebooks' first headings, in the order of ``_toc.yml``.
"""

from pathlib import Path

from lms.bank import Bank, NumericAnswer, fractions, kind, load_banks, numeric_answers
from lms.moodle import moodle_xml
from lms.qti import assessment_xml, manifest_xml, write_qti_zip

MOODLE_NAME = "cramp-lab-moodle.xml"
QTI_NAME = "cramp-lab-qti.zip"


def make_lms(out: Path, root: Path | None = None) -> dict[str, Path]:
    """Write both exports into ``out`` (created if needed); return their paths by format."""
    banks = load_banks(root) if root else load_banks()
    out.mkdir(parents=True, exist_ok=True)
    moodle = out / MOODLE_NAME
    moodle.write_bytes(moodle_xml(banks))
    return {"moodle": moodle, "qti": write_qti_zip(banks, out / QTI_NAME)}


__all__ = [
    "MOODLE_NAME",
    "QTI_NAME",
    "Bank",
    "NumericAnswer",
    "assessment_xml",
    "fractions",
    "kind",
    "load_banks",
    "make_lms",
    "manifest_xml",
    "moodle_xml",
    "numeric_answers",
    "write_qti_zip",
]
