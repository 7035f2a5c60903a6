"""Ion concentrations and permeabilities of mammalian skeletal muscle, each typed once.

Every model, figure and widget imports these values from here; :data:`SOURCES` gives the
``references.bib`` key of each. Concentrations in mM (mmol/L), permeabilities relative to K.
"""

from __future__ import annotations

# inside the fibre (cytosol)
K_IN_MM = 155.0  # hille2001
NA_IN_MM = 12.0  # hille2001
CL_IN_MM = 4.2  # mccaig1984
CA_IN_MM = 1e-4  # free cytosolic Ca2+, about 100 nM; hille2001

# outside (extracellular fluid)
K_OUT_MM = 4.0  # hille2001
NA_OUT_MM = 145.0  # hille2001
CL_OUT_MM = 123.0  # hille2001
CA_OUT_MM = 1.5  # hille2001

#: Resting permeability ratio PNa/PK of muscle (hodgkin1959).
P_NA_OVER_P_K = 0.01

#: Relative resting permeabilities, PK : PNa = 1 : 0.01 (hodgkin1959).
RESTING_PERMEABILITY = {"K": 1.0, "Na": P_NA_OVER_P_K}

#: ion -> (valence, outside mM, inside mM, source key). Ca inside is the free cytosolic level.
ION_CONCENTRATIONS_MM = {
    "K": (1, K_OUT_MM, K_IN_MM, "hille2001"),
    "Na": (1, NA_OUT_MM, NA_IN_MM, "hille2001"),
    "Cl": (-1, CL_OUT_MM, CL_IN_MM, "mccaig1984"),
    "Ca": (2, CA_OUT_MM, CA_IN_MM, "hille2001"),
}

#: name of each constant -> references.bib key.
SOURCES = {
    "K_IN_MM": "hille2001",
    "NA_IN_MM": "hille2001",
    "CL_IN_MM": "mccaig1984",
    "CA_IN_MM": "hille2001",
    "K_OUT_MM": "hille2001",
    "NA_OUT_MM": "hille2001",
    "CL_OUT_MM": "hille2001",
    "CA_OUT_MM": "hille2001",
    "P_NA_OVER_P_K": "hodgkin1959",
}
