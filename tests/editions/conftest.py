"""Fixtures for the editions tests: each edition is made once per session, in a temporary folder
(never in _build/, which belongs to `make book` and `make student` / `make instructor`)."""

from __future__ import annotations

from pathlib import Path

import editions
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def chapters():
    return editions.load_chapters(ROOT)


@pytest.fixture(scope="session")
def student_edition(tmp_path_factory) -> Path:
    return editions.make_student(tmp_path_factory.mktemp("editions") / "student", ROOT)


@pytest.fixture(scope="session")
def instructor_edition(tmp_path_factory) -> Path:
    return editions.make_instructor(tmp_path_factory.mktemp("editions") / "instructor", ROOT)
