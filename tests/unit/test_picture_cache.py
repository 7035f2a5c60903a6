"""The explorable picture cache is keyed by the code each widget runs: a change to that code (or
to the data, or to the drawing libraries) draws its pictures again; a change anywhere else keeps
them. The cache is shared by every checkout on the machine and kept to a size."""

import os
import shutil
import time

import pytest

from widgets.book import explorable as ex
from widgets.book.digest import code_closure, package_dir, widget_code_digest
from widgets.ui import MotorUnitRecruitment

FORCE = "widgets.ui.force.ForceSummation"


@pytest.fixture
def package(tmp_path):
    root = tmp_path / "widgets"
    shutil.copytree(package_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _append(path, text="\n# changed\n"):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_closure_holds_the_widget_its_framework_and_its_model_not_other_widgets():
    names = {p.relative_to(package_dir()).as_posix() for p in code_closure("widgets.ui.force")}
    assert {"ui/force.py", "ui/base.py", "physiology/force.py", "figures/style.py"} <= names
    assert not names & {"ui/specialists.py", "ui/electrolytes.py", "book/digest.py"}


@pytest.mark.parametrize(
    "changed",
    [
        "ui/force.py",
        "ui/base.py",
        "physiology/force.py",
        "figures/style.py",
        "data/reference_ranges.json",
    ],
)
def test_a_change_of_the_code_a_widget_runs_draws_its_pictures_again(package, changed):
    before = widget_code_digest(FORCE, package)
    target = package / changed
    if target.suffix == ".json":
        target.write_text(target.read_text(encoding="utf-8") + " ", encoding="utf-8")
    else:
        _append(target)
    assert widget_code_digest(FORCE, package) != before


@pytest.mark.parametrize(
    "changed",
    [
        "ui/specialists.py",
        "book/quiz_html.py",
        "ui/tour.py",
        "book/quizzes/04_force.json",
        "data/chapter_reviews.json",
    ],
)
def test_a_change_elsewhere_keeps_its_pictures(package, changed):
    before = widget_code_digest(FORCE, package)
    target = package / changed
    if target.suffix == ".json":
        target.write_text(target.read_text(encoding="utf-8") + " ", encoding="utf-8")
    else:
        _append(target)
    assert widget_code_digest(FORCE, package) == before


def test_the_rules_data_belongs_to_the_specialist_finder():
    """The data a widget's code names joins its digest; what no code of it names does not."""
    from widgets.book.digest import code_closure, named_data, package_dir

    root = package_dir()
    finder = [p.name for p in named_data(code_closure("widgets.ui.specialists", root), root)]
    assert "specialist_rules.json" in finder and "chapter_reviews.json" not in finder
    force = [p.name for p in named_data(code_closure("widgets.ui.force", root), root)]
    assert not any(name.startswith("0") for name in force)  # no quiz file


def test_a_new_import_joins_the_closure(package):
    before = widget_code_digest(FORCE, package)
    _append(package / "ui" / "specialists.py")
    _append(
        package / "ui" / "force.py", "\ndef _later():\n    from widgets.ui import specialists\n"
    )
    assert widget_code_digest(FORCE, package) != before
    closure = {p.name for p in code_closure("widgets.ui.force", package)}
    assert "specialists.py" in closure


# --- the cache every checkout on the machine shares -------------------------------------------


def test_a_fresh_checkout_of_the_same_code_draws_nothing(tmp_path):
    """A second site (a fresh clone's build) with the same cache reuses every picture."""
    spec = MotorUnitRecruitment().explorable_spec()
    cache = tmp_path / "cache"
    first = ex.generate([spec], tmp_path / "clone-1" / "site", cache, workers=1)
    second = ex.generate([spec], tmp_path / "clone-2" / "site", cache, workers=1)
    assert first.drawn == 2 * first.states and second.drawn == 0
    sid = ex.spec_id(spec)
    for name in ("initial.webp", "initial.phone.webp", "initial.txt"):
        a = (tmp_path / "clone-1" / "site" / sid / name).read_bytes()
        assert a == (tmp_path / "clone-2" / "site" / sid / name).read_bytes()


def _picture(cache, stem: str, size: int, age_s: float) -> None:
    path = cache / f"{stem}.webp"
    path.write_bytes(b"x" * size)
    then = time.time() - age_s
    os.utime(path, (then, then))


def test_pruning_keeps_what_the_book_uses_and_drops_the_least_recently_used(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    _picture(cache, "used", 400, age_s=9_000)
    _picture(cache, "old", 300, age_s=5_000)
    _picture(cache, "older", 300, age_s=8_000)
    _picture(cache, "recent", 300, age_s=10)
    (cache / "notes.md").write_text("not a picture")
    removed = ex.prune(cache, keep={"used"}, cap_bytes=1_000)  # 1,300 bytes: drop 300+
    assert removed == 1
    assert sorted(p.name for p in cache.iterdir()) == [
        "notes.md",
        "old.webp",
        "recent.webp",
        "used.webp",
    ]
    assert time.time() - (cache / "used.webp").stat().st_mtime < 60  # marked as used now
    assert ex.prune(cache, keep={"used"}, cap_bytes=0) == 2  # only what the book uses stays
    assert sorted(p.name for p in cache.iterdir()) == ["notes.md", "used.webp"]
