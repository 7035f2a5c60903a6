"""Show a matplotlib figure as a PNG that carries its own alt text.

The display bundle has ``image/png`` (with ``{"alt": ...}`` in its metadata, which the book keeps,
see :mod:`widgets.book`) and ``text/plain`` holding the same description, so notebooks stay
readable as text and strict nbval checks the description rather than pixels.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from matplotlib.figure import Figure

PNG_DPI = 100


def figure_png(fig: Figure, dpi: int = PNG_DPI) -> bytes:
    """Render ``fig`` to PNG bytes, deterministically (no software or date stamp)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def png_bundle(png: bytes, alt: str) -> tuple[dict, dict]:
    """Return the (data, metadata) display bundle of a PNG with its alt text."""
    if not alt or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    data = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt}
    return data, {"image/png": {"alt": alt}}


@dataclass(frozen=True)
class StaticFigure:
    """A rendered figure and its description; displays as PNG with alt text."""

    png: bytes
    alt: str

    @classmethod
    def from_figure(cls, fig: Figure, alt: str, dpi: int = PNG_DPI) -> "StaticFigure":
        return cls(figure_png(fig, dpi=dpi), alt)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return png_bundle(self.png, self.alt)

    def __repr__(self) -> str:
        return self.alt


def show_figure(fig: Figure, alt: str, dpi: int = PNG_DPI) -> StaticFigure:
    """Return ``fig`` as a :class:`StaticFigure`; the last expression of a cell displays it."""
    return StaticFigure.from_figure(fig, alt, dpi=dpi)
