"""Figures and printed tables of chapter 2, "Electrolytes and the resting potential".

Every figure function returns a :class:`~widgets.figures.render.StaticFigure` whose alt text is
written from the plotted data. The numbers come from :mod:`widgets.physiology`: ion concentrations
and resting permeabilities (:mod:`~widgets.physiology.constants`), Nernst and GHK potentials
(:mod:`~widgets.physiology.ions`), reference ranges and sweat (:mod:`~widgets.physiology.electrolytes`).
"""

from __future__ import annotations

import numpy as np

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import (
    OKABE_ITO,
    concentration_axis,
    course_style,
    new_figure,
    plain_log_axis,
    reference_band,
)
from widgets.physiology import classify, convert, nernst, reference_ranges, surface_charge_shift_mV
from widgets.physiology.constants import ION_CONCENTRATIONS_MM, P_NA_OVER_P_K
from widgets.physiology.electrolytes import SWEAT_MMOL_L, plasma_midpoint_mmol_L
from widgets.physiology.ions import equilibrium_potentials, resting_potential_mV
from widgets.physiology.membrane import MUSCLE_DEFAULTS
from widgets.physiology.numbers import number_text

ION_LABELS = {"K": "K$^+$", "Na": "Na$^+$", "Cl": "Cl$^-$", "Ca": "Ca$^{2+}$ (free)"}
ION_NAMES = {"K": "potassium", "Na": "sodium", "Cl": "chloride", "Ca": "calcium"}


def gradients_figure(temperature_c: float = 37.0) -> StaticFigure:
    """Left: outside and inside concentration of each ion (log axis). Right: their Nernst potentials."""
    e = equilibrium_potentials(temperature_c)
    v_rest = resting_potential_mV(temperature_c=temperature_c)
    ions = list(ION_CONCENTRATIONS_MM)
    y = np.arange(len(ions))[::-1]
    with course_style():
        fig, (ax1, ax2) = new_figure(9.0, 4.2, ncols=2, gridspec_kw={"width_ratios": [1.25, 1]})
        outside = [ION_CONCENTRATIONS_MM[i][1] for i in ions]
        inside = [ION_CONCENTRATIONS_MM[i][2] for i in ions]
        ax1.barh(
            y + 0.2, outside, height=0.38, color=OKABE_ITO["sky_blue"], label="outside (plasma)"
        )
        ax1.barh(y - 0.2, inside, height=0.38, color=OKABE_ITO["orange"], label="inside (cytosol)")
        ax1.set_xscale("log")
        ax1.set_xlim(5e-5, 1000)
        ax1.set_yticks(y, [ION_LABELS[i] for i in ions])
        ax1.set_xlabel("concentration (mmol/L, log scale)")
        ax1.set_title("Concentration gradients")
        ax1.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False, fontsize=9
        )
        colours = [
            OKABE_ITO["blue"],
            OKABE_ITO["vermillion"],
            OKABE_ITO["bluish_green"],
            OKABE_ITO["reddish_purple"],
        ]
        ax2.barh(y, [e[i] for i in ions], color=colours, height=0.55)
        ax2.axvline(0, color="black", lw=0.8)
        ax2.axvline(
            v_rest,
            color="black",
            ls="--",
            lw=1.2,
            label=f"resting potential, GHK ({number_text(v_rest, '.1f')} mV)",
        )
        for yy, ion in zip(y, ions):
            ax2.text(
                e[ion] + (4 if e[ion] > 0 else -4),
                yy,
                number_text(e[ion], "+.0f"),
                va="center",
                ha="left" if e[ion] > 0 else "right",
                fontsize=10,
            )
        ax2.set_yticks(y, [ION_LABELS[i] for i in ions])
        ax2.set_xlim(-140, 175)
        ax2.set_xlabel("equilibrium potential (mV)")
        ax2.set_title(f"Nernst potentials at {temperature_c:g} °C")
        ax2.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, fontsize=9)
    parts = ", ".join(
        f"{ION_NAMES[i]} {ION_CONCENTRATIONS_MM[i][1]:g} mmol/L outside and {ION_CONCENTRATIONS_MM[i][2]:g} inside, "
        f"equilibrium potential {e[i]:+.0f} mV"
        for i in ions
    )
    alt = (
        "Two bar charts. Left, on a logarithmic axis, the concentration of each ion outside and inside "
        "a muscle fibre; right, the equilibrium potential that each gradient produces, with the "
        f"resting potential from the GHK formula as a dashed line at {v_rest:.1f} mV. Values: {parts}. "
        "The resting potential lies close to the potassium and chloride potentials and far from "
        "those of sodium and calcium."
    )
    return show_figure(
        fig, alt, caption="Concentration gradients of the main ions and their Nernst potentials"
    )


def resting_potential_figure(k_min_mM: float = 1.5, k_max_mM: float = 10.0) -> StaticFigure:
    """E_K and the GHK resting potential against outside potassium, with the serum reference range."""
    k = concentration_axis(k_min_mM, k_max_mM, "k", upper_mM=40.0)
    k_in = ION_CONCENTRATIONS_MM["K"][2]
    e_k = nernst(1, k, k_in)
    v = resting_potential_mV(k)
    with course_style():
        fig, ax = new_figure(7.0, 3.8)
        lo, hi = reference_band(ax, "potassium")
        ax.plot(k, e_k, color=OKABE_ITO["blue"], ls="--", label="$E_K$ (Nernst)")
        ax.plot(
            k,
            v,
            color=OKABE_ITO["vermillion"],
            label=f"resting potential (GHK, $P_{{Na}}/P_K$ = {P_NA_OVER_P_K:g})",
        )
        ax.text(
            k_min_mM + 0.1,
            float(v[0]) + 6,
            "hypokalaemia:\nmore negative",
            fontsize=10,
            va="bottom",
        )
        ax.text(
            min(hi + 0.3, k_max_mM),
            float(v[-1]) + 6,
            "hyperkalaemia:\nless negative",
            fontsize=10,
            ha="left",
            va="top",
        )
        ax.set_ylim(None, float(v[-1]) + 8)
        ax.set_xlabel("outside potassium [K$^+$]$_o$ (mmol/L)")
        ax.set_ylabel("membrane potential (mV)")
        ax.set_title("Outside potassium sets the resting potential")
        ax.legend(loc="lower right", frameon=False, fontsize=9)
    v_lo, v_hi = resting_potential_mV(lo), resting_potential_mV(hi)
    alt = (
        f"Line plot against outside potassium from {k_min_mM:g} to {k_max_mM:g} mmol/L. The potassium "
        f"equilibrium potential (dashed) rises from {e_k[0]:.0f} to {e_k[-1]:.0f} mV. The resting "
        f"potential from the GHK equation (solid) rises from {v[0]:.0f} to {v[-1]:.0f} mV; it runs above "
        f"the potassium line, {v[0] - e_k[0]:.0f} mV above at the low end and {v[-1] - e_k[-1]:.0f} mV at "
        "the high end, because the small sodium leak weighs more when outside potassium is low. "
        f"Across the grey reference range, {lo:g}–{hi:g} mmol/L, it lies between {v_lo:.0f} and "
        f"{v_hi:.0f} mV: low potassium makes the membrane more negative, high potassium less negative."
    )
    return show_figure(
        fig,
        alt,
        caption="The resting potential and the potassium equilibrium potential against outside potassium",
    )


def surface_charge_figure(ca_min_mM: float = 0.4, ca_max_mM: float = 2.5) -> StaticFigure:
    """Gating shift (mV) of the muscle model against outside ionised calcium, Mg at its reference."""
    ca = concentration_axis(ca_min_mM, ca_max_mM, "ca", upper_mM=20.0)
    shift = surface_charge_shift_mV(ca_out_mM=ca)
    with course_style():
        fig, ax = new_figure(7.0, 3.6)
        lo, hi = reference_band(ax, "calcium_ionised", "ionised calcium reference range")
        ax.plot(ca, shift, color=OKABE_ITO["blue"], label="shift of the gates' voltage dependence")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xscale("log")
        plain_log_axis(
            ax.xaxis, [t for t in (0.5, 1.0, 1.5, 2.0, 2.5) if ca_min_mM <= t <= ca_max_mM]
        )
        ax.text(
            ca_min_mM * 1.5,
            float(shift.min()),
            "negative shift: gates act as if\nthe membrane were depolarised",
            fontsize=10,
            va="bottom",
        )
        ax.set_xlabel("outside ionised calcium (mmol/L, log scale)")
        ax.set_ylabel("gating shift (mV)")
        ax.set_title("Low calcium brings the sodium channels' threshold closer to rest")
        ax.legend(loc="upper left", frameon=False, fontsize=9)
    per_decade_mV = surface_charge_shift_mV(ca_out_mM=10.0) - surface_charge_shift_mV(
        ca_out_mM=1.0
    )
    zero_mM = MUSCLE_DEFAULTS["ca_ref_mM"]
    alt = (
        "Line plot of the gating shift used by the course's muscle model against outside ionised calcium "
        f"from {ca_min_mM:g} to {ca_max_mM:g} mmol/L on a log axis: a straight line rising {per_decade_mV:.0f} mV "
        f"per tenfold change, from {shift[0]:.0f} mV to {shift[-1]:+.0f} mV, through zero at {zero_mM:g} mmol/L. "
        "A negative shift means the sodium channel gates behave as if the membrane were that much more "
        f"depolarised. Across the grey reference range, {lo:g}–{hi:g} mmol/L, the shift runs only from "
        f"{surface_charge_shift_mV(ca_out_mM=lo):+.1f} to {surface_charge_shift_mV(ca_out_mM=hi):+.1f} mV."
    )
    return show_figure(
        fig,
        alt,
        caption="Low calcium shifts the sodium-channel gates of the muscle model towards rest",
    )


def sweat_figure() -> StaticFigure:
    """Typical sweat concentrations (with their range) beside the middle of the plasma reference range."""
    names = list(SWEAT_MMOL_L)
    x = np.arange(len(names))
    sweat = np.array([SWEAT_MMOL_L[n][0] for n in names])
    err = np.array(
        [
            [SWEAT_MMOL_L[n][0] - SWEAT_MMOL_L[n][1] for n in names],
            [SWEAT_MMOL_L[n][2] - SWEAT_MMOL_L[n][0] for n in names],
        ]
    )
    plasma = np.array([plasma_midpoint_mmol_L(n) for n in names])
    with course_style():
        fig, ax = new_figure(7.0, 3.6)
        ax.bar(
            x - 0.2,
            plasma,
            width=0.38,
            color=OKABE_ITO["sky_blue"],
            label="plasma (middle of reference range)",
        )
        ax.bar(
            x + 0.2,
            sweat,
            width=0.38,
            color=OKABE_ITO["orange"],
            yerr=err,
            capsize=4,
            ecolor="#333333",
            label="sweat (typical, bar = range)",
        )
        ax.set_xticks(x, names)
        ax.set_ylabel("concentration (mmol/L)")
        ax.set_title("Sweat is saltier than water but more dilute than plasma")
        ax.legend(loc="upper right", frameon=False, fontsize=9)
    parts = "; ".join(
        f"{n}: plasma {p:g}, sweat typically {s:g} (range {SWEAT_MMOL_L[n][1]:g}–{SWEAT_MMOL_L[n][2]:g}) mmol/L"
        for n, p, s in zip(names, plasma, sweat)
    )
    alt = (
        "Bar chart comparing plasma and sweat concentrations of sodium, chloride and potassium. "
        f"{parts}. Sodium and chloride in sweat are well below their plasma levels, so sweating alone "
        "removes relatively more water than salt; potassium in sweat is similar to plasma."
    )
    return show_figure(fig, alt, caption="Sodium, chloride and potassium in sweat and in plasma")


def reference_range_lines() -> list[str]:
    """One line per analyte: the adult range in mmol/L, in mEq/L, and in mg/dL for Ca and Mg."""
    lines = []
    for key, label in (
        ("potassium", "Potassium"),
        ("sodium", "Sodium"),
        ("chloride", "Chloride"),
        ("calcium_total", "Calcium, total"),
        ("calcium_ionised", "Calcium, ionised"),
        ("magnesium", "Magnesium"),
    ):
        r = reference_ranges()[key]
        lo, hi = r["low_mmol_L"], r["high_mmol_L"]
        meq = [convert(v, key, "mmol/L", "mEq/L") for v in (lo, hi)]
        line = f"{label:<17} {lo:g}–{hi:g} mmol/L = {meq[0]:g}–{meq[1]:g} mEq/L"
        if abs(r["valence"]) == 2:
            mg = [convert(v, key, "mmol/L", "mg/dL") for v in (lo, hi)]
            line += f" = {mg[0]:.1f}–{mg[1]:.1f} mg/dL"
        lines.append(line)
    return lines


def classify_lines(values: list[tuple[str, float, str]]) -> list[str]:
    """Classify (analyte, value, unit) triples; one printed line each."""
    out = []
    for analyte, value, unit in values:
        c = classify(analyte, value, unit)
        name = {"calcium_total": "total calcium", "calcium_ionised": "ionised calcium"}.get(
            analyte, analyte
        )
        given = f"{name} {value:g} {unit}"
        if unit != "mmol/L":
            given += f" = {c.value_mmol_L:.2f} mmol/L"
        out.append(f"{given} -> {c.state} (range {c.low_mmol_L:g}–{c.high_mmol_L:g} mmol/L)")
    return out
