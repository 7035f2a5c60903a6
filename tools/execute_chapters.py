"""Re-execute chapters in a fresh kernel and store their outputs, deterministically.

Usage: python tools/execute_chapters.py chapters/01_muscle.ipynb [...]

No timing metadata and no widget state are written, and each live widget's random model id is
replaced by one derived from the chapter and cell (without a kernel it refers to nothing either
way), so re-running an unchanged chapter leaves the file byte-identical and strict nbval can
compare the stored outputs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def coalesce_streams(nb) -> None:
    """Merge consecutive stdout (or stderr) outputs of a cell: how the kernel splits printed text
    into messages depends on timing, and the stored notebook must not."""
    for cell in nb.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                output.get("output_type") == "stream"
                and previous is not None
                and previous.get("output_type") == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged


def stable_widget_ids(nb, stem: str) -> None:
    """Replace the random model ids of widget views with ``<stem>-<cell>-<output>``."""
    for c, cell in enumerate(nb.cells):
        for o, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                view["model_id"] = f"{stem}-{c}-{o}"


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=300,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": KERNEL}
    nb.metadata.setdefault("language_info", {}).pop("version", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    coalesce_streams(nb)
    stable_widget_ids(nb, path.stem)
    nbformat.write(nb, path)
    print(f"executed {path}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    paths = [Path(a) for a in argv] or sorted(Path("chapters").glob("*.ipynb"))
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
