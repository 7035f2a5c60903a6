"""One hash of the ``widgets`` package: what tells the book build that the code has changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path

#: The files that draw the pictures and write the numbers: code and data.
SOURCE_PATTERNS = ("*.py", "*.json", "*.yaml", "*.csv")


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
