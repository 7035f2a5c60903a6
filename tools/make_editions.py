"""Student and instructor editions of Cramp Lab, made from the chapter notebooks.

Usage:
    python tools/make_editions.py student     [--out _build/student]       (= make student)
    python tools/make_editions.py instructor  [--out _build/instructor]    (= make instructor)

The solutions are typed once, in the chapters, as sphinx-exercise blocks:

- a ```` ```{solution} label ```` (or ``:::{solution}``) fence inside a markdown cell, which may
  share its cell with other text and may contain fences of its own (a longer outer fence);
- a gated solution, ```` ```{solution-start} label ```` ... ```` ```{solution-end} ````, whose
  text and code cells in between all belong to the solution (solution-only cells);
- a whole cell tagged ``solution``.

Student edition (``_build/student/``): ``chapters/*.ipynb``, every chapter in ``_toc.yml`` with
all of the above removed and everything else (exercises, quizzes, widgets, stored outputs) kept;
and ``cramp-lab-student.zip``: those notebooks with what a student needs to run them on their
own computer or on Binder (``binder/``, ``pyproject.toml``, ``constraints.txt``, the course
package ``widgets/`` and a README saying how).

Instructor edition (``_build/instructor/``): the full notebooks in ``chapters/``; a solutions
handout in ``solutions/`` (one HTML page per chapter plus an index: each exercise with its
solution, citations as "(Author, Year)" with the references of the page, maths as text), made
from the same blocks; and the clinical review table of the triage rules
(``clinical-review.md`` and ``.html``). Every page is self-contained and works offline.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import nbformat
import yaml

from widgets.clinical.red_flags import INLINE_ROLES, expand_roles, inline_text

ROOT = Path(__file__).resolve().parents[1]
MARKER = ".cramp-lab-edition"  # written into every edition folder; only such a folder is replaced
SOLUTION_TAG = "solution"
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


# --- student edition -----------------------------------------------------------------------------
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


# --- Markdown to HTML for the handout ------------------------------------------------------------
class UnsupportedTeX(ValueError):
    pass


_TEX_SYMBOLS = {
    "times": "×",
    "approx": "≈",
    "cdot": "·",
    "pm": "±",
    "mp": "∓",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "to": "→",
    "rightarrow": "→",
    "infty": "∞",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "sim": "∼",
    "propto": "∝",
    "partial": "∂",
    "circ": "°",
    "degree": "°",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "Delta": "Δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "tau": "τ",
    "lambda": "λ",
    "mu": "µ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "Sigma": "Σ",
    "phi": "φ",
    "varphi": "φ",
    "Phi": "Φ",
    "omega": "ω",
    "Omega": "Ω",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
}
_TEX_FUNCTIONS = {"log", "ln", "exp", "sin", "cos", "tan", "min", "max", "lim"}
_TEX_SPACES = {",": "\u2009", ";": " ", ":": " ", " ": " ", "!": ""}
_TEX_TEXT = {"text", "mathrm", "textrm", "operatorname", "rm"}


def tex_to_html(tex: str) -> str:
    """The small part of TeX the chapters use, as HTML text: sub- and superscripts, \\text,
    \\frac, \\sqrt, Greek letters and operators. Anything else raises :class:`UnsupportedTeX`."""
    pos = 0

    def atom() -> str:
        nonlocal pos
        while pos < len(tex) and tex[pos] == " ":
            pos += 1
        if pos >= len(tex):
            raise UnsupportedTeX("a sub- or superscript without its argument")
        if tex[pos] == "{":
            pos += 1
            inner = sequence(stop="}")
            pos += 1
            return inner
        if tex[pos] == "\\":
            return command()
        pos += 1
        return char(tex[pos - 1])

    def char(c: str) -> str:
        if c.isalpha():
            return f"<i>{html.escape(c)}</i>"
        if c == "-":
            return "\u2212"
        if c in "}^_&#%$~":
            raise UnsupportedTeX(f"unexpected {c!r}")
        return html.escape(c)

    def group_text() -> str:
        nonlocal pos
        if pos >= len(tex) or tex[pos] != "{":
            raise UnsupportedTeX("expected {...}")
        depth, start = 0, pos
        while pos < len(tex):
            if tex[pos] == "{":
                depth += 1
            elif tex[pos] == "}":
                depth -= 1
                if depth == 0:
                    pos += 1
                    return tex[start + 1 : pos - 1]
            pos += 1
        raise UnsupportedTeX("unbalanced braces")

    def command() -> str:
        nonlocal pos
        pos += 1  # the backslash
        if pos < len(tex) and not tex[pos].isalpha():
            c = tex[pos]
            pos += 1
            if c in _TEX_SPACES:
                return _TEX_SPACES[c]
            if c in "{}%_&#$":
                return html.escape(c)
            raise UnsupportedTeX(f"\\{c}")
        m = re.match(r"[A-Za-z]+", tex[pos:])
        name = m.group(0)
        pos += len(name)
        if name in _TEX_SYMBOLS:
            return _TEX_SYMBOLS[name]
        if name in _TEX_FUNCTIONS:
            return name
        if name in _TEX_TEXT:
            return html.escape(group_text())
        if name in ("left", "right", "big", "Big", "displaystyle"):
            return ""
        if name == "frac":
            num = sequence_of(group_text())
            den = sequence_of(group_text())
            return f"({num})/({den})"
        if name == "sqrt":
            return f"√({sequence_of(group_text())})"
        if name in ("mathbf", "boldsymbol"):
            return f"<b>{sequence_of(group_text())}</b>"
        raise UnsupportedTeX(f"\\{name}")

    def sequence(stop: str | None = None) -> str:
        nonlocal pos
        out = []
        while pos < len(tex):
            c = tex[pos]
            if stop and c == stop:
                return "".join(out)
            if c in "^_":
                pos += 1
                tag = "sup" if c == "^" else "sub"
                out.append(f"<{tag}>{atom()}</{tag}>")
            elif c == "{":
                pos += 1
                out.append(sequence(stop="}"))
                pos += 1
            elif c == "\\":
                out.append(command())
            elif c == " ":
                if out and out[-1] != " ":
                    out.append(" ")
                pos += 1
            else:
                pos += 1
                out.append(char(c))
        if stop:
            raise UnsupportedTeX("unbalanced braces")
        return "".join(out)

    def sequence_of(text: str) -> str:
        return tex_to_html(text)

    result = sequence()
    return result.replace("</i><i>", "").strip()


def _math_html(tex: str, display: bool) -> str:
    source = html.escape(tex.strip(), quote=True)
    try:
        body = tex_to_html(tex.strip())
        tag = "div" if display else "span"
        return f'<{tag} class="math" title="{source}">{body}</{tag}>'
    except UnsupportedTeX:
        code = f"<code>{source}</code>"
        return f'<div class="math">{code}</div>' if display else code


@lru_cache(maxsize=4)
def bibliography(path: Path = ROOT / "references.bib"):
    from pybtex.database import parse_file

    return parse_file(str(path))


@cache
def _latex_text(text: str) -> str:
    """A BibTeX field as plain text (accents decoded, braces dropped)."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    return Text.from_latex(text).render(Backend())


def _names(entry) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_latex_text(" ".join(p.prelast_names + p.last_names)) for p in people]
    if not names:
        names = [
            _latex_text(
                entry.fields.get("organization")
                or entry.fields.get("publisher")
                or entry.fields.get("title", "Anonymous")
            )
        ]
    return names


def author_year(key: str, bib) -> tuple[str, str]:
    if key not in bib.entries:
        raise ValueError(f"citation {key!r} is not in references.bib")
    entry = bib.entries[key]
    names = _names(entry)
    who = (
        names[0]
        if len(names) == 1
        else (f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
    )
    return who, entry.fields.get("year", "n.d.")


def reference_html(key: str, bib) -> str:
    """One entry of a page's reference list: authors (year). Title. Source. DOI or link."""
    entry = bib.entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [
        _latex_text(
            " ".join(
                p.first_names + p.middle_names + p.prelast_names + p.last_names + p.lineage_names
            )
        )
        for p in people
    ]
    authors = (
        (", ".join(names[:-1]) + " and " + names[-1])
        if len(names) > 1
        else (names[0] if names else _names(entry)[0])
    )
    if "author" not in entry.persons and "editor" in entry.persons:
        authors += " (eds)" if len(names) > 1 else " (ed.)"
    fields = entry.fields
    parts = [
        f"{html.escape(authors)} ({html.escape(fields.get('year', 'n.d.'))}).",
        f"{html.escape(_latex_text(fields.get('title', '')))}.",
    ]
    source = (
        fields.get("journal")
        or fields.get("booktitle")
        or fields.get("publisher")
        or fields.get("howpublished")
        or fields.get("organization")
    )
    if source:
        detail = ""
        if fields.get("volume"):
            detail += f" {fields['volume']}"
            if fields.get("number"):
                detail += f"({fields['number']})"
        if fields.get("pages"):
            detail += f": {fields['pages'].replace('--', '–')}"
        parts.append(f"<i>{html.escape(_latex_text(source))}</i>{html.escape(detail)}.")
    if fields.get("doi"):
        doi = html.escape(fields["doi"])
        parts.append(f'<a href="https://doi.org/{doi}">doi:{doi}</a>')
    elif fields.get("url"):
        url = html.escape(fields["url"], quote=True)
        parts.append(f'<a href="{url}">{url}</a>')
    return f'<li id="ref-{html.escape(key)}">{" ".join(parts)}</li>'


class HandoutRenderer:
    """MyST markdown to plain HTML: citations as (Author, Year) linked to the page's reference
    list, glossary terms and cross-references as their text, maths as text, directives as boxes."""

    def __init__(self, bib):
        self.bib = bib
        self.cited: list[str] = []
        self.md = new_md_parser()  # its own: the render rules below write into this page
        rules = {
            "myst_role": lambda t: self.role(t.meta.get("name", ""), t.content),
            "math_inline": lambda t: _math_html(t.content, display=False),
            "math_inline_double": lambda t: _math_html(t.content, display=True),
            "math_block": lambda t: _math_html(t.content, display=True),
            "math_block_label": lambda t: _math_html(t.content, display=True),
            "amsmath": lambda t: _math_html(t.content, display=True),
            "fence": self.fence,
            "colon_fence": self.fence,
            "myst_line_comment": lambda t: "",
            "myst_target": lambda t: "",
            "front_matter": lambda t: "",
        }
        for name, rule in rules.items():
            self.md.add_render_rule(
                name, lambda r, tokens, idx, o, e, rule=rule: rule(tokens[idx])
            )

    def _cite(self, keys: str, textual: bool) -> str:
        out = []
        for key in [k.strip() for k in keys.split(",") if k.strip()]:
            who, year = author_year(key, self.bib)
            if key not in self.cited:
                self.cited.append(key)
            link = f'<a href="#ref-{html.escape(key)}">'
            out.append(
                f"{link}{html.escape(who)} ({html.escape(year)})</a>"
                if textual
                else f"{link}{html.escape(who)}, {html.escape(year)}</a>"
            )
        return "; ".join(out) if textual else "(" + "; ".join(out) + ")"

    def role(self, name: str, content: str) -> str:
        if name in ("cite:p", "cite", "cite:ps"):
            return self._cite(content, textual=False)
        if name in ("cite:t", "cite:ts"):
            return self._cite(content, textual=True)
        if name in ("term", "ref", "doc", "numref", "eq", "download", "abbr"):
            text = re.sub(r"\s*<[^<>]*>$", "", content) or content
            return html.escape(text)
        if name == "math":
            return _math_html(content, display=False)
        if name in INLINE_ROLES:
            return html.escape(inline_text(name, content.strip()))
        return f"<code>{html.escape(content)}</code>"

    def fence(self, token) -> str:
        m = _DIRECTIVE.match(token.info.strip())
        if not m:
            return f"<pre><code>{html.escape(token.content)}</code></pre>\n"
        _options, body = split_options(token.content)
        name, argument = m.group(1), m.group(2).strip()
        title = self.inline(argument) if argument else html.escape(name.replace("-", " ").title())
        return (
            f'<div class="box {html.escape(name)}"><p class="box-title">{title}</p>\n'
            f"{self.markdown(body)}</div>\n"
        )

    def markdown(self, text: str) -> str:
        return self.md.render(text)

    def inline(self, text: str) -> str:
        return self.md.renderInline(text)

    def references(self) -> str:
        if not self.cited:
            return ""
        items = "\n".join(reference_html(k, self.bib) for k in self.cited)
        return f'<section class="references"><h2>References</h2><ul>\n{items}\n</ul></section>'


CSS = """
body { font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       background: #fff; max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; line-height: 1.25; } h2 { font-size: 1.3rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-bottom: .2rem; }
a { color: #0b57a4; } code, pre { font: .92em/1.45 ui-monospace, Consolas, monospace; }
pre { background: #f4f5f7; padding: .7rem; overflow-x: auto; border-radius: 4px; }
.exercise { border-left: 4px solid #8a8f98; padding: .1rem 1rem; background: #f7f7f8; }
.solution { border-left: 4px solid #1f7a3a; padding: .1rem 1rem; }
.label { color: #555; font-size: .85rem; font-weight: normal; }
.box { border: 1px solid #ccc; border-radius: 4px; padding: 0 .8rem; margin: .8rem 0; }
.box-title { font-weight: bold; }
.math { font-family: "Cambria Math", "STIX Two Math", Georgia, serif; white-space: nowrap; }
div.math { text-align: center; margin: .6rem 0; }
table { border-collapse: collapse; font-size: .92rem; } th, td { border: 1px solid #bbb;
        padding: .3rem .5rem; vertical-align: top; text-align: left; } th { background: #eef0f3; }
nav { font-size: .9rem; display: flex; gap: 1.2rem; flex-wrap: wrap; }
.references li { margin-bottom: .3rem; }
footer { margin-top: 3rem; font-size: .85rem; color: #555; }
body.wide { max-width: 84rem; }
@media print { nav { display: none; } .exercise, .solution { break-inside: avoid; } }
"""

FOOTER = (
    "<footer><p>Cramp Lab, instructor edition. Education only, not medical advice. "
    "Code MIT, text CC BY 4.0.</p></footer>"
)


def page(title: str, body: str, nav: str = "", wide: bool = False) -> str:
    body_tag = '<body class="wide">' if wide else "<body>"
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n{body_tag}\n"
        f"{nav}\n<main>\n<h1>{html.escape(title)}</h1>\n{body}\n</main>\n{FOOTER}\n"
        "</body>\n</html>\n"
    )


def solutions_page(chapter: Chapter, bib, nav: str) -> str:
    renderer = HandoutRenderer(bib)
    by_label: dict[str, list[Solution]] = {}
    for solution in chapter.solutions:
        by_label.setdefault(solution.label, []).append(solution)
    parts = []
    numbers = chapter.exercise_numbers()
    for exercise in chapter.exercises:
        heading = (
            f"Exercise {numbers[exercise.label]}" if exercise.label in numbers else "Exercise"
        )
        if exercise.title:
            heading += f": {renderer.inline(exercise.title)}"
        parts.append(
            f'<section id="{html.escape(exercise.label)}">\n<h2>{heading} '
            f'<span class="label">({html.escape(exercise.label)})</span></h2>'
        )
        if exercise.body:
            parts.append(f'<div class="exercise">{renderer.markdown(exercise.body)}</div>')
        found = by_label.get(exercise.label, [])
        for solution in found:
            parts.append('<h3>Solution</h3>\n<div class="solution">')
            for kind, text in solution.parts:
                parts.append(
                    renderer.markdown(text)
                    if kind == "markdown"
                    else f"<pre><code>{html.escape(text)}</code></pre>"
                )
            parts.append("</div>")
        if not found:
            parts.append("<p><em>No solution is given in the chapter.</em></p>")
        parts.append("</section>")
    loose = by_label.get("", [])
    if loose:
        parts.append("<section><h2>Further solution material</h2>")
        for solution in loose:
            for kind, text in solution.parts:
                parts.append(
                    renderer.markdown(text)
                    if kind == "markdown"
                    else f"<pre><code>{html.escape(text)}</code></pre>"
                )
        parts.append("</section>")
    if not chapter.exercises and not loose:
        parts.append("<p>This chapter has no exercises.</p>")
    parts.append(renderer.references())
    return page(f"Solutions: {chapter.title}", "\n".join(parts), nav)


def triage_table_markdown() -> tuple[str, str]:
    """The clinical review table of the triage rules (Markdown) and the function that made it."""
    import importlib

    for module, function in (
        ("widgets.clinical.review", "triage_table_markdown"),
        ("widgets.clinical.red_flags", "triage_table_markdown"),
    ):
        try:
            make = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            continue
        return make(), f"{module}.{function}"
    from widgets.clinical.specialists import rules_table

    rows = rules_table()
    lines = ["| rule | findings | urgency | who | guideline |", "|---|---|---|---|---|"]
    for row in rows:
        cells = [
            f"`{row['rule']}`",
            row["findings"],
            row["urgency"],
            row["who"],
            f"{{cite:p}}`{row['source']}`",
        ]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines), "widgets.clinical.specialists.rules_table"


REVIEW_INTRO = (
    "Every rule of the specialist finder (chapter 9) on one table, for review by a clinician: "
    "the findings that make it fire, its urgency, who to see, and the guideline that sets the "
    "urgency. The rules are data (`widgets/data/specialist_rules.json`); this table is made from "
    "them, so it always shows what the course teaches. The engine is a teaching device, not a "
    "triage tool."
)


def make_instructor(out: Path, root: Path = ROOT) -> Path:
    chapters = load_chapters(root)
    bib = bibliography(root / "references.bib")
    out = fresh_dir(out)
    (out / "chapters").mkdir()
    for chapter in chapters:
        shutil.copy2(chapter.path, out / "chapters" / chapter.path.name)
    handout = out / "solutions"
    handout.mkdir()
    index_items = []
    for i, chapter in enumerate(chapters):
        before, after = chapters[i - 1] if i > 0 else None, chapters[i + 1 : i + 2]
        prev_link = (
            f'<a href="{before.stem}.html">← {html.escape(before.title)}</a>' if before else ""
        )
        next_link = "".join(f'<a href="{c.stem}.html">{html.escape(c.title)} →</a>' for c in after)
        nav = f'<nav><a href="index.html">All chapters</a>{prev_link}{next_link}</nav>'
        (handout / f"{chapter.stem}.html").write_text(
            solutions_page(chapter, bib, nav), encoding="utf-8"
        )
        count = len(chapter.exercises)
        index_items.append(
            f'<li><a href="{chapter.stem}.html">{html.escape(chapter.title)}</a> '
            f"({count} exercise{'s' if count != 1 else ''})</li>"
        )
    index_body = (
        "<p>The solutions of every chapter's exercises, taken from the chapters "
        "themselves (where students see them folded away).</p>\n<ul>\n"
        + "\n".join(index_items)
        + "\n</ul>\n"
        '<p>See also the <a href="../clinical-review.html">clinical review table of the '
        "triage rules</a>.</p>"
    )
    (handout / "index.html").write_text(page("Cramp Lab: solutions", index_body), "utf-8")

    table, made_by = triage_table_markdown()
    review_md = f"# Clinical review: the triage rules\n\n{REVIEW_INTRO}\n\n{table}\n"
    (out / "clinical-review.md").write_text(review_md, encoding="utf-8")
    renderer = HandoutRenderer(bib)
    review_body = renderer.markdown(f"{REVIEW_INTRO}\n\n{table}") + renderer.references()
    nav = '<nav><a href="index.html">Instructor edition</a></nav>'
    (out / "clinical-review.html").write_text(
        page("Clinical review: the triage rules", review_body, nav, wide=True), encoding="utf-8"
    )

    chapter_items = "\n".join(
        f'<li><a href="chapters/{c.path.name}">{html.escape(c.title)}</a></li>' for c in chapters
    )
    (out / "index.html").write_text(
        page(
            "Cramp Lab: instructor edition",
            (
                '<ul>\n<li><a href="solutions/index.html">Solutions handout</a> (one page per chapter)'
                '</li>\n<li><a href="clinical-review.html">Clinical review table of the triage rules</a>'
                f"</li>\n</ul>\n<h2>The full notebooks</h2>\n<ul>\n{chapter_items}\n</ul>"
            ),
        ),
        "utf-8",
    )
    (out / MARKER).write_text(f"made by tools/make_editions.py; review table from {made_by}\n")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=["student", "instructor"])
    parser.add_argument("--out", type=Path, help="output folder (default _build/<edition>)")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "_build" / args.edition
    try:
        made = make_student(out) if args.edition == "student" else make_instructor(out)
    except ValueError as exc:
        parser.exit(2, f"make_editions: {exc}\n")
    print(f"{args.edition} edition: {made}")
    if args.edition == "student":
        print(f"  student zip: {made / ZIP_NAME}")
    else:
        print(f"  solutions handout: {made / 'solutions' / 'index.html'}")
        print(f"  clinical review: {made / 'clinical-review.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
