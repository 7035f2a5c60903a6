"""The explorable picture cache is keyed by the code each widget runs: a change to that code (or
to the data, or to the drawing libraries) draws its pictures again; a change anywhere else keeps
them."""

import shutil

import pytest

from widgets.book.digest import code_closure, package_dir, widget_code_digest

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


@pytest.mark.parametrize("changed", ["ui/specialists.py", "book/quiz_html.py", "ui/tour.py"])
def test_a_change_elsewhere_keeps_its_pictures(package, changed):
    before = widget_code_digest(FORCE, package)
    _append(package / changed)
    assert widget_code_digest(FORCE, package) == before


def test_a_new_import_joins_the_closure(package):
    before = widget_code_digest(FORCE, package)
    _append(package / "ui" / "specialists.py")
    _append(
        package / "ui" / "force.py", "\ndef _later():\n    from widgets.ui import specialists\n"
    )
    assert widget_code_digest(FORCE, package) != before
    closure = {p.name for p in code_closure("widgets.ui.force", package)}
    assert "specialists.py" in closure
