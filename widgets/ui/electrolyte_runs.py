"""The model runs behind the ElectrolyteExplorer: the muscle fibre and the human motor axon.

For one set of serum values: the skeletal-muscle fibre's response to a 1 ms test pulse and
whether it fires by itself (:func:`fibre_response`), and the motor-axon node over 400 ms with a
0.2 ms test pulse, its state and where, at this potassium and magnesium, tetany begins in the
model (:func:`axon_response`). Both are memoised (a unit switch or a revisit is free) and the
view computes the next values of a moved slider ahead, on another core. Models:
:func:`~widgets.physiology.skeletal_muscle`, :func:`~widgets.physiology.motor_axon`,
:func:`~widgets.physiology.tetany_onset_ca_mM`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from widgets.physiology import (
    discharge_groups,
    motor_axon,
    simulate,
    skeletal_muscle,
    stimuli,
    tetany_onset_ca_mM,
)
from widgets.physiology.hypocalcaemia import (
    AXON_TEST_PULSE_MS,
    AXON_TEST_PULSE_START_MS,
    AXON_TEST_PULSE_UA_CM2,
)
from widgets.physiology.protocols import spontaneous_rate_hz
from widgets.ui.ahead import memo_ahead

TEMPERATURE_C = 37.0

DT_MS = 0.016  # <= the muscle model's largest step (0.0167 ms)
TRACE_MS = 50.0  # window of the test-pulse trace
PULSE_START_MS = AXON_TEST_PULSE_START_MS  # the fibre's and the axon's test pulses start together
PULSE_MS = 1.0
PULSE_UA_CM2 = 60.0  # ~1.5x the 1-ms threshold of the normal fibre (~40 uA/cm2)
SPONTANEOUS_MS = 500.0  # unstimulated run that tells whether the fibre fires by itself

AXON_DT_MS = 0.01  # <= the axon model's largest step (0.02 ms)
AXON_TRACE_MS = 400.0  # long enough to show groups of discharges (tetany)
AXON_PULSE_MS = AXON_TEST_PULSE_MS
AXON_PULSE_UA_CM2 = AXON_TEST_PULSE_UA_CM2
AXON_RESPONSE_MS = 30.0  # spikes within this time after the pulse count as its response
GROUP_GAP_MS = 20.0  # a silence longer than this separates groups of discharges
PLOT_STRIDE = 16  # axon trace drawn as the extreme of every 16 samples (0.16 ms)


@dataclass(frozen=True)
class ElectrolyteResult:
    """Everything the figure and the description need (potentials in mV, concentrations mmol/L)."""

    values_mM: dict
    states: dict
    units: str
    e_k_mV: float
    e_na_mV: float
    e_cl_mV: float
    e_ca_mV: float
    ghk_rest_mV: float
    rest_mV: float
    gating_shift_mV: float
    t_ms: np.ndarray
    v_mV: np.ndarray
    evoked_spikes: int
    spontaneous_rate_hz: float
    peak_mV: float
    headline: str
    axon_t_ms: np.ndarray = None
    axon_v_mV: np.ndarray = None
    axon_rest_mV: float = float("nan")
    axon_evoked: int = 0
    axon_spontaneous: int = 0
    axon_groups: tuple = ()
    axon_onset_ca_mM: float = float("nan")
    axon_state: str = ""
    axon_verdict: str = ""

    @property
    def fires_spontaneously(self) -> bool:
        return self.spontaneous_rate_hz > 0

    @property
    def axon_fires_spontaneously(self) -> bool:
        return self.axon_state == "fires"

    @property
    def excitable(self) -> bool:
        return self.evoked_spikes > 0 or self.fires_spontaneously


@memo_ahead(maxsize=256)
def fibre_response(k: float, na: float, cl: float, ca: float, mg: float):
    """Model runs for one set of concentrations (cached: a unit switch or a revisit is free)."""
    model = skeletal_muscle(
        k_out_mM=k,
        na_out_mM=na,
        cl_out_mM=cl,
        ca_out_mM=ca,
        mg_out_mM=mg,
        temperature_c=TEMPERATURE_C,
    )
    n = int(round(TRACE_MS / DT_MS))
    t = np.arange(n) * DT_MS
    pulse = stimuli.pulse(t, PULSE_START_MS, PULSE_MS, PULSE_UA_CM2) + stimuli.nudge(
        t
    )  # nudge: as in ExcitabilityLab
    trace = simulate(model, pulse, TRACE_MS, DT_MS)
    rate = spontaneous_rate_hz(model, DT_MS, SPONTANEOUS_MS)
    evoked = np.asarray(trace.spike_times_ms)
    evoked = int(np.sum((evoked >= PULSE_START_MS) & (evoked < PULSE_START_MS + 5.0)))
    e_cl = model.e_cl_mV
    return (
        model.v_rest_mV,
        e_cl,
        model.gating_shift_mV,
        trace.t_ms,
        trace.v_mV,
        evoked,
        rate,
        float(trace.v_mV.max()),
    )


@memo_ahead(maxsize=256)
def axon_response(k: float, ca: float, mg: float):
    """Motor-axon node for one set of concentrations: 400 ms with a test pulse (cached)."""
    model = motor_axon(ca_ionised_mM=ca, k_out_mM=k, mg_mM=mg, temperature_c=TEMPERATURE_C)
    n = int(round(AXON_TRACE_MS / AXON_DT_MS))
    t = np.arange(n) * AXON_DT_MS
    stim = stimuli.pulse(t, PULSE_START_MS, AXON_PULSE_MS, AXON_PULSE_UA_CM2) + stimuli.nudge(t)
    trace = simulate(model, stim, AXON_TRACE_MS, AXON_DT_MS)
    spikes = np.asarray(trace.spike_times_ms)
    response = (spikes >= PULSE_START_MS) & (spikes < PULSE_START_MS + AXON_RESPONSE_MS)
    evoked = int(np.sum(response))
    spontaneous = spikes[~response]
    if spontaneous.size:
        state = "fires"
    elif evoked >= 2:
        state = "burst"
    elif evoked == 1:
        state = "quiet"
    else:
        state = "blocked"
    groups = tuple(discharge_groups(spontaneous, GROUP_GAP_MS))
    onset = tetany_onset_ca_mM(k_out_mM=k, mg_mM=mg, temperature_c=TEMPERATURE_C)
    # draw one point per PLOT_STRIDE samples (the block's extreme): spikes stay, drawing is faster
    t_plot, v_plot = thin_trace(trace.t_ms, trace.v_mV, PLOT_STRIDE)
    return model.v_rest_mV, t_plot, v_plot, evoked, int(spontaneous.size), groups, onset, state


def thin_trace(t: np.ndarray, v: np.ndarray, stride: int) -> tuple:
    """Every ``stride``-th sample, keeping each block's extreme so spike peaks are not lost."""
    n = (len(v) // stride) * stride
    blocks = v[:n].reshape(-1, stride)
    idx = np.argmax(np.abs(blocks - blocks.mean(axis=1, keepdims=True)), axis=1) + np.arange(
        0, n, stride
    )
    return t[idx], v[idx]
