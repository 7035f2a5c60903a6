"""The model runs behind TonicClonicExplorer: one cached run of the spinal loop per setting, and
what a run means (sustained clonus, a lasting cramp, how fast a stretch ends it)."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.physiology.reflex_examples import (
    CLONUS_T_STOP_MS,
    CRAMP_T_STOP_MS,
    STRETCH_AT_MS,
    contracture_run,
    cramp_lasts,
    discharge_end_after_stretch_ms,
    sustained_clonus,
)
from widgets.physiology.reflex_loop import (
    clonus_test,
    cramp_test,
    reflex_loop,
)
from widgets.ui.ahead import memo_ahead

T_STOP_MS = {"push": CLONUS_T_STOP_MS, "contract": CRAMP_T_STOP_MS, "contracture": CRAMP_T_STOP_MS}


@memo_ahead(maxsize=256)
def run(
    action: str,
    reflex_gain: float,
    loop_delay_ms: float,
    tendon_organ_gain: float,
    pic_gain: float,
    muscle_length: str,
    stretch: bool,
):
    """The loop's answer to ``action`` (cached): a ``ClonusResult``, a ``CrampResult`` or, for a
    contracture, the calf held short with no unit firing (a ``ContractureRun``)."""
    if action == "contracture":
        return contracture_run(t_stop_ms=T_STOP_MS[action])
    loop = reflex_loop(
        reflex_gain=reflex_gain,
        loop_delay_ms=loop_delay_ms,
        tendon_organ_gain=tendon_organ_gain,
        pic_gain=pic_gain,
    )
    if action == "push":
        return clonus_test(loop, t_stop_ms=T_STOP_MS[action])
    return cramp_test(
        loop,
        muscle_length=muscle_length,
        stretch_at_ms=STRETCH_AT_MS if stretch else None,
        t_stop_ms=T_STOP_MS[action],
    )


def setting(values: dict) -> tuple:
    """The arguments of :func:`run` that matter for these control values (fewer distinct runs)."""
    action = values["action"]
    return (
        action,
        float(values["reflex_gain"]),
        float(values["loop_delay_ms"]),
        float(values["tendon_organ_gain"]),
        float(values["pic_gain"]),
        values["muscle_length"] if action == "contract" else "short",
        bool(values["stretch"]) and action == "contract",
    )


@dataclass(frozen=True)
class LoopView:
    """One state of the explorer: the control values, the model's answer and what it means."""

    values: dict
    outcome: object  # ClonusResult, CrampResult or ContractureRun

    @property
    def action(self) -> str:
        return self.values["action"]

    @property
    def trace(self):
        return self.outcome.trace

    @property
    def t_stop_ms(self) -> float:
        return float(self.trace.t_ms[-1])

    @property
    def sustained_clonus(self) -> bool:
        return self.action == "push" and sustained_clonus(self.outcome)

    @property
    def cramp(self) -> bool:
        return self.action == "contract" and cramp_lasts(self.outcome)

    @property
    def stretch_end_ms(self) -> float:
        """How long after the stretch starts the discharge ends (ms; nan if it does not)."""
        return (
            discharge_end_after_stretch_ms(self.outcome)
            if self.action == "contract"
            else float("nan")
        )
