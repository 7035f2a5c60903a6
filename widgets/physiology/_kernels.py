"""Compiled step loops of :func:`widgets.physiology.simulate` (private).

``integrate`` runs the HH-type membranes (HH1952, skeletal muscle); ``integrate_axon`` the
human motor-axon node with its internode (:mod:`widgets.physiology.axon`), with the same scheme.
Imported lazily by :mod:`widgets.physiology.simulation` on the first simulation, so
``import widgets.physiology`` does not pay for importing numba. Each kernel is compiled eagerly for one explicit signature when this
module is imported and cached on disk (``cache=True``: ``__pycache__/_kernels.*.nbi/.nbc``), so
a fresh process only loads machine code (the first call then costs about 0.5-0.8 s, mostly
importing numba and initialising its compiler); only the first use after an install, an upgrade
of numba or an edit of this file compiles (about 0.4 s more).

The scheme is exactly the one documented in :mod:`widgets.physiology.simulation`: Rush-Larsen
gates from linearly interpolated lookup tables, then exponential relaxation of V towards the
instantaneous equilibrium, then the T-tubule [K] update. Parameters travel in one float64 vector,
so that nothing about a model is frozen into the cached machine code. Its layout has ONE
definition, the tuples :data:`MEMBRANE_PARAMS` and :data:`AXON_PARAMS`: ``simulate`` packs the
vector by these names (:func:`pack` refuses a missing or unknown name) and each kernel reads it
once as a named tuple with the same names as fields (:func:`_reader`; a misspelt name fails at
import, when the kernels compile). They live in this file on purpose: numba's on-disk cache is
invalidated when this file changes, and the layout is compiled into the cached machine code.

Both kernels share the compiled pieces of the scheme (inlined): the table lookup :func:`_row`, the
gate step :func:`_gate` and the exact relaxation :func:`_relax`.

Each kernel fills ``out`` (n_cells, n_rows, n_steps + 1) one cell after the other, so a block of
cells is a contiguous slice that another thread may integrate at the same time (``nogil``).
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np
from numba import config, njit

if (
    config.DISABLE_JIT
):  # the kernels run as plain Python (NUMBA_DISABLE_JIT=1: coverage, debugging)

    def to_fixed_tuple(p, size):
        return tuple(p[:size])
else:
    from numba.np.unsafe.ndarray import to_fixed_tuple

#: Parameter vector of :func:`integrate`, in this order (units in the comments).
MEMBRANE_PARAMS = (
    "g_na",  # mS/cm2
    "g_k",
    "g_k_background",
    "e_na",  # mV
    "e_k",  # bulk E_K, mV
    "g_const",  # leak + Cl + background Na, mS/cm2
    "i_const",  # sum g*E of those, uA/cm2
    "dt_over_c",  # dt / C_m
    "tubule",  # 1.0 if the T-tubule compartment is on
    "f_tubule",  # fraction of K conductance that sees [K]T
    "f_surface",  # 1 - f_tubule
    "k_in",  # mM
    "k_out",  # mM
    "rt_over_f",  # mV
    "dk_per_spike",  # mM
    "tubule_decay",  # exp(-dt / tau_T)
    "pump_gain",  # uA/cm2 per mM
    "pump_relax",  # 1 - exp(-dt / tau_pump)
    "v_min",  # first node of the lookup tables, mV
    "inv_res",  # 1 / table resolution, 1/mV
    "v0",
    "m0",
    "h0",
    "n0",
    "kt0",  # initial V (mV), m, h, n, [K]T (mM)
)


def pack(names: tuple, values: dict) -> np.ndarray:
    """The parameter vector with ``values[name]`` at the position of each of ``names``."""
    if set(values) != set(names):
        raise ValueError(
            f"kernel parameters: missing {sorted(set(names) - set(values))}, "
            f"unknown {sorted(set(values) - set(names))}"
        )
    return np.array([values[name] for name in names], dtype=np.float64)


def _reader(names: tuple):
    """Compiled reader of a vector laid out as ``names``: ``q = read(p)``, then ``q.<name>``.

    Read once per kernel call into a value (a named tuple, which ``out`` cannot alias), so the
    step loops read the parameters as they would local variables.
    """
    layout = namedtuple("KernelParams", names)
    size = len(names)

    @njit(inline="always")
    def read(p):  # pragma: no cover - compiled into the kernels
        return layout(*to_fixed_tuple(p, size))

    return read


_read_membrane = _reader(MEMBRANE_PARAMS)
#: rows of ``out`` of :func:`integrate`: V, m, h, n, [K]T
N_ROWS = 5


@njit(inline="always")
def _row(v, vmin, inv, imax, x_top):  # pragma: no cover - compiled into the kernels
    """Row i of the lookup table below V and the fraction fr of the way to the next row.

    i = int(x) clamped to [0, imax] (edge values outside the table; int() truncates towards
    zero); comparisons first so NaN/inf never reach the int conversion.
    """
    x = (v - vmin) * inv
    if x >= x_top:
        return imax, x_top - imax
    if x > -1.0:
        i = int(x)
        return i, x - i
    return 0, 0.0


@njit(inline="always")
def _gate(tab, i, fr, col, x):  # pragma: no cover - compiled into the kernels
    """Rush-Larsen step of the gate in columns col..col+3 (A, dA, E, dE) of ``tab``: A + x E."""
    return tab[i, col] + fr * tab[i, col + 1] + x * (tab[i, col + 2] + fr * tab[i, col + 3])


@njit(inline="always")
def _relax(y, y_inf, factor):  # pragma: no cover - compiled into the kernels
    """Exact relaxation of y towards y_inf over one step (``factor`` = exp(-dt / tau))."""
    return y_inf + (y - y_inf) * factor


_SIGNATURE = "void(float64[:, ::1], float64[:, ::1], float64[::1], float64[:, :, ::1])"


@njit(_SIGNATURE, cache=True, nogil=True, fastmath=False, error_model="numpy")
def integrate(
    stim, tab, p, out
):  # pragma: no cover - compiled (run in Python with NUMBA_DISABLE_JIT=1)
    """Integrate every row of ``stim`` (n_cells, n_steps; uA/cm2 applied during each step).

    ``tab`` (n_nodes, 12): per V node the columns A, dA, E, dE for m, h, n (x_new = A + x E,
    dA/dE the forward differences for linear interpolation). Writes V, m, h, n, [K]T into
    ``out`` (n_cells, 5, n_steps + 1).
    """
    q = _read_membrane(p)
    imax = tab.shape[0] - 2
    x_top = float(imax + 1)
    tub = q.tubule != 0.0
    for c in range(stim.shape[0]):
        o = out[c]
        v, m, h, n, kt = q.v0, q.m0, q.h0, q.n0, q.kt0
        o[0, 0], o[1, 0], o[2, 0], o[3, 0], o[4, 0] = v, m, h, n, kt
        ek = q.e_k
        i_pump = 0.0
        pump_drive = 0.0  # low-pass filtered ([K]T - [K]o), mM
        for k in range(1, stim.shape[1] + 1):
            i, fr = _row(v, q.v_min, q.inv_res, imax, x_top)
            m = _gate(tab, i, fr, 0, m)
            h = _gate(tab, i, fr, 4, h)
            n = _gate(tab, i, fr, 8, n)
            gn = q.g_na * m * m * m * h
            n2 = n * n
            g_k = q.g_k * n2 * n2 + q.g_k_background
            if tub:
                ekt = q.rt_over_f * math.log(kt / q.k_in)
                ek = q.f_surface * q.e_k + q.f_tubule * ekt
                i_pump = q.pump_gain * pump_drive
            gt = gn + g_k + q.g_const
            vinf = (gn * q.e_na + g_k * ek + q.i_const + stim[c, k - 1] - i_pump) / gt
            vold = v
            v = _relax(v, vinf, math.exp(-q.dt_over_c * gt))
            o[0, k], o[1, k], o[2, k], o[3, k] = v, m, h, n
            if tub:
                if v >= 0.0 and vold < 0.0:  # upward 0-mV crossing = one action potential
                    kt += q.dk_per_spike
                kt = _relax(kt, q.k_out, q.tubule_decay)
                pump_drive += q.pump_relax * (kt - q.k_out - pump_drive)
            o[4, k] = kt


# --------------------------------------------------------------------------- human motor axon
#: Parameter vector of :func:`integrate_axon` (per cm2 of nodal membrane), in this order. Gates
#: in the order of the lookup table (4 columns each: A, dA, E, dE): m, h (transient Na), n (fast
#: K), p (persistent Na), s (slow K), q (HCN).
AXON_PARAMS = (
    "g_na",  # mS/cm2, transient Na (m^3 h)
    "g_nap",  # persistent Na (p^3)
    "g_kf",  # fast K (n^4)
    "g_ks",  # slow K (s)
    "g_h",  # HCN (q)
    "g_leak",
    "e_na",  # mV
    "e_k",
    "e_h",
    "e_leak",
    "dt_over_c",  # dt / C_node
    "v_min",  # first node of the lookup tables, mV
    "inv_res",  # 1 / table resolution, 1/mV
    "k_out",  # mM, written to row 4 of out (the Trace's k_tubule_mM) for shape compatibility
    "g_bb",  # node-internode (Barrett-Barrett) conductance, mS per cm2 of node
    "dt_over_c_int",  # dt / C_internode
    "g_int",  # internodal leak
    "e_int",  # internodal leak reversal, mV
    "v0",
    "m0",
    "h0",
    "n0",
    "p0",
    "s0",
    "q0",
    "vi0",  # initial V, gates, V_internode
)
_read_axon = _reader(AXON_PARAMS)
N_AXON_GATES = 6
#: rows of ``out`` of :func:`integrate_axon`: V, m, h, n, [K]o, p, s, q, V_internode
N_AXON_ROWS = 9
_AXON_GATE_ROWS = (1, 2, 3, 5, 6, 7)  # rows of the gates m, h, n, p, s, q


@njit(inline="always")
def _store_axon(o, k, v, x, k_out, vi):  # pragma: no cover - compiled into the kernels
    """Write sample k of one axon cell: V, gates ``x`` (table order), [K]o, V_internode."""
    o[0, k] = v
    for g in range(N_AXON_GATES):
        o[_AXON_GATE_ROWS[g], k] = x[g]
    o[4, k] = k_out
    o[8, k] = vi


@njit(_SIGNATURE, cache=True, nogil=True, fastmath=False, error_model="numpy")
def integrate_axon(
    stim, tab, p, out
):  # pragma: no cover - compiled (run in Python with NUMBA_DISABLE_JIT=1)
    """Integrate the motor-axon node and its internode for every row of ``stim`` (uA/cm2).

    Same scheme as :func:`integrate`: each gate relaxes exactly towards its steady state at the
    current V (Rush-Larsen, linearly interpolated tables ``tab`` (n_nodes, 24)), then the nodal V
    relaxes exactly towards the instantaneous equilibrium of all its conductances (the internode
    held at its last value), then the internodal V likewise (the node at its new value). Writes
    V, m, h, n, [K]o, p, s, q, V_internode into ``out`` (n_cells, 9, n_steps + 1) ([K]o is
    constant).
    """
    q = _read_axon(p)
    imax = tab.shape[0] - 2
    x_top = float(imax + 1)
    # the internode is passive: its relaxation factor does not depend on V
    gti = q.g_int + q.g_bb
    decay_i = math.exp(-q.dt_over_c_int * gti)
    x = np.empty(N_AXON_GATES)
    for c in range(stim.shape[0]):
        o = out[c]
        v, vi = q.v0, q.vi0
        x[0], x[1], x[2], x[3], x[4], x[5] = q.m0, q.h0, q.n0, q.p0, q.s0, q.q0
        _store_axon(o, 0, v, x, q.k_out, vi)
        for k in range(1, stim.shape[1] + 1):
            i, fr = _row(v, q.v_min, q.inv_res, imax, x_top)
            for g in range(N_AXON_GATES):
                x[g] = _gate(tab, i, fr, 4 * g, x[g])
            m = x[0]
            n2 = x[2] * x[2]
            pp = x[3]
            g_na = q.g_na * m * m * m * x[1] + q.g_nap * pp * pp * pp
            g_k = q.g_kf * n2 * n2 + q.g_ks * x[4]
            g_h = q.g_h * x[5]
            gt = g_na + g_k + g_h + q.g_leak + q.g_bb
            vinf = (
                g_na * q.e_na
                + g_k * q.e_k
                + g_h * q.e_h
                + q.g_leak * q.e_leak
                + q.g_bb * vi
                + stim[c, k - 1]
            ) / gt
            v = _relax(v, vinf, math.exp(-q.dt_over_c * gt))
            vi = _relax(vi, (q.g_int * q.e_int + q.g_bb * v) / gti, decay_i)
            _store_axon(o, k, v, x, q.k_out, vi)
