"""``simulate``: integrate a membrane model (HH1952, skeletal muscle, human motor axon) from rest.

Integrator: Rush-Larsen / exponential Euler. Each step the gates relax exactly towards their
steady state at the current voltage (``x <- x_inf + (x - x_inf) exp(-dt/tau_x)``), then the
voltage relaxes exactly towards the instantaneous equilibrium of all conductances
(``V <- V_inf + (V - V_inf) exp(-dt g_total/C)``). Rates come from lookup tables on a 0.05 mV
grid with linear interpolation, built once per (model, dt) and cached. The step loop is compiled
with numba (:mod:`widgets.physiology._kernels`, ``cache=True``) and runs over all steps of one
cell or of a batch of cells (2-D stimulus); it is imported on the first call of :func:`simulate`,
not with the package, and its machine code is cached on disk. A large batch is split between the
machine's cores (each cell is integrated on its own, so the result does not depend on the
split). Every step is integrated: there is no early stop or extrapolation.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.axon import GATES, SHIFTED_GATES, AxonModel, axon_rates_per_ms
from widgets.physiology.ions import rt_over_f_mV
from widgets.physiology.membrane import MembraneModel, hh_rates_per_ms
from widgets.physiology.spikes import (
    SPIKE_THRESHOLD_MV,
    rate_hz,
    upward_crossings,
)

# Lookup-table grid (mV). Outside it the gates use the edge values (documented clamp).
_V_MIN_MV = -250.0
_V_MAX_MV = 250.0
_V_RES_MV = 0.05
MAX_STEPS = 5_000_000
#: a batch of at least this many cell-steps is split between the cores
PARALLEL_CELL_STEPS = 200_000


@dataclass(frozen=True)
class Trace:
    """Result of :func:`simulate`.

    ``t_ms`` (n_steps+1,), ``v_mV``, ``m``, ``h``, ``n`` and ``k_tubule_mM`` (T-tubule [K],
    equal to [K]o when the model has no tubule) with shape (n_steps+1,) for one cell or
    (n_cells, n_steps+1) for a batch; ``spike_times_ms`` upward 0-mV crossings (linear
    interpolation) as an array, or a tuple of arrays for a batch; ``stimulus_uA_cm2`` the applied
    current per step. ``extra``: further state variables of models that have them (the motor axon's persistent Na
    gate ``p``, slow K gate ``s``, HCN gate ``q`` and internodal potential ``v_internode_mV``,
    arrays shaped like ``v_mV``), else an empty dict.
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
    extra: dict = field(default_factory=dict)

    @property
    def firing_rate_hz(self):
        """Mean rate (Hz) from the spikes after the first one (0 if fewer than 2 spikes)."""
        if isinstance(self.spike_times_ms, tuple):
            return np.array([rate_hz(s) for s in self.spike_times_ms])
        return rate_hz(self.spike_times_ms)


# --------------------------------------------------------------------------- lookup tables
def _gate_table_columns(a, b, dt_ms: float, rate_factor: float = 1.0) -> list:
    """The 4 table columns A, dA, E, dE of a gate with rates ``a``, ``b`` (1/ms) on the V grid."""
    e = np.exp(-dt_ms * ((a + b) * rate_factor))
    aa = a / (a + b) * (1.0 - e)
    return [aa, np.append(np.diff(aa), 0.0), e, np.append(np.diff(e), 0.0)]


def _v_grid() -> np.ndarray:
    return np.arange(_V_MIN_MV, _V_MAX_MV + _V_RES_MV / 2, _V_RES_MV)


@lru_cache(maxsize=64)
def _tables(offset_mV: float, rate_factor: float, dt_ms: float) -> np.ndarray:
    """Lookup table (n_nodes, 12) of an HH-type membrane: per V node A, dA, E, dE for m, h, n.

    x_new = A(V) + x E(V) with A, E linear in V between nodes (dA, dE are the forward
    differences; 0 at the last node). Private and shared between calls: do not modify.
    """
    rates = hh_rates_per_ms(_v_grid() - offset_mV)
    cols = [
        c
        for a, b in zip(rates[0::2], rates[1::2])
        for c in _gate_table_columns(a, b, dt_ms, rate_factor)
    ]
    return np.ascontiguousarray(np.column_stack(cols))


@lru_cache(maxsize=8)
def _axon_gate_columns(shift_mV: float, temperature_c: float, dt_ms: float, gates: tuple) -> dict:
    """Per axon gate: the 4 table columns on the voltage grid (shared: read only)."""
    rates = axon_rates_per_ms(_v_grid() - shift_mV, temperature_c)
    return {g: _gate_table_columns(*rates[g], dt_ms) for g in gates}


@lru_cache(maxsize=64)
def _axon_tables(shift_mV: float, temperature_c: float, dt_ms: float) -> np.ndarray:
    """Lookup table (n_nodes, 24) of the axon: A, dA, E, dE for m, h, n, p, s, q (read only).

    The Na+ gates are evaluated at V - shift; the other gates do not depend on the shift, so
    their columns are computed once.
    """
    unshifted = tuple(g for g in GATES if g not in SHIFTED_GATES)
    cols = {
        **_axon_gate_columns(0.0, temperature_c, dt_ms, unshifted),
        **_axon_gate_columns(float(shift_mV), temperature_c, dt_ms, SHIFTED_GATES),
    }
    return np.ascontiguousarray(np.column_stack([c for g in GATES for c in cols[g]]))


# --------------------------------------------------------------------------- kernel parameters
@lru_cache(maxsize=256)
def _params(model: MembraneModel, dt: float) -> np.ndarray:
    """Parameter vector of ``_kernels.integrate`` (layout: ``_kernels.MEMBRANE_PARAMS``).

    Cached and shared between calls (the kernel only reads it): do not modify.
    """
    from widgets.physiology import _kernels as kern

    tub = model.has_tubule
    v0, m0, h0, n0, kt0 = model.initial_state
    return kern.pack(
        kern.MEMBRANE_PARAMS,
        {
            "g_na": model.g_na_mS_cm2,
            "g_k": model.g_k_mS_cm2,
            "g_k_background": model.g_k_background_mS_cm2,
            "e_na": model.e_na_mV,
            "e_k": model.e_k_mV,
            "g_const": model.g_leak_mS_cm2 + model.g_cl_mS_cm2 + model.g_na_background_mS_cm2,
            "i_const": (
                model.g_leak_mS_cm2 * model.e_leak_mV
                + model.g_cl_mS_cm2 * model.e_cl_mV
                + model.g_na_background_mS_cm2 * model.e_na_mV
            ),
            "dt_over_c": dt / model.c_m_uF_cm2,
            "tubule": 1.0 if tub else 0.0,
            "f_tubule": model.tubule_k_fraction,
            "f_surface": 1.0 - model.tubule_k_fraction,
            "k_in": model.k_in_mM if tub else 1.0,
            "k_out": model.k_out_mM,
            "rt_over_f": float(rt_over_f_mV(model.temperature_c)),
            "dk_per_spike": model.tubule_k_per_spike_mM,
            "tubule_decay": math.exp(-dt / model.tubule_tau_ms) if tub else 1.0,
            "pump_gain": model.pump_uA_cm2_per_mM,
            "pump_relax": 1.0 - math.exp(-dt / model.pump_tau_ms),
            "v_min": _V_MIN_MV,
            "inv_res": 1.0 / _V_RES_MV,
            "v0": v0,
            "m0": m0,
            "h0": h0,
            "n0": n0,
            "kt0": kt0,
        },
    )


@lru_cache(maxsize=256)
def _axon_params(model: AxonModel, dt: float) -> np.ndarray:
    """Parameter vector of ``_kernels.integrate_axon`` (layout: ``_kernels.AXON_PARAMS``; read only)."""
    from widgets.physiology import _kernels as kern

    v0, m0, h0, n0, p0, s0, q0, vi0 = model.initial_state
    return kern.pack(
        kern.AXON_PARAMS,
        {
            "g_na": model.g_na_mS_cm2,
            "g_nap": model.g_nap_mS_cm2,
            "g_kf": model.g_kf_mS_cm2,
            "g_ks": model.g_ks_mS_cm2,
            "g_h": model.g_h_mS_cm2,
            "g_leak": model.g_leak_mS_cm2,
            "e_na": model.e_na_mV,
            "e_k": model.e_k_mV,
            "e_h": model.e_h_mV,
            "e_leak": model.e_leak_mV,
            "dt_over_c": dt / model.c_m_uF_cm2,
            "v_min": _V_MIN_MV,
            "inv_res": 1.0 / _V_RES_MV,
            "k_out": model.k_out_mM,
            "g_bb": model.g_bb_mS_cm2,
            "dt_over_c_int": dt / model.c_internode_uF_cm2,
            "g_int": model.g_internode_mS_cm2,
            "e_int": model.e_internode_mV,
            "v0": v0,
            "m0": m0,
            "h0": h0,
            "n0": n0,
            "p0": p0,
            "s0": s0,
            "q0": q0,
            "vi0": vi0,
        },
    )


# --------------------------------------------------------------------------- running a kernel
@lru_cache(maxsize=1)
def _workers() -> ThreadPoolExecutor | None:
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    return (
        ThreadPoolExecutor(max_workers=min(cores, 4), thread_name_prefix="cramp-simulate")
        if cores > 1
        else None
    )


def _run(model, stim2d: np.ndarray, dt: float) -> np.ndarray:
    """Run the model's compiled kernel: ``out`` (n_cells, n_rows, n_steps+1).

    A large batch started from the main thread is cut into contiguous blocks of cells,
    integrated at the same time on the cores (the kernels release the GIL); each cell is
    integrated on its own either way. A batch started from another thread (a computation ahead,
    see :mod:`widgets.ui.ahead`) stays on that thread's core.
    """
    from widgets.physiology import _kernels as kern  # lazy: numba is imported on first use only

    if isinstance(model, AxonModel):
        kernel, n_rows = kern.integrate_axon, kern.N_AXON_ROWS
        table = _axon_tables(model.gating_shift_mV, model.temperature_c, dt)
        params = _axon_params(model, dt)
    else:
        kernel, n_rows = kern.integrate, kern.N_ROWS
        table = _tables(model.gating_offset_mV + model.gating_shift_mV, model.rate_factor, dt)
        params = _params(model, dt)
    n_cells, n_steps = stim2d.shape
    out = np.empty((n_cells, n_rows, n_steps + 1))
    pool = _workers()
    if (
        pool is None
        or n_cells < 2
        or n_cells * n_steps < PARALLEL_CELL_STEPS
        or threading.current_thread() is not threading.main_thread()
    ):
        kernel(stim2d, table, params, out)
        return out
    edges = np.linspace(0, n_cells, min(pool._max_workers, n_cells) + 1).astype(int)
    blocks = [slice(a, b) for a, b in itertools.pairwise(edges)]
    for done in [pool.submit(kernel, stim2d[s], table, params, out[s]) for s in blocks]:
        done.result()
    return out


# --------------------------------------------------------------------------- simulate
def _stimulus_array(stimulus, n_steps: int, dt_ms: float):
    """Return (array, batch) with the current applied during each step."""
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
        return vals, False
    arr = np.asarray(stimulus, dtype=float) if not isinstance(stimulus, str) else None
    if arr is None:
        raise ValueError(
            f"{name} must be a number, an array or a callable t_ms -> uA/cm2 (got {stimulus!r})"
        )
    _v.finite(arr, name, "uA/cm2")
    if arr.ndim == 0:
        return np.full(n_steps, float(arr)), False
    if arr.ndim == 1:
        if arr.shape[0] in (n_steps, n_steps + 1):
            return arr[:n_steps].astype(float), False
        raise ValueError(
            f"{name} as a 1-D array must have one value per step: {n_steps} (or {n_steps + 1}) values "
            f"for t_stop_ms/dt_ms (got {arr.shape[0]})"
        )
    if arr.ndim == 2 and arr.shape[1] in (1, n_steps, n_steps + 1):
        if arr.shape[1] == 1:
            return np.repeat(arr, n_steps, axis=1), True
        return arr[:, :n_steps].astype(float), True
    raise ValueError(
        f"{name} must be a number, a 1-D array of {n_steps} values, a 2-D batch array "
        f"(n_cells, {n_steps} or 1) in uA/cm2, or a callable (got shape {arr.shape})"
    )


def simulate(model, stimulus_uA_cm2=0.0, t_stop_ms=100.0, dt_ms=0.01) -> Trace:
    """Integrate ``model`` from rest for ``t_stop_ms`` (ms) with time step ``dt_ms`` (ms).

    ``model``: a :class:`~widgets.physiology.MembraneModel` (HH1952, skeletal muscle) or the
    motor-axon node of :mod:`widgets.physiology.axon`, which has its own compiled kernel with the
    same scheme.

    ``stimulus_uA_cm2`` (inward/depolarising positive, uA/cm2): a constant (step from t = 0), a
    1-D array with one value per step, a callable ``t_ms -> uA/cm2`` (called with the array of
    step times if it accepts one, else once per step), or a 2-D array (n_cells, n_steps or 1)
    to simulate a batch of cells at once. ``dt_ms`` must not exceed ``model.max_dt_ms``
    (0.05 ms at rate factor 1). Every step is integrated (compiled loop, see the module
    docstring); the first call in a process loads the compiled kernel (imports numba). Returns a
    :class:`Trace`; raises ``ValueError`` rather than returning a non-finite trace.
    """
    is_axon = isinstance(model, AxonModel)
    if not (is_axon or isinstance(model, MembraneModel)):
        raise ValueError(
            "model must be a MembraneModel from hodgkin_huxley_1952() or skeletal_muscle(), or an "
            f"AxonModel from motor_axon() (got {model!r})"
        )
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms")
    n_steps = int(round(t_stop / dt))
    if n_steps < 1 or n_steps > MAX_STEPS:
        raise ValueError(
            f"t_stop_ms must give between 1 and {MAX_STEPS} steps of dt_ms (got t_stop_ms={t_stop!r}, dt_ms={dt!r})"
        )
    stim, batch = _stimulus_array(stimulus_uA_cm2, n_steps, dt)
    stim2d = np.ascontiguousarray(stim if batch else stim.reshape(1, n_steps), dtype=np.float64)
    out = _run(model, stim2d, dt)
    extra = (
        {"p": out[:, 5], "s": out[:, 6], "q": out[:, 7], "v_internode_mV": out[:, 8]}
        if is_axon
        else {}
    )
    v_all = out[:, 0]
    _v.result_finite(v_all, "membrane potential")
    t = np.arange(n_steps + 1) * dt
    crossings = [upward_crossings(t, row, SPIKE_THRESHOLD_MV) for row in v_all]
    common = {"t_ms": t, "stimulus_uA_cm2": stim, "dt_ms": dt, "model_name": model.name}
    if batch:
        return Trace(
            v_mV=v_all,
            m=out[:, 1],
            h=out[:, 2],
            n=out[:, 3],
            k_tubule_mM=out[:, 4],
            spike_times_ms=tuple(times for _, times in crossings),
            extra=extra,
            **common,
        )
    v, m, h, n, kt = out[0, :5]
    extra = {name: arr[0] for name, arr in extra.items()}
    _, spikes = crossings[0]
    return Trace(
        v_mV=v,
        m=m,
        h=h,
        n=n,
        k_tubule_mM=kt,
        spike_times_ms=spikes,
        extra=extra,
        **common,
    )
