"""Excitability measures: rheobase, f-I curve, onset of repetitive firing, block, stability.

All currents in uA/cm2 (depolarising positive), rates in Hz, times in ms. Reference values for
HH1952 (``hodgkin1952``, reproduced numerically): single-spike rheobase ~2.24 uA/cm2 for a long
step, repetitive firing from ~6.26 uA/cm2 at ~50 Hz, 10 -> 68, 20 -> 87, 50 -> 117 Hz,
depolarisation block near 155 uA/cm2.
"""

from __future__ import annotations

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology._bisect import smallest_true
from widgets.physiology.membrane import MembraneModel, hh_rates_per_ms
from widgets.physiology.simulation import simulate
from widgets.physiology.spikes import rate_hz


def _check_model(model) -> MembraneModel:
    return _v.instance_of(
        model,
        "model",
        MembraneModel,
        "MembraneModel from hodgkin_huxley_1952() or skeletal_muscle()",
    )


def rheobase_uA_cm2(
    model, duration_ms=100.0, *, i_max_uA_cm2=400.0, tol_uA_cm2=0.001, dt_ms=0.01, known=None
):
    """Smallest step current (uA/cm2) lasting ``duration_ms`` that evokes >= 1 spike (0 mV).

    Bisection to ``tol_uA_cm2``. Returns ``inf`` if even ``i_max_uA_cm2`` fails (inexcitable,
    e.g. depolarisation block) and 0.0 if the model fires without any stimulus. ``known``
    (optional): {current: fires or not} already simulated (e.g. the first ``duration_ms`` of
    f-I runs, see :func:`fires_within_ms`); when these answers rise monotonically with the
    current, the bisection takes the answers they imply instead of simulating (same steps, same
    result), else it ignores them.
    """
    _check_model(model)
    duration = _v.positive(duration_ms, "duration_ms", "ms", upper=10_000.0)
    i_max = _v.positive(i_max_uA_cm2, "i_max_uA_cm2", "uA/cm2", upper=10_000.0)
    tol = _v.positive(tol_uA_cm2, "tol_uA_cm2", "uA/cm2")
    grid = sorted((known or {}).items())
    if [f for _, f in grid] != sorted(f for _, f in grid):  # not monotone: no inference
        grid = []
    lowest_firing = min((i for i, f in grid if f), default=float("inf"))
    highest_silent = max((i for i, f in grid if not f), default=-float("inf"))

    def fires(i):
        if i >= lowest_firing or i <= highest_silent:
            return i >= lowest_firing
        return len(simulate(model, i, duration, dt_ms).spike_times_ms) > 0

    if fires(0.0):
        return 0.0
    return smallest_true(fires, 0.0, i_max, tol)


def fires_within_ms(spike_times_ms, duration_ms: float, dt_ms: float) -> bool:
    """Whether a run with time step ``dt_ms`` has a spike by ``duration_ms``: the answer a
    ``duration_ms`` step of the same current gives (the first steps of a longer constant-current
    run are that shorter run, step for step)."""
    s = np.asarray(spike_times_ms, dtype=float)
    return bool(s.size and s[0] <= int(round(duration_ms / dt_ms)) * dt_ms)


def fi_curve(
    model, currents_uA_cm2, *, t_stop_ms=500.0, transient_ms=200.0, dt_ms=0.01, batch=False
):
    """Steady firing rate (Hz) for each constant current (uA/cm2).

    The rate is 1000 / mean ISI of the spikes after ``transient_ms`` (0 if fewer than two), so a
    single onset spike counts as 0 Hz. ``batch=True`` integrates all currents in one call of the
    compiled integrator (a 2-D stimulus, :func:`fi_runs`); the default calls :func:`simulate`
    once per current. Both give identical results.
    """
    if batch:
        return fi_runs(
            model, currents_uA_cm2, t_stop_ms=t_stop_ms, transient_ms=transient_ms, dt_ms=dt_ms
        )[0]
    currents, t_stop, transient = _fi_inputs(model, currents_uA_cm2, t_stop_ms, transient_ms)
    return np.array(
        [
            rate_hz(simulate(model, float(i), t_stop, dt_ms).spike_times_ms, transient)
            for i in currents
        ]
    )


def fi_runs(model, currents_uA_cm2, *, t_stop_ms=500.0, transient_ms=200.0, dt_ms=0.01):
    """(rates in Hz as :func:`fi_curve`, spike times in ms of each run): one batch of all currents."""
    currents, t_stop, transient = _fi_inputs(model, currents_uA_cm2, t_stop_ms, transient_ms)
    spikes = simulate(model, currents.reshape(-1, 1), t_stop, dt_ms).spike_times_ms
    return np.array([rate_hz(s, transient) for s in spikes]), spikes


def _fi_inputs(model, currents_uA_cm2, t_stop_ms, transient_ms):
    _check_model(model)
    currents = np.atleast_1d(
        _v.finite(currents_uA_cm2, "currents_uA_cm2", "uA/cm2", -1000.0, 1000.0)
    )
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms")
    transient = _v.positive(transient_ms, "transient_ms", "ms", allow_zero=True)
    if transient >= t_stop:
        raise ValueError(f"transient_ms must be < t_stop_ms ({t_stop} ms) (got {transient})")
    return currents, t_stop, transient


def repetitive_firing_onset_uA_cm2(
    model, *, i_lo_uA_cm2=0.0, i_hi_uA_cm2=20.0, tol_uA_cm2=0.001, t_stop_ms=400.0, dt_ms=0.01
):
    """Smallest step current (uA/cm2) that gives sustained firing (spikes in the last quarter)."""
    _check_model(model)
    lo = _v.finite(i_lo_uA_cm2, "i_lo_uA_cm2", "uA/cm2", -1000.0, 1000.0)
    hi = _v.finite(i_hi_uA_cm2, "i_hi_uA_cm2", "uA/cm2", -1000.0, 1000.0)
    tol = _v.positive(tol_uA_cm2, "tol_uA_cm2", "uA/cm2")

    def sustained(i):
        s = simulate(model, i, t_stop_ms, dt_ms).spike_times_ms
        return len(s) >= 2 and s[-1] > 0.75 * t_stop_ms

    return smallest_true(sustained, lo, hi, tol)


def oscillation_amplitude_mV(
    model, current_uA_cm2, *, t_stop_ms=600.0, window_ms=150.0, dt_ms=0.01
):
    """Peak-to-peak voltage (mV) in the last ``window_ms`` of a constant-current run.

    Near zero means the membrane settled at a (depolarised) fixed point: depolarisation block.
    """
    _check_model(model)
    tr = simulate(model, current_uA_cm2, t_stop_ms, dt_ms)
    n = int(round(_v.positive(window_ms, "window_ms", "ms", upper=t_stop_ms) / tr.dt_ms))
    v = tr.v_mV[-n:]
    return float(v.max() - v.min())


def depolarisation_block_uA_cm2(
    model, *, i_lo_uA_cm2=100.0, i_hi_uA_cm2=250.0, tol_uA_cm2=0.5, threshold_mV=1.0, dt_ms=0.01
):
    """Current (uA/cm2) above which sustained oscillation stops (peak-to-peak < ``threshold_mV``)."""
    _check_model(model)
    lo = _v.finite(i_lo_uA_cm2, "i_lo_uA_cm2", "uA/cm2", -1000.0, 1000.0)
    hi = _v.finite(i_hi_uA_cm2, "i_hi_uA_cm2", "uA/cm2", -1000.0, 1000.0)
    tol = _v.positive(tol_uA_cm2, "tol_uA_cm2", "uA/cm2")
    return smallest_true(
        lambda i: oscillation_amplitude_mV(model, i, dt_ms=dt_ms) < threshold_mV, lo, hi, tol
    )


def _rhs(x, model, i_stim=0.0):
    v, m, h, n = x
    am, bm, ah, bh, an, bn = hh_rates_per_ms(v - model.gating_offset_mV - model.gating_shift_mV)
    r = model.rate_factor
    i = (model.g_na_mS_cm2 * m**3 * h + model.g_na_background_mS_cm2) * (v - model.e_na_mV)
    i += (model.g_k_mS_cm2 * n**4 + model.g_k_background_mS_cm2) * (v - model.e_k_mV)
    i += model.g_cl_mS_cm2 * (v - model.e_cl_mV) + model.g_leak_mS_cm2 * (v - model.e_leak_mV)
    return np.array(
        [
            (i_stim - i) / model.c_m_uF_cm2,
            r * (am * (1 - m) - bm * m),
            r * (ah * (1 - h) - bh * h),
            r * (an * (1 - n) - bn * n),
        ]
    )


def resting_stability_per_ms(model) -> float:
    """Largest real part (1/ms) of the Jacobian eigenvalues at rest ([K]T = [K]o, no stimulus).

    Negative: rest is stable; positive: rest is unstable and the membrane fires by itself (e.g.
    HH1952 with a gating shift of -6.8 mV, the model analogue of hypocalcaemic tetany).
    """
    _check_model(model)
    x0 = np.array(model.initial_state[:4])
    jac = np.zeros((4, 4))
    eps = 1e-6
    for j in range(4):
        d = np.zeros(4)
        d[j] = eps
        jac[:, j] = (_rhs(x0 + d, model) - _rhs(x0 - d, model)) / (2 * eps)
    return float(np.max(np.linalg.eigvals(jac).real))
