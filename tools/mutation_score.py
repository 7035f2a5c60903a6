"""Print the mutation score of the last ``mutmut run`` (``make mutate``), per module and in all.

A mutant is one small planted bug. "Killed" means a unit test failed (or timed out) on it;
"survived" means every covering test still passed; "no tests" means no unit test runs that
function at all (it counts as not killed). Exits non-zero when the views' score (every module of
``widgets/ui``) is below ``--min`` percent. Mutants not checked (``make mutate-sample`` checks a
tenth) are left out of every count.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parents[1]
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def statuses(mutants: Path = ROOT / "mutants") -> dict[str, Counter]:
    """Module path (``widgets/ui/force.py``) -> count of each mutant status."""
    out: dict[str, Counter] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        module = meta.relative_to(mutants).as_posix()[: -len(".meta")]
        out[module] = Counter(status_by_exit_code[code] for code in codes.values())
    return out


def score(counts: Counter) -> tuple[int, int]:
    """(killed, total) of the checked mutants (those not yet checked are left out)."""
    checked = {s: n for s, n in counts.items() if s != "not checked"}
    return sum(n for s, n in checked.items() if s in KILLED), sum(checked.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=80.0, help="views' score to pass (%%)")
    args = parser.parse_args(argv)
    table = statuses()
    if not table:
        print("no mutation results: run `make mutate` first")
        return 1
    print(f"{'module':42} {'killed':>7} {'total':>6} {'score':>6}  survived / no tests")
    views, models = Counter(), Counter()
    for module, counts in table.items():
        killed, total = score(counts)
        if module.startswith("widgets/ui/"):
            views += counts
        elif module.startswith("widgets/physiology/"):
            models += counts
        if not total:
            continue
        print(
            f"{module:42} {killed:7d} {total:6d} {percent(killed, total):5.1f}%  "
            f"{counts['survived']} / {counts['no tests']}"
        )
    for label, counts in (("models (widgets/physiology)", models), ("views (widgets/ui)", views)):
        killed, total = score(counts)
        print(f"{label + ' in all':42} {killed:7d} {total:6d} {percent(killed, total):5.1f}%")
    killed, total = score(views)
    return 0 if total and percent(killed, total) >= args.min else 1


def percent(killed: int, total: int) -> float:
    return 100.0 * killed / total if total else 0.0


if __name__ == "__main__":
    sys.exit(main())
