"""Equilibrium and resting potentials: Nernst and Goldman-Hodgkin-Katz (GHK).

Sources: ``hille2001`` (Nernst, GHK voltage equation), ``hodgkin1959`` (PK:PNa:PCl ratios in
muscle). Concentrations in mM (mmol/L), potentials in mV, temperature in °C.
"""

from __future__ import annotations

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.constants import ION_CONCENTRATIONS_MM, RESTING_PERMEABILITY

#: Physical constants (CODATA 2018, exact SI values for R and F).
GAS_CONSTANT_J_MOL_K = 8.314462618
FARADAY_C_MOL = 96485.33212
ZERO_C_IN_K = 273.15

#: Monovalent ions the GHK voltage equation handles here, with their valence.
GHK_IONS = {"K": 1, "Na": 1, "Cl": -1}


def rt_over_f_mV(temperature_c=37.0):
    """Thermal voltage RT/F in mV (26.73 mV at 37 °C = 310.15 K; ``hille2001``)."""
    t = _v.temperature(temperature_c)
    return GAS_CONSTANT_J_MOL_K * (np.asarray(t) + ZERO_C_IN_K) / FARADAY_C_MOL * 1e3 + 0.0


def nernst(z, c_out_mM, c_in_mM, temperature_c=37.0):
    """Nernst (equilibrium) potential in mV: E = (RT/zF) ln(c_out/c_in).

    ``z`` is the valence (non-zero integer), concentrations in mM (> 0), temperature in °C
    (0-45). Arguments broadcast like numpy arrays; scalars give a float. Source: ``hille2001``.
    """
    z = _v.valence(z, "z")
    c_out = _v.concentration(c_out_mM, "c_out_mM")
    c_in = _v.concentration(c_in_mM, "c_in_mM")
    rtf = rt_over_f_mV(temperature_c)
    e = rtf / np.asarray(z, dtype=float) * np.log(np.asarray(c_out) / np.asarray(c_in))
    return float(e) if np.ndim(e) == 0 else e


def ghk_potential(c_out_mM, c_in_mM, permeability, temperature_c=37.0):
    """Goldman-Hodgkin-Katz resting potential in mV for K+, Na+ and Cl-.

    ``c_out_mM``, ``c_in_mM`` and ``permeability`` are dicts keyed "K", "Na", "Cl"; only ions
    with a permeability entry are used (relative permeabilities, e.g. ``{"K": 1, "Na": 0.01}``,
    ``hodgkin1959``). Values may be numpy arrays (they broadcast).

        V = RT/F ln[(PK Ko + PNa Nao + PCl Cli) / (PK Ki + PNa Nai + PCl Clo)]

    Source: ``hille2001`` (GHK voltage equation).
    """
    if not isinstance(permeability, dict) or not permeability:
        raise ValueError(
            f"permeability must be a non-empty dict keyed by ion name {sorted(GHK_IONS)} "
            f"(relative permeability, dimensionless, >= 0) (got {permeability!r})"
        )
    for label, d in (("c_out_mM", c_out_mM), ("c_in_mM", c_in_mM)):
        if not isinstance(d, dict):
            raise ValueError(
                f"{label} must be a dict keyed by ion name {sorted(GHK_IONS)} in mM (got {d!r})"
            )
        for ion in d:
            _v.choice(ion, f"{label} key", GHK_IONS)
    num = 0.0
    den = 0.0
    total_p = 0.0
    for ion, p in permeability.items():
        _v.choice(ion, "permeability key", GHK_IONS)
        p = _v.positive(p, f"permeability[{ion!r}]", "(relative, dimensionless)", allow_zero=True)
        for label, d in (("c_out_mM", c_out_mM), ("c_in_mM", c_in_mM)):
            if ion not in d:
                raise ValueError(
                    f"{label} must give a concentration in mM for {ion!r} (it has a permeability)"
                )
        co = _v.concentration(c_out_mM[ion], f"c_out_mM[{ion!r}]")
        ci = _v.concentration(c_in_mM[ion], f"c_in_mM[{ion!r}]")
        if GHK_IONS[ion] > 0:
            num = num + p * np.asarray(co)
            den = den + p * np.asarray(ci)
        else:
            num = num + p * np.asarray(ci)
            den = den + p * np.asarray(co)
        total_p = total_p + np.asarray(p)
    if (
        not np.all(np.asarray(total_p) > 0)
        or not np.all(np.asarray(num) > 0)
        or not np.all(np.asarray(den) > 0)
    ):
        raise ValueError(
            "permeability must give at least one ion a relative permeability > 0 on each side "
            f"(dimensionless) (got {permeability!r})"
        )
    e = rt_over_f_mV(temperature_c) * np.log(num / den)
    return float(e) if np.ndim(e) == 0 else e


def equilibrium_potentials(temperature_c: float = 37.0) -> dict:
    """Nernst potential (mV) of each ion of the course's concentration table
    (:data:`~widgets.physiology.constants.ION_CONCENTRATIONS_MM`), keyed by ion ("K", "Na", ...)."""
    return {
        ion: nernst(z, out, inn, temperature_c)
        for ion, (z, out, inn, _) in ION_CONCENTRATIONS_MM.items()
    }


def resting_potential_mV(
    k_out_mM=4.0, p_na=RESTING_PERMEABILITY["Na"], temperature_c: float = 37.0
):
    """GHK resting potential (mV) with PK : PNa = 1 : ``p_na`` and the table's K and Na values
    (inside K, outside and inside Na); ``k_out_mM`` may be an array."""
    k_in = ION_CONCENTRATIONS_MM["K"][2]
    na_out, na_in = ION_CONCENTRATIONS_MM["Na"][1:3]
    return ghk_potential(
        {"K": k_out_mM, "Na": na_out},
        {"K": k_in, "Na": na_in},
        {"K": 1.0, "Na": p_na},
        temperature_c,
    )
