"""The registry of course widgets (:mod:`widgets.ui`): which modules hold widgets, which classes
are widgets, and their order.

``WIDGETS`` is found once, when the package is imported; the tests call the finders again, so
that a change to them fails here and not only at import time."""

from __future__ import annotations

import widgets.ui as ui
from widgets.ui import FRAMEWORK, WIDGETS, ModelView, widget_modules
from widgets.ui.base import Demo


def test_widget_modules_are_the_package_modules_outside_the_framework():
    modules = widget_modules()
    assert "widgets.ui.excitability" in modules and "widgets.ui.tonic_clonic" in modules
    assert not {f"widgets.ui.{name}" for name in FRAMEWORK} & set(modules)
    assert modules == sorted(modules)


def test_a_private_module_is_not_a_widget_module(tmp_path, monkeypatch):
    (tmp_path / "_helpers.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "extra_widget.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(ui, "__path__", [*ui.__path__, str(tmp_path)])
    modules = widget_modules()
    assert "widgets.ui.extra_widget" in modules
    assert "widgets.ui._helpers" not in modules


def test_discovery_finds_the_course_widgets_in_the_order_of_their_titles():
    found = ui._discover()
    assert {"ExcitabilityLab", "TonicClonicExplorer", "ElectrolyteExplorer"} <= set(found)
    assert all(issubclass(cls, ModelView) and hasattr(cls, "demo") for cls in found.values())
    titles = [cls.title for cls in found.values()]
    assert titles == sorted(titles)
    assert found == WIDGETS


def test_discovery_skips_the_framework_base_and_imported_or_demo_less_views(monkeypatch):
    """A widget module's helper view without a demo, and a view imported from elsewhere, are not
    course widgets; a view defined there with a demo is, under its class name."""
    module = __import__("widgets.ui.tonic_clonic", fromlist=["x"])

    class HelperView(ModelView):
        title = "AAA helper"

    class ExtraWidget(ModelView):
        title = "AAA extra"
        demo = Demo("x", 1.0)

    for cls in (HelperView, ExtraWidget):
        cls.__module__ = module.__name__
        monkeypatch.setattr(module, cls.__name__, cls, raising=False)
    monkeypatch.setattr(module, "ImportedWidget", WIDGETS["ExcitabilityLab"], raising=False)
    found = ui._discover()
    assert "ModelView" not in found and "HelperView" not in found
    assert found["ExtraWidget"] is ExtraWidget and next(iter(found)) == "ExtraWidget"
    assert "ImportedWidget" not in found and found["ExcitabilityLab"] is WIDGETS["ExcitabilityLab"]
    assert len(found) == len(WIDGETS) + 1


def test_every_widget_is_importable_from_the_package_by_name():
    assert set(WIDGETS) <= set(ui.__all__)
    assert all(getattr(ui, name) is cls for name, cls in WIDGETS.items())
