"""Every number a reader sees in a chapter comes from one place.

The scan reads the markdown cells of every chapter of ``_toc.yml`` (a new chapter too) except
those :data:`NOT_SCANNED` names with a reason, and finds every number written with a unit:
mV, Hz, ms, µA/cm², mmol/L or % (a range or ± pair counts as one number; "1-ms" counts too).
Numbers inside math (``$...$``) and inside plain code spans are not prose and are skipped. Each
number found must fall under one of four rules, checked per sentence (a list item or table row
ends a sentence as well; a table row is one sentence):

1. **Glued.** Model numbers are never typed. A code cell computes them and stores them with
   :func:`widgets.book.glue`; the prose shows them with ``{glue:text}`name```. A glued number has
   no digits in the markdown, so the scan never sees it; the test checks instead that every
   ``{glue:text}`` role names a value stored by a code cell of the same chapter.
2. **Literature.** A published value is typed once, with its source: the sentence carries a
   ``{cite:p}`` or ``{cite:t}`` role.
3. **Setting.** A value the reader is told to choose in a live notebook: a setting verb (set,
   lower, raise, move) and then ``to`` or ``past`` right before the number, in the same clause
   ("lower potassium to 2.5 mmol/L, then raise it to 7.5 mmol/L").
4. **Exercise statement.** Inside an ``{exercise}`` block the question poses its own values
   ("a motor unit has a contraction time of 60 ms"). Its ``{solution}`` is checked like prose.

Anything else is a typed model number, and the test lists it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from course import toc_chapters

from widgets.book import GLUE_PREFIX, glue, glue_output, glue_text

ROOT = Path(__file__).resolve().parents[2]
#: chapters the scan leaves out, each with its reason; every other toc chapter is scanned
NOT_SCANNED = {
    "00_how_to_use": "the tour: its numbers are suggested settings of the widgets it previews",
    "07_treatment": "teaches reading evidence with illustrative numbers (a 95 % confidence "
    "interval, an example relative risk), which are not model results",
}
CHAPTERS = [name for name in toc_chapters() if name not in NOT_SCANNED]

UNIT = r"(?:mV|Hz|ms|µA/cm²|mmol/L|%)"
NUMBER = r"[−+±-]?\d+(?:\.\d+)?"
NUMBER_WITH_UNIT = re.compile(
    r"(?<![\w.,/^_{-])"
    + NUMBER
    + r"(?:\s*(?:[–-]|to|and|±)\s*"
    + NUMBER
    + r")?\s*-?"
    + UNIT
    + r"(?![\w/²])"
)
GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`]*)`")
CITE_ROLE = re.compile(r"\{cite:[pt]\}`[^`]+`")
ANY_ROLE = re.compile(r"\{[\w:+-]+\}`[^`]*`")
SETTING = re.compile(
    r"\b(?:set|lower|raise|move)\b[^.;:!?]{0,60}?\b(?:to|past)\s*$", re.IGNORECASE
)


def _cells(name: str) -> list[dict]:
    return json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def _without_exercise_statements(markdown: str) -> str:
    """The markdown with the body of every ``{exercise}`` block removed (rule 4)."""
    return re.sub(r"```\{exercise\}.*?```", " ", markdown, flags=re.S)


def sentences(markdown: str) -> list[str]:
    """Sentences of a markdown cell, whitespace folded: math and plain code spans removed, each
    glue role replaced by ``GLUED``, each citation by ``CITED`` and any other role by ``ROLE``."""
    text = re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = GLUE_ROLE.sub("GLUED", text)
    text = CITE_ROLE.sub("CITED", text)
    text = ANY_ROLE.sub("ROLE", text)
    text = re.sub(r"`[^`\n]+`", " ", text)  # plain code spans (roles are gone by now)
    out = []
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)|\n(?=\s*\|)|\n(?=```)|\n(?=:::)", text)
    for block in blocks:
        block = re.sub(r"\s+", " ", block).strip()
        out += [s for s in re.split(r"(?<=[.!?;])\s+(?=[A-Z(*])", block) if s]
    return out


def unsourced_numbers(markdown: str) -> list[tuple[str, str]]:
    """(number, sentence) for every number with a unit that breaks all four rules."""
    found = []
    for sentence in sentences(_without_exercise_statements(markdown)):
        if "CITED" in sentence:
            continue
        for match in NUMBER_WITH_UNIT.finditer(sentence):
            if SETTING.search(sentence[: match.start()]):
                continue
            found.append((match.group(0), sentence))
    return found


def glued_names(cells: list[dict]) -> list[str]:
    """Names stored by glue outputs (``scrapbook`` metadata) in the code cells, in order."""
    return [
        o["metadata"]["scrapbook"]["name"]
        for c in cells
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    ]


# --- the chapters ------------------------------------------------------------------------------


def test_every_chapter_is_scanned_or_left_out_by_name():
    assert set(NOT_SCANNED) <= set(toc_chapters()), "NOT_SCANNED names a chapter not in the toc"
    assert {"01_muscle", "05_tonic_clonic"} <= set(CHAPTERS)


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_number_with_a_unit_is_glued_cited_or_a_setting(name):
    problems = []
    for i, cell in enumerate(_cells(name)):
        if cell["cell_type"] == "markdown":
            problems += [
                f"{name} cell {i}: {number!r} in: {sentence[:160]}"
                for number, sentence in unsourced_numbers("".join(cell["source"]))
            ]
    assert not problems, "typed model numbers (glue them, or cite a source):\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_glue_role_names_a_value_of_its_chapter(name):
    cells = _cells(name)
    stored = glued_names(cells)
    assert len(stored) == len(set(stored)), f"{name}: a name is glued twice"
    used = {
        m.group(1)
        for c in cells
        if c["cell_type"] == "markdown"
        for m in GLUE_ROLE.finditer("".join(c["source"]))
    }
    assert used <= set(stored), (
        f"{name}: roles without a glued value: {sorted(used - set(stored))}"
    )
    assert set(stored) <= used, f"{name}: glued values no role uses: {sorted(set(stored) - used)}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_glue_cells_are_hidden_plumbing(name):
    """Values are glued in their own code cells, hidden from the book (``remove-cell`` or
    ``remove-input``), which show nothing else."""
    for i, c in enumerate(_cells(name)):
        if c["cell_type"] == "code" and "glue(" in "".join(c["source"]):
            assert {"remove-cell", "remove-input"} & set(c["metadata"].get("tags", [])), (
                f"{name} cell {i}"
            )
            assert all("scrapbook" in o.get("metadata", {}) for o in c.get("outputs", [])), (
                f"{name} cell {i}"
            )


# --- the scan can fail --------------------------------------------------------------------------


def test_the_scan_finds_a_typed_model_number():
    typed = "At normal potassium the fibre model rests at −87.4 mV, close to the GHK value."
    assert unsourced_numbers(typed) == [("−87.4 mV", typed)]
    assert [
        n
        for n, _ in unsourced_numbers("Sustained firing starts at about 51 Hz (from 6.26 µA/cm²).")
    ] == ["51 Hz", "6.26 µA/cm²"]
    assert [
        n for n, _ in unsourced_numbers("The ripple falls below 5 % from 17–18 Hz; a 1-ms pulse.")
    ] == ["5 %", "17–18 Hz", "1-ms"]
    # a citation elsewhere in the cell does not cover another sentence
    assert unsourced_numbers("Rest is −65 mV. Peak is +40 mV {cite:p}`hodgkin1952`.") == [
        ("−65 mV", "Rest is −65 mV.")
    ]
    # text between two roles is prose, not a code span
    assert [
        n
        for n, _ in unsourced_numbers("At 2 mmol/L {glue:text}`a` mV, at 3 mV {glue:text}`b` mV.")
    ] == ["2 mmol/L", "3 mV"]
    # a solution is prose; only the exercise's own question is exempt
    exercise = (
        "```{exercise}\n:label: x\n\nA unit has a contraction time of 60 ms.\n```\n\n"
        "```{solution} x\n:class: dropdown\n\nIt fuses from about 23 Hz.\n```"
    )
    assert [n for n, _ in unsourced_numbers(exercise)] == ["23 Hz"]


def test_the_scan_accepts_glue_citations_and_settings():
    assert unsourced_numbers("The fibre model rests at {glue:text}`ch03_rest` mV.") == []
    assert unsourced_numbers("Units fire at 14.5 ± 5.1 Hz {cite:p}`minetto2009`.") == []
    assert unsourced_numbers("- lower potassium to 2.5 mmol/L, then raise it to 7.5 mmol/L;") == []
    assert unsourced_numbers("Move the calcium shift past −7 mV and watch.") == []
    assert unsourced_numbers("The code `nernst(1, 125.0, 12.0)` and $E = 61.5$ mV.") == []
    # a setting verb in another clause is not a setting
    assert [n for n, _ in unsourced_numbers("Set the model going; it fires at 51 Hz.")] == [
        "51 Hz"
    ]


# --- the glue helper: what the book build reads --------------------------------------------------


def test_glue_text_formats_numbers_with_a_true_minus():
    assert glue_text(-87.36, ".1f") == "−87.4"
    assert glue_text(51.2, ".0f") == "51"
    assert glue_text(2.0, "+.1f") == "+2.0"
    assert glue_text("6.25–7.25") == "6.25–7.25"
    for bad, fmt in (
        (float("nan"), ".1f"),
        (True, ""),
        (None, ""),
        ([1.0], ""),
        (1.0, ".1q"),
        ("x", ".1f"),
    ):
        with pytest.raises(ValueError):
            glue_text(bad, fmt)
    for bad_name in ("", "1abc", "a:b", "a b", None):
        with pytest.raises(ValueError, match="name"):
            glue_output(bad_name, 1.0, ".1f")


def test_glue_output_is_what_myst_nb_glue_writes(monkeypatch):
    """Same mimebundle and metadata as ``myst_nb.glue(name, text, display=False)``."""
    myst_glue = pytest.importorskip("myst_nb.ext.glue")
    recorded = []
    monkeypatch.setattr(
        myst_glue, "ipy_display", lambda data, raw, metadata: recorded.append((data, metadata))
    )
    myst_glue.glue("ch03_rest", "−87.4", display=False)
    assert glue_output("ch03_rest", -87.4, ".1f") == recorded[0]
    assert myst_glue.GLUE_PREFIX == GLUE_PREFIX


def test_the_book_build_reads_a_glued_value(monkeypatch):
    """MyST-NB's own extraction and ``{glue:text}`` formatting recover the text from the output
    that :func:`widgets.book.glue` displays, and drop it from the visible outputs."""
    myst_glue = pytest.importorskip("myst_nb.ext.glue")
    import IPython.display
    import nbformat
    from myst_nb.core.variables import format_plain_text

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda data, raw, metadata: shown.append((data, metadata))
    )
    glue("ch03_block", 155.6, ".0f")
    ((data, metadata),) = shown
    cell = nbformat.v4.new_code_cell(
        "glue(...)",
        outputs=[
            nbformat.v4.new_output("display_data", data=data, metadata=metadata),
            nbformat.v4.new_output("stream", name="stdout", text="printed\n"),
        ],
    )
    ((key, output),) = myst_glue.extract_glue_data_cell(cell)
    assert key == "ch03_block"
    assert format_plain_text(output["data"]["text/plain"], "s") == "156"
    assert [o["output_type"] for o in cell.outputs] == ["stream"]


# --- the quizzes: typed model numbers only where a question poses a calculation -----------------


def test_quiz_model_numbers_match_the_models():
    """The quizzes are data, so nothing can be glued there: their feedback gives literature values
    with author-year wording, and the two questions that ask for a model result (a Nernst
    potential, half-maximal rates) are checked against the models here."""
    from widgets.book.quiz import load_quiz
    from widgets.physiology.force import half_max_rate_hz
    from widgets.physiology.ions import equilibrium_potentials
    from widgets.physiology.motor_units import FAST_T_MS, SLOW_T_MS

    nernst_q = load_quiz("02_electrolytes")[0]
    lo, hi = next(a["range"] for a in nernst_q["answers"] if a.get("correct"))
    assert lo <= equilibrium_potentials()["K"] <= hi
    assert (
        f"= {glue_text(equilibrium_potentials()['K'], '.1f')} mV"
        in nernst_q["answers"][0]["feedback"]
    )
    rates_q = load_quiz("04_force")[1]
    right = next(a["answer"] for a in rates_q["answers"] if a["correct"])
    assert right == (
        f"About {half_max_rate_hz(SLOW_T_MS):.0f} Hz for the {SLOW_T_MS:.0f} ms unit and about "
        f"{half_max_rate_hz(FAST_T_MS):.0f} Hz for the {FAST_T_MS:.0f} ms unit"
    )
    quiz3 = json.dumps(load_quiz("03_excitability"), ensure_ascii=False)
    assert (
        "50 Hz" not in quiz3 and "2.24" not in quiz3 and "6.26" not in quiz3
    )  # no retyped model numbers
