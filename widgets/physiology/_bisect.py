"""The one bisection of the physiology package (private).

Thresholds, onsets, block currents and fusion rates are all "the smallest x for which something
becomes true"; they share :func:`smallest_true`.
"""

from __future__ import annotations


def smallest_true(predicate, lo: float, hi: float, tol: float, *, relative: bool = False) -> float:
    """Bisect for the smallest x in (lo, hi] with ``predicate(x)`` true, to within ``tol``.

    The predicate is assumed false at ``lo`` and monotone. Returns ``inf`` if it is false at
    ``hi``. Stops when ``hi - lo <= tol`` (``relative=False``, ``tol`` in the units of x) or
    ``hi - lo <= tol * hi`` (``relative=True``, ``tol`` a fraction); returns the upper end of
    the final bracket, a value for which the predicate is true.
    """
    lo, hi, tol = float(lo), float(hi), float(tol)
    if not (tol > 0 and hi > lo):
        raise ValueError(
            f"need tol > 0 and hi > lo for a bisection (got lo={lo!r}, hi={hi!r}, tol={tol!r})"
        )
    if not predicate(hi):
        return float("inf")
    while hi - lo > (tol * hi if relative else tol):
        mid = 0.5 * (lo + hi)
        if predicate(mid):
            hi = mid
        else:
            lo = mid
    return hi
