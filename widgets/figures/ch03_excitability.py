"""Figures and printed tables for the chapter "Excitability and the action potential" (chapter 3).

Every figure function returns a :class:`~widgets.figures.render.StaticFigure` whose alt text is written
from the computed data. The models are in :mod:`widgets.physiology` (``hodgkin1952``,
``hille1975``, ``frankenhaeuser1957``, ``palade1977``, ``adrian1974``, ``cannon1993``) and the
stimulation protocols (thresholds, refractoriness, oscillation rates, muscle states,
after-discharges, temperature series) in :mod:`widgets.physiology.protocols`; this module only
draws and prints.
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
from widgets.physiology.membrane import MUSCLE_DEFAULTS, MUSCLE_TEMPERATURE_C, MembraneModel
from widgets.physiology.protocols import (
    AP_PULSE_MS,
    AP_PULSE_UA_CM2,
    REFRACTORY_CAP_FACTOR,
    REFRACTORY_PULSE_MS,
    RHEOBASE_STEP_MS,
    after_discharges,
    gate_curves,
    hh_reference_values,
    muscle_state,
    oscillation_rates,
    refractory_curve,
    strength_duration,
    to_hh1952_convention_mV,
)
from widgets.physiology.spikes import SPIKE_THRESHOLD_MV as V_SPIKE
from widgets.physiology.stimuli import TRAIN_RATE_HZ, pulse

C = OKABE_ITO


# --------------------------------------------------------------------------- printed tables
def hh_parameter_rows(model: MembraneModel | None = None) -> list[tuple[str, str, str]]:
    """(quantity, modern value, 1952-convention value) rows for the HH1952 parameters."""
    m = model or hodgkin_huxley_1952()
    rows = [
        ("membrane capacitance C", f"{m.c_m_uF_cm2:g} µF/cm²", "same"),
        ("max. Na conductance, g(Na)", f"{m.g_na_mS_cm2:g} mS/cm²", "same"),
        ("max. K conductance, g(K)", f"{m.g_k_mS_cm2:g} mS/cm²", "same"),
        ("leak conductance, g(L)", f"{m.g_leak_mS_cm2:g} mS/cm²", "same"),
    ]
    for label, e in (("E(Na)", m.e_na_mV), ("E(K)", m.e_k_mV), ("E(L)", m.e_leak_mV)):
        rows.append(
            (
                f"reversal potential {label}",
                f"{e:+.3f} mV",
                f"{float(to_hh1952_convention_mV(e)):+.3f} mV",
            )
        )
    rest_1952 = round(float(to_hh1952_convention_mV(m.v_rest_mV)), 1) + 0.0  # no "-0.0"
    rows.append(("resting potential", f"{m.v_rest_mV:+.1f} mV", f"{rest_1952:+.1f} mV"))
    return rows


# --------------------------------------------------------------------------- figures
def gate_kinetics_figure(temperature_c: float = 6.3) -> StaticFigure:
    """Steady-state opening and time constants of the m, h and n gates against voltage."""
    model = hodgkin_huxley_1952(temperature_c)
    v = np.linspace(-100.0, 40.0, 561)
    inf, tau = gate_curves(v, model)
    colours = {"m": C["vermillion"], "h": C["blue"], "n": C["bluish_green"]}
    names = {"m": "m (Na activation)", "h": "h (Na inactivation)", "n": "n (K activation)"}
    rest = model.v_rest_mV
    with course_style():
        fig, (a1, a2) = new_figure(9.0, 3.8, 1, 2)
        for g in "mhn":
            a1.plot(v, inf[g], color=colours[g], label=names[g])
            a2.plot(v, tau[g], color=colours[g], label=g)
        for ax in (a1, a2):
            ax.axvline(rest, color=C["black"], ls=":", lw=1.2)
            ax.set_xlabel("membrane potential (mV)")
        a1.text(rest + 2, 0.5, "rest", fontsize=10)
        a1.set_ylabel("fraction open at steady state")
        a1.set_title("(a) where each gate settles")
        a1.legend(loc="center right", frameon=False, fontsize=10)
        a2.set_yscale("log")
        a2.set_ylabel("time constant (ms, log scale)")
        a2.set_title(f"(b) how fast it gets there, {temperature_c:g} °C")
        a2.legend(loc="lower right", frameon=False, fontsize=10)
    at_rest = {g: float(np.interp(rest, v, inf[g])) for g in "mhn"}
    tmax = {g: float(tau[g].max()) for g in "mhn"}
    span = f"from {v[0]:.0f} to {v[-1]:+.0f} mV".replace("-", "−")
    alt = (
        f"Two panels for the Hodgkin–Huxley gates {span}. (a) Steady-state fraction open: "
        f"m and n rise with depolarisation (S-shaped curves), h falls. At rest ({rest:.0f} mV) m is "
        f"{at_rest['m']:.2f}, h {at_rest['h']:.2f} and n {at_rest['n']:.2f}. (b) Time constants on a log "
        f"scale at {temperature_c:g} °C: m is fastest (at most {tmax['m']:.2f} ms), h and n are about ten "
        f"times slower (peaks {tmax['h']:.1f} and {tmax['n']:.1f} ms)."
    )
    return show_figure(
        fig,
        alt,
        caption="Hodgkin–Huxley gates: where each one settles and how fast, against voltage",
    )


def action_potential_figure(
    amplitude_uA_cm2: float = AP_PULSE_UA_CM2,
    width_ms: float = AP_PULSE_MS,
    t_stop_ms: float = 20.0,
) -> StaticFigure:
    """One HH1952 action potential with its gates and conductances (brief pulse at t = 1 ms)."""
    model = hodgkin_huxley_1952()
    tr = simulate(model, lambda t: pulse(t, 1.0, width_ms, amplitude_uA_cm2), t_stop_ms)
    t = tr.t_ms
    g_na = model.g_na_mS_cm2 * tr.m**3 * tr.h
    g_k = model.g_k_mS_cm2 * tr.n**4
    k_peak = int(np.argmax(tr.v_mV))
    with course_style():
        fig, (a1, a2, a3) = new_figure(8.0, 7.2, 3, 1, sharex=True)
        a1.axhline(model.e_na_mV, color=C["vermillion"], ls="--", lw=1.2)
        a1.axhline(model.e_k_mV, color=C["bluish_green"], ls="--", lw=1.2)
        a1.plot(t, tr.v_mV, color=C["black"])
        a1.text(t_stop_ms, model.e_na_mV + 3, "$E_{Na}$", ha="right", va="bottom", fontsize=10)
        a1.text(t_stop_ms, model.e_k_mV - 3, "$E_K$", ha="right", va="top", fontsize=10)
        a1.axvspan(1.0, 1.0 + width_ms, color=NORMAL_BAND)
        a1.set_ylabel("V (mV)")
        a1.set_ylim(-95, 70)
        a1.set_title("(a) membrane potential (grey: stimulus)")
        for arr, g in ((tr.m, "m"), (tr.h, "h"), (tr.n, "n")):
            col = {"m": C["vermillion"], "h": C["blue"], "n": C["bluish_green"]}[g]
            a2.plot(t, arr, color=col, label=g)
        a2.set_ylabel("gate (0–1)")
        a2.set_title("(b) gates")
        a2.legend(loc="upper right", frameon=False, ncols=3, fontsize=10)
        a3.plot(t, g_na, color=C["vermillion"], label="$g_{Na} = \\bar g_{Na} m^3 h$")
        a3.plot(t, g_k, color=C["bluish_green"], label="$g_K = \\bar g_K n^4$")
        a3.set_ylabel("mS/cm²")
        a3.set_xlabel("time (ms)")
        a3.set_title("(c) conductances")
        a3.legend(loc="upper right", frameon=False, fontsize=10)
    k_gna = int(np.argmax(g_na))
    k_gk = int(np.argmax(g_k))
    alt = (
        f"Three stacked panels, 0 to {t_stop_ms:g} ms, after a {width_ms:g}-ms pulse of {amplitude_uA_cm2:g} µA/cm² "
        f"to the Hodgkin–Huxley axon. (a) The potential rises from {tr.v_mV[0]:.0f} mV to a peak of "
        f"{tr.v_mV[k_peak]:.0f} mV at {t[k_peak]:.1f} ms, below the sodium equilibrium potential ({model.e_na_mV:+.0f} mV), falls, and "
        f"undershoots to {tr.v_mV.min():.0f} mV, close to the potassium equilibrium potential ({model.e_k_mV:.0f} mV), before returning to rest. "
        f"(b) m jumps up with the upstroke; h falls and n rises more slowly, and both recover over about "
        f"ten milliseconds. (c) The sodium conductance peaks first ({g_na.max():.0f} mS/cm² at {t[k_gna]:.1f} ms), "
        f"the potassium conductance later and lower ({g_k.max():.0f} mS/cm² at {t[k_gk]:.1f} ms)."
    )
    return show_figure(
        fig,
        alt,
        caption="One action potential of the Hodgkin–Huxley axon: voltage, gates and conductances",
    )


def threshold_figure() -> StaticFigure:
    """(a) strength-duration curve; (b) threshold of a second pulse after a first spike."""
    model = hodgkin_huxley_1952()
    widths, thr = strength_duration(model)
    rheo = rheobase_uA_cm2(model, RHEOBASE_STEP_MS, i_max_uA_cm2=5.0)
    intervals, ratio = refractory_curve(model)
    absolute = ~np.isfinite(ratio)
    with course_style():
        fig, (a1, a2) = new_figure(9.0, 3.8, 1, 2)
        a1.plot(widths, thr, "o-", color=C["blue"], label="threshold of one pulse")
        a1.axhline(rheo, color=C["black"], ls="--", lw=1.2, label="rheobase")
        a1.set_xscale("log")
        a1.set_yscale("log")
        plain_log_axis(a1.xaxis, [0.1, 1, 10, 50])
        plain_log_axis(a1.yaxis, [2, 5, 10, 20, 50])
        a1.set_xlabel("pulse duration (ms)")
        a1.set_ylabel("threshold current (µA/cm²)")
        a1.set_title("(a) strength–duration")
        a1.legend(frameon=False, fontsize=10)
        if absolute.any():
            a2.axvspan(
                intervals[0],
                intervals[absolute][-1] + 0.25,
                color=NORMAL_BAND,
                label=f"no second spike (≤ {REFRACTORY_CAP_FACTOR:g}× threshold)",
            )
        a2.plot(
            intervals[~absolute],
            ratio[~absolute],
            "o-",
            color=C["vermillion"],
            label="second-pulse threshold",
        )
        a2.axhline(1.0, color=C["black"], ls="--", lw=1.2, label="resting threshold")
        a2.set_yscale("log")
        plain_log_axis(a2.yaxis, [0.5, 1, 2, 5, 10, 20])
        a2.set_xlabel("interval between pulses (ms)")
        a2.set_ylabel("threshold / resting threshold")
        a2.set_title("(b) refractoriness")
        a2.legend(frameon=False, fontsize=9, loc="upper right")
    last_abs = float(intervals[absolute][-1]) if absolute.any() else float("nan")
    finite = ratio[~absolute]
    fi = intervals[~absolute]
    above = fi[(finite > 1.05) & (fi < fi[int(np.argmin(finite))])]
    back = float(above.max()) if above.size else float("nan")
    k_min = int(np.argmin(finite))
    alt = (
        f"Two panels for the Hodgkin–Huxley axon at {model.temperature_c:g} °C. (a) Threshold current of a single rectangular pulse "
        f"against its duration (log–log): {thr[0]:.0f} µA/cm² for {widths[0]:g} ms, falling steeply for short "
        f"pulses and levelling off for pulses of {widths[-3]:g} ms and longer at the rheobase, the threshold of a "
        f"{RHEOBASE_STEP_MS:g}-ms step, {rheo:.2f} µA/cm². "
        f"(b) Threshold of a {REFRACTORY_PULSE_MS:g}-ms second pulse, relative to its resting threshold, against the interval after a "
        f"first spike: up to {last_abs:g} ms no second spike could be evoked with {REFRACTORY_CAP_FACTOR:g} times the threshold "
        f"(absolute refractory period, shaded); then the threshold falls from {finite[0]:.1f} times at {fi[0]:g} ms "
        f"and stays raised until about {back:g} ms (relative refractory period); around "
        f"{fi[k_min]:g} ms it briefly dips below normal ({finite[k_min]:.2f} times), then settles at 1."
    )
    return show_figure(
        fig, alt, caption="Strength–duration curve and refractoriness of the Hodgkin–Huxley axon"
    )


def firing_regimes_figure(
    currents_uA_cm2=(2.0, 4.0, 10.0, 170.0), t_stop_ms: float = 100.0, on_ms: float = 5.0
) -> StaticFigure:
    """Responses of the HH axon to steps of constant current: none, one spike, a train, block."""
    model = hodgkin_huxley_1952()
    traces = [
        simulate(model, lambda t, i=i: np.where(np.asarray(t) >= on_ms, i, 0.0), t_stop_ms)
        for i in currents_uA_cm2
    ]
    with course_style():
        fig, axes = new_figure(8.0, 7.0, len(currents_uA_cm2), 1, sharex=True, sharey=True)
        for ax, i, tr in zip(axes, currents_uA_cm2, traces):
            ax.plot(tr.t_ms, tr.v_mV, color=C["blue"])
            ax.set_title(
                f"step of {i:g} µA/cm² from {on_ms:g} ms: {tr.spike_times_ms.size} spike(s)",
                fontsize=11,
                loc="left",
            )
            ax.set_ylabel("V (mV)")
            ax.set_ylim(-85, 55)
        axes[-1].set_xlabel("time (ms)")
    parts = []
    for i, tr in zip(currents_uA_cm2, traces):
        n = tr.spike_times_ms.size
        end = tr.v_mV[-1]
        parts.append(f"{i:g} µA/cm²: {n} spike{'s' if n != 1 else ''}, ending at {end:.0f} mV")
    alt = (
        f"Four stacked voltage traces of the Hodgkin–Huxley axon, 0 to {t_stop_ms:g} ms, each with a current step "
        f"switched on at {on_ms:g} ms. "
        + "; ".join(parts)
        + ". The smallest step only depolarises the membrane slightly; "
        "the next gives one spike and then a new steady level; the third fires a regular train; the largest "
        "fires once and then stays depolarised without spikes (depolarisation block)."
    )
    return show_figure(
        fig,
        alt,
        caption="The Hodgkin–Huxley axon under steps of constant current: nothing, one spike, a train, block",
    )


def fi_figure(i_max_uA_cm2: float = 180.0) -> StaticFigure:
    """Steady firing rate against step current for the HH axon (f-I curve), onset and block marked."""
    model = hodgkin_huxley_1952()
    currents = np.r_[
        np.arange(0.0, 6.25, 0.5),
        np.arange(6.3, 10.0, 0.4),
        np.arange(10.0, i_max_uA_cm2 + 0.1, 5.0),
    ]
    rates, peaks = oscillation_rates(model, currents)
    ref = hh_reference_values(
        model
    )  # onset, the rate just above it and block: as chapter 3 prints them
    onset, block = ref["onset_uA_cm2"], ref["block_uA_cm2"]
    full = (rates > 0) & (peaks >= V_SPIKE)
    small = (rates > 0) & (peaks < V_SPIKE)
    silent = rates == 0
    with course_style():
        fig, ax = new_figure(7.5, 4.0)
        ax.axvspan(block, i_max_uA_cm2, color=NORMAL_BAND, label="depolarisation block")
        ax.plot(currents[rates > 0], rates[rates > 0], "-", color=C["blue"], lw=1.2)
        ax.plot(
            currents[full],
            rates[full],
            "o",
            ms=5,
            color=C["blue"],
            label=f"spikes overshoot {V_SPIKE:g} mV",
        )
        ax.plot(
            currents[small],
            rates[small],
            "o",
            ms=5,
            mfc="white",
            color=C["blue"],
            label=f"oscillation peaks below {V_SPIKE:g} mV",
        )
        ax.plot(
            currents[silent],
            rates[silent],
            "s",
            ms=4,
            color=C["vermillion"],
            clip_on=False,
            label="no sustained firing",
            zorder=5,
        )
        ax.axvline(onset, color=C["black"], ls=":", lw=1.2)
        ax.text(onset + 3, 20, f"onset {onset:.2f} µA/cm²", fontsize=10)
        ax.set_xlabel("step current (µA/cm²)")
        ax.set_ylabel("firing rate (Hz)")
        ax.set_title(f"Hodgkin–Huxley axon, {model.temperature_c:g} °C: f–I curve")
        ax.set_xlim(0, i_max_uA_cm2)
        ax.set_ylim(0, 190)
        ax.legend(loc="upper left", frameon=False, fontsize=9, ncols=2)
    first = ref["onset_rate_hz"]
    top = rates.max()
    last_full = currents[full].max()
    alt = (
        f"Firing rate of the Hodgkin–Huxley axon against step current from 0 to {i_max_uA_cm2:g} µA/cm². Below "
        f"{onset:.2f} µA/cm² there is no sustained firing (rate 0). At onset the rate jumps straight to about "
        f"{first:.0f} Hz rather than rising from zero, then climbs ever more slowly. Up to about {last_full:g} µA/cm² "
        f"every spike overshoots {V_SPIKE:g} mV; above that the oscillations shrink (open circles) while their rate still "
        f"rises, to about {top:.0f} Hz. Beyond about {block:.0f} µA/cm² (shaded) the oscillation stops: "
        "depolarisation block."
    )
    return show_figure(
        fig, alt, caption="Firing rate against step current (f–I curve) of the Hodgkin–Huxley axon"
    )


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
    onset = muscle_tetany_onset_ca_mM(mg_mM=mg_ref)
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
