"""Sarcomere mechanics: the length-tension relation of ``gordon1966``.

Filament lengths of frog skeletal muscle (Gordon, Huxley & Julian 1966): thick 1.60 um, thin
2.05 um (the two thin filaments of a Z-disc, tip to tip), bare zone 0.20 um. Tension is maximal on a plateau from 2.00 to 2.25 um (thin + bare
zone), falls linearly to zero at 3.65 um (thin + thick: no more overlap), and on the ascending
limb falls through a kink at 1.67 um towards an extrapolated zero near 1.27 um. Lengths in um,
tension as a fraction of the maximal isometric tetanic tension.
"""

from __future__ import annotations

import numpy as np

from widgets.physiology import _validate as _v

#: Filament lengths (um) of frog skeletal muscle used by Gordon, Huxley & Julian (1966).
FILAMENTS_UM = {"thick": 1.60, "thin": 2.05, "bare_zone": 0.20}
#: Sarcomere lengths (um) where the length-tension curve changes slope (``gordon1966``).
PLATEAU_START_UM = 2.00
ASCENDING_KINK_UM = 1.67
ASCENDING_ZERO_UM = 1.27
#: Relative tension at the ascending-limb kink: drawn schematically, not a measured value.
ASCENDING_KINK_TENSION = 0.85
#: Longest sarcomere length accepted (um).
MAX_SARCOMERE_UM = 5.0


def plateau_end_um() -> float:
    """End of the plateau (um): thin filaments reach the bare zone (thin + bare zone = 2.25 um)."""
    return FILAMENTS_UM["thin"] + FILAMENTS_UM["bare_zone"]


def zero_overlap_um() -> float:
    """Sarcomere length (um) at which thick and thin filaments no longer overlap (3.65 um)."""
    return FILAMENTS_UM["thin"] + FILAMENTS_UM["thick"]


def relative_tension(sarcomere_um):
    """Relative isometric tetanic tension (0-1) at sarcomere length ``sarcomere_um`` (um, in (0, 5]).

    Plateau and descending limb follow the filament-overlap geometry of ``gordon1966``; the
    ascending limb is drawn through their breakpoints with a schematic kink height.
    """
    s = np.asarray(
        _v.positive(sarcomere_um, "sarcomere_um", "um", upper=MAX_SARCOMERE_UM), dtype=float
    )
    xs = [
        ASCENDING_ZERO_UM,
        ASCENDING_KINK_UM,
        PLATEAU_START_UM,
        plateau_end_um(),
        zero_overlap_um(),
    ]
    ys = [0.0, ASCENDING_KINK_TENSION, 1.0, 1.0, 0.0]
    out = np.interp(s, xs, ys, left=0.0, right=0.0)
    return float(out) if out.ndim == 0 else out
