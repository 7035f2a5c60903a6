"""TonicClonicExplorer as a reader sees it: the headline, the note, the description, the shading
and the axes of each action, the controls the book gets, the runs the loop model receives."""

from __future__ import annotations

import re

import numpy as np
import pytest

from widgets.ui import TonicClonicExplorer
from widgets.ui.tonic_clonic import min_max_envelope
from widgets.ui.tonic_clonic_runs import run, setting


@pytest.fixture(scope="module")
def view():
    return TonicClonicExplorer()


@pytest.fixture(scope="module")
def phone():
    return TonicClonicExplorer(layout="phone")


def show(view, **values):
    """``view`` in the state of the initial values moved by ``values`` (one redraw)."""
    state = dict(_INITIAL, **values)
    with view.held():
        for name, value in state.items():
            view.controls[name].value = value
    view.update()
    return view.result


_INITIAL = {
    "action": "push",
    "reflex_gain": 1.0,
    "loop_delay_ms": 50.0,
    "tendon_organ_gain": 1.0,
    "pic_gain": 1.0,
    "muscle_length": "short",
    "stretch": False,
}


def number_before(text: str, unit: str) -> float:
    return float(re.search(rf"(\d+(?:\.\d+)?) {unit}", text).group(1))


# --- the push ---------------------------------------------------------------------------------
def test_the_headline_counts_the_beats_after_a_push_in_singular_and_plural(view):
    assert show(view, reflex_gain=1.0).outcome.beats == 1
    assert "dies out: 1 beat after the push" in view.title_text.get_text()
    assert show(view, reflex_gain=1.5).outcome.beats == 2
    assert "dies out: 2 beats after the push" in view.title_text.get_text()
    assert show(view, reflex_gain=0.5).outcome.beats == 0
    assert "dies out: 0 beats after the push" in view.title_text.get_text()


def test_the_description_of_a_push_says_how_many_beats_follow_and_why_it_dies_out(view):
    show(view, reflex_gain=0.5)
    assert "no beat of the foot follows: the weakened reflex dies out at once." in view.alt_text
    show(view, reflex_gain=1.0)
    assert "1 beat of the foot follows: the reflex dies out, as in a healthy calf." in (
        view.alt_text
    )
    beats = show(view, reflex_gain=2.0).outcome.beats
    assert beats > 2 and f"{beats} beats of the foot follow: the reflex dies out, as in" in (
        view.alt_text
    )


def test_the_description_counts_the_units_that_answer_a_push(view):
    trace = show(view).trace
    answering = sum(1 for spikes in trace.spike_times_ms if len(spikes) > 0)
    assert 0 < answering < len(trace.spike_times_ms)
    assert f"; {answering} units answer" in view.alt_text
    assert f"spikes of {len(trace.spike_times_ms)} motor units" in view.alt_text


def test_sustained_clonus_is_described_as_clonic_at_its_frequency(view):
    result = show(view, reflex_gain=3.0)
    assert result.sustained_clonus
    assert f"sustained clonus at {result.outcome.frequency_hz:.1f} Hz" in view.headline(result)
    assert "sustained clonus, clonic in its beats and bursts." in view.alt_text
    assert "dies out" not in view.alt_text


def test_the_push_note_and_the_settings_in_the_description(view):
    show(view, reflex_gain=3.0, loop_delay_ms=70.0, tendon_organ_gain=0.2, pic_gain=2.0)
    assert view.note.get_text() == "push at 0.1 s"
    assert (
        "Four panels over 3 s from the stretch-reflex loop model of the calf (reflex ×3, delay "
        "70 ms, tendon organs ×0.2, persistent current ×2): ankle angle" in view.alt_text
    )
    assert "calf short" not in view.alt_text  # the calf's length matters only in a contraction
    assert view.alt_text.endswith("calf force and surface EMG.")


# --- the contraction ------------------------------------------------------------------------
def test_a_cramp_is_described_as_tonic_with_the_units_that_fire_on(view):
    result = show(view, action="contract", tendon_organ_gain=0.2)
    assert result.cramp
    outlasts = number_before(view.title_text.get_text(), "s")
    assert 1.0 < outlasts < result.t_stop_ms / 1000.0 and "(tonic)" in view.title_text.get_text()
    alt = view.alt_text
    assert alt.startswith(
        "A strong voluntary contraction from 0.5 to 2.5 s with the calf short (foot pointed). "
    )
    rates = result.outcome.unit_rates_hz
    assert f"{rates.size} units go on firing to the end of the run, at a mean " in alt
    assert 5.0 < number_before(alt, "Hz") < 25.0
    assert "a cramp, a tonic pattern." in alt
    assert "Four panels over 8 s" in alt and "persistent current ×1, calf short)" in alt
    assert view.note.get_text() == "shaded: voluntary drive"


def test_a_contraction_of_the_long_calf_ends_without_a_cramp(view):
    result = show(view, action="contract", tendon_organ_gain=0.2, muscle_length="long")
    assert not result.cramp
    stops_ms = number_before(view.title_text.get_text(), "ms")
    assert 0 <= stops_ms < 1000 and view.title_text.get_text().startswith("no cramp: firing stops")
    assert "with the calf long (foot pulled up)" in view.alt_text
    assert f"The firing stops {stops_ms:.0f} ms after the drive ends" in view.alt_text
    assert view.alt_text.split(" Four panels")[0].endswith("no cramp.")
    assert "calf long)" in view.alt_text


def test_a_stretch_ends_the_cramp_in_the_headline_and_the_description(view):
    result = show(view, action="contract", tendon_organ_gain=0.2, stretch=True)
    ends_s = result.stretch_end_ms / 1000.0
    assert 0.0 < ends_s < 1.0
    assert view.title_text.get_text() == f"stretch ends the cramp {ends_s:.2f} s after it starts"
    assert (
        f"until the calf is stretched at 4 s: the discharge ends {ends_s:.2f} s after the stretch "
        "starts and the EMG falls silent." in view.alt_text
    )
    assert view.note.get_text() == "shaded: stretch"


def test_the_shading_marks_the_drive_or_the_stretch_and_only_in_a_contraction(view):
    show(view, action="contract", tendon_organ_gain=0.2)
    drive = [(p.get_x(), p.get_x() + p.get_width(), p.get_facecolor()) for p in view.spans]
    assert all(p.get_visible() for p in view.spans) and len(view.spans) == 4
    assert {(x0, x1) for x0, x1, _ in drive} == {(0.5, 2.5)}  # seconds: the voluntary drive
    show(view, action="contract", tendon_organ_gain=0.2, stretch=True)
    stretch = [(p.get_x(), p.get_x() + p.get_width(), p.get_facecolor()) for p in view.spans]
    assert {(x0, x1) for x0, x1, _ in stretch} == {(4.0, 8.0)}  # from the stretch to the end
    assert stretch[0][2] != drive[0][2]  # another shade
    for action in ("push", "contracture"):
        show(view, action=action, stretch=True)
        assert not any(p.get_visible() for p in view.spans)


# --- the contracture ------------------------------------------------------------------------
def test_a_contracture_has_its_headline_note_and_description(view):
    show(view, action="contracture", muscle_length="long")
    assert view.title_text.get_text() == "contracture: the calf stays short, no motor unit fires"
    assert view.note.get_text() == (
        "calf held short; no unit fires;\nforce of a contracture not modelled"
    )
    assert view.alt_text.startswith("The calf is held short but no motor unit fires")
    assert "shortening lies in the muscle fibres themselves, not in the nerve drive (" in (
        view.alt_text
    )
    assert "draws no force for it). Four panels over 8 s" in view.alt_text


# --- the picture ---------------------------------------------------------------------------
def test_each_action_has_its_colour_in_raster_force_and_emg(view):
    colours = {}
    for action in ("push", "contract", "contracture"):
        show(view, action=action)
        drawn = {str(a.get_color()) for a in (view.raster, view.force_line, view.emg_line)}
        assert len(drawn) == 1
        colours[action] = drawn.pop()
    assert len(set(colours.values())) == 3


def test_the_time_axis_is_the_run_in_seconds_and_the_force_axis_fits_the_action(view):
    for action, t_stop_s, force_top in (("push", 3.0, 400.0), ("contract", 8.0, 4000.0)):
        result = show(view, action=action)
        assert result.t_stop_ms == t_stop_s * 1000.0
        assert view.ax_e.get_xlim() == (0.0, t_stop_s)
        assert view.ax_f.get_ylim() == (0.0, force_top)
        for line in (view.angle_line, view.force_line, view.emg_line):
            assert line.get_xdata()[0] == 0.0 and line.get_xdata()[-1] == pytest.approx(
                t_stop_s, abs=0.01
            )
        assert np.array_equal(view.angle_line.get_ydata(), result.trace.angle_deg)
        assert np.array_equal(view.force_line.get_ydata(), result.trace.force_n)
    assert view.ax_a.get_ylim() == (-35.0, 30.0) and view.ax_e.get_ylim() == (-3.5, 3.5)
    show(view, action="push")
    assert view.ax_a.get_ylim() == (-15.0, 15.0)


def test_the_raster_draws_one_short_tick_per_spike_in_seconds(view):
    result = show(view, reflex_gain=3.0)
    x, y = (np.asarray(d, dtype=float) for d in view.raster.get_data())
    n_spikes = sum(len(s) for s in result.trace.spike_times_ms)
    assert np.count_nonzero(np.isnan(x)) == n_spikes
    ticks = y[~np.isnan(y)].reshape(-1, 2)
    assert np.allclose(ticks[:, 1] - ticks[:, 0], 0.9)  # shorter than a row: rows stay apart
    assert np.nanmin(x) > 0.0 and np.nanmax(x) <= 3.0


def test_the_emg_keeps_its_peaks_in_fewer_points(view):
    result = show(view, reflex_gain=3.0)
    emg = result.trace.emg_mv
    drawn = np.asarray(view.emg_line.get_ydata())
    assert len(drawn) < len(emg)
    assert drawn.max() == emg.max() and drawn.min() == emg.min()


def test_the_phone_picture_is_narrow_and_wraps_a_long_headline(phone):
    assert tuple(phone.figure.get_size_inches()) == (4.0, 5.8)
    show(phone, action="contract", tendon_organ_gain=0.2)
    lines = phone.title_text.get_text().split("\n")
    assert lines[0] == "cramp:" and lines[1].startswith("firing outlasts the drive by")
    assert len(lines) == 2 and len(lines[1]) <= 46


def test_the_wide_headline_is_one_line(view):
    show(view, action="contract", tendon_organ_gain=0.2, stretch=True)
    assert "\n" not in view.title_text.get_text()


# --- min_max_envelope ---------------------------------------------------------------------
def test_the_envelope_keeps_each_bins_minimum_and_maximum_in_time_order():
    t = np.arange(8.0)
    y = np.array([0.0, 5.0, -1.0, 2.0, 3.0, 1.0, -4.0, 9.0])
    tt, yy = min_max_envelope(t, y, 2)
    assert list(yy) == [5.0, -1.0, -4.0, 9.0]  # in each bin, the one that comes first first
    assert list(tt) == [0.0, 3.0, 4.0, 7.0]  # each bin from its first to its last time
    y2 = np.array([5.0, 0.0, 1.0, 2.0, 9.0, 1.0, 0.0, -2.0])
    assert list(min_max_envelope(t, y2, 2)[1]) == [5.0, 0.0, 9.0, -2.0]  # maximum first


def test_the_envelope_drops_an_incomplete_last_bin_and_leaves_short_signals_alone():
    t, y = np.arange(7.0), np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 100.0])
    tt, yy = min_max_envelope(t, y, 3)  # bins of 2 samples; the seventh is left out
    assert list(yy) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0] and list(tt) == [
        0.0,
        1.0,
        2.0,
        3.0,
        4.0,
        5.0,
    ]
    short_t, short_y = np.arange(5.0), np.array([3.0, 1.0, 2.0, 0.0, 4.0])
    tt, yy = min_max_envelope(short_t, short_y, 10)
    assert tt is short_t and yy is short_y


# --- the runs ---------------------------------------------------------------------------------
def test_settings_a_push_ignores_share_one_run(view):
    push = show(view).outcome
    assert show(view, muscle_length="long").outcome is push
    assert show(view, stretch=True).outcome is push
    contracture = show(view, action="contracture").outcome
    assert show(view, action="contracture", muscle_length="long", stretch=True).outcome is (
        contracture
    )
    assert show(view, action="contract", muscle_length="long").outcome.muscle_length == "long"
    assert show(view, action="contract", stretch=True).outcome.stretch_at_ms == 4000.0
    assert show(view, action="contract").outcome.stretch_at_ms is None


def test_the_loop_receives_every_slider_value(view):
    result = show(
        view,
        action="contract",
        reflex_gain=1.5,
        loop_delay_ms=60.0,
        tendon_organ_gain=0.4,
        pic_gain=1.5,
    )
    assert result.outcome is run("contract", 1.5, 60.0, 0.4, 1.5, "short", False)
    assert result.values == dict(
        _INITIAL,
        **{
            "action": "contract",
            "reflex_gain": 1.5,
            "loop_delay_ms": 60.0,
            "tendon_organ_gain": 0.4,
            "pic_gain": 1.5,
        },
    )


def test_dragging_a_slider_computes_its_next_two_steps_ahead(view, monkeypatch):
    show(view)
    queued = []
    monkeypatch.setattr(run, "ahead", lambda *calls: queued.extend(calls))
    view.controls["reflex_gain"].value = 1.5
    assert set(queued) == {
        setting(dict(_INITIAL, reflex_gain=2.0)),
        setting(dict(_INITIAL, reflex_gain=2.5)),
    }
    assert all(call[1] in (2.0, 2.5) for call in queued)


def test_the_other_actions_backgrounds_are_drawn_when_the_view_opens():
    fresh = TonicClonicExplorer(action="contract")
    assert fresh.result.action == "contract"
    assert fresh.blitter.full_redraws == TonicClonicExplorer.BACKGROUNDS == 2
    for action in ("push", "contracture", "contract"):
        fresh.controls["action"].value = action
    assert fresh.blitter.full_redraws == 2
    assert fresh.ax_e.get_xlim() == (0.0, 8.0)


# --- the controls ----------------------------------------------------------------------------
def test_the_book_gets_each_control_with_its_label_unit_range_and_step(view):
    spec = {c.pop("name"): c for c in view.explorable_spec()["controls"]}
    assert spec["action"]["label"] == "what happens"
    assert spec["action"]["options"] == [
        ["brisk push of the foot", "push"],
        ["strong contraction, then relax", "contract"],
        ["contracture (no nerve activity)", "contracture"],
    ]
    ranges = {
        name: (c["label"], c["unit"], c["min"], c["max"], c["step"], c["decimals"])
        for name, c in spec.items()
        if c["kind"] == "range"
    }
    assert ranges == {
        "reflex_gain": ("reflex gain", "× healthy", 0.5, 4.0, 0.5, 1),
        "loop_delay_ms": ("loop delay", "ms", 30.0, 90.0, 10.0, 0),
        "tendon_organ_gain": ("tendon-organ gain", "× healthy", 0.0, 1.5, 0.1, 1),
        "pic_gain": ("persistent current", "× healthy", 0.0, 3.0, 0.5, 1),
    }
    assert spec["muscle_length"] == {
        "kind": "select",
        "label": "calf length",
        "options": [
            ["calf short (foot pointed)", "short"],
            ["calf long (foot pulled up)", "long"],
        ],
    }
    assert spec["stretch"] == {
        "kind": "checkbox",
        "label": "stretch the calf at 4 s (after a contraction)",
    }


def test_the_live_sliders_show_their_values_with_the_books_decimals(view):
    formats = {
        name: c.readout_format for name, c in view.controls.items() if hasattr(c, "readout_format")
    }
    assert formats == {
        "reflex_gain": ".1f",
        "loop_delay_ms": ".0f",
        "tendon_organ_gain": ".1f",
        "pic_gain": ".1f",
    }


def test_the_view_opens_on_a_healthy_push():
    assert TonicClonicExplorer().explorable_spec()["initial"] == _INITIAL


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"reflex_gain": 4.5}, r"reflex_gain must be a finite number in \[0.5, 4\] × healthy"),
        ({"tendon_organ_gain": -0.1}, r"tendon_organ_gain .* \[0, 1.5\] × healthy"),
        ({"pic_gain": 3.5}, r"pic_gain .* \[0, 3\] × healthy"),
        ({"muscle_length": "medium"}, r"muscle_length must be one of \['short', 'long'\]"),
        ({"stretch": "yes"}, r"stretch must be True or False"),
        ({"layout": "tablet"}, r"layout must be one of \['wide', 'phone'\]"),
    ],
)
def test_bad_arguments_name_the_control_and_its_range(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        TonicClonicExplorer(**kwargs)
