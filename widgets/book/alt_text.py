"""MyST-NB plugin: figures keep their alt text in the HTML book; widgets become explorable figures.

Figures shown with :func:`widgets.figures.render.show_figure` (and the widgets' static pictures) put
their description in the output metadata, ``{"image/png": {"alt": "..."}}``. MyST-NB ignores that
key, so this renderer (registered under the ``myst_nb.mime_renderers`` entry point in
``pyproject.toml``) copies it onto the image node. A PNG output with no alt text at all is reported
as a build warning, which ``jupyter-book build -W`` turns into an error: every figure in the book
must describe itself.

A widget's display bundle also carries its explorable spec
(:data:`widgets.ui.explorable_spec.MIME`). For HTML, when the Sphinx extension
``_ext/explorable.py`` is loaded, that entry is preferred to the PNG and becomes an explorable
figure (:mod:`widgets.book.explorable_html`). Without the extension (other builders, other books)
the entry renders as nothing and the PNG is shown as before.
"""

from __future__ import annotations

import json
from typing import Any

from widgets.book.explorable_html import explorable_html
from widgets.ui.explorable_spec import MIME as EXPLORABLE_MIME
from widgets.ui.explorable_spec import spec_id

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml", "image/gif"})
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs", "readthedocsdirhtml")


class AltTextImages:
    """MyST-NB mime renderer for images that carry ``alt`` in their output metadata, and for the
    widgets' explorable specs (HTML builders only)."""

    mime_priority_overrides: tuple = tuple(
        (builder, EXPLORABLE_MIME, 5) for builder in HTML_BUILDERS
    )

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type == EXPLORABLE_MIME:
            return explorable_nodes(renderer, data, inline)
        if data.mime_type not in IMAGE_TYPES:
            return None
        alt = (data.output_metadata.get(data.mime_type) or {}).get("alt")
        cell_alt = (data.cell_metadata.get("mystnb") or {}).get("image", {}).get("alt")
        if not alt and not cell_alt:
            renderer.logger.warning(
                "figure output has no alt text: show it with widgets.figures.render.show_figure(fig, alt=...)",
                subtype="image",
                line=data.line,
            )
            return None
        image_nodes = renderer.render_image_inline(data) if inline else renderer.render_image(data)
        figure = data.output_metadata.get(data.mime_type) or {}
        for node in image_nodes:
            if alt:
                node["alt"] = str(alt)
            # the short caption and the smallest text size, for _ext/figure_captions.py
            for key in ("caption", "min_text_px"):
                if figure.get(key) is not None:
                    node[f"cramp_{key}"] = figure[key]
        return image_nodes


def explorable_nodes(renderer: Any, data: Any, inline: bool) -> list:
    """The explorable figure as a raw HTML node, or ``[]`` (the PNG is then shown) when the
    ``explorable`` Sphinx extension is not loaded. The spec is recorded for the extension."""
    env = getattr(getattr(renderer, "renderer", None), "sphinx_env", None)
    store = getattr(env, "cramp_explorables", None) if env is not None else None
    if store is None or inline:
        return []
    from docutils import nodes

    spec = data.content if isinstance(data.content, dict) else json.loads(data.content)
    uid = f"cx{data.cell_index}-{data.output_index}"
    store.setdefault(env.docname, {})[spec_id(spec)] = spec
    return [nodes.raw("", explorable_html(spec, uid), format="html")]
