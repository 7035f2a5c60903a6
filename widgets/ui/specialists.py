"""SpecialistFinder: tick what applies; see who to see and how soon, red flags first.

A view over the rules engine :mod:`widgets.clinical.specialists` (rules are reviewed data with a
source each). One check box per finding, grouped as in the data (where the cramp is, when it
comes, other symptoms, medicines, conditions); control names are the finding ids, e.g.
``SpecialistFinder(swollen_red_calf=True)``.

Live, the recommendations are an HTML list beside the check boxes (text a screen reader reads and
announces when it changes): urgency, who to see, why, and the guideline behind it, red flags first, under
the educational notice. In the static book the same list is drawn as a picture (matplotlib text)
with the list as its alt text. Default findings: a representative case (night-time calf cramps,
a statin, and one swollen, red calf) that shows a red flag placed before the routine advice.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import ipywidgets as ipw
from matplotlib.figure import Figure

from widgets.clinical.specialists import (
    EDUCATIONAL_NOTICE,
    FINDING_LABELS,
    FINDINGS,
    GUIDELINES,
    URGENCY_SHORT,
    recommend,
)
from widgets.figures.style import URGENCY_COLOURS, course_style
from widgets.ui.base import Demo, ModelView
from widgets.ui.common import checkbox

DEFAULT_FINDINGS = frozenset({"calf_or_foot", "night_or_rest", "statin", "swollen_red_calf"})
MAX_ROWS = 8
WRAP = 90
# The static picture is laid out in inches from its top; its height fits what it shows.
WIDTH_IN, MARGIN_IN = 8.5, 0.18
HEAD_IN, LINE_IN, GAP_IN, NOTE_LINE_IN = 0.23, 0.186, 0.14, 0.18


@dataclass(frozen=True)
class FinderResult:
    findings: tuple
    recommendations: tuple

    @property
    def red_flags(self) -> tuple:
        return tuple(r for r in self.recommendations if r.red_flag)


class SpecialistFinder(ModelView):
    """Check boxes of findings -> ordered recommendations (urgency, who, why, source)."""

    title = "Who to see, and how soon"
    demo = Demo("dark_urine", True)
    #: the static book evaluates the rules in the page, from the same data file, for any
    #: combination of findings (no pictures); named cases tick exactly these findings
    EXPLORABLE_IN_PAGE = "specialist_rules"
    SCENARIOS = {
        name: {fid: fid in ticked for items in FINDINGS.values() for fid, _ in items}
        for name, ticked in {
            "Ordinary night cramps in the calf": {"calf_or_foot", "night_or_rest"},
            "Calf cramps during exercise": {"calf_or_foot", "during_exercise"},
            "Night cramps while taking a statin": {"calf_or_foot", "night_or_rest", "statin"},
            "Tingling lips and fingers": {"tingling_lips_fingers"},
            "Muscle wasting and twitching": {"muscle_wasting", "fasciculations"},
        }.items()
    }

    def page_spec(self) -> dict:
        """The finding groups, the current list and summary as HTML, the urgency colours and the
        notice: the page evaluates the same rules for any combination of findings."""
        return {
            "evaluator": self.EXPLORABLE_IN_PAGE,
            "groups": [[group, [fid for fid, _ in items]] for group, items in FINDINGS.items()],
            "html": self.list_html(self.result),
            "summary_html": self.summary_html(self.result),
            "colours": dict(URGENCY_COLOURS),
            "notice": EDUCATIONAL_NOTICE,
        }

    def build_controls(self):
        return {
            fid: checkbox(fid in DEFAULT_FINDINGS, label)
            for items in FINDINGS.values()
            for fid, label in items
        }

    # --- live view: grouped check boxes beside an HTML list --------------------------------------
    def controls_box(self) -> ipw.Widget:
        groups = []
        for group, items in FINDINGS.items():
            groups.append(ipw.HTML(f"<strong>{html.escape(group)}</strong>"))
            groups.extend(self.controls[fid] for fid, _ in items)
        return ipw.VBox(groups, layout=ipw.Layout(min_width="320px", max_width="460px"))

    def header_html(self) -> str:
        return super().header_html() + f"<p><em>{html.escape(EDUCATIONAL_NOTICE)}</em></p>"

    def output_widget(self) -> ipw.HTML:
        """Live, the recommendations are an HTML list (the figure's PNG is made for the book only)."""
        return ipw.HTML(layout=ipw.Layout(max_width="620px"))

    def output_value(self) -> str:
        return self.to_html(self.result)

    # --- model ----------------------------------------------------------------------------------
    def compute(self, **ticked):
        findings = tuple(sorted(fid for fid, on in ticked.items() if on))
        return FinderResult(findings, tuple(recommend(set(findings))))

    @staticmethod
    def summary_html(r: FinderResult) -> str:
        """The one line a reader needs first: the most urgent result and how long the list is
        (announced alone when the findings change; the page's script writes the same)."""
        recs = r.recommendations
        n, same = len(recs), sum(rec.urgency == recs[0].urgency for rec in recs)
        more = (
            "the only recommendation"
            if n == 1
            else f"first of {n} recommendations" + (f", {same} at this level" if same > 1 else "")
        )
        return f"<strong>Most urgent: {html.escape(recs[0].urgency_label)}</strong> ({more})"

    @staticmethod
    def list_html(r: FinderResult) -> str:
        """Every recommendation, most urgent first: urgency, who, why, guideline and findings."""
        items = []
        for rec in r.recommendations:
            colour = URGENCY_COLOURS[rec.urgency]
            flag = " (red flag)" if rec.red_flag else ""
            because = (
                f"<br><small>because: {html.escape(', '.join(FINDING_LABELS[f] for f in rec.triggered_by))}"
                "</small>"
                if rec.triggered_by
                else ""
            )
            items.append(
                f'<li style="border-left: 6px solid {colour}; padding-left: 8px; margin-bottom: 8px">'
                f"<strong>{html.escape(rec.urgency_label)}{flag}</strong><br>"
                f"{html.escape(rec.specialist)}<br>{html.escape(rec.reason)} "
                f"<small>(guideline: {html.escape(GUIDELINES[rec.source])})</small>{because}</li>"
            )
        return f'<ol style="padding-left: 1.2em">{"".join(items)}</ol>'

    def to_html(self, r: FinderResult) -> str:
        """Live: the summary line (the only part announced) above the list."""
        return (
            f'<p class="cx-summary" role="status" aria-live="polite" aria-atomic="true">'
            f"{SpecialistFinder.summary_html(r)}</p>{SpecialistFinder.list_html(r)}"
        )

    # --- static picture --------------------------------------------------------------------------
    def build_figure(self):
        with course_style():
            fig = Figure(figsize=(WIDTH_IN, 6.4))
            self.fig_title = fig.text(
                0.02,
                1,
                "Who to see, and how soon (red flags first)",
                fontsize=14,
                fontweight="bold",
                va="top",
            )
            self.fig_findings = fig.text(0.02, 1, "", fontsize=10.5, va="top", color="#333333")
            self.rows = []
            for _ in range(MAX_ROWS):
                badge = fig.text(
                    0.02,
                    1,
                    "",
                    fontsize=10,
                    fontweight="bold",
                    va="top",
                    bbox={"boxstyle": "square,pad=0.3", "facecolor": "white", "edgecolor": "none"},
                )
                head = fig.text(
                    0.17, 1, "", fontsize=11, fontweight="bold", va="top", linespacing=1.15
                )
                body = fig.text(0.17, 1, "", fontsize=10, va="top", linespacing=1.25)
                self.rows.append((badge, head, body))
            self.fig_more = fig.text(0.17, 0, "", fontsize=10, va="top")
            self.fig_notice = fig.text(
                0.02,
                0,
                "\n".join(textwrap.wrap(EDUCATIONAL_NOTICE, 115)),
                fontsize=10,
                style="italic",
                va="top",
                color="#333333",
            )
        return fig

    def redraw(self, r: FinderResult) -> None:
        """Lay the list out from the top (in inches), then make the picture just tall enough."""
        ticked = "; ".join(FINDING_LABELS[f] for f in r.findings) or "nothing"
        findings = textwrap.wrap(f"Ticked: {ticked}", 104)
        if len(findings) > 2:  # two lines at most; the alt text lists every finding
            findings = [findings[0], textwrap.shorten(findings[1], 96, placeholder="") + " …"]
        self.fig_findings.set_text("\n".join(findings))
        placed = [(self.fig_title, MARGIN_IN), (self.fig_findings, 0.5)]
        y = 0.5 + LINE_IN * len(findings) + 0.16
        recs = r.recommendations
        for i, (badge, head, body) in enumerate(self.rows):
            rec = recs[i] if i < len(recs) else None
            for artist in (badge, head, body):
                artist.set_visible(rec is not None)
            if rec is None:
                continue
            lines = textwrap.wrap(f"{rec.reason} (guideline: {GUIDELINES[rec.source]})", WRAP)
            heads = textwrap.wrap(rec.specialist, 72)
            head_h = HEAD_IN + (len(heads) - 1) * LINE_IN
            badge.set_text(URGENCY_SHORT[rec.urgency].upper())
            badge.get_bbox_patch().set_facecolor(URGENCY_COLOURS[rec.urgency])
            head.set_text("\n".join(heads))
            body.set_text("\n".join(lines))
            placed += [(badge, y), (head, y), (body, y + head_h)]
            y += head_h + LINE_IN * len(lines) + GAP_IN
        hidden = max(0, len(recs) - len(self.rows))
        self.fig_more.set_text(f"… and {hidden} more (see the live list)" if hidden else "")
        if hidden:
            placed.append((self.fig_more, y))
            y += LINE_IN + GAP_IN
        notice_lines = self.fig_notice.get_text().count("\n") + 1
        placed.append((self.fig_notice, y + 0.1))
        height = y + 0.1 + NOTE_LINE_IN * notice_lines + MARGIN_IN
        self.figure.set_size_inches(WIDTH_IN, height)
        for artist, top_in in placed:
            artist.set_y(1 - top_in / height)

    def describe(self, r: FinderResult) -> str:
        ticked = "; ".join(FINDING_LABELS[f] for f in r.findings) or "no findings"
        items = []
        for i, rec in enumerate(r.recommendations, 1):
            flag = ", red flag" if rec.red_flag else ""
            items.append(
                f"{i}. {rec.urgency_label}{flag}: {rec.specialist}. {rec.reason} "
                f"(guideline: {GUIDELINES[rec.source]})"
            )
        return (
            f"Recommendations for the ticked findings ({ticked}), most urgent first. "
            + " ".join(items)
            + f" {EDUCATIONAL_NOTICE}"
        )
