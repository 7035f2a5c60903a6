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
vector by these names (:func:`pack` refuses a missing or unknown name) and the index constants the
kernels read are looked up from the same tuples here (a misspelt name fails at import). They live
in this file on purpose: numba's on-disk cache is invalidated when this file changes, and the
constants are compiled into the cached machine code.

Each kernel fills ``out`` (n_cells, n_rows, n_steps + 1) one cell after the other, so a block of
cells is a contiguous slice that another thread may integrate at the same time (``nogil``).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

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
    "v0", "m0", "h0", "n0", "kt0",  # initial V (mV), m, h, n, [K]T (mM)
    "find_settled",  # 1.0: report where each cell became stationary
)


def pack(names: tuple, values: dict) -> np.ndarray:
    """The parameter vector with ``values[name]`` at the position of each of ``names``."""
    if set(values) != set(names):
        raise ValueError(f"kernel parameters: missing {sorted(set(names) - set(values))}, "
                         f"unknown {sorted(set(values) - set(names))}")
    return np.array([values[name] for name in names], dtype=np.float64)


_M = {name: i for i, name in enumerate(MEMBRANE_PARAMS)}
P_G_NA, P_G_K, P_G_K_BACKGROUND = _M["g_na"], _M["g_k"], _M["g_k_background"]
P_E_NA, P_E_K, P_G_CONST, P_I_CONST = _M["e_na"], _M["e_k"], _M["g_const"], _M["i_const"]
P_DT_OVER_C, P_TUBULE, P_F_TUBULE, P_F_SURFACE = _M["dt_over_c"], _M["tubule"], _M["f_tubule"], _M["f_surface"]
P_K_IN, P_K_OUT, P_RT_OVER_F, P_DK_PER_SPIKE = _M["k_in"], _M["k_out"], _M["rt_over_f"], _M["dk_per_spike"]
P_TUBULE_DECAY, P_PUMP_GAIN, P_PUMP_RELAX = _M["tubule_decay"], _M["pump_gain"], _M["pump_relax"]
P_V_MIN, P_INV_RES, P_FIND_SETTLED = _M["v_min"], _M["inv_res"], _M["find_settled"]
P_V0, P_M0, P_H0, P_N0, P_KT0 = _M["v0"], _M["m0"], _M["h0"], _M["n0"], _M["kt0"]
#: rows of ``out`` of :func:`integrate`: V, m, h, n, [K]T
N_ROWS = 5

# per-step changes below these count as "stationary" (round-off level)
SETTLED_TOL_V = 1e-9
SETTLED_TOL_GATE = 1e-11
SETTLED_TOL_K = 1e-12

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


_SIGNATURE = "void(float64[:, ::1], float64[:, ::1], float64[::1], float64[:, :, ::1], int64[::1])"


@njit(_SIGNATURE, cache=True, nogil=True, fastmath=False, error_model="numpy")
def integrate(stim, tab, p, out, settled):  # pragma: no cover - compiled (run in Python with NUMBA_DISABLE_JIT=1)
    """Integrate every row of ``stim`` (n_cells, n_steps; uA/cm2 applied during each step).

    ``tab`` (n_nodes, 12): per V node the columns A, dA, E, dE for m, h, n (x_new = A + x E,
    dA/dE the forward differences for linear interpolation). Writes V, m, h, n, [K]T into
    ``out`` (n_cells, 5, n_steps + 1). If ``p[P_FIND_SETTLED]`` is set, ``settled[c]`` is the
    first sample from which every later per-step change is below the SETTLED_TOL_* tolerances
    (``n_steps`` if the last step still moved).
    """
    n_cells = stim.shape[0]
    n_steps = stim.shape[1]
    imax = tab.shape[0] - 2
    x_top = float(imax + 1)
    gna = p[P_G_NA]
    gk = p[P_G_K]
    gkb = p[P_G_K_BACKGROUND]
    ena = p[P_E_NA]
    eks = p[P_E_K]
    g_const = p[P_G_CONST]
    i_const = p[P_I_CONST]
    k_dt_c = p[P_DT_OVER_C]
    tub = p[P_TUBULE] != 0.0
    f_t = p[P_F_TUBULE]
    f_s = p[P_F_SURFACE]
    k_in = p[P_K_IN]
    k_out = p[P_K_OUT]
    rtf = p[P_RT_OVER_F]
    dk_spike = p[P_DK_PER_SPIKE]
    decay = p[P_TUBULE_DECAY]
    pump_gain = p[P_PUMP_GAIN]
    pump_relax = p[P_PUMP_RELAX]
    vmin = p[P_V_MIN]
    inv = p[P_INV_RES]
    find_settled = p[P_FIND_SETTLED] != 0.0
    for c in range(n_cells):
        vs = out[c, 0]
        ms = out[c, 1]
        hs = out[c, 2]
        ns = out[c, 3]
        kts = out[c, 4]
        v = p[P_V0]
        m = p[P_M0]
        h = p[P_H0]
        n = p[P_N0]
        kt = p[P_KT0]
        vs[0] = v
        ms[0] = m
        hs[0] = h
        ns[0] = n
        kts[0] = kt
        ek = eks
        i_pump = 0.0
        pump_drive = 0.0  # low-pass filtered ([K]T - [K]o), mM
        for k in range(1, n_steps + 1):
            i, fr = _row(v, vmin, inv, imax, x_top)
            m = tab[i, 0] + fr * tab[i, 1] + m * (tab[i, 2] + fr * tab[i, 3])
            h = tab[i, 4] + fr * tab[i, 5] + h * (tab[i, 6] + fr * tab[i, 7])
            n = tab[i, 8] + fr * tab[i, 9] + n * (tab[i, 10] + fr * tab[i, 11])
            gn = gna * m * m * m * h
            n2 = n * n
            g_k = gk * n2 * n2 + gkb
            if tub:
                ekt = rtf * math.log(kt / k_in)
                ek = f_s * eks + f_t * ekt
                i_pump = pump_gain * pump_drive
            gt = gn + g_k + g_const
            vinf = (gn * ena + g_k * ek + i_const + stim[c, k - 1] - i_pump) / gt
            vold = v
            v = vinf + (v - vinf) * math.exp(-k_dt_c * gt)
            vs[k] = v
            ms[k] = m
            hs[k] = h
            ns[k] = n
            if tub:
                if v >= 0.0 and vold < 0.0:  # upward 0-mV crossing = one action potential
                    kt += dk_spike
                kt = k_out + (kt - k_out) * decay
                pump_drive += pump_relax * (kt - k_out - pump_drive)
            kts[k] = kt
        if find_settled:
            j = n_steps
            while (
                j >= 1
                and abs(vs[j] - vs[j - 1]) < SETTLED_TOL_V
                and abs(ms[j] - ms[j - 1]) < SETTLED_TOL_GATE
                and abs(hs[j] - hs[j - 1]) < SETTLED_TOL_GATE
                and abs(ns[j] - ns[j - 1]) < SETTLED_TOL_GATE
                and abs(kts[j] - kts[j - 1]) < SETTLED_TOL_K
            ):
                j -= 1
            settled[c] = j


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
    "find_settled",
    "g_bb",  # node-internode (Barrett-Barrett) conductance, mS per cm2 of node
    "dt_over_c_int",  # dt / C_internode
    "g_int",  # internodal leak
    "e_int",  # internodal leak reversal, mV
    "v0", "m0", "h0", "n0", "p0", "s0", "q0", "vi0",  # initial V, gates, V_internode
)
_A = {name: i for i, name in enumerate(AXON_PARAMS)}
A_G_NA, A_G_NAP, A_G_KF, A_G_KS, A_G_H, A_G_LEAK = (_A[k] for k in ("g_na", "g_nap", "g_kf", "g_ks", "g_h", "g_leak"))
A_E_NA, A_E_K, A_E_H, A_E_LEAK = _A["e_na"], _A["e_k"], _A["e_h"], _A["e_leak"]
A_DT_OVER_C, A_V_MIN, A_INV_RES, A_K_OUT = _A["dt_over_c"], _A["v_min"], _A["inv_res"], _A["k_out"]
A_FIND_SETTLED, A_G_BB, A_DT_OVER_C_INT = _A["find_settled"], _A["g_bb"], _A["dt_over_c_int"]
A_G_INT, A_E_INT, A_V0, A_VI0 = _A["g_int"], _A["e_int"], _A["v0"], _A["vi0"]
#: the gates' initial values follow v0 in the order of the table: m0, h0, n0, p0, s0, q0
A_GATE0 = _A["m0"]
N_AXON_GATES = 6
if AXON_PARAMS[A_GATE0:A_GATE0 + N_AXON_GATES] != ("m0", "h0", "n0", "p0", "s0", "q0"):  # read as a block
    raise ImportError("AXON_PARAMS: the gates' initial values must follow v0 in table order")
#: rows of ``out`` of :func:`integrate_axon`: V, m, h, n, [K]o, p, s, q, V_internode
N_AXON_ROWS = 9

_AXON_SIGNATURE = "void(float64[:, ::1], float64[:, ::1], float64[::1], float64[:, :, ::1], int64[::1])"


@njit(_AXON_SIGNATURE, cache=True, nogil=True, fastmath=False, error_model="numpy")
def integrate_axon(stim, tab, p, out, settled):  # pragma: no cover - compiled (run in Python with NUMBA_DISABLE_JIT=1)
    """Integrate the motor-axon node and its internode for every row of ``stim`` (uA/cm2).

    Same scheme as :func:`integrate`: each gate relaxes exactly towards its steady state at the
    current V (Rush-Larsen, linearly interpolated tables ``tab`` (n_nodes, 24)), then the nodal V
    relaxes exactly towards the instantaneous equilibrium of all its conductances (the internode
    held at its last value), then the internodal V likewise (the node at its new value). Writes
    V, m, h, n, [K]o, p, s, q, V_internode into ``out`` (n_cells, 9, n_steps + 1); ``settled``
    as in :func:`integrate`.
    """
    n_cells = stim.shape[0]
    n_steps = stim.shape[1]
    imax = tab.shape[0] - 2
    x_top = float(imax + 1)
    gna = p[A_G_NA]
    gnap = p[A_G_NAP]
    gkf = p[A_G_KF]
    gks = p[A_G_KS]
    gh = p[A_G_H]
    gl = p[A_G_LEAK]
    ena = p[A_E_NA]
    ek = p[A_E_K]
    eh = p[A_E_H]
    el = p[A_E_LEAK]
    k_dt_c = p[A_DT_OVER_C]
    vmin = p[A_V_MIN]
    inv = p[A_INV_RES]
    k_out = p[A_K_OUT]
    find_settled = p[A_FIND_SETTLED] != 0.0
    gbb = p[A_G_BB]
    k_dt_ci = p[A_DT_OVER_C_INT]
    gi = p[A_G_INT]
    ei = p[A_E_INT]
    # the internode is passive: its relaxation factor does not depend on V
    gti = gi + gbb
    decay_i = math.exp(-k_dt_ci * gti)
    x = np.empty(N_AXON_GATES)
    for c in range(n_cells):
        v = p[A_V0]
        for g in range(N_AXON_GATES):
            x[g] = p[A_GATE0 + g]
        vi = p[A_VI0]
        out[c, 0, 0] = v
        out[c, 1, 0] = x[0]
        out[c, 2, 0] = x[1]
        out[c, 3, 0] = x[2]
        out[c, 4, 0] = k_out
        out[c, 5, 0] = x[3]
        out[c, 6, 0] = x[4]
        out[c, 7, 0] = x[5]
        out[c, 8, 0] = vi
        for k in range(1, n_steps + 1):
            i, fr = _row(v, vmin, inv, imax, x_top)
            for g in range(N_AXON_GATES):
                col = 4 * g
                x[g] = tab[i, col] + fr * tab[i, col + 1] + x[g] * (tab[i, col + 2] + fr * tab[i, col + 3])
            m = x[0]
            n2 = x[2] * x[2]
            pp = x[3]
            g_na = gna * m * m * m * x[1] + gnap * pp * pp * pp
            g_k = gkf * n2 * n2 + gks * x[4]
            g_h = gh * x[5]
            gt = g_na + g_k + g_h + gl + gbb
            vinf = (g_na * ena + g_k * ek + g_h * eh + gl * el + gbb * vi + stim[c, k - 1]) / gt
            v = vinf + (v - vinf) * math.exp(-k_dt_c * gt)
            vinf_i = (gi * ei + gbb * v) / gti
            vi = vinf_i + (vi - vinf_i) * decay_i
            out[c, 0, k] = v
            out[c, 1, k] = x[0]
            out[c, 2, k] = x[1]
            out[c, 3, k] = x[2]
            out[c, 4, k] = k_out
            out[c, 5, k] = x[3]
            out[c, 6, k] = x[4]
            out[c, 7, k] = x[5]
            out[c, 8, k] = vi
        if find_settled:
            j = n_steps
            while j >= 1 and abs(out[c, 0, j] - out[c, 0, j - 1]) < SETTLED_TOL_V:
                if abs(out[c, 8, j] - out[c, 8, j - 1]) >= SETTLED_TOL_V:
                    break
                still = True
                for r in (1, 2, 3, 5, 6, 7):
                    if abs(out[c, r, j] - out[c, r, j - 1]) >= SETTLED_TOL_GATE:
                        still = False
                        break
                if not still:
                    break
                j -= 1
            settled[c] = j
