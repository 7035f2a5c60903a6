"""The course as the tests see it: the chapters of the table of contents, in its order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_chapters(root: Path = ROOT) -> list[str]:
    """The notebook chapters of ``_toc.yml`` (file stems such as ``04_force``), in book order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [
        Path(f).name for f in files if f.startswith("chapters/") and (root / f"{f}.ipynb").exists()
    ]


def chapter_cells(name: str, kind: str = "markdown", root: Path = ROOT) -> list[str]:
    """The sources of the ``kind`` cells (markdown or code) of chapter ``name`` (a file stem)."""
    nb = json.loads((root / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def chapter_text(name: str, root: Path = ROOT) -> str:
    """A chapter's markdown with its line breaks unwrapped, so that phrases can be searched."""
    return re.sub(r"\s+", " ", "\n\n".join(chapter_cells(name, root=root)))


def in_bibliography(key: str, root: Path = ROOT) -> bool:
    """Whether ``references.bib`` has an entry with the citation key ``key``."""
    bib = (root / "references.bib").read_text(encoding="utf-8")
    return re.search(r"@\w+\{" + re.escape(key) + ",", bib) is not None
