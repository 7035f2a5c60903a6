"""Physiology models for Cramp Lab (numpy only; no scipy/matplotlib import).

Ions (:mod:`.ions`), electrolytes (:mod:`.electrolytes`), membranes (:mod:`.membrane`) and
``simulate`` (:mod:`.simulation`, compiled loops in ``_kernels``), the human motor-axon node
(:mod:`.axon`) and what threshold tracking measures on it (:mod:`.axon_measures`), excitability
measures (:mod:`.excitability`), stimulation protocols (:mod:`.protocols`), twitch force (:mod:`.force`),
the Fuglevand motor-unit pool (:mod:`.motor_units`) and firing patterns (:mod:`.patterns`), the calf's
stretch-reflex loop in which clonus and cramp emerge (:mod:`.reflex_loop`, measured by
:mod:`.reflex_signals`) and the surface-EMG signatures of cramp, clonus, contracture and tetany
computed from these models (:mod:`.emg_signatures`).
Sources are BibTeX keys of ``references.bib``.
"""

from widgets.physiology.axon import AxonModel, motor_axon
from widgets.physiology.axon_measures import (
    critical_shift_mV,
    discharge_groups,
    recovery_cycle,
    refractory_period_ms,
    spontaneous_discharge,
    strength_duration,
    tetany_onset_ca_mM,
)
from widgets.physiology.electrolytes import (
    Classification,
    classify,
    clinical_facts,
    convert,
    reference_ranges,
)
from widgets.physiology.emg_signatures import EmgSignature, EmgSignatures, emg_signatures
from widgets.physiology.excitability import (
    depolarisation_block_uA_cm2,
    fi_curve,
    oscillation_amplitude_mV,
    repetitive_firing_onset_uA_cm2,
    resting_stability_per_ms,
    rheobase_uA_cm2,
)
from widgets.physiology.force import steady_force, twitch_force, twitch_gain
from widgets.physiology.ions import ghk_potential, nernst, rt_over_f_mV
from widgets.physiology.membrane import (
    MembraneModel,
    hodgkin_huxley_1952,
    skeletal_muscle,
    surface_charge_shift_mV,
)
from widgets.physiology.motor_units import MotorUnitPool, PoolResult
from widgets.physiology.patterns import (
    FiringPattern,
    clonus,
    pattern_force,
    tetany,
    tonic_cramp,
    voluntary_contraction,
)
from widgets.physiology.reflex_loop import ReflexLoop, clonus_test, cramp_test, reflex_loop
from widgets.physiology.simulation import Trace, simulate
from widgets.physiology.spikes import rate_hz, spike_times_from_trace


def clear_caches() -> None:
    """Empty every memoised model computation (lookup tables, kernel parameters, tetany onsets, the
    reflex loop's calf pool and force scale, chapter 5's loop runs, the EMG signatures and their axon
    discharge).

    Results do not change; the next call of each computation pays its full cost again (for
    benchmarks that measure first visits, see :meth:`widgets.ui.base.ModelView.clear_caches`).
    """
    from widgets.physiology import axon_measures, motor_units
    from widgets.physiology import simulation as sim

    # by name: the modules reflex_loop and emg_signatures are shadowed here by their functions
    from widgets.physiology.emg_signatures import _signatures, _tetany_train
    from widgets.physiology.reflex_examples import clonus_threshold_gain, loop_examples
    from widgets.physiology.reflex_loop import _force_scale_n, calf_pool

    for cached in (
        sim._tables,
        sim._params,
        sim._axon_gate_columns,
        sim._axon_tables,
        sim._axon_params,
        axon_measures._critical_shift_cached,
        axon_measures.tetany_onset_ca_mM,
        motor_units.ramp_trial,
        calf_pool,
        _force_scale_n,
        _signatures,
        _tetany_train,
        loop_examples,
        clonus_threshold_gain,
    ):
        cached.cache_clear()


__all__ = [
    "AxonModel",
    "Classification",
    "EmgSignature",
    "EmgSignatures",
    "FiringPattern",
    "MembraneModel",
    "MotorUnitPool",
    "PoolResult",
    "ReflexLoop",
    "Trace",
    "classify",
    "clear_caches",
    "clinical_facts",
    "clonus",
    "clonus_test",
    "convert",
    "cramp_test",
    "critical_shift_mV",
    "depolarisation_block_uA_cm2",
    "discharge_groups",
    "emg_signatures",
    "fi_curve",
    "ghk_potential",
    "hodgkin_huxley_1952",
    "motor_axon",
    "nernst",
    "oscillation_amplitude_mV",
    "pattern_force",
    "rate_hz",
    "recovery_cycle",
    "reference_ranges",
    "reflex_loop",
    "refractory_period_ms",
    "repetitive_firing_onset_uA_cm2",
    "resting_stability_per_ms",
    "rheobase_uA_cm2",
    "rt_over_f_mV",
    "simulate",
    "skeletal_muscle",
    "spike_times_from_trace",
    "spontaneous_discharge",
    "steady_force",
    "strength_duration",
    "surface_charge_shift_mV",
    "tetany",
    "tetany_onset_ca_mM",
    "tonic_cramp",
    "twitch_force",
    "twitch_gain",
    "voluntary_contraction",
]
