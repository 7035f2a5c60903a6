"""Sphinx directives that put clinical text generated from the triage data on a page.

- ``{red-flags}``: a danger box listing red flags by urgency (options ``:tiers:`` and
  ``:rules:``, space-separated; ``:title:``). Its content, if any, is added after the lists.
  Every list item carries the classes ``red-flag``, ``urgency-<tier>`` and ``rule-<id>``, so a
  test can check the built HTML against the data.
- ``{triage-table}``: every rule of the specialist finder on one table (the clinical-review appendix).

The text comes from :mod:`widgets.clinical.red_flags`; nothing is typed twice.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList

from widgets.clinical.red_flags import RED_FLAG_TIERS, red_flag_markdown, red_flags, triage_table_markdown


def _parse(directive: Directive, markdown: str, container: nodes.Element) -> None:
    source = directive.state.document.current_source or "<generated>"
    directive.state.nested_parse(StringList(markdown.splitlines(), source=source),
                                 directive.content_offset, container)


class RedFlags(Directive):
    has_content = True
    option_spec = {"tiers": directives.unchanged, "rules": directives.unchanged,
                   "title": directives.unchanged}

    def run(self):
        tiers = tuple(self.options.get("tiers", " ".join(RED_FLAG_TIERS)).split())
        rule_ids = self.options.get("rules", "").split() or None
        try:
            rules = red_flags(tiers, rule_ids)
        except ValueError as error:
            raise self.error(f"red-flags: {error}") from error
        box = nodes.admonition(classes=["danger", "red-flags"])
        box += nodes.title(text=self.options.get("title", "Red flags: when to get help"))
        _parse(self, red_flag_markdown(tiers, rule_ids), box)
        for item, rule in zip(box.findall(nodes.list_item), rules, strict=True):
            item["classes"] += ["red-flag", f"urgency-{rule.urgency}", f"rule-{rule.id}"]
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


class TriageTable(Directive):
    has_content = False

    def run(self):
        container = nodes.container(classes=["triage-table"])
        _parse(self, triage_table_markdown(), container)
        return [container]


def setup(app):
    app.add_directive("red-flags", RedFlags)
    app.add_directive("triage-table", TriageTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
