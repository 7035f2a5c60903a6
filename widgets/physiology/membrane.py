"""Membrane models: Hodgkin-Huxley 1952 squid axon and an HH-style skeletal-muscle fibre.

:class:`MembraneModel` holds the conductances and potentials of one compartment and what follows
from them at steady state (gates, current, resting potential); :func:`hodgkin_huxley_1952` and
:func:`skeletal_muscle` build it. :func:`~widgets.physiology.simulate` integrates it.

Sources: ``hodgkin1952`` (squid axon model, modern sign convention), ``palade1977`` (muscle
chloride and potassium conductances), ``hodgkin1959`` (muscle permeabilities), ``hille1975`` and
``frankenhaeuser1957`` (surface-charge shift by divalent ions), ``adrian1974`` and ``cannon1993``
(T-tubule potassium accumulation and myotonia), ``hille2001`` (inward rectifier
conductance ~ sqrt([K]o)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology._bisect import smallest_true
from widgets.physiology.constants import K_IN_MM, NA_IN_MM
from widgets.physiology.ions import nernst, rt_over_f_mV


# --------------------------------------------------------------------------- rate functions
def _vtrap(x, y):
    """x / (1 - exp(-x/y)) with the removable singularity at x = 0 (limit y)."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x / y) < 1e-6
    xs = np.where(small, 1.0, x)
    return np.where(small, y * (1 + x / (2 * y)), xs / -np.expm1(-xs / y))


def hh_rates_per_ms(v_mV):
    """HH1952 opening/closing rates (1/ms) at 6.3 °C, modern convention (rest -65 mV).

    Returns (alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n). Source: ``hodgkin1952``.
    """
    v = np.asarray(v_mV, dtype=float)
    am = 0.1 * _vtrap(v + 40.0, 10.0)
    bm = 4.0 * np.exp(-(v + 65.0) / 18.0)
    ah = 0.07 * np.exp(-(v + 65.0) / 20.0)
    bh = 1.0 / (1.0 + np.exp(-(v + 35.0) / 10.0))
    an = 0.01 * _vtrap(v + 55.0, 10.0)
    bn = 0.125 * np.exp(-(v + 65.0) / 80.0)
    return am, bm, ah, bh, an, bn


# --------------------------------------------------------------------------- model
@dataclass(frozen=True)
class MembraneModel:
    """Single-compartment HH-type membrane (all conductances in mS/cm2, potentials in mV).

    Currents: fast Na ``g_na m^3 h (V-E_Na)``, delayed-rectifier K ``g_k n^4 (V-E_K*)``,
    background K ``g_k_background (V-E_K*)``, background Na, chloride ``g_cl (V-E_Cl)`` and a
    leak ``g_leak (V-E_leak)``. Gating rates are the HH1952 rates evaluated at
    ``V - gating_offset_mV - gating_shift_mV`` and multiplied by ``rate_factor``.
    ``E_K*`` mixes the bulk E_K and the T-tubule E_K (fraction ``tubule_k_fraction``) when the
    T-tubule compartment is on (``tubule_tau_ms > 0``).
    """

    name: str
    temperature_c: float
    rate_factor: float
    c_m_uF_cm2: float
    g_na_mS_cm2: float
    g_k_mS_cm2: float
    g_leak_mS_cm2: float
    e_na_mV: float
    e_k_mV: float
    e_leak_mV: float
    g_k_background_mS_cm2: float = 0.0
    g_na_background_mS_cm2: float = 0.0
    g_cl_mS_cm2: float = 0.0
    e_cl_mV: float = 0.0
    gating_shift_mV: float = 0.0
    gating_offset_mV: float = 0.0
    k_out_mM: float = 0.0
    k_in_mM: float = 0.0
    tubule_k_fraction: float = 0.0
    tubule_tau_ms: float = 0.0
    tubule_k_per_spike_mM: float = 0.0
    pump_uA_cm2_per_mM: float = 0.0
    pump_tau_ms: float = 1000.0
    electrolytes_mM: tuple = field(default=(), compare=True)

    # ---- derived quantities (cached; the dataclass is frozen and hashable)
    @property
    def has_tubule(self) -> bool:
        return self.tubule_tau_ms > 0 and self.tubule_k_fraction > 0

    @property
    def max_dt_ms(self) -> float:
        """Largest time step accepted by :func:`simulate` (0.05 ms at rate factor 1)."""
        return 0.05 / self.rate_factor

    def gate_steady_state(self, v_mV):
        """(m_inf, h_inf, n_inf) at membrane potential ``v_mV``."""
        am, bm, ah, bh, an, bn = hh_rates_per_ms(
            np.asarray(v_mV) - self.gating_offset_mV - self.gating_shift_mV
        )
        return am / (am + bm), ah / (ah + bh), an / (an + bn)

    def steady_state_current_uA_cm2(self, v_mV, include_cl: bool = True):
        """Net ionic current (outward +) with all gates at steady state and [K]T = [K]o."""
        v = np.asarray(v_mV, dtype=float)
        m, h, n = self.gate_steady_state(v)
        i = (self.g_na_mS_cm2 * m**3 * h + self.g_na_background_mS_cm2) * (v - self.e_na_mV)
        i = i + (self.g_k_mS_cm2 * n**4 + self.g_k_background_mS_cm2) * (v - self.e_k_mV)
        i = i + self.g_leak_mS_cm2 * (v - self.e_leak_mV)
        if include_cl:
            i = i + self.g_cl_mS_cm2 * (v - self.e_cl_mV)
        return i

    @cached_property
    def v_rest_mV(self) -> float:
        """Most negative potential where the steady-state current is zero (rest; may be unstable)."""
        return _find_rest(self, include_cl=True)

    @cached_property
    def initial_state(self) -> tuple:
        """(V, m, h, n, [K]T) at rest, used as the initial condition of :func:`simulate`."""
        v = self.v_rest_mV
        m, h, n = (float(x) for x in self.gate_steady_state(v))
        return (v, m, h, n, self.k_out_mM)

    def resting_conductances_mS_cm2(self) -> dict:
        """Conductances at rest by ion ("Na", "K", "Cl", "leak"), mS/cm2."""
        _, m, h, n, _ = self.initial_state
        return {
            "Na": self.g_na_mS_cm2 * m**3 * h + self.g_na_background_mS_cm2,
            "K": self.g_k_mS_cm2 * n**4 + self.g_k_background_mS_cm2,
            "Cl": self.g_cl_mS_cm2,
            "leak": self.g_leak_mS_cm2,
        }


def _find_rest(model: MembraneModel, include_cl: bool) -> float:
    grid = np.arange(-150.0, 60.0, 0.5)
    i = model.steady_state_current_uA_cm2(grid, include_cl)
    sign_change = np.nonzero((i[:-1] < 0) & (i[1:] >= 0))[0]
    if sign_change.size == 0:
        raise ValueError(
            f"{model.name}: no resting potential between -150 and +60 mV for these parameters; "
            "check the concentrations and conductances"
        )
    lo, hi = float(grid[sign_change[0]]), float(grid[sign_change[0] + 1])
    # the current rises through zero at rest: the first potential where it is outward, to 1e-12 mV
    return smallest_true(
        lambda v: float(model.steady_state_current_uA_cm2(v, include_cl)) >= 0, lo, hi, 1e-12
    )


# --------------------------------------------------------------------------- model factories
HH1952_REFERENCE_TEMPERATURE_C = 6.3
HH1952_Q10 = 3.0
#: temperature (°C) of the skeletal-muscle fibre model (mammalian muscle, body temperature)
MUSCLE_TEMPERATURE_C = 37.0


def hodgkin_huxley_1952(
    temperature_c=HH1952_REFERENCE_TEMPERATURE_C, *, k_out_factor=1.0, gating_shift_mV=0.0
):
    """Hodgkin & Huxley (1952) squid giant axon, modern convention (rest -65 mV).

    C 1 uF/cm2; g_Na 120, g_K 36, g_L 0.3 mS/cm2; E_Na +50, E_K -77, E_L -54.387 mV; rates at
    6.3 °C scaled by 3^((T-6.3)/10). ``k_out_factor`` multiplies [K]o (E_K shifts by
    (RT/F) ln(factor) at ``temperature_c``); ``gating_shift_mV`` evaluates all rates at
    V - shift (negative = less screening, as in low [Ca]o). Source: ``hodgkin1952``.
    """
    t = _v.temperature(temperature_c)
    kf = _v.positive(
        k_out_factor, "k_out_factor", "(dimensionless, multiple of normal [K]o)", upper=20.0
    )
    shift = _v.finite(gating_shift_mV, "gating_shift_mV", "mV", -40.0, 40.0)
    e_k = -77.0 + float(rt_over_f_mV(t)) * math.log(kf)
    return MembraneModel(
        name="hh1952",
        temperature_c=t,
        rate_factor=HH1952_Q10 ** ((t - HH1952_REFERENCE_TEMPERATURE_C) / 10.0),
        c_m_uF_cm2=1.0,
        g_na_mS_cm2=120.0,
        g_k_mS_cm2=36.0,
        g_leak_mS_cm2=0.3,
        e_na_mV=50.0,
        e_k_mV=e_k,
        e_leak_mV=-54.387,
        gating_shift_mV=shift,
    )


# Skeletal-muscle calibration (see skeletal_muscle docstring). Values chosen so that the
# required behaviours hold robustly; they are not a fit to one dataset.
MUSCLE_DEFAULTS = {
    "c_m_uF_cm2": 1.0,
    "g_na_mS_cm2": 150.0,
    "g_k_mS_cm2": 25.0,
    "g_kir_at_4mM_mS_cm2": 0.26,
    "g_na_background_mS_cm2": 0.02,
    "g_cl_mS_cm2": 2.11,  # palade1977, rat diaphragm 37 °C
    "gating_offset_mV": -16.0,
    "rate_factor_37c": 3.0,
    "ca_slope_mV_per_decade": 20.0,  # hille1975: 18-20 mV per 10-fold [Ca]o
    "mg_slope_mV_per_decade": 6.0,  # weaker screening by Mg (illustrative)
    "ca_ref_mM": 1.2,
    "mg_ref_mM": 0.85,  # normal serum magnesium (middle of the 0.7-1 mmol/L reference range), as in the axon
    "k_in_mM": K_IN_MM,  # hille2001
    "na_in_mM": NA_IN_MM,  # hille2001
    "tubule_k_fraction": 0.8,
    "tubule_tau_ms": 350.0,
    "tubule_k_per_spike_mM": 0.3,
    "pump_uA_cm2_per_mM": 0.0,
    "pump_tau_ms": 1000.0,
}


def surface_charge_shift_mV(*, ca_out_mM=1.2, mg_out_mM=0.85):
    """Gating shift (mV) from external divalent ions; rates are evaluated at V - shift.

    shift = 20 mV * log10([Ca]o / 1.2 mM) + 6 mV * log10([Mg]o / 0.85 mM), zero at the normal
    serum values (ionised Ca 1.2, Mg 0.85 mmol/L, as in the motor axon): low [Ca]o gives a
    negative shift (gates behave as if depolarised). 18-20 mV per decade of [Ca]o
    (``hille1975``), consistent with a 5-fold fall acting like a 10-15 mV depolarisation
    (``frankenhaeuser1957``); the weaker Mg slope is an illustrative choice.
    """
    ca = _v.concentration(ca_out_mM, "ca_out_mM")
    mg = _v.concentration(mg_out_mM, "mg_out_mM")
    d = MUSCLE_DEFAULTS
    s = d["ca_slope_mV_per_decade"] * np.log10(np.asarray(ca) / d["ca_ref_mM"])
    s = s + d["mg_slope_mV_per_decade"] * np.log10(np.asarray(mg) / d["mg_ref_mM"])
    return float(s) if np.ndim(s) == 0 else s


def calcium_for_shift_mM(*, shift_mV: float, mg_out_mM: float = 0.85) -> float:
    """Ionised [Ca]o (mmol/L) whose :func:`surface_charge_shift_mV` at ``mg_out_mM`` is
    ``shift_mV`` (the law solved for calcium; -40 to +40 mV)."""
    shift = _v.finite(shift_mV, "shift_mV", "mV", -40.0, 40.0)
    mg = _v.concentration(mg_out_mM, "mg_out_mM")
    d = MUSCLE_DEFAULTS
    from_mg = d["mg_slope_mV_per_decade"] * math.log10(float(mg) / d["mg_ref_mM"])
    return d["ca_ref_mM"] * 10.0 ** ((shift - from_mg) / d["ca_slope_mV_per_decade"])


def skeletal_muscle(
    *,
    k_out_mM=4.0,
    na_out_mM=145.0,
    cl_out_mM=123.0,
    ca_out_mM=1.2,
    mg_out_mM=0.85,
    g_cl_mS_cm2=2.11,
    cl_in_mM=None,
    temperature_c=MUSCLE_TEMPERATURE_C,
    t_tubule=True,
):
    """HH-style mammalian skeletal-muscle fibre whose behaviour follows from the electrolytes.

    Reversal potentials come from the Nernst equation with [K]i 155, [Na]i 12 mM (``hille2001``).
    Chloride is passively distributed (``mccaig1984``): unless ``cl_in_mM`` is given, [Cl]i is
    set so that E_Cl equals the resting potential of the Na/K system, i.e. the chronic steady
    state of an electrolyte disorder; the chloride conductance then dominates the resting
    conductance (g_Cl 2.11 mS/cm2, ~85 %, ``palade1977``) without setting the potential.
    Background K (inward-rectifier-like, ohmic here) 0.26 mS/cm2 at 4 mM scaled by
    sqrt([K]o/4) (``hille2001``), background Na 0.02 mS/cm2 (rest -87.4 mV, within 4 mV of
    the GHK values for PNa/PK 0.01 at [K]o 2.5-5.5 mM, ``hodgkin1959``).

    Excitability: fast Na (150 mS/cm2) and delayed-rectifier K (25 mS/cm2) use the HH1952 rate
    equations (``hodgkin1952``) translated by -16 mV and sped up 3-fold (37 °C; Q10 3 away
    from it); these four numbers were calibrated so that the behaviours listed below hold. [Ca]o and [Mg]o act only through surface-charge screening
    (:func:`surface_charge_shift_mV`, ``hille1975``).

    T-tubule potassium (``t_tubule=True``; simplified after ``adrian1974`` and the
    two-compartment model of ``cannon1993``): 80 % of the K conductance (the tubular membrane
    carries most of the fibre's membrane and inward rectifier) sees a tubular [K]T instead of
    [K]o. Each action potential (upward 0-mV crossing) adds 0.3 mM to [K]T, which relaxes to
    [K]o with tau 350 ms; E_K of the tubular part follows [K]T. With the normal chloride
    conductance this is shunted; with g_Cl lowered to <= ~20 % (myotonia congenita, ClC-1 loss)
    a burst of stimulation leaves the fibre firing by itself (after-discharges). An optional
    electrogenic pump term (``pump_uA_cm2_per_mM``, outward current proportional to a 1-s
    low-pass of [K]T - [K]o) is off by default.

    Simplifications, stated honestly: one compartment with a lumped tubular [K] (no cable, no
    tubular voltage drop); gating borrowed from the squid axon and calibrated, not fitted to
    Nav1.4/Kv data; no slow Na inactivation, so a depolarised fibre passes through a window of
    spontaneous firing (about 6.5-7 mM [K]o) before it becomes inexcitable (>= 8 mM), much like
    HH1952 at 2x and 3x [K]o; tetany needs a severe fall of ionised [Ca]o (<= ~0.39 mM here);
    myotonic after-discharges, once started, keep going while [K]T stays high (real runs stop
    within seconds through mechanisms not modelled); inward rectification, Ca handling and
    [Na]i, [K]i changes are ignored; [Ca]o/[Mg]o act only through the gating shift. The model is
    for teaching the direction and rough size of effects, not for quantitative prediction.
    """
    k_out = _v.concentration(k_out_mM, "k_out_mM")
    na_out = _v.concentration(na_out_mM, "na_out_mM")
    cl_out = _v.concentration(cl_out_mM, "cl_out_mM")
    ca_out = _v.concentration(ca_out_mM, "ca_out_mM")
    mg_out = _v.concentration(mg_out_mM, "mg_out_mM")
    for name, val in (("k_out_mM", k_out), ("na_out_mM", na_out), ("cl_out_mM", cl_out)):
        if np.ndim(val) != 0:
            raise ValueError(f"{name} must be a single finite concentration > 0 mM (got an array)")
    for name, val, hi in (
        ("k_out_mM", k_out, 40.0),
        ("na_out_mM", na_out, 250.0),
        ("cl_out_mM", cl_out, 250.0),
        ("ca_out_mM", ca_out, 20.0),
        ("mg_out_mM", mg_out, 20.0),
    ):
        if val > hi:
            raise ValueError(
                f"{name} must be a finite concentration > 0 mM and <= {hi:g} mM (got {val!r})"
            )
    g_cl = _v.positive(g_cl_mS_cm2, "g_cl_mS_cm2", "mS/cm2", upper=50.0, allow_zero=True)
    t = _v.temperature(temperature_c)
    d = MUSCLE_DEFAULTS
    e_na = nernst(1, na_out, d["na_in_mM"], t)
    e_k = nernst(1, k_out, d["k_in_mM"], t)
    base = MembraneModel(
        name="skeletal_muscle",
        temperature_c=t,
        rate_factor=d["rate_factor_37c"] * HH1952_Q10 ** ((t - 37.0) / 10.0),
        c_m_uF_cm2=d["c_m_uF_cm2"],
        g_na_mS_cm2=d["g_na_mS_cm2"],
        g_k_mS_cm2=d["g_k_mS_cm2"],
        g_leak_mS_cm2=0.0,
        e_na_mV=e_na,
        e_k_mV=e_k,
        e_leak_mV=0.0,
        g_k_background_mS_cm2=d["g_kir_at_4mM_mS_cm2"] * math.sqrt(k_out / 4.0),
        g_na_background_mS_cm2=d["g_na_background_mS_cm2"],
        g_cl_mS_cm2=g_cl,
        e_cl_mV=0.0,
        gating_shift_mV=surface_charge_shift_mV(ca_out_mM=ca_out, mg_out_mM=mg_out),
        gating_offset_mV=d["gating_offset_mV"],
        k_out_mM=k_out,
        k_in_mM=d["k_in_mM"],
        tubule_k_fraction=d["tubule_k_fraction"] if t_tubule else 0.0,
        tubule_tau_ms=d["tubule_tau_ms"] if t_tubule else 0.0,
        tubule_k_per_spike_mM=d["tubule_k_per_spike_mM"] if t_tubule else 0.0,
        pump_uA_cm2_per_mM=d["pump_uA_cm2_per_mM"] if t_tubule else 0.0,
        pump_tau_ms=d["pump_tau_ms"],
    )
    if cl_in_mM is None:
        e_cl = _find_rest(base, include_cl=False)  # passive distribution
        cl_in = cl_out * math.exp(e_cl / float(rt_over_f_mV(t)))
    else:
        cl_in = _v.concentration(cl_in_mM, "cl_in_mM")
        e_cl = nernst(-1, cl_out, cl_in, t)
    return replace(
        base,
        e_cl_mV=float(e_cl),
        electrolytes_mM=(
            ("k_out_mM", k_out),
            ("na_out_mM", na_out),
            ("cl_out_mM", cl_out),
            ("ca_out_mM", ca_out),
            ("mg_out_mM", mg_out),
            ("cl_in_mM", float(cl_in)),
        ),
    )
