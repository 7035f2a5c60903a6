"""Figures and printed lines of chapter 3 on where hypocalcaemic tetany starts.

The numbers are computed in :mod:`widgets.physiology.hypocalcaemia`. Each figure function returns a :class:`~widgets.figures.render.StaticFigure` whose alt text is written
from the plotted values. Models: :func:`~widgets.physiology.motor_axon` (human motor-axon node)
and :func:`~widgets.physiology.skeletal_muscle` (muscle fibre), both with the surface-charge
shift of :func:`~widgets.physiology.surface_charge_shift_mV`. Clinical numbers come from
``widgets/data/clinical_facts.json`` (``turner2016``) and ``reference_ranges.json``.
"""

from __future__ import annotations

import numpy as np

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import OKABE_ITO, course_style, new_figure, reference_band
from widgets.physiology import (
    discharge_groups,
    motor_axon,
    tetany_onset_ca_mM,
)
from widgets.physiology.axon import clinical_symptom_range_mM
from widgets.physiology.axon_measures import group_starts_ms
from widgets.physiology.electrolytes import reference_ranges
from widgets.physiology.hypocalcaemia import (
    AXON_BLOCK_BELOW_MM,
    AXON_TEST_PULSE_MS,
    AXON_TEST_PULSE_START_MS,
    muscle_tetany_onset_ca_mM,
)
from widgets.physiology.pulse_responses import axon_test_trace, pulse_response_spikes

TRACE_CA_MM = (1.2, 0.93, 0.9, 0.8)
MAX_CA_MM = 3.0  # highest ionised calcium (mmol/L) these figures accept


def tetany_ladder_figure(ca_min_mM: float = 0.2, ca_max_mM: float = 1.4) -> StaticFigure:
    """Where each model fires by itself as ionised calcium falls, beside the clinical numbers."""
    ref_top = reference_ranges()["calcium_ionised"]["high_mmol_L"]
    if not 0 < ca_min_mM < AXON_BLOCK_BELOW_MM < ref_top < ca_max_mM <= MAX_CA_MM:
        raise ValueError(
            f"need 0 < ca_min_mM < {AXON_BLOCK_BELOW_MM:g} and {ref_top:g} < ca_max_mM <= {MAX_CA_MM:g} "
            f"mmol/L (got {ca_min_mM}, {ca_max_mM})"
        )
    c = OKABE_ITO
    axon_onset = tetany_onset_ca_mM()
    muscle_onset = muscle_tetany_onset_ca_mM()
    clinical = clinical_symptom_range_mM()
    with course_style():
        fig, ax = new_figure(8.0, 3.9)
        ref_lo, ref_hi = reference_band(ax, "calcium_ionised", "reference range")
        if clinical:
            ax.axvspan(
                clinical[0],
                clinical[1],
                facecolor="none",
                hatch="////",
                edgecolor=c["vermillion"],
                linewidth=0.0,
                label="symptoms begin in patients",
            )
        rows = {"motor axon (model)": 1.0, "muscle fibre (model)": 0.0}
        ax.barh(
            1.0,
            axon_onset - AXON_BLOCK_BELOW_MM,
            left=AXON_BLOCK_BELOW_MM,
            height=0.45,
            color=c["blue"],
            label="fires by itself",
        )
        ax.barh(
            1.0,
            AXON_BLOCK_BELOW_MM - ca_min_mM,
            left=ca_min_mM,
            height=0.45,
            color=c["sky_blue"],
            label="depolarised, spikes fail (model limit)",
        )
        ax.barh(0.0, muscle_onset - ca_min_mM, left=ca_min_mM, height=0.45, color=c["blue"])
        for y, onset in ((1.0, axon_onset), (0.0, muscle_onset)):
            ax.annotate(
                f"{onset:.2f}",
                xy=(onset, y + 0.23),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=10,
            )
        ax.set_yticks(list(rows.values()), list(rows))
        ax.set_xlim(ca_min_mM, ca_max_mM)
        ax.set_ylim(-0.5, 1.6)
        ax.set_xlabel("ionised calcium (mmol/L)")
        ax.set_title("As calcium falls, the motor axon fires long before the muscle fibre")
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.28), frameon=False, fontsize=9, ncol=2
        )
    alt = (
        f"Bar chart against ionised calcium from {ca_min_mM:g} to {ca_max_mM:g} mmol/L with two rows. "
        f"The grey band marks the reference range, {ref_lo:g}–{ref_hi:g} mmol/L"
        + (
            f"; a hatched band marks where symptoms begin in patients, about {clinical[0]:.1f}–{clinical[1]:.1f} "
            "mmol/L"
            if clinical
            else ""
        )
        + f". Top row, the model motor axon: it fires by itself below {axon_onset:.2f} mmol/L, down to about "
        f"{AXON_BLOCK_BELOW_MM:g} mmol/L; lower still, the model node sits depolarised and its spikes fail, a limit "
        f"of the model. Bottom row, the model muscle fibre: it fires by itself only below {muscle_onset:.2f} mmol/L. "
        "So the axon starts firing within the clinical range, while the fibre needs a far lower calcium."
    )
    return show_figure(
        fig,
        alt,
        caption="As calcium falls, the motor axon fires by itself long before the muscle fibre",
    )


def axon_discharge_figure(cas_mM=TRACE_CA_MM, t_stop_ms: float = 600.0) -> StaticFigure:
    """Membrane potential of the model motor axon at several ionised calcium values, no stimulus
    except one brief pulse at 5 ms: quiet, a burst after the pulse, then groups of spikes."""
    cas = [float(x) for x in cas_mM]
    if not cas or any(not AXON_BLOCK_BELOW_MM <= x <= MAX_CA_MM for x in cas):
        raise ValueError(
            f"cas_mM must be ionised calcium values in [{AXON_BLOCK_BELOW_MM:g}, {MAX_CA_MM:g}] mmol/L "
            f"(got {cas_mM!r})"
        )
    on = AXON_TEST_PULSE_START_MS
    runs = []
    for ca in cas:  # the explorer's test-pulse run (with its nudge), over t_stop_ms
        tr = axon_test_trace(motor_axon(ca_out_mM=ca), t_stop_ms=t_stop_ms)
        spikes = np.asarray(tr.spike_times_ms)
        runs.append((ca, tr, spikes, discharge_groups(spikes)))
    with course_style():
        fig, axes = new_figure(8.0, 1.55 * len(cas) + 0.6, len(cas), 1, sharex=True)
        axes = np.atleast_1d(axes)
        for ax, (ca, tr, spikes, groups) in zip(axes, runs):
            ax.plot(tr.t_ms[::4], tr.v_mV[::4], color=OKABE_ITO["blue"], linewidth=1.0)
            ax.set_ylim(-100.0, 95.0)
            ax.set_yticks([-80, 0, 40])
            ax.text(
                0.99,
                0.97,
                f"ionised Ca²⁺ {ca:.2f} mmol/L: {_describe_run(spikes, groups)}",
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=9.5,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0},
            )
        axes[-1].set_xlabel(f"time (ms); one {AXON_TEST_PULSE_MS:g} ms test pulse at {on:g} ms")
        axes[len(axes) // 2].set_ylabel("membrane potential (mV)")
        axes[0].set_title("Model motor axon: from quiet to the grouped discharges of tetany")
    parts = "; ".join(
        f"at {ca:.2f} mmol/L {_describe_run(spikes, groups)}" for ca, _, spikes, groups in runs
    )
    alt = (
        f"{len(cas)} stacked voltage traces of the model human motor axon over {t_stop_ms:g} ms, each with one "
        f"brief test pulse at {on:g} ms and no other stimulus, at ionised calcium {', '.join(f'{c:.2f}' for c in cas)} "
        f"mmol/L. {parts[0].upper() + parts[1:]}. The lower the calcium, the sooner and the longer the groups of "
        "spikes, like the grouped discharges (multiplets) recorded in tetany."
    )
    return show_figure(
        fig,
        alt,
        caption="The model motor axon as calcium falls: from quiet to the grouped discharges of tetany",
    )


def _describe_run(spikes: np.ndarray, groups: list) -> str:
    after = spikes[spikes > AXON_TEST_PULSE_START_MS]
    if after.size <= 1 and spikes.size <= 2:
        return "one spike for the pulse, then quiet"
    later = [g for g, start in zip(groups, group_starts_ms(spikes)) if start > 40.0]
    if not later:
        return f"the pulse sets off a burst of {int(np.sum(pulse_response_spikes(spikes)))} spikes, then quiet"
    return f"{len(later)} groups of {_span(later)} spikes by itself"


def _span(sizes) -> str:
    return f"{min(sizes)}" if min(sizes) == max(sizes) else f"{min(sizes)}–{max(sizes)}"
