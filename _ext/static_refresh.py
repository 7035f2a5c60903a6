"""Copy changed static files on every build, even when no page changed.

Sphinx copies ``html_static_path`` into the site only when it writes at least one page: after
editing ``_static/explorable.js`` (or a stylesheet) alone, an incremental build said "no targets
are out of date" and kept the old copy, so the book, and the browser tests, ran the old script.
When a file of the static path differs from its copy in the site, the root page is marked
outdated: one page is written and Sphinx copies the static files as it does on every write.
"""

from __future__ import annotations

import filecmp
from pathlib import Path


def static_changed(static_dirs: list[Path], site_static: Path) -> list[str]:
    """Files (relative paths) of STATIC_DIRS that are missing from SITE_STATIC or differ there."""
    changed = []
    for folder in static_dirs:
        for source in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = source.relative_to(folder)
            copy = site_static / relative
            if not copy.is_file() or not filecmp.cmp(source, copy, shallow=False):
                changed.append(str(relative))
    return changed


def _outdated(app, env, added, changed, removed):
    if app.builder.format != "html":
        return []
    # the book's own static folders (extensions add theirs from site-packages, which may sit in
    # the repository's .venv, and copy them through templates)
    root = Path(app.confdir).resolve()
    folders = [Path(app.confdir, p).resolve() for p in app.config.html_static_path]
    skip = {".venv", "site-packages", "_build", "node_modules"}
    ours = [
        f
        for f in folders
        if f.is_dir() and f.is_relative_to(root) and not skip & set(f.relative_to(root).parts)
    ]
    if static_changed(ours, Path(app.outdir, "_static")):
        return [app.config.root_doc]
    return []


def setup(app):
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
