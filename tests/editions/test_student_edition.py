"""`make student`: the chapters without their solutions, and a zip a student can run.

The slow test runs every student notebook top to bottom in a fresh kernel, from the unpacked zip,
with the zip's own copy of the course package (so a file missing from the zip fails it)."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import editions
import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

from widgets.clinical.red_flags import expand_roles


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_text(nb) -> str:
    """Everything a reader of the notebook can see: sources and every text or HTML output."""
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for kind, value in output.get("data", {}).items():
                if kind.startswith("text/") or kind.endswith("json"):
                    parts.append(value if isinstance(value, str) else json.dumps(value))
            parts.append(json.dumps(output.get("metadata", {})))
    return normalise("\n".join(parts))


def solution_lines(solution) -> list[str]:
    lines = [normalise(line) for _, text in solution.parts for line in text.split("\n")]
    return [line for line in lines if len(line) >= 25]


def test_every_chapter_has_exercises_each_with_its_solution(chapters):
    assert [c.path.name for c in chapters] == [p.name for p in editions.chapter_paths(ROOT)]
    for chapter in chapters:
        labels = [e.label for e in chapter.exercises]
        assert labels, f"{chapter.path.name}: no exercises found"
        assert sorted(s.label for s in chapter.solutions) == sorted(labels), chapter.path.name


def leaked_lines(chapter, student) -> list[str]:
    """Lines of the chapter's solutions found in the student notebook more often than the original
    notebook has them outside its solutions (a sentence may also appear in the chapter's text)."""
    original = visible_text(nbformat.read(chapter.path, as_version=4))
    bodies = [normalise(text) for s in chapter.solutions for _, text in s.parts]
    seen = visible_text(student)
    leaked = []
    for solution in chapter.solutions:
        for line in solution_lines(solution):
            outside = original.count(line) - sum(body.count(line) for body in bodies)
            if seen.count(line) > outside:
                leaked.append(f"{solution.label}: {line}")
    return leaked


def test_no_solution_text_survives(student_edition, chapters):
    for chapter in chapters:
        path = student_edition / "chapters" / chapter.path.name
        raw = path.read_text(encoding="utf-8")
        assert "{solution" not in raw and "solution-start" not in raw, chapter.path.name
        student = nbformat.read(path, as_version=4)
        assert leaked_lines(chapter, student) == [], chapter.path.name
        original = visible_text(nbformat.read(chapter.path, as_version=4))
        seen = visible_text(student)
        for solution in chapter.solutions:
            assert normalise(solution.markdown) not in seen
            unique = [line for line in solution_lines(solution) if original.count(line) == 1]
            assert unique, f"{chapter.path.name}: solution {solution.label} has no text of its own"
            assert not any(line in seen for line in unique)


def test_the_check_can_fail_on_a_leaked_solution(chapters):
    chapter = chapters[0]
    leaked = nbformat.from_dict(chapter.student)
    leaked.cells.append(nbformat.v4.new_markdown_cell(chapter.solutions[0].markdown))
    assert leaked_lines(chapter, leaked)
    assert leaked_lines(chapter, chapter.student) == []


def test_exercises_quizzes_and_code_are_kept(student_edition, chapters):
    for chapter in chapters:
        original = nbformat.read(chapter.path, as_version=4)
        student = nbformat.read(student_edition / "chapters" / chapter.path.name, as_version=4)
        assert [c for c in student.cells if c.cell_type == "code"] == [
            c for c in original.cells if c.cell_type == "code"
        ], chapter.path.name
        text = "\n".join(c.source for c in student.cells)
        for exercise in chapter.exercises:
            assert f":label: {exercise.label}" in text
            assert expand_roles(exercise.body) in text  # clinical roles become words
        assert "show_quiz(" in text, f"{chapter.path.name}: the self-check quiz is missing"
        assert student.metadata == original.metadata


def test_the_zip_holds_the_notebooks_and_the_environment(student_edition, chapters):
    with zipfile.ZipFile(student_edition / editions.ZIP_NAME) as archive:
        names = archive.namelist()
        assert all(n.startswith(editions.ZIP_ROOT + "/") for n in names)
        files = {n.split("/", 1)[1]: archive.read(n) for n in names}
    for name in editions.STUDENT_ENV_FILES:
        assert files[name] == (ROOT / name).read_bytes(), name
    for chapter in chapters:
        assert (
            files[f"chapters/{chapter.path.name}"]
            == (student_edition / "chapters" / chapter.path.name).read_bytes()
        )
    package = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "widgets").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert package <= set(files), sorted(package - set(files))
    assert (
        "widgets/data/specialist_rules.json" in files
        and "widgets/book/quizzes/04_force.json" in files
    )
    assert not any("__pycache__" in n for n in files)
    readme = files["README.md"].decode()
    assert "pip install -r binder/requirements.txt" in readme and "jupyter lab chapters" in readme


def test_the_zip_is_reproducible(student_edition, tmp_path):
    again = editions.make_student(tmp_path / "again", ROOT)
    zip_name = editions.ZIP_NAME
    assert (again / zip_name).read_bytes() == (student_edition / zip_name).read_bytes()


def test_an_output_folder_that_is_not_an_edition_is_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not an edition"):
        editions.make_student(tmp_path, ROOT)
    assert (tmp_path / "notes.txt").read_text() == "mine"


CHECK_CELL = "import sys, widgets\nprint(widgets.__file__)"


def test_each_student_notebook_runs_top_to_bottom_in_a_fresh_kernel(
    student_edition, tmp_path, monkeypatch
):
    with zipfile.ZipFile(student_edition / editions.ZIP_NAME) as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / editions.ZIP_ROOT
    # The kernel imports the course package from the zip, not from this repository.
    monkeypatch.setenv("PYTHONPATH", str(unpacked))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    notebooks = sorted((unpacked / "chapters").glob("*.ipynb"))
    assert len(notebooks) == len(editions.chapter_paths(ROOT))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(CHECK_CELL))
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=300,
            record_timing=False,
            store_widget_state=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()  # raises CellExecutionError, naming the cell, on any error
        printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs).strip()
        assert Path(printed).is_relative_to(unpacked), f"{path.name} imported {printed}"
    assert os.environ["PYTHONPATH"] == str(unpacked)
