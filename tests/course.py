"""The course as the tests see it: the chapters of the table of contents, in its order."""

from __future__ import annotations

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
