"""Human motor-axon node: where hypocalcaemic tetany starts.

:func:`motor_axon` builds a node of Ranvier of a large human motor axon with a lumped internode
at body temperature; :func:`~widgets.physiology.simulate` runs it like the other membrane
models (same :class:`~widgets.physiology.Trace`, with the extra states in ``Trace.extra``; same
compiled Rush-Larsen scheme, ``_kernels.integrate_axon``). The helpers below measure what
threshold tracking measures in people: strength-duration time constant and rheobase
(:func:`strength_duration`), refractoriness (:func:`refractory_period_ms`,
:func:`recovery_cycle`), and where the resting state gives way to spontaneous discharge
(:func:`resting_stability_per_ms`, :func:`critical_shift_mV`, :func:`tetany_onset_ca_mM`,
:func:`spontaneous_discharge`, :func:`discharge_groups`).

Node (currents per cm2 of nodal membrane; sources are keys of ``references.bib``):

- transient Na+ (m^3 h), persistent Na+ (p^3), slow K+ (s) and leak: the node of the mammalian
  motor-fibre model of ``mcintyre2002``, whose channel kinetics rest on voltage-clamp data of
  human (and cat and rat) nodes; fast Na+ activation as modified for human motor axons by
  ``gaines2018``. One change: the slow-K closing rate is held at its plateau value, because in
  ``mcintyre2002`` it falls to zero below -90 mV (outside the range of their fibres), which
  would open slow K+ channels on hyperpolarisation.
- fast K+ (n^4) and the HCN current (q): ``gaines2018``, who took their kinetics from the human
  motor-axon model of ``howells2012``; fast K+ at their nodal density, HCN at their internodal
  density, lumped into the node here. The channel set is that of ``howells2012``.

Internode: as in ``mcintyre2002`` and ``howells2012``, the node is coupled to internodal
membrane through the paranodal (Barrett-Barrett) pathway; here the internode is one passive
compartment (capacitance, leak to -90 mV) joined to the node by a conductance ``g_bb``. After a
spike it discharges back into the node (a depolarising after-potential), and for brief pulses
it loads the node, which shortens the strength-duration time constant.

Calibration, stated honestly. Three values were chosen by us, the rest are published:

- ``g_bb_mS_cm2`` = 13: sets the strength-duration time constant (0.48 ms; human motor axons
  0.46 +- 0.13 ms, ``mogyoros1996``);
- ``g_ks_mS_cm2`` = 120 instead of 80: in the full fibre slow K+ channels also sit beside the
  node; more slow K+ gives refractoriness of the measured size (2.1 ms for a test at 1.1 x
  threshold) and ends each burst of spontaneous discharge, so that it comes in groups;
- internodal capacitance 400 uF and leak 1 mS per cm2 of node (an internodal time constant of
  about 30 ms): assumptions.

No parameter was fitted to the calcium threshold: with these values the node loses its resting
state when ionised calcium falls to about 0.92 mmol/L, inside the clinical range where tetany
begins. The node then sits close to instability, as it must for a 20 % fall of calcium to make
it fire; the price is a high sensitivity to potassium (it fires by itself above about
6.2 mmol/L [K]o at normal calcium, and sits depolarised and silent above about 7.5 mmol/L),
which exaggerates what hyperkalaemia does to human axons.

Divalent ions and pH act through the surface charge (``frankenhaeuser1957``, ``hille1975``):
the Na+ gates (m, h, p) are evaluated at ``V - shift`` with ``shift = divalent_shift_mV(ca,
mg)``, i.e. :func:`~widgets.physiology.surface_charge_shift_mV` (20 mV per tenfold change of
ionised Ca2+, 6 mV per tenfold change of Mg2+, the same slopes as the muscle model) counted from
normal serum values, 1.2 and 0.85 mmol/L. K+ and HCN gates are not shifted (the shift was
measured on Na+ channels by ``hille1975``; leaving K+ gates alone is a simplification).
Alkalosis (``ph`` above 7.4) lowers the ionised calcium that reaches the axon by 0.05 mmol/L
per 0.1 pH unit (an assumption of the size measured in serum during over-breathing; it is why
over-breathing brings on tetany, ``cooper2008``); the direct effect of protons on the surface
charge (``hille1975``) is left out. [K]o moves E_K by the Nernst slope from -90 mV at
4 mmol/L (``mcintyre2002``).

Simplifications: one node and one lumped internode, no cable or propagation, no pump, fixed
inside concentrations, leak reversal fixed at -90 mV, Ca2+/Mg2+ act only on Na+ gating (not on
transmitter release or the muscle), no superexcitability of the measured size (the recovery
cycle shows refractoriness and late subexcitability). Below about 0.4 mmol/L ionised calcium
the node sits depolarised and its spikes shrink below 0 mV (depolarisation block). Spikes
within a group come 2-3 ms apart, faster than in most recordings of tetany. Currents are per
cm2 of nodal membrane, so thresholds in uA/cm2 cannot be compared with the milliampere
thresholds of stimulation through the skin; ratios and time constants can. Valid for
20-42 °C; temperature changes the rates (Q10) but not the calcium threshold, which depends on
steady states only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology._bisect import smallest_true
from widgets.physiology.ions import rt_over_f_mV
from widgets.physiology.stimuli import nudge
from widgets.physiology.membrane import _V_MAX_MV, _V_MIN_MV, _V_RES_MV, _vtrap, surface_charge_shift_mV

#: Parameters (per cm2 of nodal membrane) with their sources; "calibrated" ones are ours.
AXON_DEFAULTS = {
    "c_m_uF_cm2": 2.0,  # mcintyre2002
    "g_na_mS_cm2": 3000.0,  # mcintyre2002
    "g_nap_mS_cm2": 10.0,  # mcintyre2002
    "g_ks_mS_cm2": 120.0,  # calibrated: 80 in mcintyre2002 (see module docstring)
    "g_kf_mS_cm2": 25.68,  # gaines2018 (node)
    "g_h_mS_cm2": 2.232,  # gaines2018 (internodal density, lumped into the node here)
    "g_leak_mS_cm2": 7.0,  # mcintyre2002
    "e_na_mV": 50.0,  # mcintyre2002
    "e_k_mV_at_4mM": -90.0,  # mcintyre2002
    "e_leak_mV": -90.0,  # mcintyre2002
    "e_h_mV": -54.9,  # gaines2018, howells2012
    # lumped internode, per cm2 of nodal membrane (after the node-internode models of
    # mcintyre2002 and howells2012; values chosen here, see module docstring)
    "g_bb_mS_cm2": 13.0,  # calibrated: strength-duration time constant
    "c_internode_uF_cm2": 400.0,  # assumption: internodal time constant about 30 ms
    "g_internode_mS_cm2": 1.0,  # assumption
    "e_internode_mV": -90.0,  # as the nodal leak (mcintyre2002)
    "k_ref_mM": 4.0,
    "ca_ref_mM": 1.2,  # normal ionised calcium: the shift is counted from here
    "mg_ref_mM": 0.85,  # normal serum magnesium: the shift is counted from here
    "ph_ref": 7.4,
    "ca_drop_mM_per_ph": 0.5,  # 0.05 mmol/L per 0.1 pH unit (assumption, see module docstring)
}

#: Temperature coefficients: gate group -> (Q10, reference temperature in °C).
AXON_Q10 = {
    "na_activation": (2.2, 20.0),  # m, p: mcintyre2002
    "na_inactivation": (2.9, 20.0),  # h: mcintyre2002
    "k": (3.0, 36.0),  # s (mcintyre2002), n (gaines2018)
    "hcn": (3.0, 34.0),  # q: gaines2018 after howells2012
}

#: Gates in the order of the lookup table; the Na+ gates (m, h, p) feel the surface-charge shift.
GATES = ("m", "h", "n", "p", "s", "q")
_SHIFTED = ("m", "h", "p")
T_MIN_C, T_MAX_C = 20.0, 42.0
MAX_DT_MS = 0.02


def _q10(group: str, temperature_c: float) -> float:
    q10, ref = AXON_Q10[group]
    return q10 ** ((temperature_c - ref) / 10.0)


def axon_rates_per_ms(v_mV, temperature_c=37.0) -> dict:
    """Opening and closing rates (1/ms) of every gate at ``v_mV`` (no surface-charge shift).

    Returns ``{gate: (alpha, beta)}`` for m, h, p (``mcintyre2002``; m with the activation of
    ``gaines2018``), s (``mcintyre2002``), n and q (``gaines2018`` after ``howells2012``).
    """
    t = float(_v.finite(temperature_c, "temperature_c", "°C", T_MIN_C, T_MAX_C))
    v = np.asarray(v_mV, dtype=float)
    qa, qi, qk, qh = (_q10(g, t) for g in ("na_activation", "na_inactivation", "k", "hcn"))
    am = qa * 1.86 * _vtrap(v + 20.4, 10.3)
    bm = qa * 0.086 * _vtrap(-(v + 25.7), 9.16)
    ah = qi * 0.062 * _vtrap(-(v + 114.0), 11.0)
    bh = qi * 2.3 / (1.0 + np.exp(-(v + 31.8) / 13.4))
    ap = qa * 0.01 * _vtrap(v + 27.0, 10.2)
    bp = qa * 0.00025 * _vtrap(-(v + 34.0), 10.0)
    v80 = v + 80.0  # the slow-K rates are written relative to -80 mV in mcintyre2002
    a_s = qk * 0.3 / (1.0 + np.exp(np.clip(-(v80 - 27.0) / 5.0, -700.0, 700.0)))
    # closing rate held at its plateau: in mcintyre2002 it falls to zero below -90 mV (outside
    # the range of their fibres), which would open slow K channels on hyperpolarisation
    b_s = qk * 0.03 + 0.0 * v
    an = qk * 0.0462 * _vtrap(v + 83.2, 1.1)
    bn = qk * 0.0824 * _vtrap(-(v + 66.0), 10.5)
    aq = qh * 0.00522 * np.exp(np.clip(-(v + 107.3) / 12.2, -700.0, 700.0))
    bq = qh * 0.00522 * np.exp(np.clip((v + 107.3) / 12.2, -700.0, 700.0))
    return {"m": (am, bm), "h": (ah, bh), "n": (an, bn), "p": (ap, bp), "s": (a_s, b_s), "q": (aq, bq)}


def divalent_shift_mV(ca_mM, mg_mM) -> float:
    """Gating shift (mV) of the axon: the course's surface-charge shift counted from 1.2/0.85 mM."""
    d = AXON_DEFAULTS
    return float(surface_charge_shift_mV(ca_mM, mg_mM) - surface_charge_shift_mV(d["ca_ref_mM"], d["mg_ref_mM"]))


def effective_calcium_mM(ca_ionised_mM: float, ph: float) -> float:
    """Ionised calcium (mmol/L) at the axon after the pH effect on protein binding (0.05 per 0.1 pH)."""
    d = AXON_DEFAULTS
    ca = ca_ionised_mM - d["ca_drop_mM_per_ph"] * (ph - d["ph_ref"])
    if not ca > 0:
        raise ValueError(
            f"ph={ph!r} with ca_ionised_mM={ca_ionised_mM!r} mmol/L leaves no ionised calcium "
            f"(0.05 mmol/L is lost per 0.1 pH unit above 7.4); use a smaller ph or a larger ca_ionised_mM"
        )
    return ca


# --------------------------------------------------------------------------- model
@dataclass(frozen=True)
class AxonModel:
    """Human motor-axon node with a lumped internode (per cm2 of node: mS/cm2, uF/cm2; mV).

    Nodal currents: transient Na ``g_na m^3 h (V-E_Na)``, persistent Na ``g_nap p^3 (V-E_Na)``,
    fast K ``g_kf n^4 (V-E_K)``, slow K ``g_ks s (V-E_K)``, HCN ``g_h q (V-E_h)``, leak, and
    ``g_bb (V - V_internode)`` into the internode, which has capacitance ``c_internode_uF_cm2``
    and a leak ``g_internode`` to ``e_internode_mV``. The Na gates are evaluated at
    ``V - gating_shift_mV``. Build it with :func:`motor_axon`.
    """

    name: str
    temperature_c: float
    c_m_uF_cm2: float
    g_na_mS_cm2: float
    g_nap_mS_cm2: float
    g_kf_mS_cm2: float
    g_ks_mS_cm2: float
    g_h_mS_cm2: float
    g_leak_mS_cm2: float
    e_na_mV: float
    e_k_mV: float
    e_h_mV: float
    e_leak_mV: float
    gating_shift_mV: float
    k_out_mM: float
    g_bb_mS_cm2: float = 0.0
    c_internode_uF_cm2: float = 1.0
    g_internode_mS_cm2: float = 0.0
    e_internode_mV: float = -90.0
    electrolytes_mM: tuple = ()

    has_tubule = False  # no T-tubule compartment (Trace.k_tubule_mM holds [K]o)

    @property
    def max_dt_ms(self) -> float:
        """Largest time step accepted by :func:`~widgets.physiology.simulate` (ms)."""
        return MAX_DT_MS

    def gate_steady_state(self, v_mV) -> dict:
        """Steady-state open fraction of every gate at ``v_mV`` (dict keyed m, h, n, p, s, q)."""
        v = np.asarray(v_mV, dtype=float)
        plain = axon_rates_per_ms(v, self.temperature_c)
        shifted = axon_rates_per_ms(v - self.gating_shift_mV, self.temperature_c) if self.gating_shift_mV else plain
        out = {}
        for g in GATES:
            a, b = (shifted if g in _SHIFTED else plain)[g]
            out[g] = a / (a + b)
        return out

    def ionic_current_uA_cm2(self, v_mV, gates: dict):
        """Net ionic current (outward +) at ``v_mV`` for the open fractions ``gates``."""
        v = np.asarray(v_mV, dtype=float)
        x = gates
        i = (self.g_na_mS_cm2 * x["m"] ** 3 * x["h"] + self.g_nap_mS_cm2 * x["p"] ** 3) * (v - self.e_na_mV)
        i = i + (self.g_kf_mS_cm2 * x["n"] ** 4 + self.g_ks_mS_cm2 * x["s"]) * (v - self.e_k_mV)
        i = i + self.g_h_mS_cm2 * x["q"] * (v - self.e_h_mV) + self.g_leak_mS_cm2 * (v - self.e_leak_mV)
        return i

    @property
    def g_internode_seen_mS_cm2(self) -> float:
        """Steady-state conductance the node sees through its internode (series G_BB, G_int)."""
        gb, gi = self.g_bb_mS_cm2, self.g_internode_mS_cm2
        return gb * gi / (gb + gi) if gb + gi > 0 else 0.0

    def steady_state_current_uA_cm2(self, v_mV):
        """Net current (outward +) leaving the node at steady state (gates and internode settled)."""
        v = np.asarray(v_mV, dtype=float)
        i = self.ionic_current_uA_cm2(v, self.gate_steady_state(v))
        return i + self.g_internode_seen_mS_cm2 * (v - self.e_internode_mV)

    def internode_steady_state_mV(self, v_mV):
        """Internodal potential (mV) at steady state for a nodal potential ``v_mV``."""
        gb, gi = self.g_bb_mS_cm2, self.g_internode_mS_cm2
        if gb + gi == 0:
            return np.asarray(v_mV, dtype=float) * 0.0 + self.e_internode_mV
        return (gi * self.e_internode_mV + gb * np.asarray(v_mV, dtype=float)) / (gb + gi)

    @cached_property
    def v_rest_mV(self) -> float:
        """Most negative potential where the steady-state current is zero (rest; may be unstable)."""
        grid = np.arange(-130.0, 40.0, 0.25)
        i = self.steady_state_current_uA_cm2(grid)
        up = np.nonzero((i[:-1] < 0) & (i[1:] >= 0))[0]
        if up.size == 0:  # pragma: no cover - every accepted input has a zero crossing
            raise ValueError(f"{self.name}: no resting potential between -130 and +40 mV for these inputs")
        lo, hi = float(grid[up[0]]), float(grid[up[0] + 1])
        for _ in range(3):  # refine the bracket on finer grids (vectorised), then a secant step
            fine = np.linspace(lo, hi, 65)
            i = self.steady_state_current_uA_cm2(fine)
            k = int(np.flatnonzero((i[:-1] < 0) & (i[1:] >= 0))[0])
            lo, hi = float(fine[k]), float(fine[k + 1])
        i_lo, i_hi = (float(x) for x in self.steady_state_current_uA_cm2(np.array([lo, hi])))
        return lo - i_lo * (hi - lo) / (i_hi - i_lo)

    @cached_property
    def initial_state(self) -> tuple:
        """(V, m, h, n, p, s, q, V_internode) at rest: the initial condition of ``simulate``."""
        v = self.v_rest_mV
        x = self.gate_steady_state(v)
        return (v, *(float(x[g]) for g in GATES), float(self.internode_steady_state_mV(v)))

    def resting_conductances_mS_cm2(self) -> dict:
        """Conductance of each current at rest (mS/cm2): "Na", "NaP", "Kf", "Ks", "H", "leak"."""
        v, m, h, n, p, s, q, _ = self.initial_state
        return {
            "Na": self.g_na_mS_cm2 * m**3 * h,
            "NaP": self.g_nap_mS_cm2 * p**3,
            "Kf": self.g_kf_mS_cm2 * n**4,
            "Ks": self.g_ks_mS_cm2 * s,
            "H": self.g_h_mS_cm2 * q,
            "leak": self.g_leak_mS_cm2,
        }


def _electrolyte(value, name: str, hi: float) -> float:
    if np.ndim(value) != 0:
        raise ValueError(f"{name} must be a single finite concentration > 0 mM (mmol/L) (got an array)")
    x = _v.concentration(value, name)
    if x > hi:
        raise ValueError(f"{name} must be a finite concentration > 0 mM (mmol/L) and <= {hi:g} mM (got {x!r})")
    return x


def motor_axon(ca_ionised_mM=1.2, k_out_mM=4.0, mg_mM=0.85, temperature_c=37.0, *, ph=7.4) -> AxonModel:
    """Human motor-axon node at the given serum values (see the module docstring for sources).

    ``ca_ionised_mM`` ionised calcium (mmol/L, standardised to pH 7.4 as laboratories report it),
    ``k_out_mM`` potassium, ``mg_mM`` magnesium (mmol/L), ``temperature_c`` 20-42 °C, ``ph``
    blood pH (6.8-7.8; above 7.4 lowers the calcium the axon sees). Defaults are normal serum
    values: the node rests at about -88 mV and is silent. Lower calcium and it fires by itself
    below about 0.92 mmol/L, in groups of spikes (multiplets, as in tetany). Bad input
    (negative or non-finite values, temperatures outside 20-42 °C) is a ``ValueError`` naming
    the parameter, its unit and range.
    """
    ca = _electrolyte(ca_ionised_mM, "ca_ionised_mM", 10.0)
    k = _electrolyte(k_out_mM, "k_out_mM", 20.0)
    mg = _electrolyte(mg_mM, "mg_mM", 10.0)
    if np.ndim(temperature_c) != 0:
        raise ValueError("temperature_c must be a single finite number in [20, 42] °C (got an array)")
    t = float(_v.finite(temperature_c, "temperature_c", "°C", T_MIN_C, T_MAX_C))
    if np.ndim(ph) != 0:
        raise ValueError("ph must be a single finite number in [6.8, 7.8] (pH units) (got an array)")
    ph = float(_v.finite(ph, "ph", "(pH units)", 6.8, 7.8))
    ca_eff = effective_calcium_mM(ca, ph)
    d = AXON_DEFAULTS
    e_k = d["e_k_mV_at_4mM"] + float(rt_over_f_mV(t)) * math.log(k / d["k_ref_mM"])
    return AxonModel(
        name="human_motor_axon",
        temperature_c=t,
        c_m_uF_cm2=d["c_m_uF_cm2"],
        g_na_mS_cm2=d["g_na_mS_cm2"],
        g_nap_mS_cm2=d["g_nap_mS_cm2"],
        g_kf_mS_cm2=d["g_kf_mS_cm2"],
        g_ks_mS_cm2=d["g_ks_mS_cm2"],
        g_h_mS_cm2=d["g_h_mS_cm2"],
        g_leak_mS_cm2=d["g_leak_mS_cm2"],
        e_na_mV=d["e_na_mV"],
        e_k_mV=e_k,
        e_h_mV=d["e_h_mV"],
        e_leak_mV=d["e_leak_mV"],
        gating_shift_mV=divalent_shift_mV(ca_eff, mg),
        k_out_mM=k,
        g_bb_mS_cm2=d["g_bb_mS_cm2"],
        c_internode_uF_cm2=d["c_internode_uF_cm2"],
        g_internode_mS_cm2=d["g_internode_mS_cm2"],
        e_internode_mV=d["e_internode_mV"],
        electrolytes_mM=(("ca_ionised_mM", ca), ("k_out_mM", k), ("mg_mM", mg), ("ph", ph), ("ca_effective_mM", ca_eff)),
    )


# --------------------------------------------------------------------------- integration
@lru_cache(maxsize=8)
def _gate_columns(shift_mV: float, temperature_c: float, dt_ms: float, gates: tuple) -> dict:
    """Per gate: the 4 table columns A, dA, E, dE on the voltage grid (shared: read only)."""
    v = np.arange(_V_MIN_MV, _V_MAX_MV + _V_RES_MV / 2, _V_RES_MV)
    rates = axon_rates_per_ms(v - shift_mV, temperature_c)
    out = {}
    for g in gates:
        a, b = rates[g]
        e = np.exp(-dt_ms * (a + b))
        aa = a / (a + b) * (1.0 - e)
        out[g] = [aa, np.append(np.diff(aa), 0.0), e, np.append(np.diff(e), 0.0)]
    return out


@lru_cache(maxsize=64)
def _tables(shift_mV: float, temperature_c: float, dt_ms: float) -> np.ndarray:
    """Lookup table (n_nodes, 24): per V node A, dA, E, dE for m, h, n, p, s, q (shared: read only).

    x_new = A(V) + x E(V), linear in V between nodes. The Na+ gates are evaluated at V - shift;
    the other gates do not depend on the shift, so their columns are computed once.
    """
    unshifted = tuple(g for g in GATES if g not in _SHIFTED)
    cols = {**_gate_columns(0.0, temperature_c, dt_ms, unshifted),
            **_gate_columns(float(shift_mV), temperature_c, dt_ms, _SHIFTED)}
    return np.ascontiguousarray(np.column_stack([c for g in GATES for c in cols[g]]))


@lru_cache(maxsize=256)
def _params(model: AxonModel, dt: float, find_settled: bool) -> np.ndarray:
    from widgets.physiology import _kernels as kern

    p = np.zeros(kern.N_AXON_PARAMS)
    p[kern.A_G_NA] = model.g_na_mS_cm2
    p[kern.A_G_NAP] = model.g_nap_mS_cm2
    p[kern.A_G_KF] = model.g_kf_mS_cm2
    p[kern.A_G_KS] = model.g_ks_mS_cm2
    p[kern.A_G_H] = model.g_h_mS_cm2
    p[kern.A_G_LEAK] = model.g_leak_mS_cm2
    p[kern.A_E_NA] = model.e_na_mV
    p[kern.A_E_K] = model.e_k_mV
    p[kern.A_E_H] = model.e_h_mV
    p[kern.A_E_LEAK] = model.e_leak_mV
    p[kern.A_DT_OVER_C] = dt / model.c_m_uF_cm2
    p[kern.A_V_MIN] = _V_MIN_MV
    p[kern.A_INV_RES] = 1.0 / _V_RES_MV
    p[kern.A_K_OUT] = model.k_out_mM
    p[kern.A_FIND_SETTLED] = 1.0 if find_settled else 0.0
    p[kern.A_G_BB] = model.g_bb_mS_cm2
    p[kern.A_DT_OVER_C_INT] = dt / model.c_internode_uF_cm2
    p[kern.A_G_INT] = model.g_internode_mS_cm2
    p[kern.A_E_INT] = model.e_internode_mV
    p[kern.A_X0 : kern.A_X0 + 8] = model.initial_state
    return p


def integrate(model: AxonModel, stim2d: np.ndarray, dt: float, find_settled: bool):
    """Run the compiled kernel: returns ``out`` (9, n_cells, n_steps+1) and ``settled`` (n_cells,).

    Rows of ``out``: V, m, h, n, [K]o, p, s, q, V_internode. Called by ``simulate``; not public.
    """
    from widgets.physiology import _kernels as kern  # lazy: numba is imported on first use only

    n_cells, n_steps = stim2d.shape
    out = np.empty((9, n_cells, n_steps + 1))
    settled = np.full(n_cells, n_steps, dtype=np.int64)
    table = _tables(model.gating_shift_mV, model.temperature_c, dt)
    kern.integrate_axon(stim2d, table, _params(model, dt, find_settled), out, settled)
    return out, settled


# --------------------------------------------------------------------------- measures
def _rhs(model: AxonModel, y: np.ndarray) -> np.ndarray:
    v, vi = y[0], y[7]
    x = dict(zip(GATES, y[1:7]))
    shifted = axon_rates_per_ms(v - model.gating_shift_mV, model.temperature_c)
    plain = axon_rates_per_ms(v, model.temperature_c)
    i_bb = model.g_bb_mS_cm2 * (v - vi)
    d = [-(float(model.ionic_current_uA_cm2(v, x)) + i_bb) / model.c_m_uF_cm2]
    for g in GATES:
        a, b = (shifted if g in _SHIFTED else plain)[g]
        d.append(float(a * (1.0 - x[g]) - b * x[g]))
    d.append((i_bb - model.g_internode_mS_cm2 * (vi - model.e_internode_mV)) / model.c_internode_uF_cm2)
    return np.array(d)


def resting_stability_per_ms(model: AxonModel) -> float:
    """Largest real part (1/ms) of the eigenvalues of the linearised node at rest.

    Negative: small disturbances die away (a quiet axon); positive: rest is unstable and the
    node discharges by itself (tetany in the model).
    """
    _check(model)
    y0 = np.array(model.initial_state, dtype=float)
    jac = np.empty((8, 8))
    for j in range(8):
        eps = 1e-4 if j in (0, 7) else 1e-6
        d = np.zeros(8)
        d[j] = eps
        jac[:, j] = (_rhs(model, y0 + d) - _rhs(model, y0 - d)) / (2 * eps)
    return float(np.max(np.linalg.eigvals(jac).real))


def clinical_symptom_range_mM() -> tuple | None:
    """(low, high, source key): ionised calcium (mmol/L) at which hypocalcaemic symptoms usually
    begin in patients, from ``clinical_facts.json`` ("hypocalcaemia_symptom_threshold"), or None."""
    from widgets.physiology.electrolytes import clinical_facts

    entry = clinical_facts().get("hypocalcaemia_symptom_threshold")
    if not entry or "ionised_calcium_equivalent_mmol_L" not in entry:
        return None
    low, high = entry["ionised_calcium_equivalent_mmol_L"]
    return float(low), float(high), entry.get("source_key", "")


def _check(model) -> None:
    if not isinstance(model, AxonModel):
        raise ValueError(f"model must be an AxonModel from motor_axon() (got {model!r})")


def _pulse_fires(model: AxonModel, amplitudes, width_ms: float, dt_ms: float, conditioning=None) -> np.ndarray:
    """For each amplitude (uA/cm2) of a test pulse: does it evoke a (further) spike? One batch run.

    Without ``conditioning`` the test pulse starts at 1 ms; with ``conditioning=(amplitude,
    interval_ms)`` a conditioning pulse of the same width starts at 1 ms and the test pulse
    ``interval_ms`` later, and success means two spikes.
    """
    start = 1.0
    delay = 0.0 if conditioning is None else conditioning[1]
    t_stop = start + delay + width_ms + 6.0
    n = int(round(t_stop / dt_ms))
    t = np.arange(n) * dt_ms
    base = np.zeros(n)
    if conditioning is not None:
        base = np.where((t >= start - 1e-9) & (t < start + width_ms - 1e-9), conditioning[0], 0.0)
    window = (t >= start + delay - 1e-9) & (t < start + delay + width_ms - 1e-9)
    stim = base[None, :] + np.asarray(amplitudes, dtype=float)[:, None] * window[None, :]
    from widgets.physiology.membrane import simulate

    spikes = simulate(model, stim, t_stop, dt_ms).spike_times_ms
    need = 1 if conditioning is None else 2
    return np.array([s.size >= need for s in spikes])


def _bracket_threshold(fires_many, hi: float, rel_tol: float) -> float:
    """Smallest amplitude in (0, hi] for which ``fires_many`` is true (grid of 16 per pass)."""
    lo = 0.0
    if not fires_many(np.array([hi]))[0]:
        return float("inf")
    while hi - lo > rel_tol * hi:
        grid = np.linspace(lo, hi, 17)[1:]
        ok = fires_many(grid)
        first = int(np.argmax(ok))
        hi = float(grid[first])
        lo = float(grid[first - 1]) if first > 0 else lo
    return hi


def threshold_uA_cm2(model: AxonModel, width_ms: float = 0.1, *, dt_ms: float = 0.005, rel_tol: float = 1e-3,
                     i_max_uA_cm2: float = 20000.0) -> float:
    """Smallest current (uA/cm2) of a rectangular pulse of ``width_ms`` that fires the node."""
    _check(model)
    width = _v.positive(width_ms, "width_ms", "ms", upper=100.0)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    return _bracket_threshold(lambda a: _pulse_fires(model, a, width, dt), i_max_uA_cm2, rel_tol)


@dataclass(frozen=True)
class StrengthDuration:
    """Thresholds for rectangular pulses and Weiss's fit ``charge = rheobase * (width + tau_SD)``."""

    widths_ms: np.ndarray
    thresholds_uA_cm2: np.ndarray
    rheobase_uA_cm2: float
    tau_sd_ms: float
    r_squared: float


def strength_duration(model: AxonModel, widths_ms=(0.02, 0.05, 0.1, 0.2, 0.5, 1.0), *, dt_ms: float = 0.005) -> StrengthDuration:
    """Strength-duration curve and time constant (Weiss's law), as measured in people.

    Threshold charge is fitted as a straight line against pulse width (``mogyoros1996`` fitted
    human data the same way over 0.02-1 ms): slope = rheobase, intercept / slope = tau_SD.
    """
    _check(model)
    widths = np.atleast_1d(_v.positive(widths_ms, "widths_ms", "ms", upper=100.0)).astype(float)
    if widths.size < 2:
        raise ValueError("widths_ms must hold at least two pulse widths in ms (got one)")
    thresholds = np.array([threshold_uA_cm2(model, w, dt_ms=dt_ms) for w in widths])
    charge = thresholds * widths
    slope, intercept = np.polyfit(widths, charge, 1)
    fit = slope * widths + intercept
    r2 = 1.0 - np.sum((charge - fit) ** 2) / np.sum((charge - charge.mean()) ** 2)
    return StrengthDuration(widths, thresholds, float(slope), float(intercept / slope), float(r2))


def recovery_cycle(model: AxonModel, intervals_ms, *, width_ms: float = 0.1, conditioning_factor: float = 1.5,
                   dt_ms: float = 0.005) -> np.ndarray:
    """Threshold change (%) of a test pulse at each interval after a conditioning impulse.

    Both pulses are ``width_ms`` long and given at the same node; the conditioning pulse is
    ``conditioning_factor`` times the resting threshold. Positive = less excitable (refractory
    or subexcitable), negative = more excitable (superexcitable).
    """
    _check(model)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    intervals = np.atleast_1d(_v.positive(intervals_ms, "intervals_ms", "ms", upper=500.0)).astype(float)
    rest = threshold_uA_cm2(model, width_ms, dt_ms=dt)
    cond = conditioning_factor * rest
    out = []
    for d in intervals:
        th = _bracket_threshold(lambda a: _pulse_fires(model, a, width_ms, dt, (cond, d)), 10.0 * rest, 1e-3)
        out.append(100.0 * (th / rest - 1.0))
    return np.array(out)


def refractory_period_ms(model: AxonModel, test_factor: float = 1.1, *, width_ms: float = 0.1,
                         conditioning_factor: float = 1.5, max_interval_ms: float = 10.0, dt_ms: float = 0.005) -> float:
    """Shortest interval (ms) at which a test pulse of ``test_factor`` x resting threshold fires again.

    The protocol of single-motor-unit studies with conditioning and test stimuli through the
    same electrode: both pulses ``width_ms`` long, the conditioning one ``conditioning_factor``
    times threshold. Scans in 0.1 ms steps, then bisects to 0.005 ms; ``inf`` if the test never
    fires within ``max_interval_ms``.
    """
    _check(model)
    factor = _v.positive(test_factor, "test_factor", "(multiple of the resting threshold)", upper=20.0)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    rest = threshold_uA_cm2(model, width_ms, dt_ms=dt)
    cond = conditioning_factor * rest

    def fires(d):
        return bool(_pulse_fires(model, [factor * rest], width_ms, dt, (cond, float(d)))[0])

    for d in np.arange(0.2, max_interval_ms + 1e-9, 0.1):
        if fires(d):
            return smallest_true(fires, d - 0.1, d, 0.005)
    return float("inf")


def spontaneous_discharge(model: AxonModel, t_stop_ms: float = 1000.0, *, dt_ms: float = 0.01) -> np.ndarray:
    """Spike times (ms) with no stimulus, after a tiny 1 ms, 1 uA/cm2 nudge standing in for noise.

    A stable rest returns to quiet; an unstable one discharges by itself.
    """
    _check(model)
    from widgets.physiology.membrane import simulate

    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=60_000.0)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    n = int(round(t_stop / dt))
    return simulate(model, nudge(np.arange(n) * dt), t_stop, dt).spike_times_ms


def discharge_groups(spike_times_ms, gap_ms: float = 20.0) -> list:
    """Sizes of the groups of spikes (a new group starts after a silence longer than ``gap_ms``).

    ``[1, 1, 1]`` are single discharges; ``[2, 2]`` doublets; ``[6, 6]`` multiplets.
    """
    s = np.asarray(spike_times_ms, dtype=float)
    gap = _v.positive(gap_ms, "gap_ms", "ms")
    if s.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(s) > gap)
    edges = np.concatenate(([0], breaks + 1, [s.size]))
    return [int(b - a) for a, b in zip(edges[:-1], edges[1:])]


_CRIT_RES_MV = 0.01
_CRIT_V_MV = np.arange(-115.0, -45.0 + _CRIT_RES_MV / 2, _CRIT_RES_MV)  # holds rest and its hump
_CRIT_SHIFT_RANGE_MV = (-20.0, 10.0)


@lru_cache(maxsize=1)
def _na_conductance_table() -> tuple:
    """(u grid, steady-state Na conductance g_Na m^3 h + g_NaP p^3 at u) in mS/cm2 (read only).

    Steady states do not depend on temperature (every rate of a gate has the same Q10).
    """
    d = AXON_DEFAULTS
    lo = _CRIT_V_MV[0] - _CRIT_SHIFT_RANGE_MV[1]
    hi = _CRIT_V_MV[-1] - _CRIT_SHIFT_RANGE_MV[0]
    u = np.arange(lo, hi + _CRIT_RES_MV / 2, _CRIT_RES_MV)
    r = axon_rates_per_ms(u, 37.0)
    inf = {g: a / (a + b) for g, (a, b) in r.items()}
    g = d["g_na_mS_cm2"] * inf["m"] ** 3 * inf["h"] + d["g_nap_mS_cm2"] * inf["p"] ** 3
    return u, g


def critical_shift_mV(model: AxonModel) -> float:
    """Surface-charge shift (mV) of the Na+ gates at which the node's resting state disappears.

    Beyond it (more negative) the steady-state current no longer crosses zero near rest, so the
    node cannot rest and discharges by itself: the onset of tetany in the model. Found from the
    steady-state current curve on a 0.01 mV grid (the gates of ``model`` other than Na+, its
    potassium and temperature are used; its own shift is ignored). Agrees with the loss of
    linear stability (:func:`resting_stability_per_ms`), which the tests check.
    """
    _check(model)
    u, g_na = _na_conductance_table()
    v = _CRIT_V_MV
    x = model.gate_steady_state(v)
    other = model.ionic_current_uA_cm2(v, {**x, "m": 0.0, "p": 0.0})
    other = other + model.g_internode_seen_mS_cm2 * (v - model.e_internode_mV)
    drive = v - model.e_na_mV
    base = int(round((v[0] - u[0]) / _CRIT_RES_MV))

    def rests(j: int) -> bool:
        """Shift j * 0.01 mV: does a resting state exist below the first hump of the current?

        Without a hump (local maximum) the current rises monotonically through its single zero
        (a rest); with one, the rest exists while the hump stays above zero.
        """
        i = g_na[base - j : base - j + v.size] * drive + other
        humps = np.flatnonzero((i[1:-1] > i[:-2]) & (i[1:-1] >= i[2:]))
        return humps.size == 0 or bool(i[humps[0] + 1] > 0)

    j_lo = int(round(_CRIT_SHIFT_RANGE_MV[0] / _CRIT_RES_MV))
    j_hi = int(round(_CRIT_SHIFT_RANGE_MV[1] / _CRIT_RES_MV))
    if rests(j_lo):
        return _CRIT_SHIFT_RANGE_MV[0]
    if not rests(j_hi):
        return _CRIT_SHIFT_RANGE_MV[1]
    while j_hi - j_lo > 1:  # rests(j_hi) true, rests(j_lo) false: bisect to one grid step
        mid = (j_lo + j_hi) // 2
        j_lo, j_hi = (j_lo, mid) if rests(mid) else (mid, j_hi)
    return j_hi * _CRIT_RES_MV


@lru_cache(maxsize=256)
def _critical_shift_cached(k_out_mM: float, temperature_c: float) -> float:
    return critical_shift_mV(motor_axon(1.2, k_out_mM, 0.85, temperature_c))


@lru_cache(maxsize=512)
def tetany_onset_ca_mM(k_out_mM: float = 4.0, mg_mM: float = 0.85, temperature_c: float = 37.0, ph: float = 7.4) -> float:
    """Ionised calcium (mmol/L, as laboratories report it) below which the node discharges by itself.

    The calcium whose surface-charge shift (with this magnesium and pH) reaches
    :func:`critical_shift_mV`; about 0.92 mmol/L at normal potassium, magnesium and pH. Lower
    magnesium or a higher pH raise it (the axon fires at a higher calcium), as does raised
    potassium. Returns 0.0 if no positive calcium is low enough (a strong alkalosis with a very
    stable node).
    """
    model = motor_axon(1.2, k_out_mM, mg_mM, temperature_c, ph=ph)  # checks the inputs
    target = _critical_shift_cached(model.k_out_mM, model.temperature_c)
    mg = dict(model.electrolytes_mM)["mg_mM"]
    # the shift is linear in log10(calcium): solve shift(ca) = target from two evaluations
    at_1mM = divalent_shift_mV(1.0, mg)
    per_decade = divalent_shift_mV(10.0, mg) - at_1mM
    ca_effective = 10.0 ** ((target - at_1mM) / per_decade)
    d = AXON_DEFAULTS
    return max(0.0, float(ca_effective) + d["ca_drop_mM_per_ph"] * (float(ph) - d["ph_ref"]))
