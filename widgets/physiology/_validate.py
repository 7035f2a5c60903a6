"""Input checks shared by the physiology models (private).

Every check raises ``ValueError`` naming the parameter, its unit and the allowed range,
e.g. ``c_out_mM must be a finite concentration > 0 mM (got -1.0)``. Nothing is clipped or
silently turned into NaN.
"""

from __future__ import annotations

import numpy as np

T_MIN_C = 0.0
T_MAX_C = 45.0


def _show(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item()) if arr.dtype.kind in "biuf" else repr(value)
    return np.array2string(arr.ravel()[:6], separator=", ") + ("..." if arr.size > 6 else "")


def _as_float_array(value, name: str, what: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {what} (got {value!r})") from None
    return arr


def concentration(value, name: str):
    """Finite concentration > 0 mM (scalar or array); returns float or ndarray."""
    what = "a finite concentration > 0 mM"
    arr = _as_float_array(value, name, what)
    if arr.size == 0 or not np.all(np.isfinite(arr)) or not np.all(arr > 0):
        raise ValueError(f"{name} must be {what} (got {_show(value)})")
    return float(arr) if arr.ndim == 0 else arr


def positive(value, name: str, unit: str, upper: float | None = None, allow_zero: bool = False):
    """Finite number > 0 (or >= 0) and optionally <= upper, in ``unit``."""
    lo = ">= 0" if allow_zero else "> 0"
    rng = f"{lo} {unit}" if upper is None else f"{lo} and <= {upper:g} {unit}"
    what = f"a finite number {rng}"
    arr = _as_float_array(value, name, what)
    bad = arr.size == 0 or not np.all(np.isfinite(arr))
    if not bad:
        bad = not np.all(arr >= 0) if allow_zero else not np.all(arr > 0)
    if not bad and upper is not None:
        bad = not np.all(arr <= upper)
    if bad:
        raise ValueError(f"{name} must be {what} (got {_show(value)})")
    return float(arr) if arr.ndim == 0 else arr


def finite(value, name: str, unit: str, lo: float | None = None, hi: float | None = None):
    """Finite number (array) within optional [lo, hi], in ``unit``."""
    if lo is not None and hi is not None:
        what = f"a finite number in [{lo:g}, {hi:g}] {unit}"
    elif lo is not None:
        what = f"a finite number >= {lo:g} {unit}"
    elif hi is not None:
        what = f"a finite number <= {hi:g} {unit}"
    else:
        what = f"a finite number in {unit}"
    arr = _as_float_array(value, name, what)
    bad = arr.size == 0 or not np.all(np.isfinite(arr))
    if not bad and lo is not None:
        bad = not np.all(arr >= lo)
    if not bad and hi is not None:
        bad = not np.all(arr <= hi)
    if bad:
        raise ValueError(f"{name} must be {what} (got {_show(value)})")
    return float(arr) if arr.ndim == 0 else arr


def temperature(value, name: str = "temperature_c") -> float:
    """Scalar temperature in °C within [0, 45]."""
    return (
        float(finite(value, name, "°C", T_MIN_C, T_MAX_C))
        if np.ndim(value) == 0
        else finite(value, name, "°C", T_MIN_C, T_MAX_C)
    )


def valence(value, name: str = "z"):
    """Non-zero integer ion valence (e.g. +1 for K+, -1 for Cl-, +2 for Ca2+)."""
    what = "a non-zero integer ion valence (e.g. 1, -1, 2) [dimensionless]"
    arr = _as_float_array(value, name, what)
    if (
        arr.size == 0
        or not np.all(np.isfinite(arr))
        or np.any(arr == 0)
        or not np.all(arr == np.round(arr))
        or not np.all(np.abs(arr) <= 4)
    ):
        raise ValueError(f"{name} must be {what}, |z| <= 4 (got {_show(value)})")
    return float(arr) if arr.ndim == 0 else arr


def integer(value, name: str, lo: int, hi: int | None = None) -> int:
    """Integer in [lo, hi]."""
    rng = f">= {lo}" if hi is None else f"in [{lo}, {hi}]"
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if ok:
        ok = value >= lo and (hi is None or value <= hi)
    if not ok:
        raise ValueError(f"{name} must be an integer {rng} (got {value!r})")
    return int(value)


def choice(value, name: str, allowed) -> str:
    """One of ``allowed`` (e.g. ion names)."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(allowed)} (got {value!r})")
    return value


def instance_of(value, name: str, cls: type, what: str = ""):
    """``value`` if it is a ``cls``; otherwise ``ValueError`` naming ``name`` and what it must be
    (``what``, by default the class name)."""
    if not isinstance(value, cls):
        raise ValueError(f"{name} must be a {what or cls.__name__} (got {value!r})")
    return value


def result_finite(arr, what: str):
    """Guard: raise instead of returning NaN/inf from a model."""
    a = np.asarray(arr)
    if not np.all(np.isfinite(a)):
        raise ValueError(
            f"{what} is not finite; check the inputs (a parameter is out of its valid range)"
        )
    return arr
