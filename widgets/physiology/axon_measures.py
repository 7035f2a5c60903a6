"""What threshold tracking measures on the human motor-axon node of :mod:`widgets.physiology.axon`.

Strength-duration time constant and rheobase (:func:`strength_duration`, :func:`threshold_uA_cm2`),
refractoriness (:func:`refractory_period_ms`, :func:`recovery_cycle`), and where the resting state
gives way to spontaneous discharge, the onset of tetany in the model
(:func:`resting_stability_per_ms`, :func:`critical_shift_mV`, :func:`tetany_onset_ca_mM`,
:func:`spontaneous_discharge`, :func:`discharge_groups`). Currents in uA per cm2 of nodal
membrane, times in ms, calcium in mmol/L. Sources and calibration: see the model's module.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology._bisect import smallest_true
from widgets.physiology.axon import (
    AXON_DEFAULTS,
    GATES,
    SHIFTED_GATES,
    AxonModel,
    axon_rates_per_ms,
    divalent_shift_mV,
    motor_axon,
)
from widgets.physiology.simulation import simulate
from widgets.physiology.stimuli import nudge


def _rhs(model: AxonModel, y: np.ndarray) -> np.ndarray:
    v, vi = y[0], y[7]
    x = dict(zip(GATES, y[1:7]))
    shifted = axon_rates_per_ms(v - model.gating_shift_mV, model.temperature_c)
    plain = axon_rates_per_ms(v, model.temperature_c)
    i_bb = model.g_bb_mS_cm2 * (v - vi)
    d = [-(float(model.ionic_current_uA_cm2(v, x)) + i_bb) / model.c_m_uF_cm2]
    for g in GATES:
        a, b = (shifted if g in SHIFTED_GATES else plain)[g]
        d.append(float(a * (1.0 - x[g]) - b * x[g]))
    d.append(
        (i_bb - model.g_internode_mS_cm2 * (vi - model.e_internode_mV)) / model.c_internode_uF_cm2
    )
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


def _check(model) -> None:
    if not isinstance(model, AxonModel):
        raise ValueError(f"model must be an AxonModel from motor_axon() (got {model!r})")


def _pulse_fires(
    model: AxonModel, amplitudes, width_ms: float, dt_ms: float, conditioning=None
) -> np.ndarray:
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


def threshold_uA_cm2(
    model: AxonModel,
    width_ms: float = 0.1,
    *,
    dt_ms: float = 0.005,
    rel_tol: float = 1e-3,
    i_max_uA_cm2: float = 20000.0,
) -> float:
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


def strength_duration(
    model: AxonModel, widths_ms=(0.02, 0.05, 0.1, 0.2, 0.5, 1.0), *, dt_ms: float = 0.005
) -> StrengthDuration:
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


def recovery_cycle(
    model: AxonModel,
    intervals_ms,
    *,
    width_ms: float = 0.1,
    conditioning_factor: float = 1.5,
    dt_ms: float = 0.005,
) -> np.ndarray:
    """Threshold change (%) of a test pulse at each interval after a conditioning impulse.

    Both pulses are ``width_ms`` long and given at the same node; the conditioning pulse is
    ``conditioning_factor`` times the resting threshold. Positive = less excitable (refractory
    or subexcitable), negative = more excitable (superexcitable).
    """
    _check(model)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    intervals = np.atleast_1d(_v.positive(intervals_ms, "intervals_ms", "ms", upper=500.0)).astype(
        float
    )
    rest = threshold_uA_cm2(model, width_ms, dt_ms=dt)
    cond = conditioning_factor * rest
    out = []
    for d in intervals:
        th = _bracket_threshold(
            lambda a, d=d: _pulse_fires(model, a, width_ms, dt, (cond, d)), 10.0 * rest, 1e-3
        )
        out.append(100.0 * (th / rest - 1.0))
    return np.array(out)


def refractory_period_ms(
    model: AxonModel,
    test_factor: float = 1.1,
    *,
    width_ms: float = 0.1,
    conditioning_factor: float = 1.5,
    max_interval_ms: float = 10.0,
    dt_ms: float = 0.005,
) -> float:
    """Shortest interval (ms) at which a test pulse of ``test_factor`` x resting threshold fires again.

    The protocol of single-motor-unit studies with conditioning and test stimuli through the
    same electrode: both pulses ``width_ms`` long, the conditioning one ``conditioning_factor``
    times threshold. Scans in 0.1 ms steps, then bisects to 0.005 ms; ``inf`` if the test never
    fires within ``max_interval_ms``.
    """
    _check(model)
    factor = _v.positive(
        test_factor, "test_factor", "(multiple of the resting threshold)", upper=20.0
    )
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    rest = threshold_uA_cm2(model, width_ms, dt_ms=dt)
    cond = conditioning_factor * rest

    def fires(d):
        return bool(_pulse_fires(model, [factor * rest], width_ms, dt, (cond, float(d)))[0])

    for d in np.arange(0.2, max_interval_ms + 1e-9, 0.1):
        if fires(d):
            return smallest_true(fires, d - 0.1, d, 0.005)
    return float("inf")


def spontaneous_discharge(
    model: AxonModel, t_stop_ms: float = 1000.0, *, dt_ms: float = 0.01
) -> np.ndarray:
    """Spike times (ms) with no stimulus, after a tiny 1 ms, 1 uA/cm2 nudge standing in for noise.

    A stable rest returns to quiet; an unstable one discharges by itself.
    """
    _check(model)
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=60_000.0)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=model.max_dt_ms)
    n = int(round(t_stop / dt))
    return simulate(model, nudge(np.arange(n) * dt), t_stop, dt).spike_times_ms


def discharge_groups(spike_times_ms, gap_ms: float = 20.0) -> list:
    """Sizes of the groups of spikes (a new group starts after a silence longer than ``gap_ms``).

    ``[1, 1, 1]`` are single discharges; ``[2, 2]`` doublets; ``[6, 6]`` multiplets.
    """
    edges = _group_edges(spike_times_ms, gap_ms)
    return [int(b - a) for a, b in itertools.pairwise(edges)]


def group_starts_ms(spike_times_ms, gap_ms: float = 20.0) -> list:
    """Time (ms) of the first spike of each group of :func:`discharge_groups`."""
    s = np.asarray(spike_times_ms, dtype=float)
    return [float(s[i]) for i in _group_edges(s, gap_ms)[:-1]]


def _group_edges(spike_times_ms, gap_ms: float) -> np.ndarray:
    """Indices where each group of spikes starts, then the number of spikes."""
    s = np.asarray(spike_times_ms, dtype=float)
    gap = _v.positive(gap_ms, "gap_ms", "ms")
    if s.size == 0:
        return np.zeros(1, dtype=int)
    breaks = np.flatnonzero(np.diff(s) > gap)
    return np.concatenate(([0], breaks + 1, [s.size])).astype(int)


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
    # rests(j_hi) true, rests(j_lo) false: the smallest grid step that rests (x rounded up)
    x = smallest_true(lambda x: rests(math.ceil(x)), j_lo, j_hi, 0.5)
    return math.ceil(x) * _CRIT_RES_MV


@lru_cache(maxsize=256)
def _critical_shift_cached(k_out_mM: float, temperature_c: float) -> float:
    return critical_shift_mV(motor_axon(k_out_mM=k_out_mM, temperature_c=temperature_c))


@lru_cache(maxsize=512)
def tetany_onset_ca_mM(
    *, k_out_mM: float = 4.0, mg_out_mM: float = 0.85, temperature_c: float = 37.0, ph: float = 7.4
) -> float:
    """Ionised calcium (mmol/L, as laboratories report it) below which the node discharges by itself.

    The calcium whose surface-charge shift (with this magnesium and pH) reaches
    :func:`critical_shift_mV`; about 0.92 mmol/L at normal potassium, magnesium and pH. Lower
    magnesium or a higher pH raise it (the axon fires at a higher calcium), as does raised
    potassium. Returns 0.0 if no positive calcium is low enough (a strong alkalosis with a very
    stable node).
    """
    model = motor_axon(
        k_out_mM=k_out_mM, mg_out_mM=mg_out_mM, temperature_c=temperature_c, ph=ph
    )  # checks the inputs
    target = _critical_shift_cached(model.k_out_mM, model.temperature_c)
    mg = dict(model.electrolytes_mM)["mg_out_mM"]
    # the shift is linear in log10(calcium): solve shift(ca) = target from two evaluations
    at_1mM = divalent_shift_mV(ca_out_mM=1.0, mg_out_mM=mg)
    per_decade = divalent_shift_mV(ca_out_mM=10.0, mg_out_mM=mg) - at_1mM
    ca_effective = 10.0 ** ((target - at_1mM) / per_decade)
    d = AXON_DEFAULTS
    return max(0.0, float(ca_effective) + d["ca_drop_mM_per_ph"] * (float(ph) - d["ph_ref"]))
