"""Interactive views (ipywidgets) over the models in :mod:`widgets.physiology`.

Every view shows a live figure in JupyterLab and a static PNG with alt text in the built book.
"""

from widgets.ui.figure import StaticFigure, show_figure

__all__ = ["StaticFigure", "show_figure"]
