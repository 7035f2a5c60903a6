"""The model runs behind the ElectrolyteExplorer, memoised, and the result it draws.

The runs are the test-pulse protocols of :mod:`widgets.physiology.pulse_responses` (the fibre's
:func:`~widgets.physiology.pulse_responses.fibre_response`, the motor axon's
:func:`~widgets.physiology.pulse_responses.axon_response`), at body temperature. Both are
memoised (a unit switch or a revisit is free) and the view computes the next values of a moved
slider ahead, on another core.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.physiology.pulse_responses import (
    AxonResponse,
    FibreResponse,
    axon_response,
    fibre_response,
)
from widgets.ui.ahead import memo_ahead

TEMPERATURE_C = 37.0


@dataclass(frozen=True)
class ElectrolyteResult:
    """Everything the figure and the description need (potentials in mV, concentrations mmol/L)."""

    values_mM: dict
    states: dict
    units: str
    e_k_mV: float
    e_na_mV: float
    e_ca_mV: float
    ghk_rest_mV: float
    fibre: FibreResponse
    axon: AxonResponse
    headline: str
    axon_verdict: str

    @property
    def fires_spontaneously(self) -> bool:
        return self.fibre.spontaneous_rate_hz > 0

    @property
    def excitable(self) -> bool:
        return self.fibre.evoked_spikes > 0 or self.fires_spontaneously


@memo_ahead(maxsize=256)
def fibre_run(
    k_out_mM: float, na_out_mM: float, cl_out_mM: float, ca_out_mM: float, mg_out_mM: float
) -> FibreResponse:
    """:func:`~widgets.physiology.pulse_responses.fibre_response` at 37 °C (memoised; the
    arguments are positional for the memo's key: ``fibre_run.ahead((k, na, cl, ca, mg))``)."""
    return fibre_response(
        k_out_mM=k_out_mM,
        na_out_mM=na_out_mM,
        cl_out_mM=cl_out_mM,
        ca_out_mM=ca_out_mM,
        mg_out_mM=mg_out_mM,
        temperature_c=TEMPERATURE_C,
    )


@memo_ahead(maxsize=256)
def axon_run(k_out_mM: float, ca_out_mM: float, mg_out_mM: float) -> AxonResponse:
    """:func:`~widgets.physiology.pulse_responses.axon_response` at 37 °C (memoised; key
    ``(k, ca, mg)``)."""
    return axon_response(
        k_out_mM=k_out_mM, ca_out_mM=ca_out_mM, mg_out_mM=mg_out_mM, temperature_c=TEMPERATURE_C
    )
