"""Sphinx extension: every widget in the HTML book is an explorable figure (no kernel, no network).

The widgets' display bundles carry an explorable spec (:mod:`widgets.book.explorable`); the MyST-NB
renderer in :mod:`widgets.book` turns it into controls, a picture, a description and a caption,
and records the spec here (``env.cramp_explorables``, per page). This extension then

- draws every state a reader can visit (one control at a time, and the chapter's named cases)
  with the widget's own code, into ``_static/explorable/<figure>/`` of the built site, through a
  cache shared by every checkout on the machine (``~/.cache/cramp-lab/explorable``), keyed by a
  hash of the code each widget runs and of the state (an unchanged rebuild, or a fresh clone of
  the same code, draws nothing; changed code draws again). Drawing starts when the
  build starts, from the specs stored in the notebooks, and runs while the chapters execute;
  once the pages are read, whatever the fresh outputs need beyond that is drawn;
- copies the triage rules (``widgets/data/specialist_rules.json``) beside them for the specialist
  finder, which the page evaluates itself;
- fills in each page's links: the relative path to the pictures, and the chapter's own launch
  link (the first of Binder, JupyterHub or Colab that the theme's launch button offers, so the
  caption and the rocket button always agree);
- loads ``_static/explorable.js`` (deferred) and ``explorable.css`` only on pages with such a
  figure. Jupyter Book adds every file of ``_static`` to every page; the others drop them.

A failure to draw is a build warning (an error with ``-W``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from widgets.book import explorable
from widgets.book.explorable_html import LAUNCH, ROOT, RULES

logger = logging.getLogger(__name__)
ASSETS = ("explorable.js", "explorable.css")
LAUNCH_ORDER = ("Binder", "JupyterHub", "Colab")
LAUNCH_ANCHOR = re.compile(r'<a class="cx-launch" href="%%CX_LAUNCH%%">([^<]*)</a>')


def _init_env(app: Sphinx, env, docnames) -> None:
    if not hasattr(env, "cramp_explorables"):
        env.cramp_explorables = {}


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "cramp_explorables", {}).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    _init_env(app, env, docnames)
    for docname in docnames:
        if docname in getattr(other, "cramp_explorables", {}):
            env.cramp_explorables[docname] = other.cramp_explorables[docname]


def site_folder(app: Sphinx) -> Path:
    return Path(app.outdir) / "_static" / explorable.SITE_FOLDER


def cache_folder(app: Sphinx) -> Path:
    return explorable.shared_cache()


def _draw_ahead(app: Sphinx) -> None:
    """Start drawing the states of the specs stored in the notebooks now, while the pages are
    read and executed; :func:`_draw` then draws only what changed."""
    app.cramp_explorable_ahead = None
    if app.builder.format != "html":
        return
    try:
        app.cramp_explorable_ahead = explorable.draw_ahead(
            explorable.stored_specs(Path(app.srcdir)), cache_folder(app)
        )
    except Exception as error:
        logger.info(f"explorable: not drawing ahead ({error})")


def _stop_ahead(app: Sphinx, exception) -> None:
    ahead = getattr(app, "cramp_explorable_ahead", None)
    if ahead is not None:
        ahead.stop()


def _draw(app: Sphinx, env) -> list[str]:
    if app.builder.format != "html":
        return []
    ahead, app.cramp_explorable_ahead = getattr(app, "cramp_explorable_ahead", None), None
    specs = [
        spec
        for per_page in getattr(env, "cramp_explorables", {}).values()
        for spec in per_page.values()
    ]
    if not specs:
        if ahead is not None:
            ahead.stop()
        return []
    try:
        report = explorable.generate(
            specs,
            site_folder(app),
            cache_folder(app),
            ahead=ahead,
            log=lambda message: logger.info(f"explorable: {message}"),
        )
    except Exception as error:
        logger.warning(f"explorable: {error}")
        return []
    logger.info(
        f"explorable: {report.figures} figures, {report.states} states "
        f"({report.drawn} drawn) in {report.seconds:.1f} s; "
        f"{report.site_bytes / 1e6:.1f} MB in _static/{explorable.SITE_FOLDER}"
    )
    return []


def launch_url(context: dict) -> str:
    """The chapter's launch link from the theme's launch button (Binder first), or ''."""
    links = {}
    for group in context.get("header_buttons") or []:
        if isinstance(group, dict) and group.get("label") == "launch-buttons":
            for button in group.get("buttons", []):
                if button.get("type") == "link" and button.get("url"):
                    links.setdefault(button.get("text"), button["url"])
    for name in LAUNCH_ORDER:
        if name in links:
            return links[name]
    return next(iter(links.values()), "")


def fill_links(body: str, root: str, rules: str, launch: str) -> str:
    """Put the page's relative paths and its launch link into the figures' HTML."""
    body = body.replace(ROOT, root).replace(RULES, rules)
    if launch:
        return body.replace(LAUNCH, html.escape(launch, quote=True))
    return LAUNCH_ANCHOR.sub(lambda m: m.group(1), body)


def _is_asset(item, names=ASSETS) -> bool:
    filename = str(getattr(item, "filename", item) or "")
    return filename.rsplit("/", 1)[-1].split("?")[0] in names


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body") or ""
    scripts, css = context.get("script_files"), context.get("css_files")
    if "cramp-explorable" not in body:
        if scripts is not None:
            context["script_files"] = [s for s in scripts if not _is_asset(s)]
        if css is not None:
            context["css_files"] = [c for c in css if not _is_asset(c)]
        return
    pathto = context["pathto"]
    root = pathto(f"_static/{explorable.SITE_FOLDER}/x", 1)[:-1]
    rules_name, _ = explorable.rules_file()
    context["body"] = fill_links(body, root, root + rules_name, launch_url(context))
    if scripts is not None:
        # the page script again, deferred: Sphinx's add_js_file in html-page-context adds to this
        # page only (the list in the context is the builder's, restored after each page)
        ours = [s for s in scripts if _is_asset(s, ("explorable.js",))]
        if ours:
            scripts[:] = [s for s in scripts if s not in ours]
            priority = getattr(ours[0], "priority", 500)
            app.add_js_file("explorable.js", priority=priority, defer="defer")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _draw_ahead)
    app.connect("build-finished", _stop_ahead)
    app.connect("env-before-read-docs", _init_env)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _draw)
    app.connect("html-page-context", _page, priority=600)  # after the theme's launch buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
