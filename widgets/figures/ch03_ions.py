"""Chapter 3's figures of the ions around the fibre: calcium (surface charge and threshold),
potassium (depolarisation block) and chloride (myotonia's after-discharges).

Drawing only: the models and protocols are in :mod:`widgets.physiology`.
"""

from __future__ import annotations

import numpy as np

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import (
    NORMAL_BAND,
    OKABE_ITO,
    course_style,
    new_figure,
    plain_log_axis,
    reference_band,
)
from widgets.physiology import (
    hodgkin_huxley_1952,
    nernst,
    rheobase_uA_cm2,
    simulate,
    skeletal_muscle,
    surface_charge_shift_mV,
)
from widgets.physiology.constants import K_IN_MM
from widgets.physiology.hypocalcaemia import muscle_tetany_onset_ca_mM
from widgets.physiology.membrane import MUSCLE_DEFAULTS, MUSCLE_TEMPERATURE_C
from widgets.physiology.protocols import (
    RHEOBASE_STEP_MS,
    after_discharges,
    muscle_state,
)
from widgets.physiology.stimuli import TRAIN_RATE_HZ

C = OKABE_ITO


def calcium_figure(
    ca_values_mM=(1.4, 1.2, 1.0, 0.8, 0.6, 0.5, 0.45, 0.4, 0.38, 0.36, 0.34, 0.3, 0.25),
    step_ms: float = RHEOBASE_STEP_MS,
) -> StaticFigure:
    """(a) surface-charge gating shift against [Ca]o; (b) muscle-model rheobase (``step_ms`` steps) against [Ca]o;
    below :func:`~widgets.physiology.hypocalcaemia.muscle_tetany_onset_ca_mM` (as chapter 3 prints) it fires by itself."""
    ca_ref, mg_ref, slope = (
        MUSCLE_DEFAULTS[k] for k in ("ca_ref_mM", "mg_ref_mM", "ca_slope_mV_per_decade")
    )
    ca_line = np.geomspace(0.2, 2.0, 200)
    shift = surface_charge_shift_mV(ca_out_mM=ca_line, mg_out_mM=mg_ref)
    ca = np.asarray(ca_values_mM, dtype=float)
    onset = muscle_tetany_onset_ca_mM(mg_out_mM=mg_ref)
    spont = ca < onset
    rheo = np.array(
        [
            0.0
            if s
            else rheobase_uA_cm2(
                skeletal_muscle(ca_out_mM=float(c), mg_out_mM=mg_ref), step_ms, tol_uA_cm2=0.1
            )
            for c, s in zip(ca, spont)
        ]
    )
    with course_style():
        fig, (a1, a2) = new_figure(9.0, 3.9, 1, 2)
        for ax in (a1, a2):
            ca_lo, ca_hi = reference_band(ax, "calcium_ionised", "normal ionised Ca")
            ax.set_xscale("log")
            ax.set_xlabel("outside ionised calcium (mmol/L, log)")
            plain_log_axis(ax.xaxis, [0.2, 0.3, 0.5, 1.0, 2.0])
        a1.plot(ca_line, shift, color=C["blue"], label="gating shift")
        a1.axhline(0, color=C["black"], lw=0.8)
        a1.set_ylabel("shift of the gates (mV)")
        a1.set_title("(a) less Ca: gates act as if depolarised")
        a1.legend(loc="lower right", frameon=False, fontsize=10)
        a2.plot(
            ca[~spont],
            rheo[~spont],
            "o-",
            color=C["vermillion"],
            label=f"rheobase ({step_ms:g}-ms step)",
        )
        if spont.any():
            a2.plot(ca[spont], rheo[spont], "s", color=C["black"], label="fires with no stimulus")
        a2.set_ylabel("rheobase (µA/cm²)")
        a2.set_ylim(bottom=-1)
        a2.set_title("(b) muscle model: threshold falls")
        a2.legend(loc="upper left", frameon=False, fontsize=10)
    normal = rheo[ca == ca_ref][0] if np.any(ca == ca_ref) else rheo[0]
    k_last = int(np.flatnonzero(~spont)[-1])  # the lowest calcium at which the fibre still rests
    at = [
        f"{surface_charge_shift_mV(ca_out_mM=c, mg_out_mM=mg_ref):.0f} mV at {c:g}"
        for c in (ca_ref, 0.6, 0.3)
    ]
    alt = (
        "Two panels against outside ionised calcium on a log scale, with the normal range "
        f"{ca_lo:g}–{ca_hi:g} mmol/L shaded. (a) The gating shift of the surface-charge "
        f"model is a straight line on this axis: {at[0]} mmol/L, {at[1]} and {at[2]} mmol/L ({slope:g} mV per tenfold "
        f"change). (b) The rheobase of the muscle-fibre model falls from {normal:.0f} µA/cm² at {ca_ref:g} mmol/L as "
        f"calcium falls, to only {rheo[k_last]:.1f} µA/cm² at {ca[k_last]:g} mmol/L. Below {onset:.2f} mmol/L the "
        "fibre's resting state is unstable and it fires with no stimulus at all (black squares), at a calcium far "
        "below the level at which tetany, which starts in the nerves, begins in patients."
    )
    return show_figure(
        fig,
        alt,
        caption="Low outside calcium: the gating shift and the muscle fibre's falling threshold",
    )


def potassium_figure(
    factors=(1.0, 1.5, 2.0, 3.0), k_values_mM=None, t_stop_ms: float = 100.0
) -> StaticFigure:
    """(a) HH axon at multiples of [K]o, no stimulus; (b) muscle-model rest and state against [K]o."""
    if k_values_mM is None:
        k_values_mM = np.r_[
            np.arange(2.0, 6.01, 0.5), np.arange(6.25, 7.6, 0.25), np.arange(8.0, 12.1, 1.0)
        ]
    ks = np.asarray(k_values_mM, dtype=float)
    hh_traces = [simulate(hodgkin_huxley_1952(k_out_factor=f), 0.0, t_stop_ms) for f in factors]
    muscles = [skeletal_muscle(k_out_mM=float(k)) for k in ks]
    rest = np.array([m.v_rest_mV for m in muscles])
    states = [muscle_state(m) for m in muscles]
    e_k = nernst(1, ks, K_IN_MM, MUSCLE_TEMPERATURE_C)
    marker = {
        "excitable": ("o", C["blue"]),
        "fires by itself": ("^", C["vermillion"]),
        "inexcitable": ("s", C["black"]),
    }
    cols = [C["blue"], C["bluish_green"], C["vermillion"], C["black"]]
    with course_style():
        fig, (a1, a2) = new_figure(9.5, 4.0, 1, 2)
        for f, tr, col in zip(factors, hh_traces, cols):
            a1.plot(tr.t_ms, tr.v_mV, color=col, lw=1.5, label=f"{f:g}× [K]$_o$")
        a1.set_xlabel("time (ms), no stimulus")
        a1.set_ylabel("V (mV)")
        a1.set_title("(a) HH axon, raised potassium")
        a1.legend(loc="upper right", frameon=False, fontsize=9, ncols=2)
        a1.set_ylim(-80, 75)
        k_lo, k_hi = reference_band(a2, "potassium")
        a2.plot(ks, e_k, "--", color=C["bluish_green"], lw=1.5, label="$E_K$ (Nernst)")
        a2.plot(ks, rest, color=C["blue"], lw=1.0)
        for s, (mk, col) in marker.items():
            sel = np.array([x == s for x in states])
            if sel.any():
                a2.plot(ks[sel], rest[sel], mk, color=col, label=s, ms=6)
        a2.set_xlabel("outside potassium (mmol/L)")
        a2.set_ylabel("resting potential (mV)")
        a2.set_title(f"(b) muscle model at {MUSCLE_TEMPERATURE_C:g} °C")
        a2.legend(loc="lower right", frameon=False, fontsize=9)
    hh_desc = [
        f"{f:g} times: "
        + (
            f"fires {tr.spike_times_ms.size} spikes"
            if tr.spike_times_ms.size
            else f"silent at {tr.v_mV[-1]:.0f} mV"
        )
        for f, tr in zip(factors, hh_traces)
    ]
    fire_k = ks[[s == "fires by itself" for s in states]]
    dead_k = ks[[s == "inexcitable" for s in states]]
    alt = (
        f"Two panels. (a) Membrane potential of the Hodgkin–Huxley axon over {t_stop_ms:g} ms with no stimulus, at "
        "multiples of the normal outside potassium: "
        + "; ".join(hh_desc)
        + ". Where the axon fires, the oscillation grows "
        f"over a few cycles, so its rate in these {t_stop_ms:g} ms is below the steady rate. "
        f"(b) Resting potential of the muscle-fibre model against outside potassium from {ks[0]:g} to {ks[-1]:g} "
        f"mmol/L, with the potassium equilibrium potential for comparison and the reference range {k_lo:g}–{k_hi:g} "
        f"mmol/L shaded: rest rises from {rest[0]:.0f} to {rest[-1]:.0f} mV. Points are marked excitable "
        + (
            f"up to {ks[[s == 'excitable' for s in states]].max():g} mmol/L, "
            if "excitable" in states
            else ""
        )
        + (
            f"firing by itself between {fire_k.min():g} and {fire_k.max():g} mmol/L, "
            if fire_k.size
            else ""
        )
        + (f"and inexcitable from {dead_k.min():g} mmol/L." if dead_k.size else "")
    )
    return show_figure(
        fig,
        alt,
        caption="Raised outside potassium: the Hodgkin–Huxley axon and the muscle-fibre model",
    )


def myotonia_figure(g_cl_low_mS_cm2: float = 0.3, t_stop_ms: float = 1200.0) -> StaticFigure:
    """A burst (TRAIN_RATE_HZ, 500 ms) in a normal fibre and one with low chloride conductance."""
    g_norm = MUSCLE_DEFAULTS["g_cl_mS_cm2"]
    until = 500.0
    normal, n_after = after_discharges(g_norm, t_stop_ms=t_stop_ms, until_ms=until)
    myo, m_after = after_discharges(g_cl_low_mS_cm2, t_stop_ms=t_stop_ms, until_ms=until)
    with course_style():
        fig, (a1, a2, a3) = new_figure(8.5, 7.0, 3, 1, sharex=True)
        for ax, tr, label, n in (
            (a1, normal, f"(a) normal chloride conductance ({g_norm:g} mS/cm²)", n_after),
            (a2, myo, f"(b) low chloride conductance ({g_cl_low_mS_cm2:g} mS/cm²)", m_after),
        ):
            ax.axvspan(0, until, color=NORMAL_BAND)
            ax.plot(tr.t_ms, tr.v_mV, color=C["blue"], lw=0.6)
            ax.set_ylabel("V (mV)")
            ax.set_title(f"{label}: {n} spikes after the burst", fontsize=11, loc="left")
        a3.axvspan(0, until, color=NORMAL_BAND, label=f"{TRAIN_RATE_HZ:g}-Hz stimulation")
        a3.plot(normal.t_ms, normal.k_tubule_mM, color=C["blue"], label="normal $g_{Cl}$")
        a3.plot(myo.t_ms, myo.k_tubule_mM, color=C["vermillion"], label="low $g_{Cl}$")
        a3.set_ylabel("T-tubule [K] (mM)")
        a3.set_xlabel("time (ms)")
        a3.set_title("(c) potassium in the T-tubules", fontsize=11, loc="left")
        a3.legend(loc="center right", frameon=False, fontsize=9)
    alt = (
        f"Three stacked panels over {t_stop_ms:g} ms for the muscle-fibre model driven by nerve-like pulses at {TRAIN_RATE_HZ:g} Hz "
        f"for the first {until:g} ms (shaded). (a) With the normal chloride conductance the fibre fires one spike "
        f"per pulse and falls silent when the pulses stop ({n_after} spikes afterwards). (b) With the chloride "
        f"conductance cut to {g_cl_low_mS_cm2:g} mS/cm² it keeps firing after the pulses stop: {m_after} "
        f"after-discharges. (c) Potassium in the T-tubules climbs during the burst from {normal.k_tubule_mM[0]:.0f} "
        f"to about {normal.k_tubule_mM.max():.1f} mM in the normal fibre, then decays; in the low-chloride fibre "
        f"the after-discharges keep it high (peak {myo.k_tubule_mM.max():.1f} mM)."
    )
    return show_figure(
        fig, alt, caption="After-discharges in a muscle fibre with low chloride conductance"
    )
