"""Sphinx extension: re-execute the chapters when the course's Python package changes.

Jupyter-cache keys a notebook by its own code, and Sphinx re-reads a page only when its source
changes, so an edit in ``widgets/`` (a model, a widget, a quiz file) would otherwise leave stale
figures in the book. This extension hashes the package's files; when the hash differs from the
last build it clears the execution cache and the saved environment, so every chapter is executed
and read again. Nothing happens when the package is unchanged (fast no-change rebuilds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from widgets.book.digest import SOURCE_PATTERNS, package_digest

PACKAGE = "widgets"
PATTERNS = (*SOURCE_PATTERNS, "*.js", "*.css")  # quiz.js, quiz.css are inlined in outputs
logger = logging.getLogger(__name__)


def _invalidate_if_changed(app: Sphinx, config) -> None:
    srcdir = Path(app.srcdir)
    stamp = srcdir / "_build" / ".widgets-digest"
    current = package_digest(srcdir / PACKAGE, PATTERNS)
    previous = stamp.read_text() if stamp.is_file() else None
    if previous != current:
        cache = srcdir / getattr(config, "nb_execution_cache_path", "_build/.jupyter_cache")
        if previous is not None:
            logger.info("code_cache: %s/ changed: re-executing every chapter", PACKAGE)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(app.doctreedir, ignore_errors=True)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(current)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _invalidate_if_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
