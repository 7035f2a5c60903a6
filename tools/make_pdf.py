"""Make the printable edition of Cramp Lab from the built HTML book (see :mod:`pdf`).

Usage:
    python tools/make_pdf.py [--html _build/html] [--out _build/pdf]     (= make pdf)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pdf import HTML, ROOT, make_pdf


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--html", type=Path, default=HTML, help="the built book (default _build/html)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf", help="output folder")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").exists():
        parser.exit(2, f"make_pdf: no built book in {args.html}; run make book first\n")
    start = time.perf_counter()
    pdf = make_pdf(args.out, args.html)
    size_mb = pdf.stat().st_size / 1e6
    print(f"PDF: {pdf} ({size_mb:.1f} MB, {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
