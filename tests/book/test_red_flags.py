"""Every red flag in the built book says the urgency the triage data gives it.

Generated red-flag lists carry ``red-flag urgency-<tier> rule-<id>`` classes and are checked
exactly; every other paragraph, list item and table cell is read clause by clause with the mention
checker shared with the unit tests (``tests/red_flag_mentions.py``).
"""

from __future__ import annotations

import pytest
from book_site import HTML, toc_docnames
from bs4 import BeautifulSoup
from red_flag_mentions import problems

from widgets.clinical.red_flags import INLINE_ROLES, inline_text, red_flags
from widgets.clinical.specialists import RULES, RULES_BY_ID

# Pages whose red-flag box is generated from the data, and the tiers each must show in full.
BOXES = {
    "chapters/02_electrolytes": (),
    "chapters/05_tonic_clonic": (),
    "chapters/06_causes": (),
    "chapters/07_treatment": (),
    "chapters/09_specialists": ("emergency", "same_day", "urgent"),
}
SKIP = ".red-flags, .triage-table, .cell_input, pre, .bibliography, .citation, nav, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header, footer"


def _soup(doc: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")


def _main(soup):
    return soup.select_one("main") or soup


@pytest.fixture(scope="module")
def pages(book_build):
    assert book_build.returncode == 0, book_build.output[-3000:]
    return {doc: _soup(doc) for doc in toc_docnames()}


def test_generated_red_flags_match_the_rules(pages):
    seen = 0
    for doc, soup in pages.items():
        for item in _main(soup).select("li.red-flag"):
            rule_id = next(c[5:] for c in item["class"] if c.startswith("rule-"))
            tier = next(c[8:] for c in item["class"] if c.startswith("urgency-"))
            rule = RULES_BY_ID[rule_id]
            assert tier == rule.urgency, (doc, rule_id)
            assert " ".join(rule.flag.split())[:40] in " ".join(item.get_text().split()), (
                doc,
                rule_id,
            )
            seen += 1
    assert seen >= len([r for r in RULES if r.red_flag])


@pytest.mark.parametrize("doc, tiers", BOXES.items())
def test_pages_carry_a_generated_red_flag_box(pages, doc, tiers):
    box = _main(pages[doc]).select(".red-flags")
    assert box, f"{doc} has no generated red-flag box"
    shown = {
        c[5:]
        for li in _main(pages[doc]).select("li.red-flag")
        for c in li["class"]
        if c.startswith("rule-")
    }
    expected = {r.id for r in red_flags(tiers)} if tiers else set()
    assert expected <= shown, sorted(expected - shown)


def test_prose_names_every_red_flag_with_its_urgency(pages):
    found = []
    for doc, soup in pages.items():
        main = BeautifulSoup(str(_main(soup)), "html.parser")
        for skipped in main.select(SKIP):
            skipped.decompose()
        for block in main.find_all(["p", "li", "dd", "td", "dt"]):
            if block.find(["p", "li", "dd", "td"]):
                continue  # read the innermost blocks only
            found += problems(block.get_text(" "), doc)
    assert not found, "\n".join(found)


def test_chapter_9_lists_every_red_flag_with_an_anchor_and_roles_link_to_it(pages):
    main = _main(pages["chapters/09_specialists"])
    anchored = {li["id"][len("red-flag-") :] for li in main.select("li.red-flag[id]")}
    assert anchored == {r.id for r in RULES if r.red_flag}
    links = 0
    for doc, soup in pages.items():
        for span in _main(soup).select("span.clinical"):
            rule_id = next(c[5:] for c in span["class"] if c.startswith("rule-"))
            assert span.get_text() in {
                inline_text(n, rule_id)
                for n in INLINE_ROLES
                if n in ("urgency", "tier", "action")
                or (
                    RULES_BY_ID[rule_id].red_flag
                    and (n != "first-aid" or RULES_BY_ID[rule_id].first_aid)
                )
            }, (doc, rule_id)
            link = span.find("a")
            if RULES_BY_ID[rule_id].red_flag and {"clinical-urgency", "clinical-tier"} & set(
                span["class"]
            ):
                page = "" if doc == "chapters/09_specialists" else "09_specialists.html"
                assert link and link["href"].endswith(f"{page}#red-flag-{rule_id}"), (doc, rule_id)
                links += 1
    assert links >= 60


def test_clinical_review_table_lists_every_rule(pages):
    table = _main(pages["clinical_review"]).select_one(".triage-table table")
    rows = table.select("tbody tr")
    assert len(rows) == len(RULES) + 1
    names = {row.select("td")[-1].get_text(strip=True) for row in rows}
    assert {r.id.replace("_", " ") for r in RULES} <= names
    review = _main(pages["clinical_review"]).select_one(".triage-review").get_text(" ")
    assert "Rules last reviewed" in review and "Clinical sign-off" in review
    guidelines = _main(pages["clinical_review"]).select(".guideline-table tbody tr")
    assert len(guidelines) == len({r.source for r in RULES} | {"nice_cks_leg_cramps"})
