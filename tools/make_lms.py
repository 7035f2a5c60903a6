"""Export the self-check quiz bank for Moodle and Canvas (see :mod:`lms`).

Usage:
    python tools/make_lms.py [--out _build/lms]       (= make lms)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editions import ROOT
from lms import make_lms


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="output folder (default _build/lms)")
    args = parser.parse_args(argv)
    try:
        made = make_lms(args.out or ROOT / "_build" / "lms", ROOT)
    except ValueError as exc:
        parser.exit(2, f"make_lms: {exc}\n")
    print(f"Moodle XML: {made['moodle']}")
    print(f"QTI package (Canvas): {made['qti']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
