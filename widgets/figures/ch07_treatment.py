"""Forest plots drawn from the reviews' own numbers (``widgets/data/evidence.json``).

One panel per effect measure and unit (a mean difference in cramps per 2 weeks cannot share an
axis with one in cramps per week, nor with a risk ratio). Each panel shows the line of no effect,
each result as a square with its 95 % confidence interval, a label with the number of trials and
people, and the estimate with its GRADE certainty. The alt text is written from the same data.
Chapter 7 also shows :func:`quinine_benefit_harm` (benefit and harm side by side). Results that are
really text (trials, tables, the evidence map, the claims) are written by
:mod:`widgets.clinical.text` instead of drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.ticker import FuncFormatter, MultipleLocator, NullFormatter

from widgets.clinical.evidence import Result, result
from widgets.clinical.text import number
from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import OKABE_ITO, course_style, new_figure
from widgets.physiology.numbers import number_text

DEFAULT_RESULTS = (
    "quinine_cramp_number",
    "magnesium_cramps_per_week",
    "magnesium_responders",
    "quinine_minor_adverse_events",
)
_PANEL_TITLES = {
    "MD": "Mean difference",
    "RR": "Risk ratio",
    "RD": "Risk difference",
}
_COLOURS = {"Quinine": OKABE_ITO["blue"], "Magnesium": OKABE_ITO["vermillion"]}


def _fmt(x: float) -> str:
    """A number as printed in the reviews, with a true minus sign."""
    return number(x)


def _axis_label(measure: str, unit: str, item: Result) -> str:
    """Axis label in two lines: the measure with its unit, then which side of no effect is
    better or worse."""
    if measure == "RR":
        return f"risk ratio (log scale)\nright of 1: more responders with {item.treatment.lower()}"
    if measure == "RD":
        return (
            "risk difference (percentage points)\n"
            f"right of 0: more people affected on {item.treatment.lower()}"
        )
    return f"mean difference ({unit})\nleft of 0: fewer cramps with {item.treatment.lower()}"


def _estimate_text(item: Result) -> str:
    """Estimate and CI as printed beside a row (risk differences in percent)."""
    if item.measure == "RD":
        return (
            f"{_fmt(round(100 * item.estimate, 1))} % ({_fmt(round(100 * item.ci_low, 1))} "
            f"to {_fmt(round(100 * item.ci_high, 1))} %)"
        )
    return f"{_fmt(item.estimate)} ({_fmt(item.ci_low)} to {_fmt(item.ci_high)})"


def _percentage_points(x: float, _pos=None) -> str:
    """Tick label for a risk difference (a proportion) in signed percentage points."""
    value = round(100 * x)
    return number_text(value, "+d")


def _panels(items: Sequence[Result]) -> list[tuple[tuple[str, str], list[Result]]]:
    panels: dict[tuple[str, str], list[Result]] = {}
    for item in items:
        panels.setdefault((item.measure, item.unit), []).append(item)
    return list(panels.items())


def _direction(item: Result) -> str:
    """Where the interval lies relative to no effect, in words."""
    if item.no_effect in (item.ci_low, item.ci_high):
        return f"the interval, as published (rounded), just reaches the line of no effect at {_fmt(item.no_effect)}"
    if item.ci_includes_no_effect:
        return f"the interval includes the line of no effect at {_fmt(item.no_effect)}"
    side = "below" if item.ci_high < item.no_effect else "above"
    return f"the whole interval lies {side} the line of no effect at {_fmt(item.no_effect)}"


def _described_estimate(item: Result) -> str:
    """Estimate and 95 % CI in words, in the units the plot shows."""
    name = _PANEL_TITLES[item.measure].lower()
    if item.measure == "RD":
        pts = [_fmt(round(100 * v, 1)) for v in (item.estimate, item.ci_low, item.ci_high)]
        return (
            f"{name} {pts[0]} percentage points, 95 % confidence interval {pts[1]} to {pts[2]} "
            "percentage points"
        )
    unit = "" if item.measure == "RR" else f" ({item.unit})"
    return (
        f"{name} {_fmt(item.estimate)}{unit}, 95 % confidence interval {_fmt(item.ci_low)} to "
        f"{_fmt(item.ci_high)}"
    )


def describe(items: Sequence[Result]) -> str:
    """Alt text for a forest plot of ``items``: every estimate, interval, size and certainty."""
    panels = _panels(items)
    parts = [
        f"Forest plot in {len(panels)} panel{'s' if len(panels) > 1 else ''}, one per effect "
        "measure, each with a vertical line of no effect."
    ]
    for (_measure, _unit), rows in panels:
        for item in rows:
            parts.append(
                f"{item.treatment} versus {item.comparison}, {item.outcome}: "
                f"{_described_estimate(item)}, {item.studies} trials with "
                f"{item.participants} people, {item.certainty} certainty; {_direction(item)}."
            )
    return " ".join(parts)


#: Forest plot layout (inches): figure width, height of one result row and of a panel's frame
#: (title, ticks, two-line axis label). Narrow, with 11-12 pt text, so that on a phone (a picture
#: about 340 CSS px wide) no text is smaller than 9 px.
FOREST_WIDTH_IN = 5.6
FOREST_ROW_IN = 0.8
FOREST_FRAME_IN = 1.45
TITLE_WRAP = 50


def _balanced(text: str, width: int) -> str:
    """TEXT on one line, or on two lines of about equal length when longer than WIDTH."""
    if len(text) <= width or " " not in text:
        return text
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "\n" + text[cut + 1 :]


def forest_plot(
    result_ids: Sequence[str] = DEFAULT_RESULTS, width_in: float = FOREST_WIDTH_IN
) -> StaticFigure:
    """Forest plot of the pooled results ``result_ids`` (ids in evidence.json), as a StaticFigure.

    One panel per measure, stacked. Each result is a square (pooled estimate) on a bar (its 95 %
    CI), with its comparison, trials and people and the estimate with its certainty written
    above the bar. Mean and risk differences are drawn on a linear axis around 0, risk ratios on
    a logarithmic axis around 1.
    """
    if not result_ids:
        raise ValueError("result_ids must name at least one result of evidence.json")
    items = [result(rid) for rid in result_ids]
    panels = _panels(items)
    titles = [
        _balanced(f"{_PANEL_TITLES[measure]}: {rows[0].outcome}", TITLE_WRAP)
        for (measure, _), rows in panels
    ]
    heights = [
        FOREST_FRAME_IN + 0.2 * title.count("\n") + FOREST_ROW_IN * len(rows)
        for title, (_, rows) in zip(titles, panels)
    ]
    with course_style():
        fig, axes = new_figure(
            width_in,
            sum(heights),
            nrows=len(panels),
            ncols=1,
            gridspec_kw={"height_ratios": heights},
        )
        fig.get_layout_engine().set(h_pad=0.12, hspace=0.0)
        axes = [axes] if len(panels) == 1 else list(axes)
        for ax, title, ((measure, unit), rows) in zip(axes, titles, panels):
            no_effect = rows[0].no_effect
            ax.axvline(
                no_effect, color=OKABE_ITO["black"], linewidth=1.0, linestyle="--", zorder=1
            )
            for y, item in enumerate(reversed(rows)):
                colour = _COLOURS.get(item.treatment, OKABE_ITO["bluish_green"])
                ax.plot([item.ci_low, item.ci_high], [y, y], color=colour, linewidth=2.5, zorder=2)
                ax.plot([item.estimate], [y], marker="s", markersize=9, color=colour, zorder=3)
                ax.annotate(
                    f"{item.treatment} vs {item.comparison} ({item.studies} trials, "
                    f"n = {item.participants})\n"
                    f"{_estimate_text(item)}, {item.certainty} certainty",
                    xy=(0, y),
                    xycoords=("axes fraction", "data"),
                    xytext=(0, 9),
                    textcoords="offset points",
                    va="bottom",
                    ha="left",
                    fontsize=11,
                    linespacing=1.3,
                    zorder=4,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                )
            ax.set_yticks([])
            ax.set_ylim(-0.45, len(rows) - 1 + 0.95)
            if measure == "RR":
                ax.set_xscale("log")
                low = min(0.5, *(r.ci_low for r in rows))
                high = max(2.0, *(r.ci_high for r in rows))
                ax.set_xlim(low, high)
                ax.set_xticks([0.5, 0.75, 1, 1.5, 2])
                ax.set_xticklabels(["0.5", "0.75", "1", "1.5", "2"])
                ax.xaxis.set_minor_formatter(NullFormatter())
            else:
                span = max(abs(v - no_effect) for r in rows for v in (r.ci_low, r.ci_high)) * 1.25
                ax.set_xlim(no_effect - span, no_effect + span)
                if measure == "RD":  # proportions, shown as percentage points
                    ax.xaxis.set_major_locator(MultipleLocator(0.02))
                    ax.xaxis.set_major_formatter(FuncFormatter(_percentage_points))
            ax.tick_params(axis="x", labelsize=11)
            ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
            ax.set_xlabel(_axis_label(measure, unit, rows[0]), fontsize=11, linespacing=1.3)
            ax.spines["left"].set_visible(False)
    return show_figure(fig, describe(items), caption=_forest_caption(items))


def _forest_caption(items: Sequence[Result]) -> str:
    """ "Pooled trial results: quinine and magnesium against placebo" (from the results shown)."""
    treatments = list(dict.fromkeys(item.treatment.lower() for item in items))
    comparisons = list(dict.fromkeys(item.comparison.lower() for item in items))
    return f"Pooled trial results: {' and '.join(treatments)} against {' and '.join(comparisons)}"


# --- chapter 7: benefit and harm of quinine ----------------------------------------------------


def quinine_benefit_harm() -> StaticFigure:
    """Chapter 7: what quinine's pooled result means in cramps and in side effects."""
    benefit = result("quinine_cramp_number")
    harm = result("quinine_minor_adverse_events")
    placebo_cramps = benefit.control_value
    quinine_cramps = placebo_cramps + benefit.estimate
    with course_style():
        fig, (ax1, ax2) = new_figure(FOREST_WIDTH_IN, 3.6, nrows=1, ncols=2)
        ax1.bar(
            ["placebo", "quinine"],
            [placebo_cramps, quinine_cramps],
            color=[OKABE_ITO["sky_blue"], OKABE_ITO["blue"]],
        )
        ax1.errorbar(
            [1],
            [quinine_cramps],  # the 95 % CI of the difference, placed on the bar
            yerr=[[benefit.estimate - benefit.ci_low], [benefit.ci_high - benefit.estimate]],
            color=OKABE_ITO["black"],
            capsize=6,
            linewidth=1.5,
        )
        ax1.set_ylabel("cramps over 2 weeks (mean)", fontsize=11)
        ax1.set_title("Benefit: cramps over 2 weeks", fontsize=12)
        per_1000 = [1000 * harm.control_risk, 1000 * harm.intervention_risk]
        ax2.bar(
            ["placebo", "quinine"],
            per_1000,
            color=[OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"]],
        )
        ax2.set_ylabel("people with minor side effects\nper 1000", fontsize=11)
        ax2.set_title("Harm: minor side effects", fontsize=12)
        for ax, values, fmt in (
            (ax1, [placebo_cramps, quinine_cramps], "{:.2f}"),
            (ax2, per_1000, "{:.0f}"),
        ):
            for x, v in enumerate(values):
                ax.annotate(
                    fmt.format(v),
                    xy=(x, v),
                    xytext=(-22 if x else 0, 3),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=11,
                )
            ax.tick_params(labelsize=11)
            ax.set_ylim(0, 1.15 * max(max(values), ax.get_ylim()[1]))  # room for the labels
    alt = (
        f"Two bar charts from the Cochrane review of quinine. Left: over 2 weeks people on "
        f"placebo had {placebo_cramps:g} cramps on average and people on quinine "
        f"{quinine_cramps:.2f}, a difference of {_fmt(benefit.estimate)} (95 % confidence interval "
        f"{_fmt(benefit.ci_low)} to {_fmt(benefit.ci_high)}; {benefit.certainty}-certainty evidence). "
        f"Right: minor side effects, mainly stomach and bowel upsets, affected {per_1000[0]:.0f} "
        f"per 1000 people on placebo and {per_1000[1]:.0f} per 1000 on quinine "
        f"({harm.certainty}-certainty evidence)."
    )
    return show_figure(fig, alt, caption="Quinine against placebo: the benefit and the harm")
