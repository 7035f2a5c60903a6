"""Interactive views (ipywidgets) over the models in :mod:`widgets.physiology`.

Every view shows a live figure in JupyterLab and a static PNG with alt text in the built book.
Each exposes ``controls`` (name -> ipywidgets control) and its matplotlib ``figure``; constructor
keyword arguments set the initial control values, e.g. ``ElectrolyteExplorer(ca_ionised_mM=0.3)``.
:data:`WIDGETS` lists them all (name -> class), for the tests, the benchmarks and the live checks;
each class declares its ``demo`` control and a ``clear_caches()`` classmethod.
"""

from widgets.ui.electrolytes import ElectrolyteExplorer
from widgets.ui.excitability import ExcitabilityLab
from widgets.ui.force import ForceSummation
from widgets.ui.recruitment import MotorUnitRecruitment
from widgets.ui.specialists import SpecialistFinder
from widgets.ui.tonic_clonic import TonicClonicExplorer

#: Every course widget, by name.
WIDGETS = {
    cls.__name__: cls
    for cls in (
        ElectrolyteExplorer,
        ExcitabilityLab,
        ForceSummation,
        MotorUnitRecruitment,
        TonicClonicExplorer,
        SpecialistFinder,
    )
}

__all__ = [
    "WIDGETS",
    "ElectrolyteExplorer",
    "ExcitabilityLab",
    "ForceSummation",
    "MotorUnitRecruitment",
    "SpecialistFinder",
    "TonicClonicExplorer",
]
