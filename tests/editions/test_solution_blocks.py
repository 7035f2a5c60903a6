"""Finding and removing solutions: every form sphinx-exercise allows, on small made-up notebooks."""

from __future__ import annotations

import nbformat
import pytest
from editions import directive_blocks, split_notebook, split_options

md = nbformat.v4.new_markdown_cell
code = nbformat.v4.new_code_cell

EXERCISE = "```{exercise}\n:label: ex-a\n\nWhat is 2 + 2?\n```"


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def sources(nb) -> list[str]:
    return [c.source for c in nb.cells]


def test_a_solution_sharing_its_cell_with_other_text_leaves_the_text():
    cell = md(
        f"## Exercises\n\n{EXERCISE}\n\n```{{solution}} ex-a\n:class: dropdown\n\n"
        "Four, SECRET-ANSWER.\n```\n\nA closing remark."
    )
    student, exercises, solutions = split_notebook(notebook(cell))
    assert sources(student) == [f"## Exercises\n\n{EXERCISE}\n\nA closing remark."]
    assert [e.label for e in exercises] == ["ex-a"]
    assert exercises[0].body == "What is 2 + 2?"
    assert [(s.label, s.markdown) for s in solutions] == [("ex-a", "Four, SECRET-ANSWER.")]


def test_fences_nested_inside_a_solution_go_with_it():
    cell = md(
        f"{EXERCISE}\n\n````{{solution}} ex-a\n:class: dropdown\n\nRun this:\n\n"
        "```python\nprint('SECRET-CODE')\n```\n\nand read the SECRET-RESULT.\n````\n\nAfter."
    )
    student, _, solutions = split_notebook(notebook(cell))
    assert sources(student) == [f"{EXERCISE}\n\nAfter."]
    assert "print('SECRET-CODE')" in solutions[0].markdown
    assert solutions[0].markdown.endswith("and read the SECRET-RESULT.")


def test_colon_and_tilde_fences_and_a_solution_inside_another_directive():
    cell = md(
        f"{EXERCISE}\n\n::::{{admonition}} Worked answers\n:::{{solution}} ex-a\n"
        "SECRET-COLON\n:::\nKept inside the box.\n::::\n\n~~~{solution} ex-a\nSECRET-TILDE\n~~~"
    )
    student, _, solutions = split_notebook(notebook(cell))
    text = student.cells[0].source
    assert "SECRET" not in text
    assert "::::{admonition} Worked answers\nKept inside the box.\n::::" in text
    assert [s.markdown for s in solutions] == ["SECRET-COLON", "SECRET-TILDE"]


def test_a_gated_solution_removes_its_text_and_its_code_cells():
    nb = notebook(
        md(f"{EXERCISE}\n\n```{{solution-start}} ex-a\n:class: dropdown\n```\n\nSECRET-INTRO"),
        code("answer = 2 + 2  # SECRET-CELL"),
        md("SECRET-MIDDLE"),
        md("SECRET-END-TEXT\n\n```{solution-end}\n```\n\n## Self-check"),
        code("print('quiz')"),
    )
    student, _, solutions = split_notebook(nb)
    assert sources(student) == [EXERCISE, "## Self-check", "print('quiz')"]
    assert solutions[0].label == "ex-a"
    assert solutions[0].parts == [
        ("markdown", "SECRET-INTRO"),
        ("code", "answer = 2 + 2  # SECRET-CELL"),
        ("markdown", "SECRET-MIDDLE"),
        ("markdown", "SECRET-END-TEXT"),
    ]


def test_a_cell_tagged_solution_is_solution_only():
    nb = notebook(
        md(EXERCISE), code("x = 1  # SECRET", metadata={"tags": ["solution"]}), code("y = 2")
    )
    student, _, solutions = split_notebook(nb)
    assert sources(student) == [EXERCISE, "y = 2"]
    assert solutions[0].parts == [("code", "x = 1  # SECRET")]


def test_plain_code_fences_and_other_directives_are_kept():
    text = "```python\nprint(1)\n```\n\n:::{note}\nA note.\n:::"
    student, exercises, solutions = split_notebook(notebook(md(text)))
    assert sources(student) == [text] and exercises == [] and solutions == []


def test_a_cell_that_held_only_a_solution_disappears_and_outputs_stay():
    cell = code("print('hi')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    nb = notebook(md(EXERCISE), md("```{solution} ex-a\nSECRET\n```"), cell)
    student, _, _ = split_notebook(nb)
    assert sources(student) == [EXERCISE, "print('hi')"]
    assert student.cells[1].outputs[0].text == "hi\n"
    assert nb.cells[1].source.startswith("```{solution}"), "the input notebook is left unchanged"


@pytest.mark.parametrize(
    "cells, message",
    [
        ([md("```{solution-start} ex-a\n```\nSECRET")], "has no solution-end"),
        ([md("```{solution-end}\n```")], "solution-end without solution-start"),
        ([md("```{solution} ex-b\nx\n```")], "no exercise of this chapter"),
        ([md("```{exercise}\nNo label.\n```")], "without a :label:"),
        ([md(f"{EXERCISE}\n```{{solution}}\nx\n```")], "without the label"),
    ],
)
def test_malformed_blocks_are_clear_errors(cells, message):
    with pytest.raises(ValueError, match=message):
        split_notebook(notebook(*cells), "made-up.ipynb")


def test_directive_options_and_yaml_options():
    assert split_options(":label: a\n:class: dropdown\n\nBody\nmore") == (
        {"label": "a", "class": "dropdown"},
        "Body\nmore",
    )
    assert split_options("---\nlabel: b\n---\nBody") == ({"label": "b"}, "Body")
    with pytest.raises(ValueError, match="not closed"):
        split_options("---\nlabel: b\nBody")


def test_block_lines_are_those_of_the_cell():
    text = "intro\n\n- item\n\n  ```{solution} a\n  x\n  ```\n\nend"
    [block] = directive_blocks(text, {"solution"})
    assert (block.start, block.end) == (4, 7)
    assert text.split("\n")[block.start].strip() == "```{solution} a"


def test_cells_without_solutions_are_kept_exactly():
    text = "Line with a hard break  \nnext line\n\n\n\nafter three blank lines   "
    student, _, _ = split_notebook(notebook(md(text), md(f"{EXERCISE}\n")))
    assert sources(student) == [text, f"{EXERCISE}\n"]
