"""Physiology models for Cramp Lab (numpy only; no scipy/matplotlib import).

Ions (:mod:`.ions`), electrolytes (:mod:`.electrolytes`), membranes and ``simulate``
(:mod:`.membrane`), excitability measures (:mod:`.excitability`), twitch force (:mod:`.force`),
the Fuglevand motor-unit pool (:mod:`.motor_units`) and firing patterns (:mod:`.patterns`).
Sources are BibTeX keys of ``references.bib``.
"""

from widgets.physiology.electrolytes import Classification, classify, clinical_facts, convert, reference_ranges
from widgets.physiology.excitability import (
    depolarisation_block_uA_cm2,
    fi_curve,
    oscillation_amplitude_mV,
    repetitive_firing_onset_uA_cm2,
    resting_stability_per_ms,
    rheobase_uA_cm2,
    steady_rate_hz,
)
from widgets.physiology.force import mean_force_regular, twitch_force, twitch_gain
from widgets.physiology.ions import ghk_potential, nernst, rt_over_f_mV
from widgets.physiology.membrane import (
    MembraneModel,
    Trace,
    hodgkin_huxley_1952,
    simulate,
    skeletal_muscle,
    spike_times_from_trace,
    surface_charge_shift_mV,
)
from widgets.physiology.motor_units import MotorUnitPool, PoolResult
from widgets.physiology.patterns import FiringPattern, clonus, pattern_force, tetany, tonic_cramp, voluntary_contraction

__all__ = [
    "Classification",
    "FiringPattern",
    "MembraneModel",
    "MotorUnitPool",
    "PoolResult",
    "Trace",
    "classify",
    "clinical_facts",
    "clonus",
    "convert",
    "depolarisation_block_uA_cm2",
    "fi_curve",
    "ghk_potential",
    "hodgkin_huxley_1952",
    "mean_force_regular",
    "nernst",
    "oscillation_amplitude_mV",
    "pattern_force",
    "reference_ranges",
    "repetitive_firing_onset_uA_cm2",
    "resting_stability_per_ms",
    "rheobase_uA_cm2",
    "rt_over_f_mV",
    "simulate",
    "skeletal_muscle",
    "spike_times_from_trace",
    "steady_rate_hz",
    "surface_charge_shift_mV",
    "tetany",
    "tonic_cramp",
    "twitch_force",
    "twitch_gain",
    "voluntary_contraction",
]
