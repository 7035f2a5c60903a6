"""Compiled step loops of :func:`widgets.physiology.membrane.simulate` (private).

``integrate`` runs the HH-type membranes (HH1952, skeletal muscle); ``integrate_axon`` the
human motor-axon node with its internode (:mod:`widgets.physiology.axon`), with the same scheme.
Imported lazily by ``membrane`` on the first simulation, so ``import widgets.physiology`` does
not pay for importing numba. Each kernel is compiled eagerly for one explicit signature when this
module is imported and cached on disk (``cache=True``: ``__pycache__/_kernels.*.nbi/.nbc``), so
a fresh process only loads machine code (the first call then costs about 0.5-0.8 s, mostly
importing numba and initialising its compiler); only the first use after an install, an upgrade
of numba or an edit of this file compiles (about 0.4 s more).

The scheme is exactly the one documented in ``membrane``: Rush-Larsen gates from linearly
interpolated lookup tables, then exponential relaxation of V towards the instantaneous
equilibrium, then the T-tubule [K] update. Parameters travel in one float64 vector whose layout
is given by the ``P_*`` indices below (``membrane._params`` fills it), so that nothing about a
model is frozen into the cached machine code.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# layout of the parameter vector ``p``
P_G_NA = 0  # mS/cm2
P_G_K = 1
P_G_K_BACKGROUND = 2
P_E_NA = 3  # mV
P_E_K = 4  # bulk E_K, mV
P_G_CONST = 5  # leak + Cl + background Na, mS/cm2
P_I_CONST = 6  # sum g*E of those, uA/cm2
P_DT_OVER_C = 7  # dt / C_m
P_TUBULE = 8  # 1.0 if the T-tubule compartment is on
P_F_TUBULE = 9  # fraction of K conductance that sees [K]T
P_F_SURFACE = 10  # 1 - P_F_TUBULE
P_K_IN = 11  # mM
P_K_OUT = 12  # mM
P_RT_OVER_F = 13  # mV
P_DK_PER_SPIKE = 14  # mM
P_TUBULE_DECAY = 15  # exp(-dt / tau_T)
P_PUMP_GAIN = 16  # uA/cm2 per mM
P_PUMP_RELAX = 17  # 1 - exp(-dt / tau_pump)
P_V_MIN = 18  # first node of the lookup tables, mV
P_INV_RES = 19  # 1 / table resolution, 1/mV
P_V0 = 20  # initial V, m, h, n, [K]T: P_V0 .. P_V0 + 4
P_FIND_SETTLED = 25  # 1.0: report where each cell became stationary
N_PARAMS = 26

# per-step changes below these count as "stationary" (round-off level)
SETTLED_TOL_V = 1e-9
SETTLED_TOL_GATE = 1e-11
SETTLED_TOL_K = 1e-12

_SIGNATURE = "void(float64[:, ::1], float64[:, ::1], float64[::1], float64[:, :, ::1], int64[::1])"


@njit(_SIGNATURE, cache=True, nogil=True, fastmath=False, error_model="numpy")
def integrate(stim, tab, p, out, settled):  # pragma: no cover - compiled (run in Python with NUMBA_DISABLE_JIT=1)
    """Integrate every row of ``stim`` (n_cells, n_steps; uA/cm2 applied during each step).

    ``tab`` (n_nodes, 12): per V node the columns A, dA, E, dE for m, h, n (x_new = A + x E,
    dA/dE the forward differences for linear interpolation). Writes V, m, h, n, [K]T into
    ``out`` (5, n_cells, n_steps + 1). If ``p[P_FIND_SETTLED]`` is set, ``settled[c]`` is the
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
        vs = out[0, c]
        ms = out[1, c]
        hs = out[2, c]
        ns = out[3, c]
        kts = out[4, c]
        v = p[P_V0]
        m = p[P_V0 + 1]
        h = p[P_V0 + 2]
        n = p[P_V0 + 3]
        kt = p[P_V0 + 4]
        vs[0] = v
        ms[0] = m
        hs[0] = h
        ns[0] = n
        kts[0] = kt
        ek = eks
        i_pump = 0.0
        pump_drive = 0.0  # low-pass filtered ([K]T - [K]o), mM
        for k in range(1, n_steps + 1):
            x = (v - vmin) * inv
            # i = int(x) clamped to [0, imax] as in the reference loop (edge values outside the
            # table); comparisons first so NaN/inf never reach the int conversion
            if x >= x_top:
                i = imax
                x = x_top
            elif x > -1.0:
                i = int(x)  # truncation towards zero, like Python's int()
            else:
                i = 0
                x = 0.0
            fr = x - i
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
# Layout of the parameter vector of ``integrate_axon`` (``axon._params`` fills it). Gates, in the
# order of the lookup table (4 columns each: A, dA, E, dE): m, h (transient Na), n (fast K),
# p (persistent Na), s (slow K), q (HCN). Rows of ``out``: V, m, h, n, [K]o, p, s, q, V_internode.
A_G_NA = 0  # mS/cm2 of nodal membrane, transient Na (m^3 h)
A_G_NAP = 1  # persistent Na (p^3)
A_G_KF = 2  # fast K (n^4)
A_G_KS = 3  # slow K (s)
A_G_H = 4  # HCN (q)
A_G_LEAK = 5
A_E_NA = 6  # mV
A_E_K = 7
A_E_H = 8
A_E_LEAK = 9
A_DT_OVER_C = 10  # dt / C_node
A_V_MIN = 11
A_INV_RES = 12
A_K_OUT = 13  # mM, written to out[4] (the Trace's k_tubule_mM) for shape compatibility
A_FIND_SETTLED = 14
A_G_BB = 15  # node-internode (Barrett-Barrett) conductance, mS per cm2 of node
A_DT_OVER_C_INT = 16  # dt / C_internode
A_G_INT = 17  # internodal leak
A_E_INT = 18  # internodal leak reversal, mV
A_X0 = 19  # initial V, m, h, n, p, s, q, V_internode: A_X0 .. A_X0 + 7
N_AXON_PARAMS = 27
N_AXON_GATES = 6

_AXON_SIGNATURE = "void(float64[:, ::1], float64[:, ::1], float64[::1], float64[:, :, ::1], int64[::1])"


@njit(_AXON_SIGNATURE, cache=True, nogil=True, fastmath=False, error_model="numpy")
def integrate_axon(stim, tab, p, out, settled):  # pragma: no cover - compiled (run in Python with NUMBA_DISABLE_JIT=1)
    """Integrate the motor-axon node and its internode for every row of ``stim`` (uA/cm2).

    Same scheme as :func:`integrate`: each gate relaxes exactly towards its steady state at the
    current V (Rush-Larsen, linearly interpolated tables ``tab`` (n_nodes, 24)), then the nodal V
    relaxes exactly towards the instantaneous equilibrium of all its conductances (the internode
    held at its last value), then the internodal V likewise (the node at its new value). Writes
    V, m, h, n, [K]o, p, s, q, V_internode into ``out`` (9, n_cells, n_steps + 1); ``settled``
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
        v = p[A_X0]
        for g in range(N_AXON_GATES):
            x[g] = p[A_X0 + 1 + g]
        vi = p[A_X0 + 7]
        out[0, c, 0] = v
        out[1, c, 0] = x[0]
        out[2, c, 0] = x[1]
        out[3, c, 0] = x[2]
        out[4, c, 0] = k_out
        out[5, c, 0] = x[3]
        out[6, c, 0] = x[4]
        out[7, c, 0] = x[5]
        out[8, c, 0] = vi
        for k in range(1, n_steps + 1):
            xi = (v - vmin) * inv
            if xi >= x_top:  # edge values outside the table; NaN/inf never reach int()
                i = imax
                xi = x_top
            elif xi > -1.0:
                i = int(xi)
            else:
                i = 0
                xi = 0.0
            fr = xi - i
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
            out[0, c, k] = v
            out[1, c, k] = x[0]
            out[2, c, k] = x[1]
            out[3, c, k] = x[2]
            out[4, c, k] = k_out
            out[5, c, k] = x[3]
            out[6, c, k] = x[4]
            out[7, c, k] = x[5]
            out[8, c, k] = vi
        if find_settled:
            j = n_steps
            while j >= 1 and abs(out[0, c, j] - out[0, c, j - 1]) < SETTLED_TOL_V:
                if abs(out[8, c, j] - out[8, c, j - 1]) >= SETTLED_TOL_V:
                    break
                still = True
                for r in (1, 2, 3, 5, 6, 7):
                    if abs(out[r, c, j] - out[r, c, j - 1]) >= SETTLED_TOL_GATE:
                        still = False
                        break
                if not still:
                    break
                j -= 1
            settled[c] = j
