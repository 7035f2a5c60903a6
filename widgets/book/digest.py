"""One hash of the ``widgets`` package: what tells the book build that the code has changed."""

from __future__ import annotations

import ast
import hashlib
import os
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path

#: The files that draw the pictures and write the numbers: code and data.
SOURCE_PATTERNS = ("*.py", "*.json", "*.yaml", "*.csv")


def machine_cache(name: str, variable: str) -> Path:
    """The folder ``name`` of the course's caches shared by every checkout on this machine
    (``$XDG_CACHE_HOME/cramp-lab/<name>``, by default ``~/.cache/cramp-lab/<name>``); the
    environment variable ``variable`` chooses another folder."""
    chosen = os.environ.get(variable)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cramp-lab" / name


def package_dir() -> Path:
    """The directory of the installed ``widgets`` package."""
    return Path(import_module("widgets").__file__).resolve().parent


def package_digest(root: Path | None = None, patterns: Iterable[str] = SOURCE_PATTERNS) -> str:
    """SHA-256 over the relative paths and contents of the files under ``root`` (the ``widgets``
    package by default) that match one of ``patterns``."""
    root = root or package_dir()
    digest = hashlib.sha256()
    files = sorted(
        {p for pattern in patterns for p in root.rglob(pattern) if "__pycache__" not in p.parts}
    )
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _module_files(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package at ``root``."""
    files = {}
    for path in root.rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(root.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``path`` imports (also inside functions): ``from a import b``
    is module ``a.b`` if there is one, else ``a``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
    return found & set(modules)


def code_closure(module: str, root: Path | None = None) -> list[Path]:
    """The files of ``module`` and of every package module it imports, directly or not."""
    modules = _module_files(root or package_dir())
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name in seen or name not in modules:
            continue
        seen.add(name)
        todo += _imports(modules[name], modules)
    return sorted(modules[name] for name in seen)


def named_data(code: list[Path], root: Path) -> list[Path]:
    """The package's data files (JSON, YAML, CSV) whose file name appears in the text of
    ``code``: the data that code reads (a data file is always opened by its literal name, e.g.
    ``"reference_ranges.json"``). A quiz file or the chapters' review dates are no widget's data."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in code)
    return sorted(
        path
        for pattern in ("*.json", "*.yaml", "*.csv")
        for path in root.rglob(pattern)
        if path.name in text
    )


def widget_code_digest(widget: str, root: Path | None = None) -> str:
    """What a widget's pictures depend on: a hash of the code it runs (its module and every
    package module that it imports, directly or not), the data files that code names, and the versions
    of the drawing libraries. ``widget`` is ``"widgets.ui.module.Class"``. A change elsewhere in
    the package (another widget, the book plumbing) leaves it, and its cached pictures, alone."""
    import matplotlib
    import numpy
    import PIL

    root = root or package_dir()
    digest = hashlib.sha256(
        f"matplotlib {matplotlib.__version__} numpy {numpy.__version__} "
        f"pillow {PIL.__version__}\n".encode()
    )
    code = code_closure(widget.rpartition(".")[0], root)
    for path in code + named_data(code, root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
