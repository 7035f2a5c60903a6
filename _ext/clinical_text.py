"""Sphinx directives that put clinical text generated from the triage data on a page.

- ``{red-flags}``: a danger box listing red flags by urgency (options ``:tiers:`` and
  ``:rules:``, space-separated; ``:title:``). Its content, if any, is added after the lists.
  Every list item carries the classes ``red-flag``, ``urgency-<tier>`` and ``rule-<id>``, so a
  test can check the built HTML against the data.
  With ``:anchors:`` (chapter 9's full list), each item is a link target ``red-flag-<rule id>``;
  ``:class: dropdown`` folds the box under its title (sphinx-togglebutton), as the landing page does.
- ``{triage-table}``: every rule of the specialist finder on one table (the clinical-review appendix);
  ``{triage-review}``: when the rules were reviewed and signed off; ``{guideline-table}``: every
  guideline behind a rule, with its year or version.
- Inline roles for a sentence that needs clinical words, each given a rule id:
  ``{urgency}`tetany_emergency``` ("an emergency"), ``{tier}`tetany``` ("same day"),
  ``{action}`seizure``` ("call an emergency number for an ambulance"),
  ``{flag}`seizure```, ``{first-aid}`seizure``` and ``{triage}`tetany``` ("flag: possible
  condition (same day)"). An urgency or a triage line links to its red flag in chapter 9, where
  the guideline is cited. A typed urgency next to a red flag fails the tests.

The text comes from :mod:`widgets.clinical.red_flags`; nothing is typed twice.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList
from sphinx import addnodes

from widgets.clinical.red_flags import (
    INLINE_ROLES,
    RED_FLAG_TIERS,
    guidelines_markdown,
    inline_text,
    red_flag_markdown,
    red_flags,
    review_markdown,
    triage_table_markdown,
)
from widgets.clinical.specialists import RULES_BY_ID

ANCHOR = "red-flag-{}"


def _parse(directive: Directive, markdown: str, container: nodes.Element) -> None:
    source = directive.state.document.current_source or "<generated>"
    directive.state.nested_parse(
        StringList(markdown.splitlines(), source=source), directive.content_offset, container
    )


class RedFlags(Directive):
    has_content = True
    option_spec = {
        "tiers": directives.unchanged,
        "rules": directives.unchanged,
        "title": directives.unchanged,
        "anchors": directives.flag,
        "class": directives.class_option,
    }

    def run(self):
        tiers = tuple(self.options.get("tiers", " ".join(RED_FLAG_TIERS)).split())
        rule_ids = self.options.get("rules", "").split() or None
        try:
            rules = red_flags(tiers, rule_ids)
        except ValueError as error:
            raise self.error(f"red-flags: {error}") from error
        box = nodes.admonition(classes=["danger", "red-flags", *self.options.get("class", [])])
        box += nodes.title(text=self.options.get("title", "Red flags: when to get help"))
        _parse(self, red_flag_markdown(tiers, rule_ids), box)
        for item, rule in zip(box.findall(nodes.list_item), rules, strict=True):
            item["classes"] += ["red-flag", f"urgency-{rule.urgency}", f"rule-{rule.id}"]
            if "anchors" in self.options:
                name = ANCHOR.format(rule.id)
                item["ids"].append(name)
                item["names"].append(name)
                self.state.document.note_explicit_target(item, item)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


class _Generated(Directive):
    """A container of Markdown generated from the rules."""

    has_content = False
    css_class = ""

    @staticmethod
    def markdown() -> str:
        raise NotImplementedError

    def run(self):
        container = nodes.container(classes=[self.css_class])
        _parse(self, self.markdown(), container)
        return [container]


class TriageTable(_Generated):
    css_class = "triage-table"
    markdown = staticmethod(triage_table_markdown)


class TriageReview(_Generated):
    css_class = "triage-review"
    markdown = staticmethod(review_markdown)


class GuidelineTable(_Generated):
    css_class = "guideline-table"
    markdown = staticmethod(guidelines_markdown)


def clinical_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{urgency}`rule_id``` and the other inline roles: the rule's words, an urgency linked to
    its red flag in chapter 9."""
    rule_id = text.strip()
    try:
        words = inline_text(name, rule_id)
    except ValueError as error:
        message = inliner.reporter.error(f"{name}: {error}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    span = nodes.inline(
        classes=[
            "clinical",
            f"clinical-{name}",
            f"rule-{rule_id}",
            f"urgency-{RULES_BY_ID[rule_id].urgency}",
        ]
    )
    if name not in ("urgency", "tier", "action", "triage") or not RULES_BY_ID[rule_id].red_flag:
        span += nodes.Text(words)
        return [span], []
    link = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget=ANCHOR.format(rule_id),
        refexplicit=True,
        refwarn=True,
    )
    link += nodes.inline(words, words)
    span += link
    return [span], []


def setup(app):
    app.add_directive("red-flags", RedFlags)
    app.add_directive("triage-table", TriageTable)
    app.add_directive("triage-review", TriageReview)
    app.add_directive("guideline-table", GuidelineTable)
    for role in INLINE_ROLES:
        app.add_role(role, clinical_role)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
