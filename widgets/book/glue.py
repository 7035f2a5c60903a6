"""Glue: a number computed in a chapter, inserted in its prose (MyST-NB's ``{glue:text}`` role),
so that the prose never types a model number."""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

from widgets.physiology.numbers import number_text

#: The mime-type prefix under which MyST-NB's ``glue(..., display=False)`` stores a value.
GLUE_PREFIX = "application/papermill.record/"
_GLUE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def glue_text(value: Any, fmt: str = "") -> str:
    """The text that :func:`glue` stores: a string as it is, a number formatted with ``fmt``.

    ``fmt`` is a format spec (``".1f"``, ``".0f"``, ``"+.1f"``); a number's minus signs become the
    typographic minus (U+2212) that the chapters' prose uses. ``ValueError`` for a bool, a
    non-finite number, a format spec given with a string, or a value of another type.
    """
    if isinstance(value, str):
        if fmt:
            raise ValueError(
                f"fmt applies to numbers only; format the string yourself (got fmt={fmt!r})"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"value must be a str or a real number (got {type(value).__name__}: {value!r})"
        )
    if not math.isfinite(float(value)):
        raise ValueError(f"value must be a finite number (got {value!r})")
    try:
        return number_text(value, fmt)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"fmt {fmt!r} is not a valid format spec for {value!r}: {exc}") from None


def glue_output(name: str, value: Any, fmt: str = "") -> tuple[dict, dict]:
    """(data, metadata) of the display output that :func:`glue` produces.

    The shape is exactly that of ``myst_nb.glue(name, text, display=False)``: the ``text/plain``
    repr of the text under :data:`GLUE_PREFIX`, and ``scrapbook`` metadata naming it. ``name``
    must start with a letter and hold only letters, digits and underscores (the role's syntax
    reserves ``:``).
    """
    if not isinstance(name, str) or not _GLUE_NAME.match(name):
        raise ValueError(
            f"name must start with a letter and hold only letters, digits and _ (got {name!r})"
        )
    text = glue_text(value, fmt)
    return {GLUE_PREFIX + "text/plain": repr(text)}, {
        "scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}
    }


def glue(name: str, value: Any, fmt: str = "") -> None:
    """Store ``value`` for the prose of this chapter, without showing anything.

    Markdown cells insert it with MyST-NB's role ``{glue:text}`name```. The output is the one
    ``myst_nb.glue(name, text, display=False)`` writes, so the book build reads it; ``myst_nb`` itself
    is not imported, because the live notebooks (Binder, a class hub) run without it.
    """
    from IPython.display import display

    data, metadata = glue_output(name, value, fmt)
    display(data, raw=True, metadata=metadata)
