"""`make test`: every test suite, run side by side, then a table of what each took.

The suites are independent processes; :mod:`concurrent.futures` runs them at once. The book
suite (one build of the book, then the browser tests on pytest-xdist workers) is the longest, so
it starts first and at normal priority, as do the unit suite (one process, which would otherwise
end alone on one core) and the live suite (a server and a browser that must answer in time); the
editions and nbval suites run at a lower priority (``nice``). Each suite's output is printed whole when it ends,
so the log reads suite by suite. Every suite of the run shares one build of the book (the run's
name is passed to them all: ``tests/conftest.py``).

Usage: ``python tools/run_tests.py [SUITE ...]`` (default: all; ``--list`` names them).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTEST = [sys.executable, "-m", "pytest"]
WORKERS = str(max(1, min(4, os.cpu_count() or 1)))


@dataclass(frozen=True)
class Suite:
    name: str
    what: str
    argv: list[str]
    nice: int = 10  # lower priority than the book suite, which is the critical path


SUITES = [
    Suite(
        "book",
        "book build (-W -n), then browser tests at 390 and 1280 px",
        [*PYTEST, "tests/book", "-n", WORKERS],
        nice=0,
    ),
    # one process: beside the book suite the cores are busy anyway, and two xdist workers would
    # import and warm up everything twice (about 100 processor-seconds more for the same tests)
    # (at normal priority: run last under `nice`, one process would end alone on one core)
    Suite("unit", "models, views, clinical rules, text", [*PYTEST, "tests/unit"], nice=0),
    Suite(
        "editions", "student/instructor editions, LMS export, Binder", [*PYTEST, "tests/editions"]
    ),
    Suite(
        "nbval",
        "chapters re-run and compared (strict)",
        [*PYTEST, "--nbval", "chapters", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"],
    ),
    # a server and a browser that must answer in time: at the book suite's priority
    Suite("live", "widgets live in JupyterLab", [*PYTEST, "tests/live"], nice=0),
]


@dataclass
class Outcome:
    suite: Suite
    returncode: int
    seconds: float
    summary: str
    cpu_seconds: float


def run(suite: Suite, env: dict) -> Outcome:
    start = time.perf_counter()
    # GNU time reports the suite's own processor time (its processes and their children)
    timer = ["/usr/bin/time", "-f", "processor time %U s user, %S s system"]
    argv = ["nice", "-n", str(suite.nice), *suite.argv] if suite.nice else suite.argv
    proc = subprocess.run(
        (timer if os.access(timer[0], os.X_OK) else []) + argv,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    cpu = re.search(r"processor time ([\d.]+) s user, ([\d.]+) s system", proc.stdout)
    print(f"\n===== {suite.name}: {' '.join(suite.argv[2:])} =====\n{proc.stdout}", flush=True)
    summary = next((line.strip("= ") for line in reversed(lines) if " in " in line), "")
    return Outcome(
        suite,
        proc.returncode,
        seconds,
        summary,
        float(cpu.group(1)) + float(cpu.group(2)) if cpu else float("nan"),
    )


def table(outcomes: list[Outcome], wall: float) -> str:
    rows = ["| suite | what | result | seconds | processor s |", "|---|---|---|---:|---:|"]
    rows += [
        f"| {o.suite.name} | {o.suite.what} | {'ok' if o.returncode == 0 else 'FAILED'}: "
        f"{o.summary} | {o.seconds:.0f} | {o.cpu_seconds:.0f} |"
        for o in outcomes
    ]
    total = sum(o.cpu_seconds for o in outcomes)
    rows.append(f"| all, side by side | | | {wall:.0f} | {total:.0f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suites", nargs="*", help="suites to run (default: all)")
    parser.add_argument("--list", action="store_true", help="name the suites and stop")
    args = parser.parse_args(argv)
    known = {s.name: s for s in SUITES}
    if args.list:
        print("\n".join(f"{s.name:9} {s.what}" for s in SUITES))
        return 0
    unknown = sorted(set(args.suites) - set(known))
    if unknown:
        parser.error(f"unknown suites {unknown}; known: {sorted(known)}")
    chosen = [known[n] for n in args.suites] if args.suites else SUITES
    env = dict(os.environ, CRAMP_TEST_RUN=uuid.uuid4().hex, MPLBACKEND="Agg")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
        futures = [pool.submit(run, suite, env) for suite in chosen]
        outcomes = [future.result() for future in futures]
    print("\n" + table(outcomes, time.perf_counter() - start))
    failed = [o.suite.name for o in outcomes if o.returncode != 0]
    if failed:
        print(f"\nFAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
