"""The model runs behind the ExcitabilityLab, memoised, and the result it draws.

The membrane model of a preset and gating shift (:func:`make_model`), its f-I curve, rheobase and
spontaneous rate (:func:`excitability_curves`, computed once per model and shift) and the trace
of one current pulse (:func:`pulse_trace`). Models: :func:`~widgets.physiology.hodgkin_huxley_1952`,
:func:`~widgets.physiology.skeletal_muscle` (its [Ca]o from
:func:`~widgets.physiology.membrane.calcium_for_shift_mM`),
:func:`~widgets.physiology.excitability.fi_runs`, :func:`~widgets.physiology.rheobase_uA_cm2`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from widgets.physiology import hodgkin_huxley_1952, rheobase_uA_cm2, simulate, skeletal_muscle
from widgets.physiology.excitability import fi_runs, fires_within_ms
from widgets.physiology.membrane import (
    HH1952_REFERENCE_TEMPERATURE_C,
    MUSCLE_DEFAULTS,
    MUSCLE_TEMPERATURE_C,
    calcium_for_shift_mM,
)
from widgets.physiology.protocols import RHEOBASE_STEP_MS, spontaneous_rate_hz
from widgets.physiology.stimuli import nudge, pulse
from widgets.ui.ahead import memo_ahead

PRESETS = {
    "hh1952": f"Hodgkin–Huxley squid axon (1952), {HH1952_REFERENCE_TEMPERATURE_C:g} °C",
    "muscle": f"skeletal muscle fibre, {MUSCLE_TEMPERATURE_C:g} °C",
}
DT_MS = {"hh1952": 0.025, "muscle": 0.016}
WINDOW_MS = 140.0
PULSE_START_MS = 10.0
FI_CURRENTS = np.arange(0.0, 100.01, 2.5)  # uA/cm2
AMPLITUDE_RANGE = (0.0, 100.0, 0.5)  # uA/cm2
DURATION_RANGE = (0.5, 100.0, 0.5)  # ms
SHIFT_RANGE = (-15.0, 15.0, 0.5)  # mV
FI_STEP_MS = 300.0  # length of each f-I step
FI_TRANSIENT_MS = 100.0  # its start, left out of the rate


@lru_cache(maxsize=256)
def make_model(preset: str, shift_mV: float):
    """The membrane model of ``preset`` with its gating shifted by ``shift_mV`` (mV); one instance
    per setting, so that its resting potential is found once (the curves and the trace share it)."""
    if preset == "hh1952":
        return hodgkin_huxley_1952(gating_shift_mV=shift_mV)
    # the muscle model takes [Ca]o; choose it so that the surface-charge shift is shift_mV
    mg = MUSCLE_DEFAULTS["mg_ref_mM"]
    ca = calcium_for_shift_mM(shift_mV=shift_mV, mg_out_mM=mg)
    return skeletal_muscle(ca_out_mM=ca, mg_out_mM=mg)


@memo_ahead(maxsize=128)
def excitability_curves(preset: str, shift_mV: float):
    """(currents, f-I rates in Hz, rheobase of a RHEOBASE_STEP_MS step in uA/cm2, spontaneous rate in Hz), cached.

    About 40 000 integration steps per current: the view computes the next shifts ahead, on
    another core, while it redraws (see :meth:`ExcitabilityLab.look_ahead`).
    """
    model = make_model(preset, shift_mV)
    dt = DT_MS[preset]
    rates, spikes = fi_runs(
        model, FI_CURRENTS, t_stop_ms=FI_STEP_MS, transient_ms=FI_TRANSIENT_MS, dt_ms=dt
    )
    # the start of each f-I run is a RHEOBASE_STEP_MS step of that current: the threshold search
    # takes those answers instead of simulating them again
    known = {
        float(i): fires_within_ms(s, RHEOBASE_STEP_MS, dt) for i, s in zip(FI_CURRENTS, spikes)
    }
    rheobase = rheobase_uA_cm2(
        model,
        RHEOBASE_STEP_MS,
        i_max_uA_cm2=FI_CURRENTS[-1],
        tol_uA_cm2=0.001,
        dt_ms=dt,
        known=known,
    )
    spontaneous = spontaneous_rate_hz(model, dt)
    return FI_CURRENTS, rates, rheobase, spontaneous


@lru_cache(maxsize=512)
def pulse_trace(preset: str, shift_mV: float, amplitude: float, duration: float):
    model = make_model(preset, shift_mV)
    dt = DT_MS[preset]
    n = int(round(WINDOW_MS / dt))
    t = np.arange(n) * dt
    stim = pulse(t, PULSE_START_MS, duration, amplitude) + nudge(
        t
    )  # the nudge stands in for membrane noise
    return simulate(model, stim, WINDOW_MS, dt), model.v_rest_mV


@dataclass(frozen=True)
class ExcitabilityResult:
    preset: str
    amplitude_uA_cm2: float
    duration_ms: float
    shift_mV: float
    t_ms: np.ndarray
    v_mV: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    rest_mV: float
    spike_times_ms: np.ndarray
    currents_uA_cm2: np.ndarray
    rates_hz: np.ndarray
    rheobase_uA_cm2: float
    spontaneous_hz: float
    #: the f-I panel is still being computed (rates and rheobase NaN; drawn live only)
    pending: bool = False

    @property
    def n_spikes(self) -> int:
        return len(self.spike_times_ms)

    @property
    def steady_rate_hz(self) -> float:
        """f-I rate at this amplitude (linear interpolation of the cached curve)."""
        return float(np.interp(self.amplitude_uA_cm2, self.currents_uA_cm2, self.rates_hz))
