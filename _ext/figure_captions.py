"""Sphinx extension: every figure a notebook cell draws gets a number, a caption, an "Enlarge"
link and its long description under it.

A figure in a chapter is a PNG output of a code cell carrying its description as alt text
(:mod:`widgets.book`). When the HTML book shows that PNG, this extension puts it in a figure:

- a caption "Figure 7.1: <short caption>". The short caption comes from the output metadata
  (``{"image/png": {"caption": ...}}``, see :func:`widgets.figures.render.show_figure`) or, for outputs
  stored without one, from the first sentence of the alt text
  (:func:`widgets.figures.text.short_caption`). The number is Sphinx's own figure number, made
  per chapter by ``exercise_numbers`` (chapter number from the file name, then the figure's place
  on the page; pages that are not chapters count 1, 2, ...). ``numfig_format`` says "Figure".
- an "Enlarge" link to the full-size PNG. It works without JavaScript (the browser opens the
  picture); ``_static/cramp-lab.js`` opens it in a dialog instead, at its full pixel size, and a
  tap or click on the picture does the same. The link carries ``data-min-text-px``, the size of
  the smallest text in the PNG (output metadata ``min_text_px``), which the browser tests use.
- a collapsed "Text description" (``<details>``) holding the alt text, so every reader can read
  what a screen reader reads.

The figures are made while a page is read (Sphinx numbers figures from the stored doctrees), for
the output MyST-NB will show: the mime type is chosen with MyST-NB's own priority list for the
builder, so a widget shown as an explorable figure (``_ext/explorable.py``) is left alone.
Builders that do not write HTML get no figures from here.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from exercise_numbers import chapter_number  # one rule: a chapter's number is its file's prefix
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from widgets.figures.text import short_caption

logger = logging.getLogger(__name__)

IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
FIGURE_CLASS = "cramp-figure"
NUMFIG_FIGURE = "Figure %s"
DESCRIPTION_SUMMARY = "Text description"


class figure_enlarge(nodes.General, nodes.Inline, nodes.Element):
    """The "Enlarge" link of a figure (its target is the figure's image, known when written)."""

    def astext(self) -> str:  # not part of the caption text or of the search index
        return ""


class text_description(nodes.General, nodes.Element):
    """A collapsed "Text description" box (HTML ``<details>``) holding a figure's description."""


def _selected_mime(bundle: nodes.Element, priority: list[str]) -> nodes.Element | None:
    """The child of a MyST-NB mime bundle that MyST-NB's SelectMimeType will keep (same rule)."""
    mime_types = [child.get("mime_type") for child in bundle.children]
    for mime_type in priority:
        if mime_type in mime_types:
            return bundle.children[mime_types.index(mime_type)]
    return None


def _is_mime_bundle(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"


def make_figure(image: nodes.image, figure_id: str) -> nodes.figure:
    """The figure for an output IMAGE: the image, caption, enlarge link and text description."""
    alt = " ".join(str(image.get("alt", "")).split())
    caption_text = image.attributes.pop("cramp_caption", None) or short_caption(alt)
    min_text_px = image.attributes.pop("cramp_min_text_px", None)
    figure = nodes.figure(ids=[figure_id], classes=[FIGURE_CLASS])
    figure.source, figure.line = image.source, image.line
    figure += image
    caption = nodes.caption(text=" ".join(str(caption_text).split()))
    figure += caption
    legend = nodes.legend(classes=["cramp-figure-extras"])
    enlarge = figure_enlarge()
    if min_text_px is not None:
        enlarge["min_text_px"] = float(min_text_px)
    legend += enlarge
    description = text_description(support_smartquotes=False)  # word for word the alt text
    description += nodes.paragraph(text=alt)
    legend += description
    figure += legend
    return figure


class FigureCaptions(SphinxTransform):
    """Wrap each image that a notebook output will show in a numbered, captioned figure."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        builder = getattr(self.app, "builder", None)
        if builder is None or getattr(builder, "format", "") != "html":
            return
        try:
            from myst_nb.core.render import get_mime_priority
        except ImportError:  # pragma: no cover - MyST-NB is how chapters are read
            return
        priority = get_mime_priority(builder.name, self.config["nb_mime_priority_overrides"])
        chapter = chapter_number(self.env.docname)
        count = 0
        for bundle in list(self.document.findall(_is_mime_bundle)):
            chosen = _selected_mime(bundle, priority)
            if chosen is None or chosen.get("mime_type") not in IMAGE_TYPES:
                continue
            images = list(chosen.findall(nodes.image))
            if len(images) != 1 or not images[0].get("alt"):
                continue  # widgets.book already warned about a figure without alt text
            count += 1
            stem = f"figure-{chapter}-{count}" if chapter is not None else f"figure-{count}"
            figure_id = stem
            suffix = 1
            while figure_id in self.document.ids:
                suffix += 1
                figure_id = f"{stem}-{suffix}"
            image = images[0]
            parent = image.parent
            index = parent.index(image)
            parent.remove(image)
            figure = make_figure(image, figure_id)
            parent.insert(index, figure)
            self.document.ids[figure_id] = figure


# --- HTML -----------------------------------------------------------------------------------------


def _figure_of(node: nodes.Node) -> nodes.figure | None:
    while node is not None and not isinstance(node, nodes.figure):
        node = node.parent
    return node


def _number_of(translator, figure: nodes.figure) -> str:
    ids = figure.get("ids") or []
    numbers = translator.builder.fignumbers.get("figure", {}).get(ids[0]) if ids else None
    return ".".join(map(str, numbers)) if numbers else ""


def visit_enlarge_html(translator, node: figure_enlarge) -> None:
    figure = _figure_of(node)
    images = list(figure.findall(nodes.image)) if figure is not None else []
    if not images:
        raise nodes.SkipNode
    # visit_image has already made the image's uri the page-relative URL of the copied file
    href = images[0]["uri"]
    number = _number_of(translator, figure)
    label = f"Enlarge figure {number}" if number else "Enlarge the figure"
    extra = ""
    if node.get("min_text_px") is not None:
        extra = f' data-min-text-px="{node["min_text_px"]:g}"'
    translator.body.append(
        f'<p class="cramp-figure-tools"><a class="cramp-enlarge" href="{html.escape(href, quote=True)}"'
        f' aria-label="{html.escape(label, quote=True)}"{extra}>Enlarge</a></p>'
    )
    raise nodes.SkipNode


def visit_description_html(translator, node: text_description) -> None:
    translator.body.append(
        f'<details class="cramp-text-description"><summary>{DESCRIPTION_SUMMARY}</summary>'
    )


def depart_description_html(translator, node: text_description) -> None:
    translator.body.append("</details>")


def _skip(translator, node) -> None:
    raise nodes.SkipNode


def _pass(translator, node) -> None:
    pass


# "Figure 7.1 " (Sphinx's number, then a space) becomes "Figure 7.1: " in the caption line.
CAPTION_NUMBER = re.compile(r'(<span class="caption-number">Figure [0-9.]+) </span>')


def colon_after_numbers(body: str) -> str:
    return CAPTION_NUMBER.sub(r"\1: </span>", body)


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and 'class="caption-number"' in body:
        context["body"] = colon_after_numbers(body)


def _numfig_format(app: Sphinx, config) -> None:
    # after Sphinx fills in its defaults (config-inited, priority 800)
    config.numfig_format = dict(config.numfig_format or {}, figure=NUMFIG_FIGURE)


def setup(app: Sphinx) -> dict:
    app.add_node(
        figure_enlarge,
        html=(visit_enlarge_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_node(
        text_description,
        html=(visit_description_html, depart_description_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.add_transform(FigureCaptions)
    app.connect("config-inited", _numfig_format, priority=900)
    app.connect("html-page-context", _page, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
