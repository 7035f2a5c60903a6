"""One source of truth: no number with a unit is typed into the text of a figure or a widget.

A number a reader sees in a figure's title, label, legend, alt text or caption, or in a widget's
scenario names, tooltips or description, is formatted from the constant or parameter the code
uses (``f"{FUSED_PCT:g} %"``), never typed a second time. The scan reads every string literal of
``widgets/figures/ch*.py`` and ``widgets/ui/*.py`` except docstrings, including the literal parts
of f-strings (``{...}`` replacement fields are code, not typed text), and reports each number
followed by a unit. The few typed numbers that are not model numbers are in :data:`ALLOWED`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("widgets/figures/ch*.py"), *ROOT.glob("widgets/ui/*.py")])

UNIT = re.compile(
    r"(?<![\w{.])(\d+(?:\.\d+)?)(?:\s*|-)(?:%|mV|Hz|ms|µA/cm²|mmol/L|mM|°C|s\b|µm|mS/cm²)"
)

#: (file relative to the repository, phrase that may hold a typed number, why it is not a model number)
ALLOWED = (
    (
        "widgets/figures/ch07_treatment.py",
        "95 % confidence interval",
        "the statistical convention the Cochrane review reports, not a model number",
    ),
    (
        "widgets/figures/ch04_force.py",
        "nearly 100 %",
        "the ceiling of the ripple by its definition, (max - min)/max <= 100 %",
    ),
    ("widgets/ui/base.py", "100%", "a CSS layout width of the figure image, not shown as text"),
)


def typed_numbers(source: str) -> list[tuple[int, str, str]]:
    """(line, number with unit, the literal) for each number with a unit in a non-docstring string."""
    tree = ast.parse(source)
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            found += [(node.lineno, m.group(0), node.value) for m in UNIT.finditer(node.value)]
    return sorted(found)


def _allowed(path: str, number: str, literal: str) -> bool:
    return any(path == p and phrase in literal and number in phrase for p, phrase, _ in ALLOWED)


def offenders() -> list[str]:
    out = []
    for f in FILES:
        rel = f.relative_to(ROOT).as_posix()
        out += [
            f"{rel}:{line}: {number!r} in {literal!r}"
            for line, number, literal in typed_numbers(f.read_text(encoding="utf-8"))
            if not _allowed(rel, number, literal)
        ]
    return out


def test_the_scan_reads_the_figure_and_widget_modules():
    rels = {f.relative_to(ROOT).as_posix() for f in FILES}
    assert {"widgets/ui/force.py", "widgets/figures/ch05_tonic_clonic.py"} <= rels


def test_no_number_with_a_unit_is_typed_into_figure_or_widget_text():
    bad = offenders()
    assert not bad, (
        "numbers typed into text; format them from the constant the code uses:\n" + "\n".join(bad)
    )


def test_every_allowance_is_still_needed_and_explained():
    used = set()
    for f in FILES:
        rel = f.relative_to(ROOT).as_posix()
        for _, number, literal in typed_numbers(f.read_text(encoding="utf-8")):
            used |= {
                (p, phrase)
                for p, phrase, _ in ALLOWED
                if p == rel and phrase in literal and number in phrase
            }
    assert used == {(p, phrase) for p, phrase, _ in ALLOWED}
    assert all(reason.strip() and "\n" not in reason for *_, reason in ALLOWED)


def test_the_scan_finds_a_typed_number():
    source = '''
"""Module docstring: 18 Hz is fine here."""
RATE_HZ = 18.0

def f(rate_hz=RATE_HZ):
    """Docstring: a 30 ms twitch is fine here."""
    title = "Slow unit at 18 Hz"
    label = f"fast unit at {rate_hz:g} Hz, ripple < 5 %"
    return title, label
'''
    found = [(line, number) for line, number, _ in typed_numbers(source)]
    assert found == [(7, "18 Hz"), (8, "5 %")]
    assert not _allowed("widgets/ui/force.py", "18 Hz", "Slow unit at 18 Hz")
    assert _allowed("widgets/figures/ch07_treatment.py", "95 %", "(95 % confidence interval")
