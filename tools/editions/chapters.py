"""The chapter notebooks as the editions read them: exercises, solutions and the student's
notebook without the solutions; and the edition folders they are written to."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nbformat
import yaml

from widgets.clinical.red_flags import expand_roles

ROOT = Path(__file__).resolve().parents[2]
MARKER = ".cramp-lab-edition"  # written into every edition folder; only such a folder is replaced
SOLUTION_TAG = "solution"
_DIRECTIVE = re.compile(r"^\{([A-Za-z][\w:-]*)\}\s*(.*)$")


# --- finding exercises and solutions ------------------------------------------------------------
@dataclass
class Block:
    """One directive fence in a markdown cell: lines [start, end) of the cell's source."""

    name: str
    argument: str
    start: int
    end: int
    options: dict
    body: str


@dataclass
class Exercise:
    label: str
    title: str
    body: str
    numbered: bool = True  # False for sphinx-exercise's :nonumber:


@dataclass
class Solution:
    label: str  # the exercise it solves
    parts: list = field(default_factory=list)  # ("markdown", text) or ("code", source)

    @property
    def markdown(self) -> str:
        return "\n\n".join(text for kind, text in self.parts if kind == "markdown")


@dataclass
class Chapter:
    path: Path
    title: str
    student: nbformat.NotebookNode
    exercises: list[Exercise]
    solutions: list[Solution]

    @property
    def stem(self) -> str:
        return self.path.stem

    def exercise_numbers(self) -> dict[str, str]:
        """As the book numbers them: the k-th numbered exercise of chapters/NN_name is "NN.k"
        (chapter 00 gives "0.k"); other pages count 1, 2, ..."""
        prefix = self.stem.split("_", 1)[0]
        chapter = f"{int(prefix)}." if prefix.isdigit() else ""
        numbers, k = {}, 0
        for exercise in self.exercises:
            if exercise.numbered:
                k += 1
                numbers[exercise.label] = f"{chapter}{k}"
        return numbers


@lru_cache(maxsize=1)
def myst_extensions() -> frozenset[str]:
    """The MyST syntax extensions the book enables (``parse.myst_enable_extensions``)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    return frozenset((config.get("parse") or {}).get("myst_enable_extensions") or ())


def new_md_parser():
    """A MyST markdown parser with the book's extensions (colon fences, dollar maths, ...)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(myst_extensions())), RendererHTML)


@lru_cache(maxsize=1)
def _md_parser():
    return new_md_parser()


def split_options(content: str) -> tuple[dict, str]:
    """A directive's ``:key: value`` lines (or a ``---`` YAML block) and the body after them."""
    lines = content.split("\n")
    options: dict = {}
    i = 0
    if lines and lines[0].strip() == "---":
        try:
            end = next(j for j in range(1, len(lines)) if lines[j].strip() == "---")
        except StopIteration as exc:
            raise ValueError("directive options: a '---' block is not closed") from exc
        options = yaml.safe_load("\n".join(lines[1:end])) or {}
        i = end + 1
    else:
        while i < len(lines):
            m = re.match(r"^:([\w-]+):\s*(.*)$", lines[i])
            if not m:
                break
            options[m.group(1)] = m.group(2).strip()
            i += 1
    return options, "\n".join(lines[i:]).strip("\n")


def directive_blocks(text: str, names: set[str] | None = None, _offset: int = 0) -> list[Block]:
    """Directive fences in MyST markdown (backtick, tilde or colon fences, at any depth inside
    other directives, lists or quotes), in order. ``names`` keeps only those directives; the
    search still descends into the others."""
    blocks: list[Block] = []
    for token in _md_parser().parse(text):
        if token.type not in ("fence", "colon_fence") or token.map is None:
            continue
        m = _DIRECTIVE.match(token.info.strip())
        if not m:
            continue
        name, argument = m.group(1), m.group(2).strip()
        start, end = token.map[0] + _offset, token.map[1] + _offset
        if names is None or name in names:
            options, body = split_options(token.content)
            blocks.append(Block(name, argument, start, end, options, body))
        if names is None or name not in names:
            blocks.extend(directive_blocks(token.content, names, start + 1))
    blocks.sort(key=lambda b: b.start)
    return blocks


def _tidy(lines: list[str]) -> str:
    """Join the lines left after a removal: no run of blank lines longer than one, none at either
    end (other lines exactly as they were)."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def split_notebook(
    nb, name: str = "notebook"
) -> tuple[nbformat.NotebookNode, list[Exercise], list[Solution]]:
    """The notebook without its solutions, its exercises, and its solutions in order."""
    student = nbformat.from_dict(nb)
    cells = []
    exercises: list[Exercise] = []
    solutions: list[Solution] = []
    gated: Solution | None = None
    wanted = {"exercise", "solution", "solution-start", "solution-end", "exercise-start"}
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            if cell.cell_type == "markdown":
                solutions.append(Solution(label="", parts=[("markdown", cell.source)]))
            elif cell.cell_type == "code":
                solutions.append(Solution(label="", parts=[("code", cell.source)]))
            continue
        if cell.cell_type != "markdown":
            if gated is not None:
                if cell.cell_type == "code" and cell.source.strip():
                    gated.parts.append(("code", cell.source))
                continue
            cells.append(nbformat.from_dict(cell))
            continue
        lines = cell.source.split("\n")
        keep: list[str] = []
        pending: list[str] = []  # text of a gated solution within this cell
        blocks = directive_blocks(cell.source, wanted)
        i = 0
        for block in blocks + [None]:
            upto = len(lines) if block is None else block.start
            if upto < i:  # a block inside a block already consumed (e.g. inside a solution)
                continue
            (pending if gated is not None else keep).extend(lines[i:upto])
            if block is None:
                break
            i = block.end
            if block.name == "exercise":
                label = str(block.options.get("label", "")).strip()
                if not label:
                    raise ValueError(f"{where}: an exercise without a :label:")
                exercises.append(
                    Exercise(label, block.argument, block.body, "nonumber" not in block.options)
                )
                (pending if gated is not None else keep).extend(lines[block.start : block.end])
            elif block.name == "exercise-start":
                label = str(block.options.get("label", "")).strip()
                exercises.append(
                    Exercise(label, block.argument, "", "nonumber" not in block.options)
                )
                keep.extend(lines[block.start : block.end])
            elif block.name == "solution":
                if not block.argument:
                    raise ValueError(f"{where}: a solution without the label of its exercise")
                solutions.append(Solution(block.argument, [("markdown", block.body)]))
            elif block.name == "solution-start":
                if gated is not None:
                    raise ValueError(
                        f"{where}: solution-start inside the solution {gated.label!r}"
                    )
                if not block.argument:
                    raise ValueError(
                        f"{where}: a solution-start without the label of its exercise"
                    )
                gated = Solution(block.argument, [])
                solutions.append(gated)
            elif block.name == "solution-end":
                if gated is None:
                    raise ValueError(f"{where}: solution-end without solution-start")
                if _tidy(pending):
                    gated.parts.append(("markdown", _tidy(pending)))
                pending, gated = [], None
        if gated is not None and _tidy(pending):
            gated.parts.append(("markdown", _tidy(pending)))
        source = cell.source if keep == lines else _tidy(keep)
        if source.strip():
            new = nbformat.from_dict(cell)
            new.source = source
            cells.append(new)
    if gated is not None:
        raise ValueError(f"{name}: solution-start {gated.label!r} has no solution-end")
    known = {e.label for e in exercises}
    for solution in solutions:
        if solution.label and solution.label not in known:
            raise ValueError(
                f"{name}: a solution for {solution.label!r}, which is no exercise of this chapter"
            )
    student.cells = cells
    return student, exercises, solutions


def chapter_paths(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks in the book's order (``_toc.yml``)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))

    def files(node):
        if isinstance(node, dict):
            if "file" in node:
                yield node["file"]
            for value in node.values():
                yield from files(value)
        elif isinstance(node, list):
            for item in node:
                yield from files(item)

    paths = [root / f"{f}.ipynb" for f in files(toc) if (root / f"{f}.ipynb").is_file()]
    if not paths:
        raise ValueError(f"no chapter notebooks listed in {root / '_toc.yml'}")
    return paths


def notebook_title(nb, name: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    raise ValueError(f"{name}: no '# Title' heading")


def load_chapters(root: Path = ROOT) -> list[Chapter]:
    chapters = []
    for path in chapter_paths(root):
        nb = nbformat.read(path, as_version=4)
        student, exercises, solutions = split_notebook(nb, path.name)
        for cell in student.cells:  # urgencies from the triage rules, as words a notebook shows
            if cell.cell_type == "markdown":
                cell.source = expand_roles(cell.source)
        chapters.append(
            Chapter(path, notebook_title(nb, path.name), student, exercises, solutions)
        )
    return chapters


# --- output folders ------------------------------------------------------------------------------
def fresh_dir(out: Path) -> Path:
    """Empty ``out`` for a new edition; refuse to empty a folder that is not an edition."""
    out = Path(out)
    if out.exists():
        if not out.is_dir():
            raise ValueError(f"--out: {out} is a file")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise ValueError(
                f"--out: {out} is not empty and is not an edition made by this tool; "
                "choose another folder"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by tools/make_editions.py; replaced on every run\n")
    return out


def write_notebook(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    nbformat.write(nb, path)
