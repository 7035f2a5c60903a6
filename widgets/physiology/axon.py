"""Human motor-axon node: where hypocalcaemic tetany starts.

:func:`motor_axon` builds a node of Ranvier of a large human motor axon with a lumped internode
at body temperature; :func:`~widgets.physiology.simulate` runs it like the other membrane
models (same :class:`~widgets.physiology.Trace`, with the extra states in ``Trace.extra``; same
compiled Rush-Larsen scheme, ``_kernels.integrate_axon``). The helpers of
:mod:`widgets.physiology.axon_measures` measure what threshold tracking measures in people:
strength-duration time constant and rheobase (``strength_duration``), refractoriness
(``refractory_period_ms``, ``recovery_cycle``), and where the resting state gives way to
spontaneous discharge (``resting_stability_per_ms``, ``critical_shift_mV``,
``tetany_onset_ca_mM``, ``spontaneous_discharge``, ``discharge_groups``).

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
from functools import cached_property

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.ions import rt_over_f_mV
from widgets.physiology.membrane import _vtrap, surface_charge_shift_mV

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
SHIFTED_GATES = ("m", "h", "p")
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
    return {
        "m": (am, bm),
        "h": (ah, bh),
        "n": (an, bn),
        "p": (ap, bp),
        "s": (a_s, b_s),
        "q": (aq, bq),
    }


def divalent_shift_mV(*, ca_out_mM, mg_out_mM) -> float:
    """Gating shift (mV) of the axon: the course's surface-charge shift counted from 1.2/0.85 mM
    (``ca_out_mM`` ionised calcium, ``mg_out_mM`` magnesium, mmol/L)."""
    d = AXON_DEFAULTS
    return float(
        surface_charge_shift_mV(ca_out_mM=ca_out_mM, mg_out_mM=mg_out_mM)
        - surface_charge_shift_mV(ca_out_mM=d["ca_ref_mM"], mg_out_mM=d["mg_ref_mM"])
    )


def effective_calcium_mM(*, ca_out_mM: float, ph: float) -> float:
    """Ionised calcium (mmol/L) at the axon after the pH effect on protein binding (0.05 per 0.1 pH)."""
    d = AXON_DEFAULTS
    ca = ca_out_mM - d["ca_drop_mM_per_ph"] * (ph - d["ph_ref"])
    if not ca > 0:
        raise ValueError(
            f"ph={ph!r} with ca_out_mM={ca_out_mM!r} mmol/L leaves no ionised calcium "
            f"(0.05 mmol/L is lost per 0.1 pH unit above 7.4); use a smaller ph or a larger ca_out_mM"
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
        shifted = (
            axon_rates_per_ms(v - self.gating_shift_mV, self.temperature_c)
            if self.gating_shift_mV
            else plain
        )
        out = {}
        for g in GATES:
            a, b = (shifted if g in SHIFTED_GATES else plain)[g]
            out[g] = a / (a + b)
        return out

    def ionic_current_uA_cm2(self, v_mV, gates: dict):
        """Net ionic current (outward +) at ``v_mV`` for the open fractions ``gates``."""
        v = np.asarray(v_mV, dtype=float)
        x = gates
        i = (self.g_na_mS_cm2 * x["m"] ** 3 * x["h"] + self.g_nap_mS_cm2 * x["p"] ** 3) * (
            v - self.e_na_mV
        )
        i = i + (self.g_kf_mS_cm2 * x["n"] ** 4 + self.g_ks_mS_cm2 * x["s"]) * (v - self.e_k_mV)
        i = (
            i
            + self.g_h_mS_cm2 * x["q"] * (v - self.e_h_mV)
            + self.g_leak_mS_cm2 * (v - self.e_leak_mV)
        )
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
            raise ValueError(
                f"{self.name}: no resting potential between -130 and +40 mV for these inputs"
            )
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
        _, m, h, n, p, s, q, _ = self.initial_state
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
        raise ValueError(
            f"{name} must be a single finite concentration > 0 mM (mmol/L) (got an array)"
        )
    x = _v.concentration(value, name)
    if x > hi:
        raise ValueError(
            f"{name} must be a finite concentration > 0 mM (mmol/L) and <= {hi:g} mM (got {x!r})"
        )
    return x


def motor_axon(
    *, k_out_mM=4.0, ca_out_mM=1.2, mg_out_mM=0.85, temperature_c=37.0, ph=7.4
) -> AxonModel:
    """Human motor-axon node at the given serum values (see the module docstring for sources).

    ``k_out_mM`` potassium, ``ca_out_mM`` ionised calcium (mmol/L, standardised to pH 7.4 as
    laboratories report it), ``mg_out_mM`` magnesium (mmol/L), ``temperature_c`` 20-42 °C, ``ph``
    blood pH (6.8-7.8; above 7.4 lowers the calcium the axon sees). Defaults are normal serum
    values: the node rests at about -88 mV and is silent. Lower calcium and it fires by itself
    below about 0.92 mmol/L, in groups of spikes (multiplets, as in tetany). Bad input
    (negative or non-finite values, temperatures outside 20-42 °C) is a ``ValueError`` naming
    the parameter, its unit and range.
    """
    k = _electrolyte(k_out_mM, "k_out_mM", 20.0)
    ca = _electrolyte(ca_out_mM, "ca_out_mM", 10.0)
    mg = _electrolyte(mg_out_mM, "mg_out_mM", 10.0)
    if np.ndim(temperature_c) != 0:
        raise ValueError(
            "temperature_c must be a single finite number in [20, 42] °C (got an array)"
        )
    t = float(_v.finite(temperature_c, "temperature_c", "°C", T_MIN_C, T_MAX_C))
    if np.ndim(ph) != 0:
        raise ValueError(
            "ph must be a single finite number in [6.8, 7.8] (pH units) (got an array)"
        )
    ph = float(_v.finite(ph, "ph", "(pH units)", 6.8, 7.8))
    ca_eff = effective_calcium_mM(ca_out_mM=ca, ph=ph)
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
        gating_shift_mV=divalent_shift_mV(ca_out_mM=ca_eff, mg_out_mM=mg),
        k_out_mM=k,
        g_bb_mS_cm2=d["g_bb_mS_cm2"],
        c_internode_uF_cm2=d["c_internode_uF_cm2"],
        g_internode_mS_cm2=d["g_internode_mS_cm2"],
        e_internode_mV=d["e_internode_mV"],
        electrolytes_mM=(
            ("k_out_mM", k),
            ("ca_out_mM", ca),
            ("mg_out_mM", mg),
            ("ph", ph),
            ("ca_effective_mM", ca_eff),
        ),
    )


def clinical_symptom_range_mM() -> tuple | None:
    """(low, high, source key): ionised calcium (mmol/L) at which hypocalcaemic symptoms usually
    begin in patients, from ``clinical_facts.json`` ("hypocalcaemia_symptom_threshold"), or None."""
    from widgets.physiology.electrolytes import clinical_facts

    entry = clinical_facts().get("hypocalcaemia_symptom_threshold")
    if not entry or "ionised_calcium_equivalent_mmol_L" not in entry:
        return None
    low, high = entry["ionised_calcium_equivalent_mmol_L"]
    return float(low), float(high), entry.get("source_key", "")
