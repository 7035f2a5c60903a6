"""Test-pulse protocols: how the muscle fibre and the motor axon answer one short pulse.

For one set of serum values (mmol/L): the skeletal-muscle fibre's response to a 1 ms test pulse
and whether it fires by itself (:func:`fibre_response`), and the human motor-axon node over
400 ms with a 0.2 ms test pulse, its state and where, at this potassium and magnesium, tetany
begins in the model (:func:`axon_response`). Every run starts with the
:func:`~widgets.physiology.stimuli.nudge`, as in the excitability lab. Time steps are
``min(preferred step, model.max_dt_ms)``, so any valid temperature runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology import stimuli
from widgets.physiology.axon import motor_axon
from widgets.physiology.axon_measures import discharge_groups, tetany_onset_ca_mM
from widgets.physiology.hypocalcaemia import (
    AXON_TEST_PULSE_MS,
    AXON_TEST_PULSE_START_MS,
    AXON_TEST_PULSE_UA_CM2,
)
from widgets.physiology.membrane import skeletal_muscle
from widgets.physiology.protocols import spontaneous_rate_hz
from widgets.physiology.simulation import Trace, simulate

DT_MS = 0.016  # the fibre's preferred step (its largest valid step is 0.0167 ms at 37 °C)
TRACE_MS = 50.0  # window of the fibre's test-pulse trace
PULSE_START_MS = AXON_TEST_PULSE_START_MS  # the fibre's and the axon's test pulses start together
PULSE_MS = 1.0
PULSE_UA_CM2 = 60.0  # ~1.5x the 1-ms threshold of the normal fibre (~40 uA/cm2)
EVOKED_WINDOW_MS = 5.0  # fibre spikes this soon after the pulse starts are its response
SPONTANEOUS_MS = 500.0  # unstimulated run that tells whether the fibre fires by itself

AXON_DT_MS = 0.01  # the axon's preferred step (its largest valid step is 0.02 ms at 37 °C)
AXON_TRACE_MS = 400.0  # long enough to show groups of discharges (tetany)
AXON_PULSE_MS = AXON_TEST_PULSE_MS
AXON_PULSE_UA_CM2 = AXON_TEST_PULSE_UA_CM2
AXON_RESPONSE_MS = 30.0  # axon spikes within this time after the pulse count as its response
GROUP_GAP_MS = 20.0  # a silence longer than this separates groups of discharges
PLOT_STRIDE = 16  # axon trace kept as the extreme of every 16 samples (0.16 ms)

#: what the axon does: fires by itself, a burst after the pulse, one spike, or no spike
AXON_STATES = ("fires", "burst", "quiet", "blocked")


@dataclass(frozen=True)
class FibreResponse:
    """The muscle fibre's test-pulse run (potentials in mV, times in ms)."""

    rest_mV: float
    e_cl_mV: float
    gating_shift_mV: float
    t_ms: np.ndarray
    v_mV: np.ndarray
    evoked_spikes: int
    spontaneous_rate_hz: float
    peak_mV: float


@dataclass(frozen=True)
class AxonResponse:
    """The motor axon's test-pulse run; the trace is thinned by :func:`thin_trace`."""

    rest_mV: float
    t_ms: np.ndarray
    v_mV: np.ndarray
    evoked_spikes: int
    spontaneous_spikes: int
    groups: tuple
    onset_ca_mM: float
    state: str


class ThinTrace(NamedTuple):
    t_ms: np.ndarray
    v_mV: np.ndarray


def fibre_response(
    *, k_out_mM, na_out_mM, cl_out_mM, ca_out_mM, mg_out_mM, temperature_c=37.0
) -> FibreResponse:
    """The skeletal-muscle fibre's answer to a 1 ms, 60 uA/cm2 test pulse at 5 ms, and its rate
    of firing with no stimulus (:func:`~widgets.physiology.protocols.spontaneous_rate_hz`)."""
    model = skeletal_muscle(
        k_out_mM=k_out_mM,
        na_out_mM=na_out_mM,
        cl_out_mM=cl_out_mM,
        ca_out_mM=ca_out_mM,
        mg_out_mM=mg_out_mM,
        temperature_c=temperature_c,
    )
    dt = min(DT_MS, model.max_dt_ms)
    t = np.arange(int(round(TRACE_MS / dt))) * dt
    stim = stimuli.pulse(t, PULSE_START_MS, PULSE_MS, PULSE_UA_CM2) + stimuli.nudge(t)
    trace = simulate(model, stim, TRACE_MS, dt)
    spikes = np.asarray(trace.spike_times_ms)
    evoked = (spikes >= PULSE_START_MS) & (spikes < PULSE_START_MS + EVOKED_WINDOW_MS)
    return FibreResponse(
        rest_mV=model.v_rest_mV,
        e_cl_mV=model.e_cl_mV,
        gating_shift_mV=model.gating_shift_mV,
        t_ms=trace.t_ms,
        v_mV=trace.v_mV,
        evoked_spikes=int(np.sum(evoked)),
        spontaneous_rate_hz=spontaneous_rate_hz(model, dt, SPONTANEOUS_MS),
        peak_mV=float(trace.v_mV.max()),
    )


def axon_state(*, evoked_spikes: int, spontaneous_spikes: int) -> str:
    """One of :data:`AXON_STATES`: "fires" (any spike outside the pulse's response), else
    "burst" (two or more evoked), "quiet" (exactly one) or "blocked" (none)."""
    evoked = _v.integer(evoked_spikes, "evoked_spikes", 0)
    spontaneous = _v.integer(spontaneous_spikes, "spontaneous_spikes", 0)
    if spontaneous:
        return "fires"
    return "burst" if evoked >= 2 else "quiet" if evoked == 1 else "blocked"


def axon_test_trace(model, *, t_stop_ms: float = AXON_TRACE_MS) -> Trace:
    """A motor-axon ``model`` over ``t_stop_ms`` (ms) with the nudge and the test pulse (0.2 ms,
    375 uA/cm2 at 5 ms), at the step ``min(AXON_DT_MS, model.max_dt_ms)``."""
    stop = float(_v.positive(t_stop_ms, "t_stop_ms", "ms"))
    dt = min(AXON_DT_MS, model.max_dt_ms)
    t = np.arange(int(round(stop / dt))) * dt
    stim = stimuli.pulse(t, PULSE_START_MS, AXON_PULSE_MS, AXON_PULSE_UA_CM2) + stimuli.nudge(t)
    return simulate(model, stim, stop, dt)


def pulse_response_spikes(spike_times_ms) -> np.ndarray:
    """True for each axon spike (times in ms) within :data:`AXON_RESPONSE_MS` of the test pulse's
    start: the pulse's response; the others are spontaneous."""
    spikes = np.asarray(spike_times_ms, dtype=float)
    return (spikes >= PULSE_START_MS) & (spikes < PULSE_START_MS + AXON_RESPONSE_MS)


def axon_response(*, k_out_mM, ca_out_mM, mg_out_mM, temperature_c=37.0) -> AxonResponse:
    """The motor-axon node over 400 ms with a 0.2 ms, 375 uA/cm2 test pulse at 5 ms: spikes in
    the 30 ms after the pulse are its response, any other spike is spontaneous (in groups split
    by 20 ms silences); ``onset_ca_mM`` is :func:`~widgets.physiology.tetany_onset_ca_mM`."""
    model = motor_axon(
        k_out_mM=k_out_mM, ca_out_mM=ca_out_mM, mg_out_mM=mg_out_mM, temperature_c=temperature_c
    )
    trace = axon_test_trace(model, t_stop_ms=AXON_TRACE_MS)
    spikes = np.asarray(trace.spike_times_ms)
    response = pulse_response_spikes(spikes)
    spontaneous = spikes[~response]
    evoked = int(np.sum(response))
    thin = thin_trace(trace.t_ms, trace.v_mV, PLOT_STRIDE)
    return AxonResponse(
        rest_mV=model.v_rest_mV,
        t_ms=thin.t_ms,
        v_mV=thin.v_mV,
        evoked_spikes=evoked,
        spontaneous_spikes=int(spontaneous.size),
        groups=tuple(discharge_groups(spontaneous, GROUP_GAP_MS)),
        onset_ca_mM=tetany_onset_ca_mM(
            k_out_mM=k_out_mM, mg_out_mM=mg_out_mM, temperature_c=temperature_c
        ),
        state=axon_state(evoked_spikes=evoked, spontaneous_spikes=int(spontaneous.size)),
    )


def thin_trace(t_ms, v_mV, stride: int) -> ThinTrace:
    """One sample of every ``stride`` (a trailing part block is dropped): the one farthest from
    its block's mean, so spike peaks and troughs are kept."""
    t, v = np.asarray(t_ms), np.asarray(v_mV)
    if t.shape != v.shape or t.ndim != 1:
        raise ValueError("t_ms and v_mV must be 1-D arrays of the same length (ms, mV)")
    step = _v.integer(stride, "stride", 1)
    n = (len(v) // step) * step
    blocks = v[:n].reshape(-1, step)
    far = np.argmax(np.abs(blocks - blocks.mean(axis=1, keepdims=True)), axis=1)
    idx = far + np.arange(0, n, step)
    return ThinTrace(t[idx], v[idx])
