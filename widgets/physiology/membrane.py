"""Membrane models (Hodgkin-Huxley 1952 squid axon, HH-style skeletal muscle) and ``simulate``.

Integrator: Rush-Larsen / exponential Euler. Each step the gates relax exactly towards their
steady state at the current voltage (``x <- x_inf + (x - x_inf) exp(-dt/tau_x)``), then the
voltage relaxes exactly towards the instantaneous equilibrium of all conductances
(``V <- V_inf + (V - V_inf) exp(-dt g_total/C)``). Rates come from lookup tables on a 0.05 mV
grid with linear interpolation, built once per (model, dt) and cached. The step loop runs over
plain Python floats (numpy per-step calls are slower for one cell). For a *constant* stimulus the
loop stops early when the state has reached a fixed point (rest) or a converged limit cycle
(the last three periods agree to 5e-4 ms and h, n at successive upstrokes to 1e-4), and the rest of the
trace is filled in exactly (constant) or by repeating the last cycle. A 2-D stimulus runs a batch
of cells at once with numpy (one array operation per step across the cells).

Sources: ``hodgkin1952`` (squid axon model, modern sign convention), ``palade1977`` (muscle
chloride and potassium conductances), ``hodgkin1959`` (muscle permeabilities), ``hille1975`` and
``frankenhaeuser1957`` (surface-charge shift by divalent ions), ``adrian1974`` and ``cannon1993``
(T-tubule potassium accumulation and myotonia), ``hille2001`` (inward rectifier
conductance ~ sqrt([K]o)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.ions import nernst, rt_over_f_mV

# Lookup-table grid (mV). Outside it the gates use the edge values (documented clamp).
_V_MIN_MV = -250.0
_V_MAX_MV = 250.0
_V_RES_MV = 0.05
_CHUNK = 256  # steps between steady-state checks for constant stimuli
MAX_STEPS = 5_000_000


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


# --------------------------------------------------------------------------- model + trace
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
        am, bm, ah, bh, an, bn = hh_rates_per_ms(np.asarray(v_mV) - self.gating_offset_mV - self.gating_shift_mV)
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
        v, m, h, n, _ = self.initial_state
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
    for _ in range(60):  # bisection to ~1e-15 mV
        mid = 0.5 * (lo + hi)
        if float(model.steady_state_current_uA_cm2(mid, include_cl)) < 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class Trace:
    """Result of :func:`simulate`.

    ``t_ms`` (n_steps+1,), ``v_mV``, ``m``, ``h``, ``n`` and ``k_tubule_mM`` (T-tubule [K],
    equal to [K]o when the model has no tubule) with shape (n_steps+1,) for one cell or
    (n_cells, n_steps+1) for a batch; ``spike_times_ms`` upward 0-mV crossings (linear
    interpolation) as an array, or a tuple of arrays for a batch; ``stimulus_uA_cm2`` the applied
    current per step; ``steady_state_from_ms`` time after which the trace was filled in from a
    detected fixed point or limit cycle (``None`` if integrated to the end).
    """

    t_ms: np.ndarray
    v_mV: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    k_tubule_mM: np.ndarray
    spike_times_ms: object
    stimulus_uA_cm2: np.ndarray
    dt_ms: float
    model_name: str
    steady_state_from_ms: float | None = None

    @property
    def firing_rate_hz(self):
        """Mean rate (Hz) from the spikes after the first one (0 if fewer than 2 spikes)."""
        if isinstance(self.spike_times_ms, tuple):
            return np.array([_rate(s) for s in self.spike_times_ms])
        return _rate(self.spike_times_ms)


def _rate(spikes) -> float:
    if len(spikes) < 2:
        return 0.0
    return 1000.0 * (len(spikes) - 1) / (spikes[-1] - spikes[0])


def spike_times_from_trace(t_ms, v_mV, threshold_mV: float = 0.0) -> np.ndarray:
    """Upward crossings of ``threshold_mV`` (ms), linearly interpolated between samples."""
    v = np.asarray(v_mV)
    t = np.asarray(t_ms)
    idx = np.nonzero((v[:-1] < threshold_mV) & (v[1:] >= threshold_mV))[0]
    frac = (threshold_mV - v[idx]) / (v[idx + 1] - v[idx])
    return t[idx] + frac * (t[idx + 1] - t[idx])


# --------------------------------------------------------------------------- model factories
HH1952_REFERENCE_TEMPERATURE_C = 6.3
HH1952_Q10 = 3.0


def hodgkin_huxley_1952(temperature_c=6.3, *, k_out_factor=1.0, gating_shift_mV=0.0):
    """Hodgkin & Huxley (1952) squid giant axon, modern convention (rest -65 mV).

    C 1 uF/cm2; g_Na 120, g_K 36, g_L 0.3 mS/cm2; E_Na +50, E_K -77, E_L -54.387 mV; rates at
    6.3 °C scaled by 3^((T-6.3)/10). ``k_out_factor`` multiplies [K]o (E_K shifts by
    (RT/F) ln(factor) at ``temperature_c``); ``gating_shift_mV`` evaluates all rates at
    V - shift (negative = less screening, as in low [Ca]o). Source: ``hodgkin1952``.
    """
    t = _v.temperature(temperature_c)
    kf = _v.positive(k_out_factor, "k_out_factor", "(dimensionless, multiple of normal [K]o)", upper=20.0)
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
    "mg_ref_mM": 0.5,
    "k_in_mM": 155.0,
    "na_in_mM": 12.0,
    "tubule_k_fraction": 0.8,
    "tubule_tau_ms": 350.0,
    "tubule_k_per_spike_mM": 0.3,
    "pump_uA_cm2_per_mM": 0.0,
    "pump_tau_ms": 1000.0,
}


def surface_charge_shift_mV(ca_out_mM=1.2, mg_out_mM=0.5):
    """Gating shift (mV) from external divalent ions; rates are evaluated at V - shift.

    shift = 20 mV * log10([Ca]o / 1.2 mM) + 6 mV * log10([Mg]o / 0.5 mM): low [Ca]o gives a
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


def skeletal_muscle(
    k_out_mM=4.0,
    na_out_mM=145.0,
    cl_out_mM=123.0,
    ca_out_mM=1.2,
    mg_out_mM=0.5,
    *,
    g_cl_mS_cm2=2.11,
    cl_in_mM=None,
    temperature_c=37.0,
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
    HH1952 at 2x and 3x [K]o; tetany needs a severe fall of ionised [Ca]o (<= ~0.35 mM here);
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
            raise ValueError(f"{name} must be a finite concentration > 0 mM and <= {hi:g} mM (got {val!r})")
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
        gating_shift_mV=surface_charge_shift_mV(ca_out, mg_out),
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


# --------------------------------------------------------------------------- tables
@lru_cache(maxsize=64)
def _tables(offset_mV: float, rate_factor: float, dt_ms: float):
    """Per-gate lists (A, dA, E, dE) with x_new = A(V) + x E(V), linear in V between nodes."""
    v = np.arange(_V_MIN_MV, _V_MAX_MV + _V_RES_MV / 2, _V_RES_MV)
    rates = hh_rates_per_ms(v - offset_mV)
    out = []
    arrays = []
    for a, b in zip(rates[0::2], rates[1::2]):
        s = (a + b) * rate_factor
        e = np.exp(-dt_ms * s)
        aa = a / (a + b) * (1.0 - e)
        arrays.append((aa, e))
        for arr in (aa, e):
            out.append(arr.tolist())
            out.append(np.append(np.diff(arr), 0.0).tolist())
    return out, arrays


# --------------------------------------------------------------------------- simulate
def _stimulus_array(stimulus, n_steps: int, dt_ms: float):
    """Return (array, constant_or_None, batch) with the current applied during each step."""
    name = "stimulus_uA_cm2"
    if callable(stimulus):
        t = np.arange(n_steps) * dt_ms
        try:
            vals = np.asarray(stimulus(t), dtype=float)
            if vals.shape not in ((n_steps,), ()):
                raise TypeError
            vals = np.broadcast_to(vals, (n_steps,)).copy()
        except (TypeError, ValueError):
            vals = np.array([float(stimulus(float(x))) for x in t])
        _v.finite(vals, name, "uA/cm2 (values returned by the callable)")
        return vals, None, False
    arr = np.asarray(stimulus, dtype=float) if not isinstance(stimulus, str) else None
    if arr is None:
        raise ValueError(f"{name} must be a number, an array or a callable t_ms -> uA/cm2 (got {stimulus!r})")
    _v.finite(arr, name, "uA/cm2")
    if arr.ndim == 0:
        return np.full(n_steps, float(arr)), float(arr), False
    if arr.ndim == 1:
        if arr.shape[0] in (n_steps, n_steps + 1):
            return arr[:n_steps].astype(float), None, False
        raise ValueError(
            f"{name} as a 1-D array must have one value per step: {n_steps} (or {n_steps + 1}) values "
            f"for t_stop_ms/dt_ms (got {arr.shape[0]})"
        )
    if arr.ndim == 2 and arr.shape[1] in (1, n_steps, n_steps + 1):
        if arr.shape[1] == 1:
            return np.repeat(arr, n_steps, axis=1), None, True
        return arr[:, :n_steps].astype(float), None, True
    raise ValueError(
        f"{name} must be a number, a 1-D array of {n_steps} values, a 2-D batch array "
        f"(n_cells, {n_steps} or 1) in uA/cm2, or a callable (got shape {arr.shape})"
    )


def simulate(model: MembraneModel, stimulus_uA_cm2=0.0, t_stop_ms=100.0, dt_ms=0.01) -> Trace:
    """Integrate ``model`` from rest for ``t_stop_ms`` (ms) with time step ``dt_ms`` (ms).

    ``stimulus_uA_cm2`` (inward/depolarising positive, uA/cm2): a constant (step from t = 0), a
    1-D array with one value per step, a callable ``t_ms -> uA/cm2`` (called with the array of
    step times if it accepts one, else once per step), or a 2-D array (n_cells, n_steps or 1)
    to simulate a batch of cells at once. ``dt_ms`` must not exceed ``model.max_dt_ms``
    (0.05 ms at rate factor 1). Returns a :class:`Trace`.
    """
    if not isinstance(model, MembraneModel):
        raise ValueError(f"model must be a MembraneModel from hodgkin_huxley_1952() or skeletal_muscle() (got {model!r})")
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms")
    n_steps = int(round(t_stop / dt))
    if n_steps < 1 or n_steps > MAX_STEPS:
        raise ValueError(
            f"t_stop_ms must give between 1 and {MAX_STEPS} steps of dt_ms (got t_stop_ms={t_stop!r}, dt_ms={dt!r})"
        )
    stim, constant, batch = _stimulus_array(stimulus_uA_cm2, n_steps, dt)
    t = np.arange(n_steps + 1) * dt
    if batch:
        return _simulate_batch(model, stim, t, dt)
    out, ss_from = _run_scalar(model, stim, constant, n_steps, dt)
    v, m, h, n, kt = out
    _v.result_finite(v, "membrane potential")
    return Trace(
        t_ms=t,
        v_mV=v,
        m=m,
        h=h,
        n=n,
        k_tubule_mM=kt,
        spike_times_ms=spike_times_from_trace(t, v),
        stimulus_uA_cm2=stim,
        dt_ms=dt,
        model_name=model.name,
        steady_state_from_ms=ss_from,
    )


def _run_scalar(model: MembraneModel, stim: np.ndarray, constant, n_steps: int, dt: float):
    lists, _ = _tables(model.gating_offset_mV + model.gating_shift_mV, model.rate_factor, dt)
    am_, dam, em, dem, ah_, dah, eh, deh, an_, dan, en, den = lists
    vmin = _V_MIN_MV
    inv = 1.0 / _V_RES_MV
    imax = len(am_) - 2
    gna = model.g_na_mS_cm2
    gk = model.g_k_mS_cm2
    gkb = model.g_k_background_mS_cm2
    ena = model.e_na_mV
    eks = model.e_k_mV
    g_const = model.g_leak_mS_cm2 + model.g_cl_mS_cm2 + model.g_na_background_mS_cm2
    i_const = (
        model.g_leak_mS_cm2 * model.e_leak_mV
        + model.g_cl_mS_cm2 * model.e_cl_mV
        + model.g_na_background_mS_cm2 * model.e_na_mV
    )
    k_dt_c = dt / model.c_m_uF_cm2
    tub = model.has_tubule
    f_t = model.tubule_k_fraction
    f_s = 1.0 - f_t
    k_in = model.k_in_mM if tub else 1.0
    k_out = model.k_out_mM
    rtf = float(rt_over_f_mV(model.temperature_c))
    dk_spike = model.tubule_k_per_spike_mM
    decay = math.exp(-dt / model.tubule_tau_ms) if tub else 1.0
    pump_gain = model.pump_uA_cm2_per_mM
    pump_relax = 1.0 - math.exp(-dt / model.pump_tau_ms)
    pump_drive = 0.0  # low-pass filtered ([K]T - [K]o), mM
    i_pump = 0.0
    log = math.log
    exp = math.exp

    v, m, h, n, kt = model.initial_state
    vs = [0.0] * (n_steps + 1)
    ms = [0.0] * (n_steps + 1)
    hs = [0.0] * (n_steps + 1)
    ns = [0.0] * (n_steps + 1)
    kts = [kt] * (n_steps + 1) if tub else None
    vs[0], ms[0], hs[0], ns[0] = v, m, h, n
    sl = stim.tolist()
    cross = []
    ek = eks
    k = 0
    ss_from = None
    while k < n_steps:
        k_end = min(n_steps, k + _CHUNK)
        for k in range(k + 1, k_end + 1):
            x = (v - vmin) * inv
            i = int(x)
            if i < 0:
                i, x = 0, 0.0
            elif i > imax:
                i, x = imax, float(imax + 1)
            fr = x - i
            m = am_[i] + fr * dam[i] + m * (em[i] + fr * dem[i])
            h = ah_[i] + fr * dah[i] + h * (eh[i] + fr * deh[i])
            n = an_[i] + fr * dan[i] + n * (en[i] + fr * den[i])
            gn = gna * m * m * m * h
            n2 = n * n
            gK = gk * n2 * n2 + gkb
            if tub:
                ekt = rtf * log(kt / k_in)
                ek = f_s * eks + f_t * ekt
                i_pump = pump_gain * pump_drive
            gt = gn + gK + g_const
            vinf = (gn * ena + gK * ek + i_const + sl[k - 1] - i_pump) / gt
            vold = v
            v = vinf + (v - vinf) * exp(-k_dt_c * gt)
            vs[k] = v
            ms[k] = m
            hs[k] = h
            ns[k] = n
            if v >= 0.0 > vold:
                cross.append(k)
                kt += dk_spike
            if tub:
                kt = k_out + (kt - k_out) * decay
                pump_drive += pump_relax * (kt - k_out - pump_drive)
                kts[k] = kt
        if constant is None or k >= n_steps:
            continue
        if v != v:  # NaN guard
            break
        # fixed point: per-step change below round-off-level tolerances
        if (
            abs(v - vs[k - 1]) < 1e-9
            and abs(m - ms[k - 1]) < 1e-11
            and abs(h - hs[k - 1]) < 1e-11
            and abs(n - ns[k - 1]) < 1e-11
            and (not tub or abs(kt - kts[k - 1]) < 1e-12)
        ):
            ss_from = k * dt
            vs[k + 1 :] = [v] * (n_steps - k)
            ms[k + 1 :] = [m] * (n_steps - k)
            hs[k + 1 :] = [h] * (n_steps - k)
            ns[k + 1 :] = [n] * (n_steps - k)
            if tub:
                kts[k + 1 :] = [kt] * (n_steps - k)
            k = n_steps
            break
        if len(cross) >= 4:
            tile = _limit_cycle(cross, vs, hs, ns, kts, dt)
            if tile is not None:
                ss_from = k * dt
                arrays = [np.asarray(a) for a in (vs, ms, hs, ns)] + ([np.asarray(kts)] if tub else [])
                _fill_cycle(arrays, tile, k, n_steps, dt)
                out = arrays[:4] + [arrays[4] if tub else np.full(n_steps + 1, k_out)]
                return out, ss_from
    kt_arr = np.asarray(kts) if tub else np.full(n_steps + 1, k_out)
    return [np.asarray(vs), np.asarray(ms), np.asarray(hs), np.asarray(ns), kt_arr], ss_from


def _cross_time(vs, k, dt):
    return (k - 1 + (-vs[k - 1]) / (vs[k] - vs[k - 1])) * dt


def _interp_at_cross(arr, vs, k):
    f = (-vs[k - 1]) / (vs[k] - vs[k - 1])
    return arr[k - 1] + f * (arr[k] - arr[k - 1])


def _limit_cycle(cross, vs, hs, ns, kts, dt, tol_period_ms=5e-4, tol_gate=1e-4):
    """Return (t_a, t_b) of the last cycle if the last three periods agree (converged cycle)."""
    c = cross[-4:]
    tc = [_cross_time(vs, k, dt) for k in c]
    p = [tc[1] - tc[0], tc[2] - tc[1], tc[3] - tc[2]]
    if abs(p[2] - p[1]) > tol_period_ms or abs(p[1] - p[0]) > tol_period_ms:
        return None
    for arr, tol in ((hs, tol_gate), (ns, tol_gate), (kts, 1e-6)):
        if arr is None:
            continue
        if abs(_interp_at_cross(arr, vs, c[3]) - _interp_at_cross(arr, vs, c[2])) > tol:
            return None
    return tc[2], tc[3]


def _fill_cycle(arrays, tile, k_last, n_steps, dt):
    """Fill samples k_last+1..n_steps by repeating the cycle [t_a, t_b) (linear interpolation)."""
    t_a, t_b = tile
    period = t_b - t_a
    t_rem = np.arange(k_last + 1, n_steps + 1) * dt
    phase = t_a + np.mod(t_rem - t_a, period)
    k0 = max(int(math.floor(t_a / dt)) - 1, 0)
    k1 = min(int(math.ceil(t_b / dt)) + 2, k_last + 1)
    tg = np.arange(k0, k1) * dt
    for a in arrays:
        a[k_last + 1 :] = np.interp(phase, tg, a[k0:k1])


def _simulate_batch(model: MembraneModel, stim: np.ndarray, t: np.ndarray, dt: float) -> Trace:
    """numpy kernel: the same scheme, one array operation per step across the cells."""
    _, arrays = _tables(model.gating_offset_mV + model.gating_shift_mV, model.rate_factor, dt)
    (am_, em), (ah_, eh), (an_, en) = arrays
    n_cells, n_steps = stim.shape
    v0, m0, h0, n0, kt0 = model.initial_state
    v = np.full(n_cells, v0)
    m = np.full(n_cells, m0)
    h = np.full(n_cells, h0)
    n = np.full(n_cells, n0)
    kt = np.full(n_cells, kt0)
    out = {key: np.empty((n_cells, n_steps + 1)) for key in ("v", "m", "h", "n", "kt")}
    for key, val in (("v", v), ("m", m), ("h", h), ("n", n), ("kt", kt)):
        out[key][:, 0] = val
    inv = 1.0 / _V_RES_MV
    imax = am_.size - 2
    g_const = model.g_leak_mS_cm2 + model.g_cl_mS_cm2 + model.g_na_background_mS_cm2
    i_const = (
        model.g_leak_mS_cm2 * model.e_leak_mV
        + model.g_cl_mS_cm2 * model.e_cl_mV
        + model.g_na_background_mS_cm2 * model.e_na_mV
    )
    tub = model.has_tubule
    rtf = float(rt_over_f_mV(model.temperature_c))
    decay = math.exp(-dt / model.tubule_tau_ms) if tub else 1.0
    pump_relax = 1.0 - math.exp(-dt / model.pump_tau_ms)
    pump_drive = np.zeros(n_cells)
    i_pump = 0.0
    ek = np.full(n_cells, model.e_k_mV)
    stim_t = np.ascontiguousarray(stim.T)
    for k in range(1, n_steps + 1):
        x = np.clip((v - _V_MIN_MV) * inv, 0.0, imax + 0.999999)
        i = x.astype(np.intp)
        fr = x - i
        m = am_[i] + fr * (am_[i + 1] - am_[i]) + m * (em[i] + fr * (em[i + 1] - em[i]))
        h = ah_[i] + fr * (ah_[i + 1] - ah_[i]) + h * (eh[i] + fr * (eh[i + 1] - eh[i]))
        n = an_[i] + fr * (an_[i + 1] - an_[i]) + n * (en[i] + fr * (en[i + 1] - en[i]))
        gn = model.g_na_mS_cm2 * m**3 * h
        gK = model.g_k_mS_cm2 * n**4 + model.g_k_background_mS_cm2
        if tub:
            ekt = rtf * np.log(kt / model.k_in_mM)
            ek = (1 - model.tubule_k_fraction) * model.e_k_mV + model.tubule_k_fraction * ekt
            i_pump = model.pump_uA_cm2_per_mM * pump_drive
        gt = gn + gK + g_const
        vinf = (gn * model.e_na_mV + gK * ek + i_const + stim_t[k - 1] - i_pump) / gt
        v_old = v
        v = vinf + (v - vinf) * np.exp(-dt / model.c_m_uF_cm2 * gt)
        if tub:
            kt = kt + model.tubule_k_per_spike_mM * ((v >= 0.0) & (v_old < 0.0))
            kt = model.k_out_mM + (kt - model.k_out_mM) * decay
            pump_drive = pump_drive + pump_relax * (kt - model.k_out_mM - pump_drive)
        out["v"][:, k] = v
        out["m"][:, k] = m
        out["h"][:, k] = h
        out["n"][:, k] = n
        out["kt"][:, k] = kt
    _v.result_finite(out["v"], "membrane potential")
    spikes = tuple(spike_times_from_trace(t, row) for row in out["v"])
    return Trace(
        t_ms=t,
        v_mV=out["v"],
        m=out["m"],
        h=out["h"],
        n=out["n"],
        k_tubule_mM=out["kt"],
        spike_times_ms=spikes,
        stimulus_uA_cm2=stim,
        dt_ms=dt,
        model_name=model.name,
    )
