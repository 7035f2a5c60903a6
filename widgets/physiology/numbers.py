"""Numbers as the course prints them: the one formatter every layer uses.

A minus sign is the typographic minus (U+2212), never a hyphen, and a value that rounds to
zero is printed without a sign ("0.0", not "−0.0" or "+0.0").
"""

from __future__ import annotations

import math
import numbers
import re

MINUS = "\u2212"
_HYPHEN_BEFORE_DIGIT = re.compile(r"(?<![\w.])-(?=\d)")


def number_text(value: float, fmt: str = "g") -> str:
    """``value`` formatted with the format spec ``fmt`` (for example ``".1f"``, ``"+.0f"``,
    ``"g"``), with a typographic minus; a value that rounds to zero carries no sign."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"value must be a real number (got {type(value).__name__}: {value!r})")
    if not math.isfinite(float(value)):
        raise ValueError(f"value must be a finite number (got {value!r})")
    text = format(value, fmt)
    if not any(ch in "123456789" for ch in text.split("e")[0]):  # rounds to zero: no sign
        text = text.lstrip("+-")
    return text.replace("-", MINUS)


def with_minus(text: str) -> str:
    """``text`` with each hyphen that stands before a digit (a negative number) made a minus;
    hyphens inside words and ranges such as "3-5" stay."""
    return _HYPHEN_BEFORE_DIGIT.sub(MINUS, text)
