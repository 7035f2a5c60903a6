"""`make bench`: measure the course's build, test and model/widget speed and print markdown tables.

Sections:
- book and tests (issue 2): clean build with execution, no-change rebuild, nbval, browser tests;
- models (tools/bench_models.py), widgets in Python (tools/bench_widgets.py) and live in
  JupyterLab + Chromium (tools/bench_live.py), and the static book's explorable figures
  (tools/bench_explorable.py: build times, site size, first loads, key press to picture).

Build timings use a scratch copy of the repository so your own _build is left alone.
Medians of a few runs; this is a 2-core machine, so expect a few per cent of noise.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="Agg")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed


def scratch_copy() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="cramp-bench-"))
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        src = ROOT / name
        if src.is_file():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, tmp / name)
    # reuse the vendored npm tarballs so the timing measures the book, not the network
    vendor = ROOT / "_build" / ".vendor"
    if vendor.is_dir():
        shutil.copytree(vendor, tmp / "_build" / ".vendor")
    return tmp


def book_rows() -> list[tuple[str, str, str]]:
    jb = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    clean, rebuild, clone = [], [], []
    for _ in range(RUNS):
        tmp, other = scratch_copy(), scratch_copy()
        # caches of the copy's own, empty: the clean build executes every chapter and draws every
        # picture; a second copy (a fresh clone of the same code) then shares them, as the
        # checkouts on a machine do
        pictures = str(tmp / "_build" / "pictures")
        try:
            clean.append(
                timed(jb, tmp, dict(ENV, PYTHONPATH=str(tmp), CRAMP_PICTURE_CACHE=pictures))
            )
            rebuild.append(
                timed(jb, tmp, dict(ENV, PYTHONPATH=str(tmp), CRAMP_PICTURE_CACHE=pictures))
            )
            env = dict(ENV, PYTHONPATH=str(other), CRAMP_PICTURE_CACHE=pictures)
            clone.append(timed(jb, other, env))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(other, ignore_errors=True)
    nbval = [
        timed(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "--nbval",
                "chapters",
                "--nbval-sanitize-with",
                "tests/nbval_sanitize.cfg",
            ],
            ROOT,
        )
        for _ in range(RUNS)
    ]
    browser = [
        timed([sys.executable, "-m", "pytest", "-q", "tests/book", "-m", "browser"], ROOT)
        for _ in range(RUNS)
    ]
    med = statistics.median
    return [
        (
            "clean book build, with execution, every picture drawn",
            f"{med(clean):.1f} s",
            "< 180 s",
        ),
        ("rebuild, nothing changed", f"{med(rebuild):.1f} s", "< 10 s"),
        (
            "fresh clone of the same code (chapters and pictures from the shared caches)",
            f"{med(clone):.1f} s",
            "-",
        ),
        ("nbval (strict) over chapters/", f"{med(nbval):.1f} s", "-"),
        ("browser tests (incl. cached build)", f"{med(browser):.1f} s", "-"),
    ]


def table(title: str, rows: list[tuple[str, str, str]]) -> str:
    lines = [f"### {title}", "", "| measurement | median | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    print(f"Cramp Lab benchmarks ({RUNS} runs each, median; {os.cpu_count()} cores)\n")
    print(table("Book and tests", book_rows()))
    for script in ("bench_models.py", "bench_widgets.py", "bench_live.py", "bench_explorable.py"):
        path = ROOT / "tools" / script
        if path.is_file():
            sys.stdout.flush()
            subprocess.run([sys.executable, str(path)], cwd=ROOT, env=ENV, check=True)
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
