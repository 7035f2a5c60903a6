"""ExcitabilityLab as a reader sees it: the title, the spike count, the threshold line of the f-I
panel, the description of each case, the controls the book gets, the runs the models receive."""

from __future__ import annotations

import numpy as np
import pytest

import widgets.ui.excitability as excitability
from widgets.ui import ExcitabilityLab

_INITIAL = {"preset": "hh1952", "amplitude_uA_cm2": 10.0, "duration_ms": 50.0, "ca_shift_mV": 0.0}


@pytest.fixture(scope="module")
def view():
    return ExcitabilityLab()


@pytest.fixture(scope="module")
def phone():
    return ExcitabilityLab(layout="phone")


def show(view, **values):
    """``view`` in the state of the initial values moved by ``values`` (one redraw)."""
    with view.held():
        for name, value in dict(_INITIAL, **values).items():
            view.controls[name].value = value
    view.update()
    return view.result


def test_the_title_names_the_model_and_its_shift(view):
    show(view, ca_shift_mV=-8.0)
    assert (
        view.v_title.get_text()
        == "Hodgkin–Huxley squid axon (1952), 6.3 °C, shift\u00a0−8.0\u00a0mV"
    )
    show(view, preset="muscle")
    assert view.v_title.get_text().startswith("skeletal muscle fibre, 37")
    assert view.v_title.get_text().endswith("shift\u00a00.0\u00a0mV")


def test_the_trace_says_the_pulse_and_counts_its_spikes_in_singular_and_plural(view):
    show(view, amplitude_uA_cm2=10.0, duration_ms=1.0)
    assert view.v_text.get_text() == "10.0 µA/cm² for 1.0 ms: 1 spike"
    show(view, amplitude_uA_cm2=0.0, duration_ms=50.0)
    assert view.v_text.get_text() == "0.0 µA/cm² for 50.0 ms: 0 spikes"
    r = show(view, amplitude_uA_cm2=20.0, duration_ms=100.0)
    assert r.n_spikes > 1 and view.v_text.get_text().endswith(f": {r.n_spikes} spikes")


def test_the_description_counts_the_spikes_and_times_the_first(view):
    show(view, amplitude_uA_cm2=10.0, duration_ms=1.0)
    assert "(shaded) evokes 1 spike, the first at " in view.alt_text
    first_ms = float(view.alt_text.split("the first at ")[1].split(" ms")[0])
    assert 10.0 < first_ms < 20.0  # soon after the pulse starts at 10 ms
    assert "pulse from 10 to 11.0 ms" in view.alt_text
    r = show(view, amplitude_uA_cm2=20.0, duration_ms=100.0)
    assert f"evokes {r.n_spikes} spikes, the first at {r.spike_times_ms[0]:.1f} ms;" in (
        view.alt_text
    )
    show(view, amplitude_uA_cm2=0.0)
    assert "evokes 0 spikes; rest is −65.0 mV." in view.alt_text


def test_a_threshold_is_drawn_dashed_at_the_rheobase_and_named_in_the_panel(view):
    r = show(view)
    assert r.rheobase_uA_cm2 == pytest.approx(2.24, abs=0.01)
    assert list(view.rheo_line.get_xdata()) == [r.rheobase_uA_cm2] * 2
    title = view.fi_text.get_text()
    assert title.startswith("f–I curve (300 ms steps)\n")
    assert "threshold 2.24 µA/cm²" in title and title.endswith("(dashed line)")
    assert "the smallest 100 ms step that evokes a spike (dashed line), is 2.24 µA/cm²" in (
        view.alt_text
    )


def test_a_membrane_that_no_step_excites_says_so_and_puts_the_line_at_the_end(view):
    r = show(view, preset="muscle", ca_shift_mV=-15.0)
    assert not np.isfinite(r.rheobase_uA_cm2) and r.spontaneous_hz == 0
    assert "no spike up to 100 µA/cm²" in view.fi_text.get_text().replace("\n", " ")
    assert list(view.rheo_line.get_xdata()) == [100.0, 100.0]
    assert "no 100 ms step up to 100 µA/cm² evokes a spike" in view.alt_text
    assert (
        "f–I curve (steps every 2.5 µA/cm², counting spikes that overshoot 0 mV) stays at zero"
        in (view.alt_text)
    )


def test_a_membrane_that_fires_by_itself_is_the_analogue_of_tetany(view):
    r = show(view, ca_shift_mV=-8.0, amplitude_uA_cm2=0.0)
    assert r.spontaneous_hz > 0
    assert "fires with no current" in view.fi_text.get_text()
    assert f"fires on its own (about {r.spontaneous_hz:.0f} Hz with no current), the model " in (
        view.alt_text
    )
    assert "analogue of tetany" in view.alt_text
    assert "is above zero even with no current and peaks at " in view.alt_text
    assert "rheobase" not in view.alt_text


def test_the_fi_curve_says_between_which_steps_sustained_firing_starts(view):
    r = show(view)
    first = int(np.flatnonzero(r.rates_hz > 0)[0])
    assert first > 1
    assert (
        f"is zero up to {r.currents_uA_cm2[first - 1]:g} µA/cm² and shows repetitive firing from "
        f"{r.currents_uA_cm2[first]:g} µA/cm²" in view.alt_text
    )
    assert f"its highest rate is {r.rates_hz.max():.0f} Hz" in view.alt_text


def test_the_dot_marks_the_amplitude_on_the_fi_curve(view):
    r = show(view, amplitude_uA_cm2=20.0)
    assert (
        list(view.amp_dot.get_xdata()) == [20.0] and list(view.amp_line.get_xdata()) == [20.0] * 2
    )
    assert view.amp_dot.get_ydata()[0] == r.steady_rate_hz > 0
    assert "the chosen amplitude, 20.0 µA/cm², on the curve" in view.alt_text
    assert f"fires at {r.steady_rate_hz:.0f} Hz." in view.alt_text
    assert np.array_equal(view.fi_line.get_ydata(), r.rates_hz)


def test_the_pulse_is_shaded_for_its_duration_and_the_gates_follow_the_run(view):
    r = show(view, duration_ms=25.0)
    assert view.pulse_v.get_width() == view.pulse_g.get_width() == 25.0
    for key in "mhn":
        x, y = view.gate_lines[key].get_data()
        assert np.array_equal(x, r.t_ms) and np.array_equal(y, getattr(r, key))
    assert np.array_equal(view.v_line.get_ydata(), r.v_mV)
    assert list(view.rest_line.get_ydata()) == [r.rest_mV] * 2


def test_the_model_receives_the_controls_values(view):
    r = show(view, preset="muscle", amplitude_uA_cm2=30.0, duration_ms=20.0, ca_shift_mV=0.0)
    assert (r.preset, r.amplitude_uA_cm2, r.duration_ms, r.shift_mV) == ("muscle", 30.0, 20.0, 0.0)
    assert r.rest_mV < -80.0  # the fibre rests far below the squid axon
    assert (
        "Three panels for the skeletal muscle fibre, 37 °C with a calcium gating shift of 0.0 mV"
        in (view.alt_text)
    )


def test_the_phone_picture_places_its_panels_top_to_bottom(phone):
    assert tuple(phone.figure.get_size_inches()) == (4.0, 8.0)
    show(phone, ca_shift_mV=-8.0)
    assert "\n" in phone.v_title.get_text()  # the title takes two lines of the narrow picture
    for place in ("Top: membrane potential", "Middle: the gates", "Bottom: steady firing rate"):
        assert place in phone.alt_text


def test_opening_the_view_computes_the_other_models_curve(monkeypatch):
    calls = []
    curves = excitability.excitability_curves

    def recording(*args):
        calls.append(args)
        return curves(*args)

    recording.ahead = curves.ahead
    monkeypatch.setattr(excitability, "excitability_curves", recording)
    ExcitabilityLab(ca_shift_mV=0.0)
    assert ("muscle", 0.0) in calls
    calls.clear()
    ExcitabilityLab(preset="muscle")
    assert ("hh1952", 0.0) in calls


def test_choosing_a_model_computes_the_other_models_curve_ahead(view, monkeypatch):
    show(view)
    queued = []
    monkeypatch.setattr(excitability.excitability_curves, "ahead", lambda *c: queued.extend(c))
    view.controls["preset"].value = "muscle"
    assert queued == [("hh1952", 0.0)]


def test_the_book_gets_each_control_with_its_label_unit_range_and_step(view):
    spec = {c.pop("name"): c for c in view.explorable_spec()["controls"]}
    assert spec["preset"] == {
        "kind": "select",
        "label": "model",
        "options": [
            ["Hodgkin–Huxley squid axon (1952), 6.3 °C", "hh1952"],
            ["skeletal muscle fibre, 37 °C", "muscle"],
        ],
    }
    ranges = {
        name: (c["label"], c["unit"], c["min"], c["max"], c["step"], c["decimals"])
        for name, c in spec.items()
        if c["kind"] == "range"
    }
    assert ranges == {
        "amplitude_uA_cm2": ("pulse amplitude", "µA/cm²", 0.0, 100.0, 0.5, 1),
        "duration_ms": ("pulse duration", "ms", 0.5, 100.0, 0.5, 1),
        "ca_shift_mV": ("Ca²⁺ gating shift", "mV", -15.0, 15.0, 0.5, 1),
    }
    formats = {n: c.readout_format for n, c in view.controls.items() if n != "preset"}
    assert set(formats.values()) == {".1f"}
    assert "low ionised calcium" in view.controls["ca_shift_mV"].tooltip


def test_the_view_opens_on_a_10_ua_pulse_into_the_squid_axon():
    assert ExcitabilityLab().explorable_spec()["initial"] == _INITIAL


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"amplitude_uA_cm2": -1.0}, r"amplitude_uA_cm2 must be .* \[0, 100\] µA/cm²"),
        ({"ca_shift_mV": 20.0}, r"ca_shift_mV must be .* \[-15, 15\] mV"),
        ({"preset": "frog"}, r"preset must be one of \['hh1952', 'muscle'\]"),
        ({"layout": "tablet"}, r"layout must be one of \['wide', 'phone'\]"),
    ],
)
def test_bad_arguments_name_the_control_and_its_range(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        ExcitabilityLab(**kwargs)


def _move_live(view, *shifts):
    """Move the shift to each of ``shifts`` on an event loop (as in a kernel), then wait until the
    figure is complete; the result right after each move."""
    import asyncio

    async def moves():
        firsts = []
        for shift in shifts:
            view.controls["ca_shift_mV"].value = shift
            firsts.append(view.result)
        for _ in range(4000):
            if not view.result.pending:
                break
            await asyncio.sleep(0.005)
        return firsts

    return asyncio.run(moves())


def test_live_a_new_shift_draws_the_trace_at_once_then_the_same_complete_figure():
    book = ExcitabilityLab()
    book.controls[
        "ca_shift_mV"
    ].value = -4.5  # no event loop (the book, a script): complete at once
    expected, expected_png = book.result, book.static_png()
    assert not expected.pending
    ExcitabilityLab.clear_caches()  # the live view's new shift is a first visit
    live = ExcitabilityLab()
    (first,) = _move_live(live, -4.5)
    assert first.pending and np.isnan(first.rates_hz).all()
    np.testing.assert_array_equal(first.v_mV, expected.v_mV)
    assert live.result is not first and not live.result.pending
    np.testing.assert_array_equal(live.result.rates_hz, expected.rates_hz)
    assert live.result.rheobase_uA_cm2 == expected.rheobase_uA_cm2
    assert "computing" not in live.fi_text.get_text() and live.static_png() == expected_png


def test_live_the_panel_says_it_is_computing_and_a_newer_move_wins():
    ExcitabilityLab.clear_caches()
    live = ExcitabilityLab()
    firsts = _move_live(live, -5.5, 6.0)
    assert all(r.pending for r in firsts)
    assert "curve is being computed" in live.describe(firsts[0])
    assert live.result.shift_mV == 6.0 and not live.result.pending
    live.controls["ca_shift_mV"].value = -5.5  # no event loop: complete at once
    assert not live.result.pending and "computing" not in live.fi_text.get_text()
