"""Explorable figures for the static book: the states a reader can visit, drawn at build time.

The live widgets recompute in a kernel. The HTML book has none, so the book draws, when it is
built, the states a reader can reach without one, with the widget's own code path: the widget is
made once, each control is set in turn through ``widget.controls[name].value`` (its observers
run, e.g. a unit switch re-scales two sliders; the live redraw is held), then the widget's own
``compute`` -> ``redraw`` run (what ``update()`` does, minus the live image) and the picture is
the widget's own book picture (``static_png()``) with its own description (``alt_text``, i.e.
``describe``). Nothing here draws or describes a figure itself.

Which states (see :func:`enumerate_states`):

- ``initial``: the values the notebook shows;
- one control at a time: every value of a slider on its step grid, every option of a menu, both
  states of a check box, with every other control at its initial value. A widget may name, per
  control, other controls that go with it (``SWEEP_CONTEXT``: e.g. the clonus-frequency slider
  of :class:`~widgets.ui.tonic_clonic.TonicClonicExplorer` only acts on the clonus pattern, so
  moving it also selects that pattern);
- the named scenarios the chapter teaches (``SCENARIOS``, a class attribute: name -> values).

A widget whose answer is a pure function of data (the specialist finder) is not drawn: the page
evaluates the same data itself (``EXPLORABLE_IN_PAGE``).

The public pieces are :data:`MIME` (the display-bundle entry, made by
``ModelView.explorable_spec()`` -> :func:`spec_for`), :func:`spec_id`, :func:`enumerate_states`
and :func:`generate`, which the Sphinx extension ``_ext/explorable.py`` calls; all are imported
here from the modules that hold them, one job each:

- :mod:`.spec`: the spec a notebook output carries (:func:`spec_for`, :func:`spec_id`);
- :mod:`.states`: the states of a figure (:func:`enumerate_states`) and their cache keys;
- :mod:`.draw`: drawing states to pictures, in the worker processes;
- :mod:`.build`: which pictures are missing, the workers, and the site (:func:`generate`).

Pictures are cached in a folder keyed by a hash of the ``widgets`` package and the state, so an
unchanged rebuild draws nothing. Widgets are drawn in a process pool
(:class:`concurrent.futures.ProcessPoolExecutor`), several at once.

What this package relies on in a view: ``controls`` (name -> ipywidgets control; sliders made by
:mod:`widgets.ui.common` carry ``_unit`` and are labelled ``"label (unit)"``, others fall back to
``description``), ``values``, a constructor with no arguments, ``held()`` (optional),
``compute``, ``redraw``, ``result``, ``static_png()``, ``alt_text``, ``figure``, ``title``, and the
optional class attributes ``SCENARIOS``, ``SWEEP_CONTEXT``, ``EXPLORABLE_IN_PAGE`` and
``apply_last`` (the finder: ``to_html(result)``). Light at import: ipywidgets, matplotlib and
Pillow are imported where used.
"""

from __future__ import annotations

from widgets.book.digest import widget_code_digest
from widgets.book.explorable.build import (
    CHUNK,
    RULES_DATA,
    SITE_FOLDER,
    Drawing,
    Report,
    default_workers,
    draw,
    draw_ahead,
    generate,
    missing_jobs,
    prune,
    rules_file,
    shared_cache,
    stored_specs,
)
from widgets.book.explorable.draw import (
    WEBP_OPTIONS,
    draw_state,
    load_class,
    run_jobs,
    set_values,
    to_webp,
    values_match,
)
from widgets.book.explorable.states import (
    State,
    enumerate_states,
    grid,
    index_of,
    same_value,
    state_digest,
)
from widgets.ui.explorable_spec import (
    MIME,
    PNG_DPI_FALLBACK,
    SPEC_VERSION,
    canonical,
    control_spec,
    spec_for,
    spec_id,
)

__all__ = [
    "CHUNK",
    "MIME",
    "PNG_DPI_FALLBACK",
    "RULES_DATA",
    "SITE_FOLDER",
    "SPEC_VERSION",
    "WEBP_OPTIONS",
    "Drawing",
    "Report",
    "State",
    "canonical",
    "control_spec",
    "default_workers",
    "draw",
    "draw_ahead",
    "draw_state",
    "enumerate_states",
    "generate",
    "grid",
    "index_of",
    "load_class",
    "missing_jobs",
    "prune",
    "rules_file",
    "run_jobs",
    "same_value",
    "set_values",
    "shared_cache",
    "spec_for",
    "spec_id",
    "state_digest",
    "stored_specs",
    "to_webp",
    "values_match",
    "widget_code_digest",
]
