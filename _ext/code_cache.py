"""Sphinx extension: re-execute the chapters when the course's Python package changes, and share
the executed chapters between the checkouts of the course on a machine.

Jupyter-cache keys a notebook by its own code, and Sphinx re-reads a page only when its source
changes, so an edit in ``widgets/`` (a model, a widget, a quiz file) would otherwise leave stale
figures in the book. This extension hashes the package's files:

- the execution cache lives in ``~/.cache/cramp-lab/jupyter_cache`` (``CRAMP_EXECUTION_CACHE``
  chooses another folder), with the hash of the package that executed it beside it; a build with
  another package clears it, so every chapter is executed again. A fresh clone of code already
  built on this machine executes nothing;
- the saved environment of this checkout is cleared when its package changed since its last
  build, so every chapter is read again.

Nothing happens when the package is unchanged (fast no-change rebuilds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from widgets.book.digest import SOURCE_PATTERNS, machine_cache, package_digest

PACKAGE = "widgets"
PATTERNS = (*SOURCE_PATTERNS, "*.js", "*.css")  # quiz.js, quiz.css are inlined in outputs
logger = logging.getLogger(__name__)


def shared_execution_cache() -> Path:
    """The execution cache shared by the checkouts on this machine."""
    return machine_cache("jupyter_cache", "CRAMP_EXECUTION_CACHE")


def _renew(stamp: Path, current: str, folder: Path) -> bool:
    """Clear ``folder`` unless ``stamp`` holds ``current``; then write it. True if cleared."""
    previous = stamp.read_text() if stamp.is_file() else None
    if previous == current:
        return False
    shutil.rmtree(folder, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    return previous is not None


def _invalidate_if_changed(app: Sphinx, config) -> None:
    srcdir = Path(app.srcdir)
    current = package_digest(srcdir / PACKAGE, PATTERNS)
    cache = shared_execution_cache()
    config.nb_execution_cache_path = str(cache)
    if _renew(cache.with_name(cache.name + ".widgets-digest"), current, cache):
        logger.info("code_cache: %s/ changed: re-executing every chapter", PACKAGE)
    _renew(srcdir / "_build" / ".widgets-digest", current, Path(app.doctreedir))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _invalidate_if_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
