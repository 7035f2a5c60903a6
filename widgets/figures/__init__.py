"""The chapters' static figures: one module per chapter, drawing only.

Each ``chNN_*`` module holds the figures (and small printed tables) of chapter NN; every figure
function takes its numbers from :mod:`widgets.physiology` or :mod:`widgets.clinical`, draws them and
returns a :class:`~widgets.figures.render.StaticFigure` whose alt text is written from the drawn
data. Chapter 3, the longest, has three: the membrane models (``ch03_excitability``), the ions
around the fibre (``ch03_ions``) and where tetany starts in the motor axon and the fibre
(``ch03_tetany``). Shared by every figure and the
interactive views: the look (:mod:`.style`) and the one PNG renderer (:mod:`.render`).
"""

from widgets.figures.render import StaticFigure, show_figure

__all__ = ["StaticFigure", "show_figure"]
