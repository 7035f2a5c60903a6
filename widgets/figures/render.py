"""Show a matplotlib figure as a PNG that carries its own alt text.

The display bundle has ``image/png`` (with ``{"alt": ...}`` in its metadata, which the book keeps,
see :mod:`widgets.book`) and ``text/plain`` holding the same description, so notebooks stay
readable as text and strict nbval checks the description rather than pixels.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from widgets.figures.glyphs import use_everywhere
from widgets.figures.text import recording_text, short_caption

use_everywhere()  # every PNG and raw render keeps its glyphs (same pixels, less time)

#: Resolution of every picture in the book (static figures and the widgets' book pictures).
PNG_DPI = 100
#: Resolution of the live widget image: small and fast to encode.
LIVE_DPI = 80


def render_png(
    fig: Figure, dpi: int = PNG_DPI, *, fast: bool = False, blitted: bool = False
) -> bytes:
    """PNG bytes of ``fig``, deterministically (no software or date stamp). The one PNG encoder.

    ``fast`` trades file size for encoding speed (live redraws). ``blitted=True`` encodes the
    pixels already on the figure's Agg canvas (a blitted live frame) as they are, without
    rendering again; ``dpi`` is then the canvas's own.
    """
    if blitted:
        return _rgb_png(np.asarray(fig.canvas.buffer_rgba())[:, :, :3], 1 if fast else 6)
    buffer = io.BytesIO()
    pil_kwargs = {"compress_level": 1} if fast else None
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs=pil_kwargs)
    return buffer.getvalue()


def render_rgb(fig: Figure, dpi: int = PNG_DPI) -> np.ndarray:
    """Pixels (height, width, 3; uint8) of the render that :func:`render_png` encodes, without
    encoding them (the book's explorable pictures are encoded as WebP instead)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=dpi)
    raw = np.frombuffer(buffer.getvalue(), dtype=np.uint8)
    height_in = fig.get_figheight() * dpi
    for height in dict.fromkeys((int(height_in), round(height_in))):  # Agg truncates the size
        if height and raw.size % (4 * height) == 0:
            width = raw.size // (4 * height)
            if abs(width - fig.get_figwidth() * dpi) <= 1:
                return raw.reshape(height, width, 4)[:, :, :3]
    raise RuntimeError(f"cannot tell the size of a {raw.size}-byte render at {dpi} dpi")


def _rgb_png(rgb: np.ndarray, level: int) -> bytes:
    """PNG of the pixels ``rgb`` (height, width, 3; uint8) with unfiltered rows: for line art zlib
    alone compresses as well as PNG's row filters, in half the time of Pillow's encoder."""
    height, width, _ = rgb.shape
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0: none
    rows[:, 1:] = rgb.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), level))
        + chunk(b"IEND", b"")
    )


def png_bundle(
    png: bytes, alt: str, caption: str | None = None, min_text_px: float | None = None
) -> tuple[dict, dict]:
    """Return the (data, metadata) display bundle of a PNG with its alt text.

    The metadata also carries a short ``caption`` (by default the first sentence of ``alt``, see
    :func:`widgets.figures.text.short_caption`) and, when known, ``min_text_px``: the size of the
    smallest text in the PNG, in its pixels. The book shows the caption under the figure and
    checks the text size (``_ext/figure_captions.py``).
    """
    if not alt or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    if caption is not None and not caption.strip():
        raise ValueError("caption, when given, must not be empty")
    data = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt}
    meta = {"alt": alt, "caption": caption.strip() if caption else short_caption(alt)}
    if min_text_px is not None:
        meta["min_text_px"] = round(float(min_text_px), 1)
    return data, {"image/png": meta}


@dataclass(frozen=True)
class StaticFigure:
    """A rendered figure and its description; displays as PNG with alt text."""

    png: bytes
    alt: str
    caption: str | None = None
    min_text_px: float | None = None

    @classmethod
    def from_figure(
        cls, fig: Figure, alt: str, dpi: int = PNG_DPI, caption: str | None = None
    ) -> StaticFigure:
        with recording_text() as text:
            png = render_png(fig, dpi)
        return cls(png, alt, caption, text.smallest_px)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return png_bundle(self.png, self.alt, self.caption, self.min_text_px)

    def __repr__(self) -> str:
        return self.alt


def show_figure(
    fig: Figure, alt: str, dpi: int = PNG_DPI, caption: str | None = None
) -> StaticFigure:
    """Return ``fig`` as a :class:`StaticFigure`; the last expression of a cell displays it.

    ``caption``: a short title for the book's "Figure N.k" line (default: from ``alt``)."""
    return StaticFigure.from_figure(fig, alt, dpi=dpi, caption=caption)
