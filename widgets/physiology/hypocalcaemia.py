"""Where hypocalcaemic tetany starts: the human motor axon against the muscle fibre.

The numbers chapters 2 and 3 print and draw about tetany, each computed once here. Models:
:func:`~widgets.physiology.motor_axon` (human motor-axon node) and
:func:`~widgets.physiology.skeletal_muscle` (muscle fibre), both with the divalent surface-charge
shift of :func:`~widgets.physiology.surface_charge_shift_mV`.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np

from widgets.physiology._bisect import smallest_true
from widgets.physiology.axon import motor_axon
from widgets.physiology.axon_measures import (
    critical_shift_mV,
    refractory_period_ms,
    strength_duration,
    tetany_onset_ca_mM,
)
from widgets.physiology.excitability import resting_stability_per_ms
from widgets.physiology.membrane import MUSCLE_DEFAULTS, skeletal_muscle

#: Serum magnesium (mmol/L) used for both models: the middle of the reference range, the value at
#: which the fibre's surface-charge shift is zero (the axon's reference too).
NORMAL_MG_MM = MUSCLE_DEFAULTS["mg_ref_mM"]
#: Below this ionised calcium (mmol/L) the model node sits depolarised and its spikes fail
#: (a property of the model, see :mod:`widgets.physiology.axon`).
AXON_BLOCK_BELOW_MM = 0.4
#: The test pulse of the motor-axon runs (chapter 3's traces, the electrolyte explorer): start (ms),
#: width (ms) and amplitude (uA/cm2, ~1.5x the 0.2-ms threshold of the normal node, ~250 uA/cm2).
AXON_TEST_PULSE_START_MS = 5.0
AXON_TEST_PULSE_MS = 0.2
AXON_TEST_PULSE_UA_CM2 = 375.0


def chloride_share_of_resting_conductance(k_out_mM: float = 4.0) -> float:
    """Fraction of the resting conductance carried by chloride in the muscle-fibre model."""
    g = skeletal_muscle(k_out_mM=k_out_mM).resting_conductances_mS_cm2()
    return g["Cl"] / sum(g.values())


@lru_cache(maxsize=8)
def muscle_tetany_onset_ca_mM(
    *, mg_out_mM: float = NORMAL_MG_MM, g_cl_mS_cm2: float = 2.11, tol_mM: float = 0.001
) -> float:
    """Highest ionised calcium (mmol/L) at which the muscle-fibre model's rest is unstable.

    ``g_cl_mS_cm2``: the fibre's chloride conductance (2.11 normal, ``palade1977``).
    """

    def unstable(ca):
        model = skeletal_muscle(ca_out_mM=ca, mg_out_mM=mg_out_mM, g_cl_mS_cm2=g_cl_mS_cm2)
        return resting_stability_per_ms(model) > 0

    grid = np.arange(1.2, 0.05, -0.05)
    for hi, lo in itertools.pairwise(grid):
        if unstable(lo):  # bisect on minus calcium: the smallest -ca that is unstable
            return -smallest_true(lambda x: unstable(-x), -hi, -lo, tol_mM)
    return 0.0


@lru_cache(maxsize=1)
def tetany_summary() -> dict:
    """Numbers that chapters 2 and 3 print: the axon against human data, and axon versus fibre.

    Keys (units in the names): ``rest_mV``, ``tau_sd_ms``, ``refractory_1_1_ms`` and
    ``refractory_2_ms`` (test pulse 1.1x and 2x threshold), ``onset_ca_mM`` (axon fires by itself),
    ``onset_low_mg_mM`` (Mg 0.5 mmol/L), ``onset_ph_7_6_mM``, ``axon_critical_shift_mV``,
    ``muscle_onset_ca_mM``, ``muscle_critical_shift_mV``, ``muscle_chloride_share``.
    """
    axon = motor_axon()
    sd = strength_duration(axon)
    muscle_onset = muscle_tetany_onset_ca_mM()
    return {
        "rest_mV": axon.v_rest_mV,
        "tau_sd_ms": sd.tau_sd_ms,
        "refractory_1_1_ms": refractory_period_ms(axon, 1.1),
        "refractory_2_ms": refractory_period_ms(axon, 2.0),
        "onset_ca_mM": tetany_onset_ca_mM(),
        "onset_low_mg_mM": tetany_onset_ca_mM(mg_out_mM=0.5),
        "onset_ph_7_6_mM": tetany_onset_ca_mM(ph=7.6),
        "axon_critical_shift_mV": critical_shift_mV(axon),
        "muscle_onset_ca_mM": muscle_onset,
        "muscle_critical_shift_mV": skeletal_muscle(
            ca_out_mM=muscle_onset, mg_out_mM=NORMAL_MG_MM
        ).gating_shift_mV
        - skeletal_muscle(ca_out_mM=1.2, mg_out_mM=NORMAL_MG_MM).gating_shift_mV,
        "muscle_chloride_share": chloride_share_of_resting_conductance(),
    }
