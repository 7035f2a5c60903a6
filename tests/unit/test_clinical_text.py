"""Reader text of the clinical chapters (``widgets/clinical/text.py``) against the data it is written
from: every number formatted from evidence.json / myths.json (true minus signs), every source cited
with ``{cite:p}`` and never printed as a raw key, every key in references.bib, the urgency words in
line with the triage rules, and clear errors for bad input."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from red_flag_mentions import problems

from widgets.clinical import text
from widgets.clinical.evidence import (
    load_claims,
    load_evidence,
    medicine_associations,
    percent_change,
    regulatory,
    result,
    trial,
)

ROOT = Path(__file__).resolve().parents[2]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)
)
CITE = re.compile(r"\{cite:p\}`([^`]+)`")
TRIALS = [t["id"] for t in load_evidence()["trials"]]
RESULTS = [r["id"] for r in load_evidence()["results"]]

# Every public writer, called as the chapters call it.
OUTPUTS = {
    "trial_markdown": lambda: text.trials_markdown(TRIALS),
    "results_markdown": lambda: text.results_markdown(RESULTS),
    "number_needed_markdown": lambda: text.number_needed_markdown("quinine_minor_adverse_events"),
    "medicine_associations_markdown": text.medicine_associations_markdown,
    "regulatory_markdown": text.regulatory_markdown,
    "causes_markdown": text.causes_markdown,
    "claims_summary_markdown": text.claims_summary_markdown,
    "claims_markdown": text.claims_markdown,
}


def cited(markdown: str) -> list[str]:
    return [key for keys in CITE.findall(markdown) for key in keys.split(",")]


def _blocks(markdown: str) -> list[str]:
    """Paragraphs, list items and table rows: the units a reader sees."""
    return [b for b in re.split(r"\n\s*\n|\n\s*(?=[-|] |\d+\. )", markdown) if b.strip()]


# --- rules that hold for every output ------------------------------------------------------------


@pytest.mark.parametrize("name", OUTPUTS)
def test_sources_are_cited_never_printed_as_raw_keys(name):
    markdown = OUTPUTS[name]()
    keys = cited(markdown)
    assert keys or name == "claims_summary_markdown"  # the summary only counts; its list cites
    assert set(keys) <= BIB_KEYS, set(keys) - BIB_KEYS
    bare = CITE.sub("", markdown)
    raw = [key for key in BIB_KEYS if re.search(rf"(?<![\w`]){re.escape(key)}(?![\w`])", bare)]
    assert not raw, raw
    assert "source " not in bare.lower() and "sources:" not in bare.lower()


@pytest.mark.parametrize("name", OUTPUTS)
def test_text_not_code(name):
    """No hyphen-minus for a negative number, no code fences or preformatted lines."""
    markdown = OUTPUTS[name]()
    assert not re.search(r"(?:^|[\s(])-\d", markdown)
    assert "```" not in markdown and not re.search(r"^ {4,}(?!- )", markdown, re.M)


@pytest.mark.parametrize("name", OUTPUTS)
def test_urgency_words_agree_with_the_triage_rules(name):
    found = [p for block in _blocks(OUTPUTS[name]()) for p in problems(CITE.sub("", block), name)]
    assert not found, "\n".join(found)


def test_the_urgency_check_can_fail():
    assert problems("A swollen calf needs an urgent appointment within days.", "x")


# --- small pieces ------------------------------------------------------------------------------------


def test_number_uses_a_true_minus_sign():
    assert text.number(-2.45) == "\u22122.45" and text.number(0.49) == "0.49"
    assert text.number(-0.0) == "0" and text.number(-0.001, 1) == "0.0"
    assert text.number(94.0, 0) == "94"
    with pytest.raises(ValueError, match="non-finite"):
        text.number(float("inf"))


def test_cite_checks_its_keys():
    assert text.cite("eltawil2015") == "{cite:p}`eltawil2015`"
    assert text.cite(["a2000", "b_c"]) == "{cite:p}`a2000,b_c`"
    for bad in ([], "two keys", ["x`y"]):
        with pytest.raises(ValueError):
            text.cite(bad)


# --- trials ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("trial_id", TRIALS)
def test_trial_markdown_from_the_data(trial_id):
    t = trial(trial_id)
    markdown = text.trial_markdown(trial_id)
    assert markdown.startswith(f"- **Who:** {t['participants']} {t['population']} ")
    assert cited(markdown) == [t["source"]]
    assert f"**Finding:** {t['finding']}" in markdown
    assert t["comparison"] in markdown


def test_schwellnus_is_shown_as_a_cohort_and_stretching_trials_as_trials():
    cohort = text.trial_markdown("schwellnus2011")
    assert "**Design:** observational cohort" in cohort and "versus" not in cohort
    stretch = text.trial_markdown("hallegraeff2012")
    assert "**Design:** randomised controlled trial" in stretch
    assert (
        "**Compared:** stretching the calf muscles every night before sleep versus no stretching"
        in stretch
    )
    assert "factorial" in text.trial_markdown("coppin2005")


def test_trials_markdown_keeps_order_and_checks_input():
    both = text.trials_markdown(["hallegraeff2012", "coppin2005"])
    assert both.index("hallegraeff2012") < both.index("coppin2005")
    for bad in ([], "coppin2005"):
        with pytest.raises(ValueError, match="non-empty list"):
            text.trials_markdown(bad)
    with pytest.raises(ValueError, match="known ids"):
        text.trial_markdown("nope2020")


# --- pooled results ------------------------------------------------------------------------------------


@pytest.mark.parametrize("result_id", RESULTS)
def test_results_markdown_formats_every_number_from_the_data(result_id):
    r = result(result_id)
    table = text.results_markdown([result_id])
    rows = table.splitlines()
    assert len(rows) == 3 and all(row.startswith("| ") and row.endswith(" |") for row in rows)
    if r.measure == "RD":
        numbers = [round(100 * v, 1) for v in (r.estimate, r.ci_low, r.ci_high)]
        assert f"risk difference {text.number(numbers[0])} percentage points" in table
    else:
        numbers = [r.estimate, r.ci_low, r.ci_high]
        assert f"{r.measure_name} {text.number(r.estimate)}" in table
    assert f"(95 % CI {text.number(numbers[1])} to {text.number(numbers[2])})" in table
    assert f"{r.studies} trials, {r.participants} people; {r.certainty} certainty" in table
    assert cited(table) == [r.source]


def test_quinine_result_reads_as_published():
    """El-Tawil 2015: 2.45 fewer cramps over 2 weeks (1.36 to 3.54) from 8.8 on placebo, about 28 %."""
    table = text.results_markdown(["quinine_cramp_number"])
    q = result("quinine_cramp_number")
    assert (
        "mean difference \u22122.45 cramps per 2 weeks (95 % CI \u22123.54 to \u22121.36)" in table
    )
    assert round(percent_change(q.estimate, q.control_value)) == -28
    assert "placebo mean 8.8, a relative change of \u221228 %" in table
    harms = text.results_markdown(["quinine_minor_adverse_events"])
    assert "94 per 1000 on placebo, 127 per 1000 on quinine" in harms


def test_results_markdown_checks_input():
    for bad in ([], "quinine_cramp_number"):
        with pytest.raises(ValueError, match="non-empty list"):
            text.results_markdown(bad)
    with pytest.raises(ValueError, match="known ids"):
        text.results_markdown(["vitamin_x"])


def test_number_needed_to_harm_both_ways():
    markdown = text.number_needed_markdown("quinine_minor_adverse_events")
    assert markdown.startswith("Number needed to harm (NNH)")
    assert "(94 on placebo, 127 on quinine): NNH = 30" in markdown
    assert (
        "risk difference of 3 % (95 % CI 0 to 6 %): NNH = 33, 95 % CI 17 to infinity" in markdown
    )
    assert cited(markdown) == ["eltawil2015"]
    with pytest.raises(ValueError, match="risk difference"):
        text.number_needed_markdown("quinine_cramp_number")


# --- medicines and regulators -----------------------------------------------------------------------


def test_medicine_associations_table_strongest_first():
    markdown = text.medicine_associations_markdown()
    rows = markdown.splitlines()[4:]
    ratios = medicine_associations()
    assert len(rows) == len(ratios)
    for row, m in zip(rows, ratios):
        assert row == (
            f"| {m['medicine']} | {m['estimate']:.2f} (95 % CI {m['ci_low']:.2f} to "
            f"{m['ci_high']:.2f}) |"
        )
    assert cited(markdown) == ["garrison2012"]
    assert "adults aged 50 years or older" in markdown


def test_regulatory_markdown_from_the_data():
    markdown = text.regulatory_markdown()
    reg = regulatory()
    assert markdown.startswith(":::{admonition}") and markdown.endswith("\n:::")
    assert ":class: warning" in markdown
    fda = reg["fda_2006"]
    assert (
        f"**FDA, 2006:** {fda['serious_adverse_events']} reports of serious adverse events, "
        f"including {fda['deaths']} deaths, since {fda['since_year']}"
    ) in markdown
    for label in ["FDA, 2009", "FDA, 2010", "MHRA, 2010"]:
        assert f"**{label}:**" in markdown
    assert "Boxed warning" in markdown.split("**FDA, 2009:**")[1].split("\n")[0]
    assert f"after {reg['mhra_2010']['trial_weeks_without_benefit']} weeks" in markdown
    assert sorted(cited(markdown)) == sorted(entry["source"] for entry in reg.values())


def test_regulatory_markdown_needs_a_year(monkeypatch):
    monkeypatch.setattr(text, "regulatory", lambda: {"who": {"source": "fda2006", "action": "x"}})
    with pytest.raises(ValueError, match="year"):
        text.regulatory_markdown()


# --- evidence map (chapter 6) ---------------------------------------------------------------------


def test_causes_grouped_by_category_in_order():
    data = load_evidence()
    markdown = text.causes_markdown()
    sections = re.split(r"^\*\*(?=[A-Z][^*]*\*\* \(\d+\):)", markdown, flags=re.M)[1:]
    assert len(sections) == len(data["cause_categories"])
    for section, (category, meaning) in zip(sections, data["cause_categories"].items()):
        members = [c for c in data["causes"] if c["category"] == category]
        assert section.startswith(
            f"{category[0].upper()}{category[1:]}** ({len(members)}): {meaning}."
        )
        items = [line[2:] for line in section.splitlines() if line.startswith("- ")]
        assert len(items) == len(members)
        for item, cause in zip(items, members):
            expected = text.cite(cause["source"]) if cause["source"] else f"({text.NO_STUDY})"
            assert item == f"{cause['cause']} {expected}"
    assert "**Contested** (1)" in markdown and "- Dehydration or salt loss in exercise" in markdown


# --- claims (chapter 8) ----------------------------------------------------------------------------


def _numbered_items(markdown: str) -> dict[int, str]:
    """Numbered list items with their indented sub-items."""
    return {
        int(m.group(1)): m.group(2)
        for m in re.finditer(r"^(\d+)\. (.*(?:\n {3,}.*)*)", markdown, re.M)
    }


def test_claims_summary_counts_every_verdict():
    data = load_claims()
    rows = text.claims_summary_markdown().splitlines()[2:]
    assert len(rows) == len(data["verdicts"])
    for row, verdict in zip(rows, data["verdicts"]):
        labels = [c["label"] for c in data["claims"] if c["verdict"] == verdict]
        assert row.startswith(f"| {verdict[0].upper()}{verdict[1:]} | {len(labels)} | ")
        assert all(label in row for label in labels)


def test_claims_markdown_gives_every_claim_correction_and_sources():
    data = load_claims()
    markdown = text.claims_markdown()
    items = _numbered_items(markdown)
    assert sorted(items) == list(
        range(1, len(data["claims"]) + 1)
    )  # numbered once, through the groups
    summary = text.claims_summary_markdown()
    for claim in data["claims"]:
        n, item = next((n, i) for n, i in items.items() if i.startswith(f"**{claim['label']}**\n"))
        assert f"{n}. {claim['label']}" in summary  # the table and the list agree
        assert f"- *The correction:* {claim['correction']}" in item and claim["claim"] in item
        assert cited(item) == claim["sources"]
    harmful = markdown.split(":::")[1]
    assert harmful.startswith("{admonition} Harmful (")
    for claim in data["claims"]:
        assert (claim["label"] in harmful) == (claim["verdict"] == "harmful")
    assert "*The claim (the orthopaedic article):* Orthopaedic surgeons" in markdown


# --- bad data is refused (chapters 6 and 8) --------------------------------------------------------

# (loader text reads, list in its data, field of the first item, a bad value, the writer, the error)
BAD_DATA = [
    (
        "load_evidence",
        "causes",
        "category",
        "proven beyond doubt",
        "causes_markdown",
        "unknown categories",
    ),
    ("load_claims", "claims", "verdict", "probably fine", "claims_markdown", "unknown verdicts"),
    ("load_claims", "claims", "article", "999", "claims_markdown", "unknown article"),
]


@pytest.mark.parametrize(
    "loader, items, field, value, writer, error",
    BAD_DATA,
    ids=[f"{row[4]}-{row[2]}" for row in BAD_DATA],
)
def test_markdown_rejects_bad_data(monkeypatch, loader, items, field, value, writer, error):
    bad = copy.deepcopy(getattr(text, loader)())
    bad[items][0][field] = value
    monkeypatch.setattr(text, loader, lambda: bad)
    with pytest.raises(ValueError, match=error):
        getattr(text, writer)()
