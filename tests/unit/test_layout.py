"""The package's layers (README "Layout"): each imports only the layers below it, no widget
imports another widget, and no source module (of the package, ``_ext/`` or ``tools/``) is longer
than 400 lines.

Layers, lowest first: ``physiology`` (models and protocols) < ``clinical`` (rules and evidence;
data in ``widgets/data``) < ``figures`` (the chapters' figures, drawing only) < ``ui`` (the view
framework and one module per widget) < ``book`` (plumbing that turns outputs into the book).
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from widgets.ui import FRAMEWORK, widget_modules

PACKAGE = Path(__file__).resolve().parents[2] / "widgets"
LAYERS = ("physiology", "clinical", "figures", "ui", "book")
UI_FRAMEWORK = {"__init__", *FRAMEWORK}
MAX_LINES = 400
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
#: every Python module of the course: the package, the Sphinx extensions and the tools
ALL_SOURCES = sorted(
    p
    for folder in (PACKAGE, PACKAGE.parent / "_ext", PACKAGE.parent / "tools")
    for p in folder.rglob("*.py")
    if "__pycache__" not in p.parts
)


def _layer(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).parts[0]


def _imported_modules(path: Path) -> set[str]:
    """Every ``widgets...`` module imported anywhere in the file (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "widgets"}


def test_every_module_is_in_a_layer():
    outside = [
        p.relative_to(PACKAGE).as_posix()
        for p in SOURCES
        if p.parent != PACKAGE and _layer(p) not in LAYERS
    ]
    assert outside == []
    assert {p.name for p in SOURCES if p.parent == PACKAGE} == {"__init__.py"}


def _upward(path: Path, package: Path = PACKAGE) -> list[str]:
    """The imports of ``path`` that reach a layer above its own."""
    own = LAYERS.index(_layer(path, package))
    return sorted(
        name
        for name in _imported_modules(path)
        if len(name.split(".")) > 1
        and name.split(".")[1] in LAYERS
        and LAYERS.index(name.split(".")[1]) > own
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_reach_only_downwards(path):
    if path.parent == PACKAGE:
        return
    assert _upward(path) == [], f"{path.relative_to(PACKAGE)} imports a layer above its own"


def test_no_widget_imports_another_widget():
    """The module of each registered widget, and the helper modules it alone uses, import no other
    widget's module."""
    from widgets.ui import WIDGETS

    widgets = {cls.__module__.split(".")[-1] for cls in WIDGETS.values()}
    assert len(widgets) == len(WIDGETS)
    for path in (PACKAGE / "ui").glob("*.py"):
        if path.stem in UI_FRAMEWORK:
            continue
        imported = {
            m.split(".")[2]
            for m in _imported_modules(path)
            if m.startswith("widgets.ui.") and len(m.split(".")) > 2
        }
        assert imported & widgets <= {path.stem}, (
            f"ui/{path.name} imports the widget {imported & widgets}"
        )


def test_models_import_no_drawing_or_widget_library():
    for path in (PACKAGE / "physiology").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        modules |= {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not {m.split(".")[0] for m in modules} & {"ipywidgets", "matplotlib", "IPython"}, (
            path.name
        )


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that ``path`` imports: ``from a import b`` imports ``a.b`` if that
    is a module, else (or also) ``a``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{alias.name}" for alias in node.names}
            found |= subs & modules
            if subs - modules:
                found.add(node.module)
    return found & modules


def import_graph() -> dict[str, set[str]]:
    """Module -> the ``widgets`` modules it imports (also inside functions; ``widgets.ui`` imports
    every widget module it finds). Importing ``a.b`` runs package ``a`` first, as Python does, but
    that is no edge: a package that imports its own modules is no circle."""
    modules = {_module(p): p for p in SOURCES}
    graph = {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}
    graph["widgets.ui"] |= set(widget_modules())
    return graph


def import_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports in ``graph`` (its modules in order), or [] if there is none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return error.args[1]
    return []


def test_no_import_circle_anywhere_in_the_package():
    graph = import_graph()
    assert "widgets.ui.specialists" in graph["widgets.ui"]  # the found widgets are edges too
    assert import_cycle(graph) == []


def test_the_circle_check_finds_a_planted_circle():
    graph = import_graph()
    graph["widgets.ui.explorable_spec"].add("widgets.ui.specialists")  # the old circle
    cycle = import_cycle(graph)
    assert {"widgets.ui.base", "widgets.ui.explorable_spec", "widgets.ui.specialists"} <= set(
        cycle
    )


@pytest.mark.parametrize(
    "path", ALL_SOURCES, ids=lambda p: p.relative_to(PACKAGE.parent).as_posix()
)
def test_no_source_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_layer_check_sees_an_upward_import(tmp_path):
    """The checker itself: a figure module importing a widget (inside a function) is found."""
    bad = tmp_path / "figures" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "def f():\n    from widgets.ui.excitability import ExcitabilityLab\n", encoding="utf-8"
    )
    assert _upward(bad, tmp_path) == [
        "widgets.ui.excitability",
        "widgets.ui.excitability.ExcitabilityLab",
    ]
