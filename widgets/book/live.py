"""Running a chapter live outside this repository: the course package on Colab.

Binder, a class hub and ``make live`` install the course package (``widgets``) before a chapter
opens. Colab opens a chapter straight from the repository and has no course package, so a chapter
meant for Colab starts with a short code cell that installs it there and does nothing anywhere
else. That line cannot import anything from the course (it is not installed yet), so it is plain
Python; :func:`first_cell_source` writes it from ``_config.yml`` (``repository.url`` and
``repository.branch``, the one place the course's address is kept) and
:func:`ensure_course_package` is the same decision written out readably; the tests check that
the two agree.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

DISTRIBUTION = "cramp-lab"  # the name in pyproject.toml
PACKAGE = "widgets"  # what the chapters import
CONFIG = Path(__file__).resolve().parents[2] / "_config.yml"


def repository(config_path: Path | str = CONFIG) -> dict:
    """The ``repository`` block of the book's ``_config.yml``: ``{"url": ..., "branch": ...}``.

    Only available in a clone of the repository (the installed package does not ship the book's
    configuration)."""
    import yaml  # only needed in a clone of the repository (tools and tests)

    path = Path(config_path)
    if not path.is_file():
        raise ValueError(f"config_path: no book configuration at {path}")
    block = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("repository") or {}
    url = str(block.get("url") or "")
    _check_url(url, "repository.url")
    return {"url": url.rstrip("/"), "branch": str(block.get("branch") or "main")}


def _check_url(url: str, name: str) -> None:
    parts = urlparse(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.path.strip("/") == "":
        raise ValueError(
            f"{name}: expected the web address of a git repository "
            f"(https://host/owner/name), got {url!r}"
        )


def pip_requirement(repo: dict) -> str:
    """The pip requirement that installs the course from its repository and branch."""
    url, branch = repo.get("url", ""), repo.get("branch", "main")
    _check_url(url, "url")
    if not branch or any(c in branch for c in " '\"@#"):
        raise ValueError(f"branch: expected a git branch name, got {branch!r}")
    return f"{DISTRIBUTION} @ git+{url.rstrip('/')}@{branch}"


def on_colab() -> bool:
    """True inside a Google Colab kernel (which imports ``google.colab`` at start-up)."""
    return "google.colab" in sys.modules


def ensure_course_package(
    repo: dict | None = None,
    *,
    colab: Callable[[], bool] = on_colab,
    run: Callable[..., object] = subprocess.run,
) -> str:
    """Make ``import widgets`` work in a chapter opened on Colab; do nothing anywhere else.

    Returns ``"present"`` when the course package is importable (a clone, Binder, a hub, CI: no
    side effect at all) and ``"installed"`` after installing it with pip on Colab. Anywhere else
    without the package it raises :class:`ModuleNotFoundError` saying how to install it, rather
    than installing packages into an environment it does not know.
    """
    if importlib.util.find_spec(PACKAGE) is not None:
        return "present"
    repo = repository() if repo is None else repo
    requirement = pip_requirement(repo)
    if not colab():
        raise ModuleNotFoundError(
            f"The course package ({PACKAGE!r}) is not installed. In a clone of the repository run "
            f'`make live`; elsewhere: pip install "{requirement}"'
        )
    run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)
    importlib.invalidate_caches()
    return "installed"


def first_cell_source(repo: dict | None = None) -> str:
    """The first code cell of a chapter: installs the course package on Colab when it is missing,
    and does nothing locally, on Binder, on a hub or in CI. Its statements have no value, so the
    cell never has an output (a trailing ';' is not enough under every kernel client)."""
    repo = repository() if repo is None else repo
    requirement = pip_requirement(repo)
    # As ruff formats it (the chapters are formatted with the code).
    return (
        "import importlib.util\nimport subprocess\nimport sys\n\n"
        f'if importlib.util.find_spec("{PACKAGE}") is None and "google.colab" in sys.modules:\n'
        "    subprocess.run(\n        [\n            sys.executable,\n"
        '            "-m",\n            "pip",\n            "install",\n            "--quiet",\n'
        f'            "{requirement}",\n        ],\n        check=True,\n    )'
    )
