"""MyST-NB plugin: keep the alt text that Cramp Lab figures carry into the HTML book.

Figures shown with :func:`widgets.ui.figure.show_figure` (and the widgets' static pictures) put
their description in the output metadata, ``{"image/png": {"alt": "..."}}``. MyST-NB ignores that
key, so this renderer (registered under the ``myst_nb.mime_renderers`` entry point in
``pyproject.toml``) copies it onto the image node. A PNG output with no alt text at all is reported
as a build warning, which ``jupyter-book build -W`` turns into an error: every figure in the book
must describe itself.
"""

from __future__ import annotations

from typing import Any

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml", "image/gif"})


class AltTextImages:
    """MyST-NB mime renderer for images that carry ``alt`` in their output metadata."""

    mime_priority_overrides: tuple = ()

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type not in IMAGE_TYPES:
            return None
        alt = (data.output_metadata.get(data.mime_type) or {}).get("alt")
        cell_alt = (data.cell_metadata.get("mystnb") or {}).get("image", {}).get("alt")
        if not alt and not cell_alt:
            renderer.logger.warning(
                "figure output has no alt text: show it with widgets.ui.figure.show_figure(fig, alt=...)",
                subtype="image",
                line=data.line,
            )
            return None
        image_nodes = renderer.render_image_inline(data) if inline else renderer.render_image(data)
        if alt:
            for node in image_nodes:
                node["alt"] = str(alt)
        return image_nodes
