"""Surface-EMG signatures of cramp, clonus, contracture and tetany, each computed from a model.

All four are made with one synthesis, :func:`.reflex_signals.surface_emg_mv` with the unit sizes
(peak twitches) of the calf pool of :mod:`.reflex_loop`, so that only the spike trains differ:

- **cramp**: the reflex loop with tendon-organ inhibition at ``CRAMP_TENDON_ORGAN_GAIN`` of healthy,
  the muscle short (:func:`.reflex_loop.cramp_test`); the window starts ``CRAMP_WINDOW_START_MS``
  after the voluntary drive stops, inside the after-discharge. Many units fire asynchronously: a
  dense interference pattern with a steady envelope (the loop's mechanism is a hypothesis, see
  :mod:`.reflex_loop`).
- **clonus**: the loop with the Ia reflex gain raised ``CLONUS_REFLEX_GAIN`` times
  (:func:`.reflex_loop.clonus_test`); the window starts at ``CLONUS_WINDOW_START_MS``, in sustained
  clonus. The units fire together once per beat: bursts at the clonus frequency.
- **contracture**: shortening of the muscle without action potentials (the silent EMG that tells a
  contracture from a cramp, ``millerlayzer2005``). No motor unit fires, so every spike train is
  empty and the same synthesis gives a flat zero line (:func:`.reflex_examples.contracture_run`,
  the explorer's contracture). Nothing here models the fibres' shortening.
- **tetany**: spike trains of the course's human motor-axon node (:func:`.axon.motor_axon`) at the
  ionised calcium where symptoms usually begin, the low end of
  :func:`.axon.clinical_symptom_range_mM` (``turner2016``), discharging by itself
  (:func:`.axon_measures.spontaneous_discharge`). After ``TETANY_SETTLE_MS`` the model discharges
  periodically in groups (multiplets). ``TETANY_UNIT_STRIDE``: every sixth unit of the pool (20 units
  across its sizes) carries this train, unit ``k`` shifted earlier by the fraction
  ``frac((k + 1) / golden ratio)`` of the group period (a deterministic, evenly spread choice of
  phases: the axons discharge independently). Model choices, not measurements.

Measures (:class:`EmgSignature`): ``active_units`` units with a spike in the window;
``mean_rate_hz`` their mean spike count per second; ``multiplet_fraction`` the fraction of spikes
that belong to a group of two or more in their unit's train (a silence longer than
``GROUP_GAP_MS`` separates groups, :func:`.axon_measures.discharge_groups`); ``burst_hz`` how often
bursts recur: when most spikes come in multiplets (fraction >= 0.5), the median over units of the
rate of their groups; otherwise, when the EMG envelope (rectified, ``ENVELOPE_MS`` moving mean)
varies by more than ``BURSTING_CV`` of its mean, the rate of its bursts; nan for a steady
envelope or no spikes. Numbers that do not apply are nan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology import reflex_signals as _sig
from widgets.physiology.axon import clinical_symptom_range_mM, motor_axon
from widgets.physiology.axon_measures import (
    discharge_groups,
    group_starts_ms,
    spontaneous_discharge,
)
from widgets.physiology.reflex_examples import (
    CLONUS_REFLEX_GAIN,
    CRAMP_TENDON_ORGAN_GAIN,
    contracture_run,
)
from widgets.physiology.reflex_loop import (
    DRIVE_OFF_MS,
    DT_MS,
    calf_pool,
    clonus_test,
    cramp_test,
    reflex_loop,
)

CRAMP_WINDOW_START_MS = 1000.0  # after the drive stops (model choice)
CLONUS_WINDOW_START_MS = 1000.0  # after the test starts, beyond the push (model choice)
TETANY_SETTLE_MS = 1000.0  # the axon's discharge is periodic after this (ms; model property)
TETANY_UNIT_STRIDE = 6
GROUP_GAP_MS = 20.0  # as chapter 3 and axon_measures.discharge_groups
ENVELOPE_MS, BURSTING_CV = (
    50.0,
    0.5,
)  # envelope smoothing (ms) and the variation that counts as bursting
BURST_ON, BURST_OFF = (
    0.3,
    0.1,
)  # burst onset / end: fractions of the envelope's maximum (hysteresis)
WINDOW_RANGE_MS = (200.0, 3000.0)
_GOLDEN = (1.0 + math.sqrt(5.0)) / 2.0


@dataclass(frozen=True)
class EmgSignature:
    """One condition's surface EMG over a window: ``t_ms`` from 0 (ms, step ``DT_MS``), ``emg_mv``
    (mV), ``spike_times_ms`` (one array per unit of the calf pool, ms in the window) and the
    measures of the module docstring (nan where they do not apply). Arrays are read-only."""

    name: str
    t_ms: np.ndarray
    emg_mv: np.ndarray
    spike_times_ms: tuple
    active_units: int
    mean_rate_hz: float
    multiplet_fraction: float
    burst_hz: float


@dataclass(frozen=True)
class EmgSignatures:
    """The four signatures side by side, computed with the same EMG synthesis and window."""

    cramp: EmgSignature
    clonus: EmgSignature
    contracture: EmgSignature
    tetany: EmgSignature


def envelope_mv(t_ms, emg_mv, smooth_ms: float = ENVELOPE_MS) -> np.ndarray:
    """Rectified EMG averaged over a centred ``smooth_ms`` window (mV)."""
    t = np.asarray(t_ms, dtype=float)
    n = max(1, int(round(smooth_ms / (t[1] - t[0])))) if t.size > 1 else 1
    return np.convolve(np.abs(np.asarray(emg_mv, dtype=float)), np.ones(n) / n, mode="same")


def envelope_cv(t_ms, emg_mv, smooth_ms: float = ENVELOPE_MS) -> float:
    """How much the envelope varies: its standard deviation over its mean (nan for a flat zero EMG)."""
    env = envelope_mv(t_ms, emg_mv, smooth_ms)
    return float(env.std() / env.mean()) if env.mean() > 0 else float("nan")


def burst_onsets_ms(t_ms, emg_mv, smooth_ms: float = ENVELOPE_MS / 2.0) -> np.ndarray:
    """Times (ms) where the envelope rises above ``BURST_ON`` of its maximum after it fell below ``BURST_OFF``."""
    t = np.asarray(t_ms, dtype=float)
    env = envelope_mv(t, emg_mv, smooth_ms)
    top = env.max() if env.size else 0.0
    onsets, armed = [], True
    for ti, e in zip(t, env):
        if armed and e >= BURST_ON * top > 0:
            onsets.append(ti)
            armed = False
        elif e <= BURST_OFF * top:
            armed = True
    return np.array(onsets)


def _rate_of(times) -> float:
    """Mean rate (Hz) of a sorted series of event times (ms); nan for fewer than two."""
    times = np.asarray(times, dtype=float)
    return (
        float((times.size - 1) * 1000.0 / (times[-1] - times[0]))
        if times.size >= 2
        else float("nan")
    )


def _signature(name: str, t: np.ndarray, emg: np.ndarray, trains: tuple) -> EmgSignature:
    window_s = (t[-1] - t[0] + DT_MS) / 1000.0
    active = [s for s in trains if s.size]
    n_spikes = sum(s.size for s in active)
    grouped = sum(g for s in active for g in discharge_groups(s, GROUP_GAP_MS) if g >= 2)
    multiplets = grouped / n_spikes if n_spikes else float("nan")
    burst = float("nan")
    if n_spikes and multiplets >= 0.5:
        rates = [_rate_of(group_starts_ms(s, GROUP_GAP_MS)) for s in active]
        burst = float(np.nanmedian(rates)) if np.any(np.isfinite(rates)) else float("nan")
    elif n_spikes and envelope_cv(t, emg) > BURSTING_CV:
        burst = _rate_of(burst_onsets_ms(t, emg))
    for a in (t, emg, *trains):
        a.flags.writeable = False
    return EmgSignature(
        name=name,
        t_ms=t,
        emg_mv=emg,
        spike_times_ms=trains,
        active_units=len(active),
        mean_rate_hz=n_spikes / len(active) / window_s if active else float("nan"),
        multiplet_fraction=float(multiplets),
        burst_hz=burst,
    )


def _from_trace(name: str, trace, start_ms: float, window_ms: float) -> EmgSignature:
    """The window [start, start + window) of a reflex-loop trace, its EMG as the loop made it."""
    sel = (trace.t_ms >= start_ms) & (trace.t_ms < start_ms + window_ms)
    trains = tuple(
        s[(s >= start_ms) & (s < start_ms + window_ms)] - start_ms for s in trace.spike_times_ms
    )
    return _signature(name, trace.t_ms[sel] - start_ms, trace.emg_mv[sel].copy(), trains)


def tetany_calcium_mM() -> float:
    """Ionised calcium (mmol/L) of the tetany signature: where symptoms usually begin (``turner2016``)."""
    return float(clinical_symptom_range_mM()[0])


@lru_cache(maxsize=4)
def _tetany_train(t_stop_ms: float) -> tuple:
    """(spike times after TETANY_SETTLE_MS, shifted to start at 0 ms; group period in ms) of the axon node."""
    spikes = spontaneous_discharge(motor_axon(ca_out_mM=tetany_calcium_mM()), t_stop_ms)
    steady = spikes[spikes >= TETANY_SETTLE_MS] - TETANY_SETTLE_MS
    starts = np.asarray(group_starts_ms(steady, GROUP_GAP_MS))
    if starts.size < 3:
        raise RuntimeError("the axon model no longer discharges in groups at the tetany calcium")
    steady.flags.writeable = False
    return steady, float(np.median(np.diff(starts)))


def _tetany(t: np.ndarray, window_ms: float) -> EmgSignature:
    pool = calf_pool()
    train, period = _tetany_train(TETANY_SETTLE_MS + window_ms + 2000.0)
    if period > 1500.0:
        raise RuntimeError(
            f"the axon model's group period ({period:.0f} ms) exceeds the simulated margin"
        )
    full, trains = [], []
    for k in range(pool.n_units):
        s = (
            train - ((k + 1) / _GOLDEN % 1.0) * period
            if k % TETANY_UNIT_STRIDE == 0
            else np.empty(0)
        )
        full.append(s[s < window_ms])  # spikes just before 0 ms still shape the EMG at the start
        trains.append(s[(s >= 0.0) & (s < window_ms)])
    emg = _sig.surface_emg_mv(tuple(full), t, pool.peak_twitch)
    return _signature("tetany", t, emg, tuple(trains))


def emg_signatures(*, window_ms=1000.0) -> EmgSignatures:
    """Surface EMG of cramp, clonus, contracture and tetany over ``window_ms`` (ms, in [200, 3000]).

    Each comes from a model (see the module docstring); cached, so repeated calls are free.
    """
    lo, hi = WINDOW_RANGE_MS
    if isinstance(window_ms, (bool, np.bool_)) or np.ndim(window_ms) != 0:
        raise ValueError(
            f"window_ms must be a finite number in [{lo:g}, {hi:g}] ms (got {window_ms!r})"
        )
    return _signatures(float(_v.finite(window_ms, "window_ms", "ms", lo, hi)))


@lru_cache(maxsize=4)
def _signatures(window: float) -> EmgSignatures:
    t = np.arange(int(round(window / DT_MS))) * DT_MS
    cramp_start = DRIVE_OFF_MS + CRAMP_WINDOW_START_MS
    cramp = cramp_test(
        reflex_loop(tendon_organ_gain=CRAMP_TENDON_ORGAN_GAIN),
        muscle_length="short",
        t_stop_ms=max(3000.0, cramp_start + window + DT_MS),
    )
    clonus = clonus_test(
        reflex_loop(reflex_gain=CLONUS_REFLEX_GAIN),
        t_stop_ms=max(1000.0, CLONUS_WINDOW_START_MS + window + DT_MS),
    )
    return EmgSignatures(
        cramp=_from_trace("cramp", cramp.trace, cramp_start, window),
        clonus=_from_trace("clonus", clonus.trace, CLONUS_WINDOW_START_MS, window),
        contracture=_from_trace(
            "contracture",
            contracture_run(t_stop_ms=max(1000.0, window + DT_MS)).trace,
            0.0,
            window,
        ),
        tetany=_tetany(t.copy(), window),
    )
