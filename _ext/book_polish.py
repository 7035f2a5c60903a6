"""Sphinx extension: small fixes to the theme's HTML so every page is clean and accessible.

- Thebe (live code in the page) is switched off in ``_config.yml``, but Jupyter Book always loads
  sphinx-thebe, whose configuration script is added twice (a JavaScript error on every page) and
  names a CDN. With ``launch_buttons.thebe: false`` we drop those scripts.
- The book shows every widget as its static picture (``nb_mime_priority_overrides`` drops live
  widget views from the HTML), so the widget state MyST-NB embeds from the executed notebooks and
  the widget manager it would load to render that state serve no purpose: they are dropped too
  (no 1.7 MB of JavaScript per page, no font requests for views that are not there).
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


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _widget_views_dropped(app: Sphinx) -> bool:
    overrides = getattr(app.config, "nb_mime_priority_overrides", None) or []
    return any(builder in ("html", "*") and mime == WIDGET_VIEW and priority is None
               for builder, mime, priority in overrides)


def _is_widget_script(script, manager_files: set[str]) -> bool:
    filename = getattr(script, "filename", None) or ""
    attributes = getattr(script, "attributes", None) or {}
    return attributes.get("type") == WIDGET_STATE or filename in manager_files


def _polish_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
    if scripts is not None and not launch.get("thebe", False):
        scripts = [s for s in scripts if not _is_thebe_script(s)]
    if scripts is not None and _widget_views_dropped(app):
        manager_files = {f for f in (getattr(app.config, "nb_ipywidgets_js", None) or {})}
        manager_files |= {f"_static/{f}" for f in manager_files}
        scripts = [s for s in scripts if not _is_widget_script(s, manager_files)]
    if scripts is not None:
        context["script_files"] = scripts
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _polish_page, priority=900)  # after MyST-NB adds its scripts
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
