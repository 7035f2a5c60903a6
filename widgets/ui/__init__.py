"""Interactive views (ipywidgets) over the models in :mod:`widgets.physiology`.

Every view shows a live figure in JupyterLab and a static PNG with alt text in the built book.
Each exposes ``controls`` (name -> ipywidgets control) and its matplotlib ``figure``; constructor
keyword arguments set the initial control values, e.g. ``ElectrolyteExplorer(ca_out_mM=0.3)``.

:data:`WIDGETS` lists them all (name -> class, in the order of their titles), for the tests, the
benchmarks, the live checks and chapter 0's tour. It is found, not typed: every module of this
package outside :data:`FRAMEWORK` is imported, and each :class:`~widgets.ui.base.ModelView`
subclass it defines with a ``demo`` control is a course widget, importable from here by name.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from widgets.ui.base import ModelView

#: the view framework's modules; every other module here holds one widget (or its helpers)
FRAMEWORK = ("ahead", "base", "blit", "common", "explorable_spec", "tour")


def widget_modules() -> list[str]:
    """The names of this package's widget modules (every module outside :data:`FRAMEWORK`)."""
    return sorted(
        f"{__name__}.{info.name}"
        for info in pkgutil.iter_modules(__path__)
        if info.name not in FRAMEWORK and not info.name.startswith("_")
    )


def _discover() -> dict[str, type[ModelView]]:
    found = []
    for name in widget_modules():
        module = importlib.import_module(name)
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, ModelView) and cls.__module__ == name and hasattr(cls, "demo")
        ]
    return {cls.__name__: cls for cls in sorted(found, key=lambda cls: cls.title)}


#: Every course widget, by name.
WIDGETS = _discover()
globals().update(WIDGETS)

__all__ = ["FRAMEWORK", "WIDGETS", "widget_modules", *WIDGETS]
