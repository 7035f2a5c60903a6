"""Stimulation protocols on the membrane models: thresholds, refractoriness, oscillation, states.

Each function runs :func:`~widgets.physiology.simulate` with a chapter-3 protocol (single pulses,
pulse pairs, pulse trains, steps) and returns numbers; nothing here draws. Currents in uA/cm2
(depolarising positive), times in ms, rates in Hz, potentials in mV. Reference values for the
Hodgkin-Huxley axon are ``hodgkin1952``; the muscle-fibre protocols follow ``adrian1974`` and
``cannon1993`` (after-discharges).
"""

from __future__ import annotations

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology._bisect import smallest_true
from widgets.physiology.excitability import (
    _check_model,
    depolarisation_block_uA_cm2,
    fi_curve,
    repetitive_firing_onset_uA_cm2,
    rheobase_uA_cm2,
)
from widgets.physiology.membrane import (
    MembraneModel,
    hh_rates_per_ms,
    hodgkin_huxley_1952,
    skeletal_muscle,
)
from widgets.physiology.simulation import simulate
from widgets.physiology.spikes import rate_hz, spike_times_from_trace
from widgets.physiology.stimuli import NUDGE_MS, NUDGE_UA_CM2, nudge, pulse, pulse_train  # noqa: F401 (NUDGE_*: re-exported)

#: Offset between the 1952 sign convention and the modern one (rest of the squid axon, mV).
HH1952_REST_MV = -65.0
#: Relative tolerance of the pulse-threshold bisections (0.5 % of the threshold).
THRESHOLD_REL_TOL = 0.005
#: Second-pulse protocol of :func:`refractory_curve`: pulse width (ms) and the largest current
#: tried, as a multiple of the resting threshold (beyond it: no second spike).
REFRACTORY_PULSE_MS = 0.5
REFRACTORY_CAP_FACTOR = 20.0
#: The brief pulse that evokes "the" action potential of chapter 3 (amplitude in uA/cm2, width in
#: ms): the phase-by-phase values, its figure and the temperature table all use it. Strong enough
#: to fire the axon at every temperature of that table.
AP_PULSE_UA_CM2 = 40.0
AP_PULSE_MS = 0.5
#: Length (ms) of the current step whose threshold is called the rheobase (chapter 3's number,
#: its strength-duration figure and the excitability lab).
RHEOBASE_STEP_MS = 100.0


def _model(model) -> MembraneModel:
    return hodgkin_huxley_1952() if model is None else _check_model(model)


def to_hh1952_convention_mV(v_mV):
    """Modern membrane potential (mV, inside minus outside) -> Hodgkin & Huxley's 1952 ``V`` (mV).

    In 1952 ``V`` was the displacement from rest with depolarisation *negative*:
    ``V_1952 = -(V - (-65 mV))`` (``hodgkin1952``). E.g. E_Na +50 mV -> -115 mV.
    """
    return -(np.asarray(_v.finite(v_mV, "v_mV", "mV"), dtype=float) - HH1952_REST_MV) + 0.0


def gate_curves(v_mV, model: MembraneModel | None = None):
    """Steady states and time constants (ms) of the gates m, h, n of ``model`` at ``v_mV`` (mV).

    Returns ``(inf, tau)``, two dicts keyed "m", "h", "n". The steady states are
    :meth:`MembraneModel.gate_steady_state`; tau_x = 1 / (rate factor (alpha_x + beta_x)).
    Default model: HH1952 at 6.3 °C.
    """
    m = _model(model)
    v = np.asarray(_v.finite(v_mV, "v_mV", "mV", -250.0, 250.0), dtype=float)
    m_inf, h_inf, n_inf = m.gate_steady_state(v)
    am, bm, ah, bh, an, bn = hh_rates_per_ms(v - m.gating_offset_mV - m.gating_shift_mV)
    r = m.rate_factor
    inf = {"m": m_inf, "h": h_inf, "n": n_inf}
    tau = {"m": 1 / (r * (am + bm)), "h": 1 / (r * (ah + bh)), "n": 1 / (r * (an + bn))}
    return inf, tau


def pulse_threshold_uA_cm2(
    model: MembraneModel, width_ms: float, *, i_max_uA_cm2: float = 1000.0, after_ms: float = 40.0
) -> float:
    """Smallest rectangular pulse (uA/cm2) of ``width_ms`` (ms) that fires one action potential.

    The pulse starts at 1 ms; the run continues ``after_ms`` (ms) after it, so a spike that starts
    late still counts. Bisection to 0.5 % of the threshold; ``inf`` if even ``i_max_uA_cm2`` fails.
    """
    m = _model(model)
    width = _v.positive(width_ms, "width_ms", "ms", upper=1000.0)
    i_max = _v.positive(i_max_uA_cm2, "i_max_uA_cm2", "uA/cm2", upper=10_000.0)
    after = _v.positive(after_ms, "after_ms", "ms", upper=10_000.0)
    start = 1.0

    def fires(amp):
        return (
            simulate(
                m, lambda t: pulse(t, start, width, amp), start + width + after
            ).spike_times_ms.size
            >= 1
        )

    return smallest_true(fires, 0.0, i_max, THRESHOLD_REL_TOL, relative=True)


def strength_duration(
    model: MembraneModel | None = None, widths_ms=(0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
):
    """(widths in ms, threshold amplitudes in uA/cm2) of single pulses: the strength-duration curve."""
    m = _model(model)
    widths = np.atleast_1d(
        np.asarray(_v.positive(widths_ms, "widths_ms", "ms", upper=1000.0), dtype=float)
    )
    return widths, np.array([pulse_threshold_uA_cm2(m, float(w)) for w in widths])


def second_pulse_threshold_uA_cm2(
    model: MembraneModel,
    interval_ms: float,
    *,
    width_ms: float = 0.5,
    conditioning_uA_cm2: float = 20.0,
    cap_factor: float = 20.0,
) -> float:
    """Threshold (uA/cm2) of a second pulse ``interval_ms`` (ms) after a first, spike-evoking pulse.

    Both pulses last ``width_ms`` (ms); the first has ``conditioning_uA_cm2``. Returns ``inf`` if
    even ``cap_factor`` times the resting threshold of the same pulse fails (the absolute
    refractory period, as far as this test can tell).
    """
    m = _model(model)
    interval = _v.positive(interval_ms, "interval_ms", "ms", upper=1000.0)
    width = _v.positive(width_ms, "width_ms", "ms", upper=interval)
    cond = _v.positive(conditioning_uA_cm2, "conditioning_uA_cm2", "uA/cm2", upper=10_000.0)
    cap = _v.positive(cap_factor, "cap_factor", "(multiple of the resting threshold)", upper=100.0)
    rest_threshold = pulse_threshold_uA_cm2(m, width)
    start = 1.0
    t_stop = start + interval + width + 40.0

    def fires(amp):
        tr = simulate(
            m,
            lambda t: pulse(t, start, width, cond) + pulse(t, start + interval, width, amp),
            t_stop,
        )
        return tr.spike_times_ms.size >= 2

    return smallest_true(fires, 0.0, cap * rest_threshold, THRESHOLD_REL_TOL, relative=True)


def refractory_curve(
    model: MembraneModel | None = None,
    intervals_ms=None,
    *,
    width_ms: float = REFRACTORY_PULSE_MS,
    cap_factor: float = REFRACTORY_CAP_FACTOR,
):
    """(intervals in ms, second-pulse threshold / resting threshold); ``inf`` = no second spike.

    Default intervals: 2-7.5 ms in 0.5-ms steps, 8-15 ms in 1-ms steps, 16-40 ms in 3-ms steps.
    """
    m = _model(model)
    if intervals_ms is None:
        intervals_ms = np.r_[
            np.arange(2.0, 8.0, 0.5), np.arange(8.0, 16.0, 1.0), np.arange(16.0, 41.0, 3.0)
        ]
    intervals = np.atleast_1d(
        np.asarray(_v.positive(intervals_ms, "intervals_ms", "ms", upper=1000.0), dtype=float)
    )
    rest = pulse_threshold_uA_cm2(m, width_ms)
    ratio = np.array(
        [
            second_pulse_threshold_uA_cm2(m, float(i), width_ms=width_ms, cap_factor=cap_factor)
            / rest
            for i in intervals
        ]
    )
    return intervals, ratio


def hh_reference_values(model: MembraneModel | None = None) -> dict:
    """The chapter's headline HH1952 numbers, computed (``hodgkin1952``).

    Keys: rest_mV, peak_mV, ahp_mV (after the AP_PULSE_MS, AP_PULSE_UA_CM2 pulse), rheobase_uA_cm2
    (a RHEOBASE_STEP_MS step),
    onset_uA_cm2 (sustained firing), onset_rate_hz (just above onset), rates_hz {10, 20, 50 uA/cm2},
    block_uA_cm2 (oscillation stops).
    """
    m = _model(model)
    ap = simulate(m, lambda t: pulse(t, 0.0, AP_PULSE_MS, AP_PULSE_UA_CM2), 40.0)
    onset = repetitive_firing_onset_uA_cm2(m, i_lo_uA_cm2=5.0, i_hi_uA_cm2=8.0)
    onset_rate = float(fi_curve(m, [onset + 0.005], t_stop_ms=600.0, transient_ms=300.0)[0])
    rates = fi_curve(m, [10.0, 20.0, 50.0])
    return {
        "rest_mV": m.v_rest_mV,
        "peak_mV": float(ap.v_mV.max()),
        "ahp_mV": float(ap.v_mV.min()),
        "rheobase_uA_cm2": rheobase_uA_cm2(m, RHEOBASE_STEP_MS, i_max_uA_cm2=5.0),
        "onset_uA_cm2": onset,
        "onset_rate_hz": onset_rate,
        "rates_hz": {10.0: float(rates[0]), 20.0: float(rates[1]), 50.0: float(rates[2])},
        "block_uA_cm2": depolarisation_block_uA_cm2(
            m, i_lo_uA_cm2=140.0, i_hi_uA_cm2=170.0, tol_uA_cm2=1.0
        ),
    }


def oscillation_rates(
    model: MembraneModel,
    currents_uA_cm2,
    *,
    t_stop_ms: float = 600.0,
    window_ms: float = 300.0,
    min_ptp_mV: float = 1.0,
):
    """(rate_hz, peak_mV) of the sustained oscillation for each constant current (uA/cm2).

    Unlike :func:`~widgets.physiology.fi_curve`, which counts only spikes that cross 0 mV, this
    counts every cycle (upward crossings of the midpoint of the last ``window_ms``), so it follows
    the shrinking oscillations between ~60 uA/cm2 and depolarisation block. Rate 0 when the
    peak-to-peak voltage is below ``min_ptp_mV`` (mV; rest or block).
    """
    m = _model(model)
    currents = np.atleast_1d(
        np.asarray(
            _v.finite(currents_uA_cm2, "currents_uA_cm2", "uA/cm2", -1000.0, 1000.0), dtype=float
        )
    )
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=100_000.0)
    window = _v.positive(window_ms, "window_ms", "ms", upper=t_stop)
    min_ptp = _v.positive(min_ptp_mV, "min_ptp_mV", "mV", allow_zero=True)
    rates, peaks = [], []
    for i in currents:
        tr = simulate(m, float(i), t_stop)
        keep = tr.t_ms >= t_stop - window
        v, t = tr.v_mV[keep], tr.t_ms[keep]
        cross = spike_times_from_trace(t, v, 0.5 * (v.max() + v.min()))
        rates.append(rate_hz(cross) if float(np.ptp(v)) >= min_ptp else 0.0)
        peaks.append(float(v.max()))
    return np.array(rates), np.array(peaks)


def muscle_state(
    model: MembraneModel, *, t_stop_ms: float = 500.0, probe_uA_cm2: float = 400.0
) -> str:
    """'fires by itself', 'excitable' or 'inexcitable' for a muscle-model fibre at rest.

    Fires by itself: a spike within ``t_stop_ms`` (ms) with no stimulus. Inexcitable: no spike for a
    30-ms probe pulse of ``probe_uA_cm2`` (uA/cm2).
    """
    m = _model(model)
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=100_000.0)
    probe = _v.positive(probe_uA_cm2, "probe_uA_cm2", "uA/cm2", upper=10_000.0)
    if simulate(m, 0.0, t_stop).spike_times_ms.size > 0:
        return "fires by itself"
    if simulate(m, lambda t: pulse(t, 1.0, 30.0, probe), 40.0).spike_times_ms.size == 0:
        return "inexcitable"
    return "excitable"


def after_discharges(
    g_cl_mS_cm2: float,
    *,
    t_tubule: bool = True,
    t_stop_ms: float = 1200.0,
    until_ms: float = 500.0,
):
    """Muscle-model fibre driven at 50 Hz for ``until_ms`` (ms); returns (trace, spikes after the train).

    The fibre is :func:`skeletal_muscle` with chloride conductance ``g_cl_mS_cm2`` (mS/cm2) and the
    T-tubule compartment on or off; spikes later than 5 ms after the last pulse count as
    after-discharges (myotonia, ``adrian1974``, ``cannon1993``).
    """
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=100_000.0)
    until = _v.positive(until_ms, "until_ms", "ms", upper=t_stop)
    tr = simulate(
        skeletal_muscle(g_cl_mS_cm2=g_cl_mS_cm2, t_tubule=t_tubule),
        lambda t: pulse_train(t, until_ms=until),
        t_stop,
    )
    return tr, int(np.sum(tr.spike_times_ms > until + 5.0))


TEMPERATURE_STEP_UA_CM2 = 20.0  # the step whose firing rate :func:`temperature_series` reports


def temperature_series(
    temperatures_c=(6.3, 16.3, 26.3, 37.0),
    *,
    pulse_uA_cm2: float = AP_PULSE_UA_CM2,
    pulse_ms: float = AP_PULSE_MS,
    step_uA_cm2: float = TEMPERATURE_STEP_UA_CM2,
):
    """HH1952 at several temperatures (°C): rows (T, rate factor, peak in mV after a brief pulse,
    rate in Hz for a step of ``step_uA_cm2``).

    Time steps follow ``model.max_dt_ms`` (faster gates need shorter steps). Rates multiply by
    3 per 10 °C (``hodgkin1952``); the resting potential does not change.
    """
    temps = np.atleast_1d(
        _v.temperature(np.asarray(temperatures_c, dtype=float), "temperatures_c")
    )
    rows = []
    for t_c in temps:
        m = hodgkin_huxley_1952(float(t_c))
        dt = min(0.01, m.max_dt_ms)
        tr = simulate(m, lambda t: pulse(t, 1.0, pulse_ms, pulse_uA_cm2), 30.0, dt)
        rate = float(fi_curve(m, [step_uA_cm2], t_stop_ms=300.0, transient_ms=100.0, dt_ms=dt)[0])
        rows.append((float(t_c), m.rate_factor, float(tr.v_mV.max()), rate))
    return rows


def spontaneous_rate_hz(model, dt_ms: float, t_stop_ms: float = 400.0) -> float:
    """Rate (Hz) of ongoing firing with no stimulus, from the spikes in the second half of the run.

    The run starts at the resting state with the :func:`~widgets.physiology.stimuli.nudge`
    (1 uA/cm2 for 1 ms), so an unstable rest (which the integrator could otherwise sit on exactly)
    shows as repetitive firing while a stable rest returns to quiet. The rate is
    :func:`~widgets.physiology.spikes.rate_hz` of the spikes after ``t_stop_ms / 2`` (0 if fewer
    than two).
    """
    m = _model(model)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=m.max_dt_ms)
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=100_000.0)
    n = int(round(t_stop / dt))
    spikes = simulate(m, nudge(np.arange(n) * dt), t_stop, dt).spike_times_ms
    return rate_hz(spikes, t_stop / 2)
