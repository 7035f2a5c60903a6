"""Sphinx extension: small fixes to the theme's HTML so every page is clean, light and accessible.

- Thebe (live code in the page) is switched off in ``_config.yml``, but Jupyter Book always loads
  sphinx-thebe, whose configuration script is added twice (a JavaScript error on every page) and
  names a CDN. With ``launch_buttons.thebe: false`` we drop those scripts and its stylesheet.
- The book shows every widget as its static picture (``nb_mime_priority_overrides`` drops live
  widget views from the HTML), so the widget state MyST-NB embeds from the executed notebooks
  serves no purpose: it is dropped (no 1.7 MB per page). ``nb_ipywidgets_js`` is empty in
  ``_config.yml``, so no widget manager is loaded (or shipped) at all.
- MathJax (about 1 MB) is loaded only on pages that show mathematics. Sphinx decides per page
  with ``has_equations``, which also counts every page below a page's toctree, so the landing
  page loaded MathJax for the whole book.
- The announcement bar may link into the book with a root-relative URL (``href="/chapters/..."``);
  that breaks when the book is opened from disk or served below a sub-path, so each page gets the
  link relative to itself (``pathto``). A link to a page that does not exist is a build warning.
- Figures in the article get ``loading="lazy"`` and their pixel size (``width``/``height``), so a
  chapter's first load fetches only the figures near the screen and the layout does not jump.
- An output cell whose stream text is empty would draw an empty grey box: a doctree transform
  drops it (:class:`DropEmptyStreams`).
- The bibliography is a ``<div role="list">`` whose entries have ``role="doc-biblioentry"``;
  axe-core reports that as a critical ARIA error (a list must contain list items). We give the
  entries ``role="listitem"``, which screen readers announce correctly.
- ``templates/layout.html`` (added to ``templates_path`` here) removes two theme assets that this
  book never uses; see that file. ``templates/navbar-logo.html`` puts the sidebar's logo link in a
  ``<nav>`` landmark (axe-core "region").
- The search page, the header's search button and "Back to top" are fixed in
  ``_static/cramp-lab.js`` and ``_static/cramp-lab.css`` (snippets without the toolbar's words).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).with_name("templates")


def _is_thebe_script(script) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _widget_views_dropped(app: Sphinx) -> bool:
    overrides = getattr(app.config, "nb_mime_priority_overrides", None) or []
    return any(
        builder in ("html", "*") and mime == WIDGET_VIEW and priority is None
        for builder, mime, priority in overrides
    )


def _is_widget_state(script) -> bool:
    return (getattr(script, "attributes", None) or {}).get("type") == WIDGET_STATE


# --- MathJax only where there is mathematics ----------------------------------------------------

MATH_IN_BODY = re.compile(r'class="[^"]*\bmath\b')


def page_has_math(app: Sphinx, pagename: str, body: str) -> bool:
    """True if this page itself (not the pages below it in the toctree) shows mathematics."""
    domain = app.env.get_domain("math")
    if domain.data.get("has_equations", {}).get(pagename):
        return True
    return bool(MATH_IN_BODY.search(body or ""))


def _is_mathjax_script(app: Sphinx, script) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    mathjax_path = str(getattr(app.config, "mathjax_path", None) or "")
    if mathjax_path and str(filename) in (mathjax_path, f"_static/{mathjax_path}"):
        return True
    return body.startswith(("window.MathJax", "MathJax.Hub.Config"))


# --- Announcement links relative to each page ---------------------------------------------------

ROOT_RELATIVE_HREF = re.compile(r'href="/(?!/)([^"#]*)(#[^"]*)?"')


def relative_announcement(html: str, pathto, known_docs: set[str] | None = None, warn=None) -> str:
    """Rewrite every root-relative ``href="/a/b.html#x"`` in HTML to a URL relative to the page.

    ``pathto(path, 1)`` is the builder's helper for a file in the built site. ``known_docs`` (when
    given) are the docnames of the book; a link to an ``.html`` page that is not one of them is
    reported through ``warn``.
    """

    def replace(match: re.Match) -> str:
        target, fragment = match.group(1), match.group(2) or ""
        if (
            known_docs is not None
            and warn is not None
            and target.endswith(".html")
            and target[: -len(".html")] not in known_docs
        ):
            warn(f"announcement links to /{target}, which is not a page of the book")
        relative = pathto(target, 1) if target else pathto("index", 0)
        if relative in ("", "#"):  # the page itself: name it, so the fragment still applies
            relative = target.rsplit("/", 1)[-1] or "index.html"
        return f'href="{relative}{fragment}"'

    return ROOT_RELATIVE_HREF.sub(replace, html)


# --- Figures: lazy loading with their pixel size ------------------------------------------------

IMG_TAG = re.compile(r"<img\b([^>]*?)\s*/?>")
SRC_ATTR = re.compile(r'\ssrc="([^"]+)"')


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG file from its header, or None if it is not a readable PNG."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def lazy_images(body: str, size_of) -> str:
    """Add ``loading="lazy"`` and ``decoding="async"`` to every <img> in BODY, and its pixel
    ``width``/``height`` when ``size_of(src)`` knows them (CSS keeps the aspect ratio)."""

    def replace(match: re.Match) -> str:
        attributes = match.group(1)
        extra = ""
        if "loading=" not in attributes:
            extra += ' loading="lazy"'
        if "decoding=" not in attributes:
            extra += ' decoding="async"'
        src = SRC_ATTR.search(attributes)
        if src and "width=" not in attributes and "height=" not in attributes:
            size = size_of(src.group(1))
            if size:
                extra += f' width="{size[0]}" height="{size[1]}"'
        return f"<img{attributes}{extra} />"

    return IMG_TAG.sub(replace, body)


def _image_size_of(app: Sphinx):
    """A function: output file name (in _images/) -> pixel size, for the PNGs the builder copies.

    ``builder.images`` grows as pages are written, so names not seen yet are looked up again."""
    sizes: dict[str, tuple[int, int] | None] = getattr(app.builder, "_cramp_image_sizes", {})
    app.builder._cramp_image_sizes = sizes

    def size_of(src: str) -> tuple[int, int] | None:
        name = src.rsplit("/", 1)[-1]
        if name not in sizes:
            for source, output_name in getattr(app.builder, "images", {}).items():
                if output_name == name:
                    sizes[name] = png_size(Path(app.srcdir) / source)
                    break
            else:
                return None
        return sizes[name]

    return size_of


# --- Empty output boxes -------------------------------------------------------------------------


def _is_empty_stream(node) -> bool:
    classes = node.get("classes", []) if isinstance(node, nodes.literal_block) else []
    return "output" in classes and "stream" in classes and not node.astext().strip()


class DropEmptyStreams(SphinxTransform):
    """Remove the stream outputs (MyST-NB literal blocks) that hold only white space."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(_is_empty_stream)):
            node.parent.remove(node)


# --- The page hook ------------------------------------------------------------------------------


def _polish_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
    thebe_on = launch.get("thebe", False)
    if scripts is not None and not thebe_on:
        scripts = [s for s in scripts if not _is_thebe_script(s)]
    if scripts is not None and _widget_views_dropped(app):
        scripts = [s for s in scripts if not _is_widget_state(s)]
    body = context.get("body") or ""
    if scripts is not None and not page_has_math(app, pagename, body):
        scripts = [s for s in scripts if not _is_mathjax_script(app, s)]
    if scripts is not None:
        context["script_files"] = scripts
    css = context.get("css_files")
    if css is not None and not thebe_on:
        context["css_files"] = [
            c for c in css if not (getattr(c, "filename", None) or "").endswith("sphinx-thebe.css")
        ]

    announcement = context.get("theme_announcement")
    if announcement and not str(announcement).startswith("http") and "pathto" in context:
        # Checked once, on the root page: every page carries the same announcement.
        check = pagename == app.config.root_doc
        context["theme_announcement"] = relative_announcement(
            str(announcement),
            context["pathto"],
            known_docs=set(app.env.found_docs) if check else None,
            warn=lambda message: logger.warning(message, location=pagename),
        )

    if body:
        body = lazy_images(body, _image_size_of(app))
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = body


def _add_templates(app: Sphinx, config) -> None:
    path = str(TEMPLATES)
    if path not in config.templates_path:
        config.templates_path.insert(0, path)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _add_templates)
    app.add_transform(DropEmptyStreams)
    app.connect("html-page-context", _polish_page, priority=900)  # after MyST-NB adds its scripts
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.1"}
