"""Reader text for the clinical chapters, written from the evidence data.

One job: turn ``widgets/data/evidence.json`` and ``widgets/data/myths.json`` into MyST Markdown
for the book, shown with ``IPython.display.Markdown(...)``. Every function is pure (it reads the
data and returns a string); every number comes from the data, negative numbers carry the Unicode
minus sign, and every source is cited as ``{cite:p}`key```, never printed as a raw key. The book
renders the Markdown (``nb_render_markdown_format: myst``), so citations become links and lists
and tables wrap to the width of the text column.

- :func:`trial_markdown`, :func:`trials_markdown`: key trials and cohorts (who, design, finding);
- :func:`results_markdown`: pooled review results as a table (estimate, interval, trials, certainty);
- :func:`number_needed_markdown`: number needed to treat or harm, from the risks and from the
  risk difference;
- :func:`medicine_associations_markdown`: medicines followed by new quinine prescriptions, a table;
- :func:`regulatory_markdown`: the regulators' actions on quinine, in a warning box;
- :func:`causes_markdown`: the evidence map of chapter 6, causes grouped by strength of evidence;
- :func:`claims_summary_markdown`, :func:`claims_markdown`: the claims of the source articles,
  grouped by verdict, with their corrections.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from widgets.clinical.evidence import (
    Result,
    load_claims,
    load_evidence,
    medicine_associations,
    number_needed,
    number_needed_from_rd,
    percent_change,
    regulatory,
    result,
    trial,
)
from widgets.physiology.numbers import number_text

# Who made a claim (``article`` in myths.json), as the chapters name them.
ARTICLES = {
    "000": "the orthopaedic article",
    "002": "the second article",
    "both": "both articles",
    "context": "not in the articles",
}
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")


# --- small pieces -------------------------------------------------------------------------------


def number(x: float, places: int | None = None) -> str:
    """``x`` as printed in the sources (``:g``, or ``places`` decimals), with a true minus sign."""
    if not math.isfinite(x):
        raise ValueError(f"cannot print a non-finite number ({x})")
    return number_text(x, "g" if places is None else f".{places}f")


def cite(keys: str | Iterable[str]) -> str:
    """A parenthetical MyST citation of one key or several: ``{cite:p}`a,b```."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    if not keys:
        raise ValueError("cite needs at least one references.bib key")
    for key in keys:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValueError(f"not a references.bib key: {key!r}")
    return "{cite:p}`" + ",".join(keys) + "`"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _cell(text: str) -> str:
    """Text safe inside a pipe-table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
    ]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"table row has {len(row)} cells, header {len(header)}")
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


# --- trials ---------------------------------------------------------------------------------------


def trial_markdown(trial_id: str) -> str:
    """One key trial or cohort: who took part, its design, comparison and finding, each labelled.

    For an observational cohort (``intervention`` starting with "observational") the design is
    that field and the comparison is between groups, not treatments.
    """
    t = trial(trial_id)
    observational = t["intervention"].startswith("observational")
    design = t["intervention"] if observational else t.get("design", "randomised trial")
    compared = (
        t["comparison"] if observational else f"{t['intervention']} versus {t['comparison']}"
    )
    return "\n".join(
        [
            f"- **Who:** {t['participants']} {t['population']} {cite(t['source'])}",
            f"- **Design:** {design}",
            f"- **Compared:** {compared}",
            f"- **Finding:** {_full_stop(t['finding'])}",
        ]
    )


def trials_markdown(trial_ids: Sequence[str]) -> str:
    """Several trials, one block each, in the order given."""
    if isinstance(trial_ids, str) or not trial_ids:
        raise ValueError("trial_ids must be a non-empty list of trial ids of evidence.json")
    return "\n\n".join(trial_markdown(tid) for tid in trial_ids)


# --- pooled results -------------------------------------------------------------------------------


def _percent_points(proportion: float) -> str:
    return number(round(100 * proportion, 1))


def estimate_text(r: Result) -> str:
    """The pooled estimate with its 95 % CI in words, and the comparison group's value if known."""
    if r.measure == "MD":
        text = (
            f"mean difference {number(r.estimate)} {r.unit} "
            f"(95 % CI {number(r.ci_low)} to {number(r.ci_high)})"
        )
        if r.control_value is not None:
            change = percent_change(r.estimate, r.control_value)
            text += (
                f"; {r.comparison} mean {number(r.control_value)}, a relative change of "
                f"{number(round(change))} %"
            )
        return text
    if r.measure == "RR":
        return (
            f"risk ratio {number(r.estimate)} (95 % CI {number(r.ci_low)} to {number(r.ci_high)})"
        )
    if r.measure == "RD":
        text = (
            f"risk difference {_percent_points(r.estimate)} percentage points "
            f"(95 % CI {_percent_points(r.ci_low)} to {_percent_points(r.ci_high)})"
        )
        if r.control_risk is not None and r.intervention_risk is not None:
            text += (
                f"; {number(1000 * r.control_risk, 0)} per 1000 on {r.comparison}, "
                f"{number(1000 * r.intervention_risk, 0)} per 1000 on {r.treatment.lower()}"
            )
        return text
    raise ValueError(f"unknown measure {r.measure!r}")


def results_markdown(result_ids: Sequence[str]) -> str:
    """Pooled results as a table: comparison and outcome, result with 95 % CI, evidence and source."""
    if isinstance(result_ids, str) or not result_ids:
        raise ValueError("result_ids must be a non-empty list of result ids of evidence.json")
    rows = []
    for rid in result_ids:
        r = result(rid)
        rows.append(
            [
                f"{r.treatment} versus {r.comparison}: {r.outcome}",
                estimate_text(r),
                f"{r.studies} trials, {r.participants} people; {r.certainty} certainty "
                f"({r.certainty_system}) {cite(r.source)}",
            ]
        )
    return _table(["Comparison and outcome", "Pooled result", "Evidence"], rows)


def number_needed_markdown(result_id: str) -> str:
    """Number needed to treat or to harm for a risk-difference result, computed two ways.

    From the risks per 1000 in each group (if the data give them) and from the pooled risk
    difference with its 95 % CI; an interval that reaches a risk difference of zero runs to
    infinity. Whether it is a benefit or a harm follows from ``favours`` and the sign.
    """
    r = result(result_id)
    if r.measure != "RD":
        raise ValueError(
            f"{result_id!r} is a {r.measure_name}; a number needed needs a risk difference"
        )
    if r.estimate == 0:
        raise ValueError(
            f"{result_id!r} shows no difference in risk; no number needed to treat or harm"
        )
    harm = (r.estimate > 0) == (r.favours == "lower")
    name = "number needed to harm (NNH)" if harm else "number needed to treat (NNT)"
    short = "NNH" if harm else "NNT"
    lines = [f"{_capital(name)} for {r.outcome}, {r.treatment.lower()} versus {r.comparison}:", ""]
    if r.control_risk is not None and r.intervention_risk is not None:
        nn = number_needed(r.intervention_risk, r.control_risk)
        lines.append(
            f"- From the risks per 1000 ({number(1000 * r.control_risk, 0)} on {r.comparison}, "
            f"{number(1000 * r.intervention_risk, 0)} on {r.treatment.lower()}): "
            f"{short} = {number(nn, 0)}"
        )
    point, low, high = number_needed_from_rd(r.estimate, r.ci_low, r.ci_high)
    upper = "infinity" if math.isinf(high) else number(high, 0)
    lines.append(
        f"- From the risk difference of {_percent_points(r.estimate)} % (95 % CI "
        f"{_percent_points(r.ci_low)} to {_percent_points(r.ci_high)} %): {short} = "
        f"{number(point, 0)}, 95 % CI {number(low, 0)} to {upper} {cite(r.source)}"
    )
    return "\n".join(lines)


# --- medicines, regulators ------------------------------------------------------------------------


def medicine_associations_markdown() -> str:
    """Garrison et al. 2012: each medicine's adjusted sequence ratio and 95 % CI, strongest first."""
    study = load_evidence()["medicine_associations"]
    rows = [
        [m["medicine"], f"{m['estimate']:.2f} (95 % CI {m['ci_low']:.2f} to {m['ci_high']:.2f})"]
        for m in medicine_associations()
    ]
    lead = (
        f"{_capital(study['measure'])}s of new quinine prescriptions after starting each medicine, "
        f"in {study['population']}, strongest first {cite(study['source'])}."
    )
    return lead + "\n\n" + _table(["Medicine started", _capital(study["measure"])], rows)


def _regulator(key: str, entry: dict) -> str:
    """``fda_2006`` -> "FDA, 2006" (the year field wins over the key)."""
    agency, _, year = key.partition("_")
    year = str(entry.get("year", year))
    if not agency or not year.isdigit():
        raise ValueError(f"regulatory entry {key!r} needs a key like 'fda_2006' or a year")
    return f"{agency.upper()}, {year}"


def regulatory_markdown() -> str:
    """The regulators' actions on quinine, oldest first, in a warning box, each cited."""
    items = []
    for key, entry in regulatory().items():
        action = entry["action"]
        if "serious_adverse_events" in entry:
            action = (
                f"{entry['serious_adverse_events']} reports of serious adverse events, including "
                f"{entry['deaths']} deaths, since {entry['since_year']}; {action}"
            )
        if "trial_weeks_without_benefit" in entry:
            action += f" after {entry['trial_weeks_without_benefit']} weeks"
        items.append(
            f"- **{_regulator(key, entry)}:** {_capital(action.rstrip('.'))} "
            f"{cite(entry['source'])}."
        )
    return "\n".join(
        [
            ":::{admonition} What the regulators decided about quinine",
            ":class: warning",
            *items,
            ":::",
        ]
    )


# --- evidence map (chapter 6) ---------------------------------------------------------------------

NO_STUDY = "no controlled study found"


def causes_markdown() -> str:
    """The causes and risk factors of leg cramps, grouped by strength of evidence (evidence.json).

    One bold line per group (name, number of causes, what the group means), then the causes, each
    with its source; a cause without a source says so.
    """
    data = load_evidence()
    categories = data["cause_categories"]
    unknown = {c["category"] for c in data["causes"]} - set(categories)
    if unknown:
        raise ValueError(
            f"causes with unknown categories {sorted(unknown)}; known: {list(categories)}"
        )
    blocks = ["**Evidence map: causes and risk factors of leg cramps, by strength of evidence**"]
    for category, meaning in categories.items():
        causes = [c for c in data["causes"] if c["category"] == category]
        blocks.append(f"**{_capital(category)}** ({len(causes)}): {meaning}.")
        blocks.append(
            "\n".join(
                f"- {c['cause']} {cite(c['source'])}"
                if c["source"]
                else f"- {c['cause']} ({NO_STUDY})"
                for c in causes
            )
            if causes
            else "- none"
        )
    return "\n\n".join(blocks)


# --- claims of the source articles (chapter 8) ----------------------------------------------------


def _claims_by_verdict() -> list[tuple[str, list[tuple[int, dict]]]]:
    """Claims grouped by verdict in the data's verdict order, numbered 1..n through the groups."""
    data = load_claims()
    unknown = {c["verdict"] for c in data["claims"]} - set(data["verdicts"])
    if unknown:
        raise ValueError(
            f"claims with unknown verdicts {sorted(unknown)}; known: {data['verdicts']}"
        )
    groups, n = [], 0
    for verdict in data["verdicts"]:
        members = []
        for claim in data["claims"]:
            if claim["verdict"] == verdict:
                n += 1
                members.append((n, claim))
        groups.append((verdict, members))
    return groups


def claims_summary_markdown() -> str:
    """A table of the verdicts: how many claims each has, and their short labels with numbers."""
    rows = [
        [
            _capital(verdict),
            str(len(members)),
            "; ".join(f"{n}. {claim['label']}" for n, claim in members) or "none",
        ]
        for verdict, members in _claims_by_verdict()
    ]
    return _table(["Verdict", "Number", "Claims, numbered as in the list below"], rows)


def claim_markdown(n: int, claim: dict) -> str:
    """One numbered list item: the label, then the claim (who made it) and the correction with its
    sources as two sub-items."""
    article = claim["article"]
    if article not in ARTICLES:
        raise ValueError(
            f"claim {claim['id']!r}: unknown article {article!r}; known: {sorted(ARTICLES)}"
        )
    indent = " " * len(f"{n}. ")
    return "\n".join(
        [
            f"{n}. **{claim['label']}**",
            f"{indent}- *The claim ({ARTICLES[article]}):* {_full_stop(claim['claim'])}",
            f"{indent}- *The correction:* {_full_stop(claim['correction'])} {cite(claim['sources'])}",
        ]
    )


def claims_markdown() -> str:
    """Every claim with its correction and sources, grouped by verdict; harmful ones in a warning box."""
    blocks = []
    for verdict, members in _claims_by_verdict():
        if not members:
            continue
        title = f"{_capital(verdict)} ({len(members)} claim{'s' if len(members) > 1 else ''})"
        items = "\n".join(claim_markdown(n, claim) for n, claim in members)
        if verdict == "harmful":
            blocks.append(f":::{{admonition}} {title}\n:class: warning\n{items}\n:::")
        else:
            blocks.append(f"**{title}**\n\n{items}")
    return "\n\n".join(blocks)
