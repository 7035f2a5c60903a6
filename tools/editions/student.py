"""The student edition: the chapters without their solutions, and a zip to run them at home."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import nbformat

from editions.chapters import ROOT, Chapter, fresh_dir, load_chapters, write_notebook

ZIP_NAME = "cramp-lab-student.zip"
ZIP_ROOT = "cramp-lab-student"
# What a student needs besides the notebooks: the environment (binder/ installs the course package
# from pyproject.toml with versions pinned by constraints.txt) and the package itself.
STUDENT_ENV_FILES = (
    "pyproject.toml",
    "constraints.txt",
    "binder/requirements.txt",
    "binder/runtime.txt",
)

STUDENT_README = """\
# Cramp Lab: the notebooks

An open course on leg cramps, from muscle physiology to who to see. Education, not medical advice.

## Run the chapters on your computer

You need Python 3.11. In this folder:

```bash
python3.11 -m venv .venv
.venv/bin/python -m pip install -r binder/requirements.txt
.venv/bin/jupyter lab chapters
```

(On Windows: `py -3.11 -m venv .venv`, then `.venv\\Scripts\\python -m pip install -r
binder\\requirements.txt` and `.venv\\Scripts\\jupyter lab chapters`.)

The first command makes a private Python environment; the second installs the course's package
(`widgets`) and the exact versions it was tested with; the third opens JupyterLab on the
chapters. Open a chapter and choose *Run > Run All Cells*; the interactive figures respond to
their sliders and to the arrow keys.

## What is here

| path | what |
|---|---|
| `chapters/` | the chapters, with exercises and self-check quizzes |
| `widgets/` | the course's models and interactive figures |
| `binder/`, `pyproject.toml`, `constraints.txt` | the environment: what to install, pinned |
"""


def student_files(chapters: list[Chapter], root: Path = ROOT) -> dict[str, bytes]:
    """Every file of the student zip (path inside the zip -> content), in a fixed order."""
    files: dict[str, bytes] = {"README.md": STUDENT_README.encode()}
    for name in STUDENT_ENV_FILES:
        files[name] = (root / name).read_bytes()
    package = root / "widgets"
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix not in (".pyc",):
            files[rel.as_posix()] = path.read_bytes()
    for chapter in chapters:
        files[f"chapters/{chapter.path.name}"] = nbformat.writes(chapter.student).encode() + b"\n"
    return dict(sorted(files.items()))


def write_zip(files: dict[str, bytes], path: Path, prefix: str = ZIP_ROOT) -> None:
    """A reproducible zip: fixed order and timestamps, so an unchanged course gives the same
    bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    path.write_bytes(buffer.getvalue())


def make_student(out: Path, root: Path = ROOT) -> Path:
    chapters = load_chapters(root)
    out = fresh_dir(out)
    for chapter in chapters:
        write_notebook(chapter.student, out / "chapters" / chapter.path.name)
    write_zip(student_files(chapters, root), out / ZIP_NAME)
    return out
