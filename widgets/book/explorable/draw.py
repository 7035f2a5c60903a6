"""Drawing states to pictures, in the worker processes of :mod:`.build`'s process pool.

:func:`run_jobs` brings one view per widget class (kept for the life of the process) to each
state through its controls, draws it with the widget's own ``compute`` -> ``redraw`` ->
``static_pixels()`` and writes ``<digest>.webp`` and ``<digest>.txt`` (its description) to the cache.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from widgets.book.explorable.states import same_value

WEBP_OPTIONS = {"lossless": True, "quality": 30, "method": 1}  # fast to encode, small for line art


def load_class(path: str):
    """The widget class named ``"widgets.ui.module.Class"`` in a spec (only course widgets)."""
    module, _, name = path.rpartition(".")
    if not module.startswith("widgets."):
        raise ValueError(f"{path!r} is not a course widget")
    return getattr(import_module(module), name)


def _held(view):
    """The view's ``held()`` (controls move without a live redraw each), if it has one."""
    held = getattr(view, "held", None)
    return held() if callable(held) else contextlib.nullcontext()


def set_values(view, values: dict) -> None:
    """Move the view's controls to ``values`` (only those that differ), as a reader would, with
    the live redraws held (the book's picture is drawn once, by :func:`draw_state`).

    Controls that re-scale others (``apply_last``, e.g. a unit switch) are moved first, so the
    values then set are read in the units they are given in."""
    first = [n for n in getattr(view, "apply_last", ()) if n in values]
    for name in first + [n for n in values if n not in first]:
        control = view.controls[name]
        if not same_value(control.value, values[name]):
            with _held(view):
                control.value = values[name]


def draw_state(view):
    """(book picture's pixels, description) of the view's present control values: the widget's
    own ``compute`` -> ``redraw`` (what ``update()`` does, without re-encoding the live image),
    then ``static_pixels()`` (the pixels of ``static_png()``) and ``alt_text``."""
    view.result = view.compute(**view.values)
    view.redraw(view.result)
    return view.static_pixels(), view.alt_text


def values_match(view, values: dict) -> bool:
    return all(same_value(view.controls[k].value, v) for k, v in values.items())


def to_webp(pixels) -> tuple[bytes, tuple[int, int]]:
    """(WebP bytes, pixel size) of a picture's pixels (height, width, 3; uint8)."""
    import io

    import numpy as np
    from PIL import Image

    with Image.fromarray(np.ascontiguousarray(pixels)) as image:
        size = image.size
        # line art in a few colours: a 256-colour palette (no dithering) is visually lossless
        # (mean error under 0.5 of 255) and halves the file; then lossless WebP
        image = image.convert("RGB").quantize(
            256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        # the octree averages its bins: keep the paper white and the ink black exact
        palette = image.getpalette()
        for i in range(0, len(palette) - 2, 3):
            rgb = palette[i : i + 3]
            if min(rgb) >= 250 or max(rgb) <= 5:
                palette[i : i + 3] = [255 if min(rgb) >= 250 else 0] * 3
        image.putpalette(palette)
        buffer = io.BytesIO()
        image.save(buffer, format="WEBP", **WEBP_OPTIONS)
        return buffer.getvalue(), size


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


_VIEWS: dict[tuple, Any] = {}  # (widget, layout) -> view, reused by the jobs of one process


def worker_init() -> None:
    """Start of a drawing process: draw off screen."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def run_jobs(jobs: list[dict], cache: Path, report: Callable[[str], None] = lambda s: None) -> int:
    """Draw the states of ``jobs`` into ``cache`` (``<digest>.webp`` and ``<digest>.txt``).

    A job is ``{"widget", "layout", "base", "control", "states": [{"value", "digest"}],
    "size_px"}``: the view (in that layout) is brought to ``base``, then (if ``control``) that
    control is set to each value in turn. One view per widget class and layout is kept and reused
    between jobs. Returns the number drawn.
    """
    views = _VIEWS
    drawn = 0
    for job in jobs:
        widget, base, name = job["widget"], job["base"], job.get("control")
        layout = job.get("layout", "wide")
        slot = (widget, layout)
        view = views.get(slot)
        if view is None:
            view = views[slot] = load_class(widget)(layout=layout)
        set_values(view, base)
        if not values_match(view, base):  # e.g. a unit switch left a rounding trace: start afresh
            view = views[slot] = load_class(widget)(layout=layout)
            set_values(view, base)
            if not values_match(view, base):
                raise RuntimeError(f"{widget}: cannot reach {base} (got {view.values})")
        for state in job["states"]:
            if name is not None:
                set_values(view, {name: state["value"]})
                if not same_value(view.controls[name].value, state["value"]):
                    raise RuntimeError(f"{widget}: {name} refused {state['value']!r}")
            pixels, alt = draw_state(view)
            webp, size = to_webp(pixels)
            if job.get("size_px") and list(size) != list(job["size_px"]):
                raise RuntimeError(
                    f"{widget}: picture is {size} px, the page expects {job['size_px']}"
                )
            _write(cache / f"{state['digest']}.webp", webp)
            _write(cache / f"{state['digest']}.txt", alt.encode("utf-8"))
            drawn += 1
        if name is not None:
            set_values(view, {name: base[name]})
        report(f"{widget.rsplit('.', 1)[-1]} {layout} {name or 'scenario'}: {len(job['states'])}")
    return drawn
