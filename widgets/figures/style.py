"""Shared look of every Cramp Lab figure: colour-blind-safe colours, projector-sized text.

Colours are the Okabe & Ito (2008) palette, distinguishable with the common colour-vision
deficiencies. Figures are created with :class:`matplotlib.figure.Figure` directly (no pyplot), so
nothing is shown or kept alive behind the caller's back.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from matplotlib.figure import Figure

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
CYCLE = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "vermillion",
        "bluish_green",
        "orange",
        "reddish_purple",
        "sky_blue",
        "black",
    )
]
NORMAL_BAND = "#DDDDDD"  # grey shading for reference ranges
#: One colour per firing pattern, the same in the chapter 5 figures and the TonicClonicExplorer.
PATTERN_COLOURS = {
    "voluntary": OKABE_ITO["blue"],
    "cramp": OKABE_ITO["vermillion"],
    "clonus": OKABE_ITO["bluish_green"],
    "tetany": OKABE_ITO["reddish_purple"],
}
#: One colour per triage urgency: the specialist finder's badges, live and in the book's page.
URGENCY_COLOURS = {
    "emergency": OKABE_ITO["vermillion"],
    "same_day": OKABE_ITO["orange"],
    "urgent": OKABE_ITO["reddish_purple"],
    "routine": OKABE_ITO["sky_blue"],
}

RC = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "legend.fontsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
}

#: Text of a widget's phone picture (issue 21: at most 4 in wide, no text under 8 pt), over :data:`RC`.
PHONE_RC = {
    "font.size": 9.5,
    "axes.titlesize": 10,
    "axes.labelsize": 9.5,
    "legend.fontsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
}


@contextmanager
def course_style(layout: str = "wide"):
    """Context in which to create *and* draw a course figure (fonts are read when text is made);
    ``layout="phone"`` for a widget's phone picture (:data:`PHONE_RC`)."""
    import matplotlib as mpl
    from cycler import cycler

    rc = dict(RC, **(PHONE_RC if layout == "phone" else {}))
    with mpl.rc_context(dict(rc, **{"axes.prop_cycle": cycler(color=CYCLE)})):
        yield


def reference_band(ax, analyte: str, label: str = "serum reference range") -> tuple[float, float]:
    """Shade the adult reference range of ``analyte`` (mmol/L) on ``ax``'s x axis; return (low, high)."""
    from widgets.physiology import reference_ranges

    r = reference_ranges()[analyte]
    low, high = r["low_mmol_L"], r["high_mmol_L"]
    ax.axvspan(low, high, color=NORMAL_BAND, label=label)
    return low, high


def concentration_axis(
    low_mM: float, high_mM: float, name: str, upper_mM: float = 1000.0, n: int = 300
) -> np.ndarray:
    """``n`` concentrations (mmol/L) from ``low_mM`` to ``high_mM`` for a figure's x axis, after
    checking 0 < low < high <= ``upper_mM``; ``name`` is the parameters' stem (``"k"`` for
    ``k_min_mM``/``k_max_mM``), which the ``ValueError`` names."""
    if not 0 < low_mM < high_mM <= upper_mM:
        raise ValueError(
            f"need 0 < {name}_min_mM < {name}_max_mM <= {upper_mM:g} mmol/L "
            f"(got {low_mM!r} and {high_mM!r})"
        )
    return np.linspace(low_mM, high_mM, n)


def plain_log_axis(axis, ticks) -> None:
    """Label a logarithmic ``axis`` (``ax.xaxis``/``ax.yaxis``) at ``ticks`` only, as plain numbers."""
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    axis.set_major_formatter(ScalarFormatter())
    axis.set_minor_formatter(NullFormatter())
    axis.set_ticks(ticks, [f"{x:g}" for x in ticks])


def raster_xy(
    spike_times_ms, *, every: int = 1, half_height: float = 0.4, time_scale: float = 1.0
):
    """(x, y) of a spike raster as one line broken by NaNs (one path: fast to draw): a vertical tick of
    ``2 * half_height`` per spike of every ``every``-th train, that train on row ``1, 2, ...``;
    times multiplied by ``time_scale`` (e.g. 1/1000 for seconds)."""
    trains = [np.asarray(s, dtype=float) * time_scale for s in spike_times_ms[::every]]
    x = np.concatenate(trains) if trains else np.empty(0)
    rows = (
        np.concatenate([np.full(s.size, row + 1.0) for row, s in enumerate(trains)])
        if trains
        else x
    )
    gap = np.full_like(x, np.nan)
    return (
        np.column_stack([x, x, gap]).ravel(),
        np.column_stack([rows - half_height, rows + half_height, gap]).ravel(),
    )


def new_figure(
    width_in: float = 7.0, height_in: float = 3.6, nrows: int = 1, ncols: int = 1, **subplot_kw
) -> tuple[Figure, object]:
    """Return ``(fig, axes)`` with constrained layout; call inside :func:`course_style`."""
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    return fig, fig.subplots(nrows, ncols, **subplot_kw)


def fixed_ylabel(ax, offset_pt: float) -> None:
    """Put ``ax``'s y label ``offset_pt`` points left of the axes, wherever its tick labels reach: a
    figure whose layout is frozen after the first draw keeps the label on the canvas when new limits
    bring wider tick labels (e.g. "4000" after "400")."""
    from matplotlib.transforms import offset_copy

    ax.yaxis.set_label_coords(
        0.0,
        0.5,
        transform=offset_copy(ax.transAxes, ax.figure, x=-offset_pt, y=0.0, units="points"),
    )


def fixed_lines(text: str, width: int | None, n_lines: int = 2) -> str:
    """``text`` in exactly ``n_lines`` lines (empty ones first) of at most ``width`` characters where it
    can, broken after its first colon if both halves fit, else between words: a title whose space is
    laid out once keeps that space. ``width=None``: ``text`` as it is."""
    import textwrap

    if width is None:
        return text
    head, colon, tail = text.partition(": ")
    if len(text) <= width:
        lines = [text]
    elif colon and len(head) < width and len(tail) <= width:
        lines = [head + ":", tail]
    else:
        lines = textwrap.wrap(text, width)
    return "\n".join([""] * max(0, n_lines - len(lines)) + lines)
