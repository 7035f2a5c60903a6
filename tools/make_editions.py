"""Make the student or the instructor edition of Cramp Lab (see :mod:`editions`).

Usage:
    python tools/make_editions.py student     [--out _build/student]       (= make student)
    python tools/make_editions.py instructor  [--out _build/instructor]    (= make instructor)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editions import ROOT, ZIP_NAME, make_instructor, make_student


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=["student", "instructor"])
    parser.add_argument("--out", type=Path, help="output folder (default _build/<edition>)")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "_build" / args.edition
    try:
        made = make_student(out) if args.edition == "student" else make_instructor(out)
    except ValueError as exc:
        parser.exit(2, f"make_editions: {exc}\n")
    print(f"{args.edition} edition: {made}")
    if args.edition == "student":
        print(f"  student zip: {made / ZIP_NAME}")
    else:
        print(f"  solutions handout: {made / 'solutions' / 'index.html'}")
        print(f"  clinical review: {made / 'clinical-review.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
