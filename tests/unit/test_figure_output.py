"""Figures carry their alt text to the notebook and to the book (widgets.figures.render, widgets.book)."""

from __future__ import annotations

import base64
from types import SimpleNamespace

import pytest

from widgets.book import AltTextImages
from widgets.figures.render import StaticFigure, png_bundle, show_figure
from widgets.figures.style import course_style, new_figure


def _figure():
    with course_style():
        fig, ax = new_figure(3, 2)
        ax.plot([0, 1], [0, 1])
    return fig


def test_bundle_has_png_alt_metadata_and_text():
    shown = show_figure(_figure(), alt="A rising line.")
    data, metadata = shown._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert data["text/plain"] == "A rising line."
    # the caption defaults to the description's first sentence; the smallest text is the
    # tick labels at 12 pt, 100 dpi: 12 * 100 / 72 = 16.7 px
    assert metadata == {
        "image/png": {"alt": "A rising line.", "caption": "A rising line", "min_text_px": 16.7}
    }
    shown = show_figure(_figure(), alt="A rising line. It rises.", caption="Up")
    assert shown._repr_mimebundle_()[1]["image/png"]["caption"] == "Up"


def test_png_is_deterministic():
    assert (
        StaticFigure.from_figure(_figure(), "x").png
        == StaticFigure.from_figure(_figure(), "x").png
    )


@pytest.mark.parametrize("alt", ["", "   "])
def test_empty_alt_is_refused(alt):
    with pytest.raises(ValueError, match="alt"):
        png_bundle(b"\x89PNG", alt)


class _Renderer:
    """Just enough of MyST-NB's NbElementRenderer for the plugin."""

    def __init__(self):
        self.warnings = []
        self.logger = SimpleNamespace(warning=lambda msg, **kw: self.warnings.append(msg))

    def render_image(self, data):
        return [{"uri": "x.png"}]

    render_image_inline = render_image


def _data(mime="image/png", output_metadata=None, cell_metadata=None):
    return SimpleNamespace(
        mime_type=mime,
        output_metadata=output_metadata or {},
        cell_metadata=cell_metadata or {},
        line=1,
    )


def test_plugin_copies_alt_onto_image_node():
    renderer = _Renderer()
    nodes = AltTextImages.handle_mime(
        renderer, _data(output_metadata={"image/png": {"alt": "A"}}), False
    )
    assert nodes == [{"uri": "x.png", "alt": "A"}]
    assert renderer.warnings == []


def test_plugin_warns_when_a_figure_has_no_alt():
    renderer = _Renderer()
    assert AltTextImages.handle_mime(renderer, _data(), False) is None
    assert len(renderer.warnings) == 1 and "alt text" in renderer.warnings[0]


def test_plugin_accepts_cell_level_alt_and_ignores_other_types():
    renderer = _Renderer()
    cell = {"mystnb": {"image": {"alt": "From the cell"}}}
    assert AltTextImages.handle_mime(renderer, _data(cell_metadata=cell), False) == [
        {"uri": "x.png"}
    ]
    assert AltTextImages.handle_mime(renderer, _data(mime="text/html"), False) is None
    assert renderer.warnings == []
