"""The course widgets, driven headless through their controls: the science they show.

Every registered widget must have such a test, here or in its chapter's test file (the check at
the end fails loudly for one that has none)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from widgets.ui import (
    WIDGETS,
    ElectrolyteExplorer,
    ExcitabilityLab,
    ForceSummation,
    MotorUnitRecruitment,
    SpecialistFinder,
    TonicClonicExplorer,
)


# --- ElectrolyteExplorer ---------------------------------------------------------------------
def test_raising_potassium_moves_the_resting_line_up():
    view = ElectrolyteExplorer()
    rest_line = view.drawing.e_lines["rest"]
    before = rest_line.get_ydata()[0]
    view.controls["k_out_mM"].value = 6.0
    after = rest_line.get_ydata()[0]
    assert view.drawing.e_lines["rest"] is rest_line
    assert after > before + 5.0  # depolarised by more than 5 mV
    assert view.result.e_k_mV == pytest.approx(-97.7 + 26.73 * np.log(6.0 / 4.0), abs=0.1)
    assert view.result.ghk_rest_mV > -85.0


def test_low_ionised_calcium_makes_the_fibre_fire_on_its_own():
    view = ElectrolyteExplorer()
    assert not view.result.fires_spontaneously
    quiet_trace = view.drawing.trace.get_ydata().copy()
    view.controls["ca_out_mM"].value = 0.35  # below the fibre's onset (about 0.39 mmol/L)
    assert view.result.states["ca_out_mM"] == "hypocalcaemia"
    assert view.result.fires_spontaneously
    assert "tetany" in view.result.headline.lower()
    t, v = view.drawing.trace.get_xdata(), view.drawing.trace.get_ydata()
    late_spikes = np.sum((v[:-1] < 0) & (v[1:] >= 0) & (t[1:] > 15.0))  # long after the pulse
    assert late_spikes >= 2
    assert not np.array_equal(quiet_trace, v)


def test_severe_hyperkalaemia_leaves_the_fibre_inexcitable():
    view = ElectrolyteExplorer(k_out_mM=8.8)
    assert view.result.fibre.evoked_spikes == 0 and not view.result.fires_spontaneously
    assert "cannot fire" in view.result.headline


# --- ExcitabilityLab -------------------------------------------------------------------------
def test_excitability_threshold_and_fi_curve_of_hh1952():
    view = ExcitabilityLab(amplitude_uA_cm2=1.0, duration_ms=100.0)
    assert view.result.rheobase_uA_cm2 == pytest.approx(2.24, abs=0.05)  # hodgkin1952
    assert view.result.n_spikes == 0
    view.controls["amplitude_uA_cm2"].value = 10.0
    assert view.result.n_spikes >= 3
    assert view.result.steady_rate_hz == pytest.approx(68.0, abs=3.0)
    assert view.amp_dot.get_xdata()[0] == 10.0


def test_fi_curve_is_reused_on_amplitude_changes_and_new_for_a_new_shift():
    from widgets.ui.excitability_runs import excitability_curves

    view = ExcitabilityLab()
    rates = view.result.rates_hz
    for amplitude in (12.0, 14.0, 16.0):
        view.controls["amplitude_uA_cm2"].value = amplitude
        assert view.result.rates_hz is rates  # the memoised curve, not a new run
    fi_line = view.fi_line.get_ydata().copy()
    view.controls["ca_shift_mV"].value = -3.5  # a new shift needs a new curve
    assert not np.array_equal(fi_line, view.fi_line.get_ydata())
    ahead = excitability_curves("hh1952", -4.0)  # computed ahead, while the view redrew
    direct = excitability_curves.__wrapped__("hh1952", -4.0)
    assert np.array_equal(ahead[1], direct[1]) and ahead[2:] == direct[2:]


def test_negative_calcium_shift_makes_hh_fire_without_current():
    view = ExcitabilityLab(ca_shift_mV=-7.0, amplitude_uA_cm2=0.0)
    assert view.result.spontaneous_hz > 0
    assert view.result.n_spikes > 3


# --- ForceSummation --------------------------------------------------------------------------
def test_60_hz_fuses_a_slow_unit_while_10_hz_does_not():
    view = ForceSummation(contraction_time_ms=90.0, rate_hz=10.0)
    assert view.result.ripple > 0.05 and view.result.state == "unfused tetanus"
    force_10 = view.force_line.get_ydata().copy()
    view.controls["rate_hz"].value = 60.0
    assert view.result.ripple < 0.05 and view.result.state == "fused tetanus"
    assert view.result.mean_force > 1.3 * 6.9  # summation: far above one twitch
    assert not np.array_equal(force_10, view.force_line.get_ydata())


def test_a_fast_unit_needs_a_higher_rate_to_fuse():
    view = ForceSummation(contraction_time_ms=30.0, rate_hz=25.0)
    assert view.result.ripple > 0.05
    view.controls["rate_hz"].value = 60.0
    assert view.result.ripple < 0.05


# --- MotorUnitRecruitment --------------------------------------------------------------------
def test_more_excitation_recruits_more_units_and_more_force():
    view = MotorUnitRecruitment(excitation_pct=10)
    low = view.result
    view.controls["excitation_pct"].value = 60
    high = view.result
    assert high.n_recruited > low.n_recruited
    assert high.mean_force_pct > 2 * low.mean_force_pct
    rates = high.rates_hz
    assert np.all(rates[: high.n_recruited] > 0) and np.all(
        rates[high.n_recruited :] == 0
    )  # size order
    assert view.recruited_span.get_width() == high.n_recruited


# --- TonicClonicExplorer (the stretch-reflex loop) -------------------------------------------
def test_a_push_dies_out_in_the_healthy_loop_and_beats_on_with_a_raised_gain():
    """hidler1999: clonus needs raised reflex gain; ankle clonus beats at 5-8 Hz (wallace2005)."""
    view = TonicClonicExplorer()
    assert (
        view.result.action == "push"
        and view.result.outcome.beats <= 2
        and not view.result.sustained_clonus
    )
    assert "dies out" in view.alt_text
    view.controls["reflex_gain"].value = 3.0
    clonus = view.result
    assert clonus.sustained_clonus and 5.0 <= clonus.outcome.frequency_hz <= 8.0
    assert (
        f"{clonus.outcome.frequency_hz:.1f} Hz" in view.alt_text
        and "sustained clonus" in view.alt_text
    )
    view.controls["loop_delay_ms"].value = 80.0
    assert (
        view.result.outcome.frequency_hz < clonus.outcome.frequency_hz - 0.8
    )  # a longer loop, a slower beat


def test_weak_tendon_organs_cramp_the_short_calf_only_and_a_stretch_ends_it():
    """ross1995, khan2007: a cramp follows a strong contraction of the shortened muscle; stretch ends it."""
    view = TonicClonicExplorer(action="contract", tendon_organ_gain=0.2)
    short = view.result
    assert (
        short.cramp and 14.5 - 5.1 <= float(short.outcome.unit_rates_hz.mean()) <= 14.5 + 5.1
    )  # minetto2009
    view.controls["muscle_length"].value = "long"
    assert not view.result.cramp and view.result.outcome.sustained_ms < 300.0
    view.controls["muscle_length"].value = "short"
    view.controls["stretch"].value = True
    assert not view.result.cramp and 0.0 < view.result.stretch_end_ms <= 1000.0
    assert "ends" in view.headline(view.result) and view.spans[0].get_visible()
    view.controls["tendon_organ_gain"].value = 1.0
    view.controls["stretch"].value = False
    assert not view.result.cramp  # healthy tendon organs: no cramp


def test_a_contracture_is_silent():
    view = TonicClonicExplorer(action="contracture")
    trace = view.result.trace
    assert all(len(s) == 0 for s in trace.spike_times_ms) and not trace.emg_mv.any()
    assert "flat line" in view.alt_text and "not modelled" in view.note.get_text()


# --- SpecialistFinder ------------------------------------------------------------------------
def test_red_flag_recommendation_comes_first():
    view = SpecialistFinder(swollen_red_calf=False, statin=True)
    assert not view.result.recommendations[0].red_flag
    view.controls["swollen_red_calf"].value = True
    first = view.result.recommendations[0]
    assert first.red_flag and first.rule_id == "deep_vein_thrombosis"
    assert view.rows[0][0].get_text() == "SAME DAY"
    assert view.output.value.index("Same day") < view.output.value.index("Routine")
    view.controls["dark_urine"].value = True
    view.controls["weakness"].value = True
    assert view.result.recommendations[0].urgency == "emergency"
    assert view.result.recommendations[-1].rule_id == "primary_care"


def test_specialist_finder_shows_the_notice_and_has_checkbox_controls():
    import ipywidgets as ipw

    view = SpecialistFinder()
    assert all(isinstance(c, ipw.Checkbox) for c in view.controls.values())
    assert "Education only" in view.alt_text
    assert "Education only" in view.fig_notice.get_text()


# --- ElectrolyteExplorer: the motor axon beside the fibre (issue 11) --------------------------
def test_motor_axon_fires_in_groups_before_the_fibre_does():
    """At 0.85 mmol/L ionised Ca the model axon discharges by itself in groups; the fibre is quiet."""
    view = ElectrolyteExplorer()
    assert view.result.axon.state == "quiet"
    trace = view.drawing.axon_trace
    quiet = trace.get_ydata().copy()
    view.controls["ca_out_mM"].value = 0.85
    r = view.result
    assert r.axon.state == "fires" and not r.fires_spontaneously  # axon first, fibre quiet
    assert len(r.axon.groups) >= 3 and max(r.axon.groups) >= 2  # multiplets, not single spikes
    assert "motor axon" in r.headline.lower() and "tetany" in r.headline.lower()
    assert view.drawing.axon_trace is trace and not np.array_equal(quiet, trace.get_ydata())
    assert "groups" in view.alt_text and "tetany" in view.drawing.axon_line.get_text()
    assert not view.drawing.axon_rest.get_visible()  # no stable rest while it fires


def test_verdict_says_where_tetany_begins_and_magnesium_moves_it():
    """The model onset (about 0.92 mmol/L) lies in the clinical range read from clinical_facts.json."""
    from widgets.physiology.axon import clinical_symptom_range_mM

    view = ElectrolyteExplorer()
    low, high, source = clinical_symptom_range_mM()
    assert source == "turner2016" and (low, high) == (0.9, 1.0)
    onset = view.result.axon.onset_ca_mM
    assert low <= onset <= high
    assert f"below {onset:.2f} mmol/L ionised calcium" in view.alt_text
    assert f"{low:.1f}–{high:.1f} mmol/L" in view.alt_text
    assert (
        view.drawing.onset_text.get_text() == f"{onset:.2f} mmol/L"
        and view.drawing.onset_marker.get_visible()
    )
    x_normal = view.drawing.onset_marker.get_xdata()[0]
    view.controls["mg_out_mM"].value = 0.4  # hypomagnesaemia
    assert view.result.axon.onset_ca_mM > onset + 0.05
    assert view.drawing.onset_marker.get_xdata()[0] > x_normal  # the marker moves up the Ca row


def test_just_above_the_onset_one_stimulus_sets_off_a_burst():
    view = ElectrolyteExplorer(ca_out_mM=0.93)
    assert view.result.axon.state == "burst" and view.result.axon.evoked_spikes >= 2
    assert "latent tetany" in view.result.headline


def test_severe_hyperkalaemia_blocks_the_axon_and_hides_the_onset_marker():
    view = ElectrolyteExplorer(k_out_mM=8.8)
    assert view.result.axon.state == "blocked"
    assert not view.drawing.onset_marker.get_visible() and view.drawing.onset_text.get_text() == ""
    assert "spikes fail" in view.alt_text


# --- chapter figures of the motor axon (issue 11) --------------------------------------------
def test_tetany_summary_and_ladder_figure_agree_with_the_models():
    """Axon onset in the clinical range; the fibre needs about a third of normal calcium."""
    from widgets.figures.ch03_tetany import tetany_ladder_figure
    from widgets.physiology.hypocalcaemia import tetany_summary

    s = tetany_summary()
    assert 0.9 <= s["onset_ca_mM"] <= 1.0 and s["muscle_onset_ca_mM"] < 0.45
    assert (
        s["axon_critical_shift_mV"] > s["muscle_critical_shift_mV"] + 5.0
    )  # the axon needs a far smaller shift
    assert s["onset_low_mg_mM"] > s["onset_ca_mM"] and s["onset_ph_7_6_mM"] == pytest.approx(
        s["onset_ca_mM"] + 0.1
    )
    assert s["muscle_chloride_share"] == pytest.approx(0.85, abs=0.03)  # palade1977
    fig = tetany_ladder_figure()
    assert (
        f"below {s['onset_ca_mM']:.2f} mmol/L" in fig.alt
        and f"below {s['muscle_onset_ca_mM']:.2f}" in fig.alt
    )
    assert fig.png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="ca_min_mM"):
        tetany_ladder_figure(0.5, 1.4)


def test_axon_discharge_figure_goes_from_quiet_to_groups():
    from widgets.figures.ch03_tetany import axon_discharge_figure

    fig = axon_discharge_figure((1.2, 0.8), t_stop_ms=300.0)
    assert "At 1.20 mmol/L one spike for the pulse, then quiet" in fig.alt
    assert "at 0.80 mmol/L" in fig.alt and "groups of" in fig.alt
    with pytest.raises(ValueError, match="cas_mM"):
        axon_discharge_figure((0.1,))


def test_muscle_calcium_threshold_numbers_quoted_in_chapter_3():
    """The fibre fires by itself below about 0.39 mmol/L, 0.44 with most of its chloride removed, at
    normal magnesium (0.85 mmol/L, where the fibre's own gating shift is zero, as in its default)."""
    from widgets.physiology.hypocalcaemia import (
        NORMAL_MG_MM,
        muscle_tetany_onset_ca_mM,
        tetany_summary,
    )
    from widgets.physiology.membrane import skeletal_muscle

    assert (
        skeletal_muscle(mg_out_mM=NORMAL_MG_MM).gating_shift_mV
        == 0.0
        == skeletal_muscle().gating_shift_mV
    )
    assert round(muscle_tetany_onset_ca_mM(), 2) == 0.39
    assert round(muscle_tetany_onset_ca_mM(g_cl_mS_cm2=0.3), 2) == 0.44
    assert round(tetany_summary()["muscle_critical_shift_mV"], 1) == -9.8
    assert (
        3.5
        < tetany_summary()["muscle_critical_shift_mV"] / tetany_summary()["axon_critical_shift_mV"]
        < 6.0
    )  # "several times"


def test_specialist_finder_names_guidelines_not_bibliography_keys():
    """Readers see the guideline's name (list, picture, description), never a references.bib key."""
    from widgets.clinical.specialists import GUIDELINES

    view = SpecialistFinder()
    picture = " ".join(body.get_text() for _, _, body in view.rows)
    sources = {rec.source for rec in view.result.recommendations}
    assert sources and sources <= set(GUIDELINES)
    for text in (view.to_html(view.result), view.alt_text, picture):
        assert not any(f": {key})" in text for key in GUIDELINES), text
    for key in sources:
        assert f"(guideline: {GUIDELINES[key]})" in view.alt_text
        assert f"(guideline: {GUIDELINES[key].replace('&', '&amp;')})" in view.to_html(view.result)


#: test files that run every registered widget the same way (mechanics, pictures, the book's
#: spec): they do not count as a widget's science test
REGISTRY_DRIVEN = {
    "test_widgets_mechanics.py",
    "test_explorable.py",
    "test_explorable_html.py",
    "test_picture_layouts.py",
    "test_layout.py",
    "test_add_a_chapter.py",
}


def widgets_without_science(names, folder: Path = Path(__file__).parent) -> list[str]:
    """The widgets of ``names`` that no unit test outside :data:`REGISTRY_DRIVEN` builds."""
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in folder.glob("test_*.py")
        if p.name not in REGISTRY_DRIVEN
    )
    return sorted(name for name in names if f"{name}(" not in sources)


def test_every_registered_widget_has_a_science_test(tmp_path):
    assert widgets_without_science(WIDGETS) == []
    (tmp_path / "test_other.py").write_text("def test_x():\n    ForceSummation()\n")
    assert widgets_without_science(["ForceSummation", "NewWidget"], tmp_path) == ["NewWidget"]
