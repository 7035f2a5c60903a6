"""Figures for the chapter "How to use the interactive figures"."""

from __future__ import annotations

from widgets.figures.render import StaticFigure, show_figure
from widgets.figures.style import (
    OKABE_ITO,
    concentration_axis,
    course_style,
    new_figure,
    reference_band,
)
from widgets.physiology import nernst
from widgets.physiology.constants import K_IN_MM


def potassium_nernst_figure(
    k_out_min_mM: float = 2.0,
    k_out_max_mM: float = 10.0,
    k_in_mM: float = K_IN_MM,
    temperature_c: float = 37.0,
) -> StaticFigure:
    """E_K (mV) against outside K+ (mM), with the serum reference range shaded."""
    k_out_mM = concentration_axis(k_out_min_mM, k_out_max_mM, "k_out", n=200)
    e_k_mV = nernst(1, k_out_mM, k_in_mM, temperature_c)
    with course_style():
        fig, ax = new_figure(6.5, 3.4)
        low_mM, high_mM = reference_band(ax, "potassium")
        ax.plot(k_out_mM, e_k_mV, color=OKABE_ITO["blue"], label="$E_K$ (Nernst)")
        ax.set_xlabel("outside potassium [K$^+$]$_o$ (mmol/L)")
        ax.set_ylabel("equilibrium potential (mV)")
        ax.set_title(
            f"Potassium equilibrium potential, [K$^+$]$_i$ = {k_in_mM:g} mM, {temperature_c:g} °C"
        )
        ax.legend(loc="lower right", frameon=False)
    alt = (
        f"Line plot of the potassium equilibrium potential against outside potassium from "
        f"{k_out_min_mM:g} to {k_out_max_mM:g} mmol/L. The curve rises steadily and ever less steeply, "
        f"from {e_k_mV[0]:.0f} mV to {e_k_mV[-1]:.0f} mV; the grey band marks the reference range "
        f"{low_mM:g}–{high_mM:g} mmol/L, where the potential lies between "
        f"{nernst(1, low_mM, k_in_mM, temperature_c):.0f} and "
        f"{nernst(1, high_mM, k_in_mM, temperature_c):.0f} mV."
    )
    return show_figure(
        fig,
        alt,
        caption="The potassium equilibrium potential against outside potassium (Nernst equation)",
    )
