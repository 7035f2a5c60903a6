"""Sphinx extension: small fixes to the theme's HTML so every page is clean and accessible.

- Thebe (live code in the page) is switched off in ``_config.yml``, but Jupyter Book always loads
  sphinx-thebe, whose configuration script is added twice (a JavaScript error on every page) and
  names a CDN. With ``launch_buttons.thebe: false`` we drop those scripts.
- The bibliography is a ``<div role="list">`` whose entries have ``role="doc-biblioentry"``;
  axe-core reports that as a critical ARIA error (a list must contain list items). We give the
  entries ``role="listitem"``, which screen readers announce correctly.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _is_thebe_script(script) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def _polish_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
    if not launch.get("thebe", False) and "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe_script(s)]
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _polish_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
