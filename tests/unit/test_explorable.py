"""Explorable figures in the static book (issue 12), without a browser: the spec each widget puts
in its display bundle, the states the book draws, drawing through the widget's own code path and
the cache (the HTML controls, the renderer's fallback and the stored notebooks: test_explorable_html.py).
The browser side (controls, pictures, the page's triage rules) is tests/book/test_explorable.py."""

from __future__ import annotations

import io
import itertools
import json
import math
import re

import ipywidgets as ipw
import numpy as np
import pytest
from PIL import Image

from widgets.book import explorable as ex
from widgets.clinical.specialists import FINDINGS
from widgets.ui import (
    WIDGETS,
    ElectrolyteExplorer,
    ExcitabilityLab,
    ForceSummation,
    MotorUnitRecruitment,
    SpecialistFinder,
    TonicClonicExplorer,
)
from widgets.ui.base import ModelView

#: every registered widget: a new one is in every test here and in the state budget
CLASSES = list(WIDGETS.values())
#: the widgets the book shows as pictures (the others are evaluated in the page)
PICTURED = [cls for cls in CLASSES if cls.page_spec is ModelView.page_spec]


# --- the spec --------------------------------------------------------------------------------------


def test_display_bundle_carries_the_spec_as_json(views):
    data, _ = views[ForceSummation]._repr_mimebundle_()
    spec = data[ex.MIME]
    assert json.loads(json.dumps(spec)) == spec == views[ForceSummation].explorable_spec()
    assert spec["widget"] == "widgets.ui.force.ForceSummation"
    assert spec["alt"] == data["text/plain"]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_book_offers_exactly_the_values_the_live_controls_reach(cls, specs):
    """Each control of the spec, set on a fresh live widget: its ends (or every option) are
    reached and kept, and nothing beyond them is; the label is the one the reader sees live."""
    spec, view = specs[cls], cls()
    assert [c["name"] for c in spec["controls"]] == list(view.controls)
    assert spec["initial"] == view.values
    for entry in spec["controls"]:
        name, control = entry["name"], view.controls[entry["name"]]
        assert entry["label"] and entry["label"] in control.description
        if entry["kind"] == "range":
            assert entry["unit"] and entry["unit"] in control.description
            for value, beyond in ((entry["min"], -1), (entry["max"], 1)):
                control.value = value
                assert view.values[name] == value
                control.value = value + beyond * entry["step"]
                assert view.values[name] == value, f"{name} goes past {value}"
            for a, b in itertools.pairwise(ex.grid(entry)[:3]):
                assert math.isclose(b - a, entry["step"])
        elif entry["kind"] == "select":
            for _label, value in entry["options"]:
                control.value = value
                assert view.values[name] == value
        else:
            for value in (True, False):
                control.value = value
                assert view.values[name] is value


@pytest.mark.parametrize("cls", PICTURED, ids=lambda c: c.__name__)
def test_picture_size_in_the_spec_is_the_book_pictures(cls, views, specs):
    with Image.open(io.BytesIO(views[cls].static_png())) as image:
        assert list(image.size) == specs[cls]["size_px"]


def test_spec_id_is_stable_and_depends_on_the_values():
    assert ex.spec_id(ForceSummation().explorable_spec()) == ex.spec_id(
        ForceSummation().explorable_spec()
    )
    assert ex.spec_id(ForceSummation(rate_hz=20.0).explorable_spec()) != ex.spec_id(
        ForceSummation().explorable_spec()
    )


def test_a_plain_ipywidgets_view_works_and_a_bad_scenario_is_refused():
    from widgets.figures.style import course_style, new_figure
    from widgets.ui.base import ModelView

    class Line(ModelView):
        def build_controls(self):
            return {"slope": ipw.FloatSlider(value=1.0, min=0.0, max=2.0, description="slope")}

        def build_figure(self):
            with course_style():
                fig, self.ax = new_figure(3, 2)
                (self.line,) = self.ax.plot([0, 1], [0, 0])
            return fig

        def compute(self, slope):
            return slope

        def redraw(self, result):
            self.line.set_ydata([0, result])

        def describe(self, result):
            return f"A line rising to {result:.1f}."

    spec = Line().explorable_spec()
    assert spec["controls"][0] == {
        "name": "slope",
        "kind": "range",
        "label": "slope",
        "unit": "",
        "min": 0.0,
        "max": 2.0,
        "step": 0.1,
        "integer": False,
        "decimals": 2,
    }
    assert len(ex.enumerate_states(spec)) == 21

    class Bad(Line):
        SCENARIOS = {"steep": {"gradient": 2.0}}

    with pytest.raises(ValueError, match="unknown controls"):
        Bad().explorable_spec()


# --- the states ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", PICTURED, ids=lambda c: c.__name__)
def test_states_one_control_at_a_time_on_its_grid_plus_scenarios(cls, specs):
    spec = specs[cls]
    states = ex.enumerate_states(spec)
    keys = [s.key for s in states]
    assert len(keys) == len(set(keys)) and keys[0] == "initial"
    initial = spec["initial"]
    expected = 1 + len(spec["scenarios"])
    for control in spec["controls"]:
        values = ex.grid(control)
        context = spec["context"].get(control["name"])
        expected += len(values) - (0 if context else 1)
        if control["kind"] == "range":  # the browser's grid: min + k * step, up to max
            assert values[0] == control["min"] and values[-1] <= control["max"] + 1e-9
            assert control["max"] - values[-1] < control["step"]
            assert all(
                math.isclose(b - a, control["step"], rel_tol=1e-6)
                for a, b in itertools.pairwise(values)
            )
        assert ex.index_of(control, initial[control["name"]]) is not None, (
            "initial value on the grid"
        )
    assert len(states) == expected
    for state in states:
        changed = {k for k in initial if not ex.same_value(state.values[k], initial[k])}
        if state.key.startswith("scenario-"):
            k = int(state.key.split("-")[1])
            assert changed == set(spec["scenarios"][k]["values"])
        elif state.key != "initial":
            name, index = state.key.rsplit("-", 1)
            control = next(c for c in spec["controls"] if c["name"] == name)
            assert ex.same_value(state.values[name], ex.grid(control)[int(index)])
            assert changed <= {name} | set(spec["context"].get(name, {}))


def test_state_counts():
    counts = {cls.__name__: len(ex.enumerate_states(cls().explorable_spec())) for cls in PICTURED}
    # Force: 100 rates + 71 contraction times - 2 (initial) + initial + 3 scenarios
    assert counts["ForceSummation"] == 173
    assert counts["MotorUnitRecruitment"] == 21
    assert sum(counts.values()) < 1400, counts  # keeps the clean build within its time budget


def test_sweep_context_moves_the_loop_with_its_slider():
    spec = TonicClonicExplorer().explorable_spec()
    states = {s.key: s for s in ex.enumerate_states(spec)}
    delay = next(c for c in spec["controls"] if c["name"] == "loop_delay_ms")
    swept = states[f"loop_delay_ms-{ex.index_of(delay, 80.0)}"].values
    assert swept["action"] == "push" and swept["reflex_gain"] == 3.0  # the delay acts on a clonus
    tendon = next(c for c in spec["controls"] if c["name"] == "tendon_organ_gain")
    assert states[f"tendon_organ_gain-{ex.index_of(tendon, 0.2)}"].values["action"] == "contract"
    # the healthy delay with the raised gain is a state of its own, not "initial"
    assert f"loop_delay_ms-{ex.index_of(delay, 50.0)}" in states


def test_finder_is_evaluated_in_the_page(views, specs):
    spec = specs[SpecialistFinder]
    assert ex.enumerate_states(spec) == []
    page = spec["page"]
    assert page["evaluator"] == "specialist_rules"
    assert page["groups"] == [[g, [fid for fid, _ in items]] for g, items in FINDINGS.items()]
    finder = views[SpecialistFinder]
    assert page["html"] == finder.list_html(finder.result)
    assert page["summary_html"] == finder.summary_html(finder.result)
    # live, the summary line (the one announced part) sits above the same list
    assert finder.to_html(finder.result) == (
        '<p class="cx-summary" role="status" aria-live="polite" aria-atomic="true">'
        f"{page['summary_html']}</p>{page['html']}"
    )
    assert page["summary_html"].startswith("<strong>Most urgent: Same day")
    for scenario in spec["scenarios"]:
        ticked = {k for k, v in {**spec["initial"], **scenario["values"]}.items() if v}
        assert ticked and ticked <= set(spec["initial"])


NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_scenario_names_state_their_values(cls, specs):
    """Every number in a scenario's name is one of the values it sets."""
    spec = specs[cls]
    for scenario in spec["scenarios"]:
        values = {**spec["initial"], **scenario["values"]}
        numbers = [float(n.replace("−", "-")) for n in NUMBER.findall(scenario["name"])]
        for number in numbers:
            assert any(
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isclose(v, number)
                for v in values.values()
            ), (scenario["name"], number)


def test_scenarios_show_what_the_chapters_teach():
    s = ElectrolyteExplorer.SCENARIOS
    assert (
        ElectrolyteExplorer(**s["Hypocalcaemia: ionised Ca²⁺ 0.80 mmol/L"]).result.axon.state
        == "fires"
    )
    assert (
        ElectrolyteExplorer(**s["Hypokalaemia: K⁺ 2.5 mmol/L"])
        .result.states["k_out_mM"]
        .startswith("hypo")
    )
    low_mg = ElectrolyteExplorer(**s["Ca²⁺ 1.00 with low Mg²⁺ 0.50 mmol/L"]).result
    assert (
        low_mg.axon.onset_ca_mM > 1.0 > ElectrolyteExplorer(ca_out_mM=1.0).result.axon.onset_ca_mM
    )
    s = ExcitabilityLab.SCENARIOS
    assert ExcitabilityLab(**s["Low calcium: shift −8 mV, no current"]).result.spontaneous_hz > 0
    assert (
        ExcitabilityLab(**s["Long pulse: 10 µA/cm² for 100 ms"]).result.n_spikes
        > ExcitabilityLab(**s["Long weak pulse: 4 µA/cm² for 100 ms"]).result.n_spikes
        >= 1
    )
    s = ForceSummation.SCENARIOS
    assert (
        ForceSummation(**s["Fast unit (30 ms) at 18 Hz"]).result.ripple
        > ForceSummation(**s["Slow unit (90 ms) at 18 Hz"]).result.ripple
    )
    s = TonicClonicExplorer.SCENARIOS
    assert TonicClonicExplorer(**s["Stretch ends the cramp"]).result.stretch_end_ms > 0
    assert TonicClonicExplorer(
        **s["Cramp in a shortened calf (tendon-organ gain 0.2)"]
    ).result.cramp
    assert TonicClonicExplorer(**s["Clonus: reflex gain ×3"]).result.sustained_clonus
    assert not TonicClonicExplorer(
        **s["Healthy reflex after a brisk push"]
    ).result.sustained_clonus


# --- drawing: the widget's own code path ----------------------------------------------------------


def _draw_one(spec, key, tmp_path):
    code = ex.widget_code_digest(spec["widget"])
    states = [s for s in ex.enumerate_states(spec) if s.key == key]
    missing = {ex.state_digest(code, spec["widget"], s.values) for s in states}
    jobs = ex.build._jobs_for(spec, states, code, missing)
    assert ex.run_jobs(jobs, tmp_path) == 1
    digest = ex.state_digest(code, spec["widget"], states[0].values)
    return (
        (tmp_path / f"{digest}.webp").read_bytes(),
        (tmp_path / f"{digest}.txt").read_text(),
        states[0],
    )


def _pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"), dtype=float)


@pytest.mark.parametrize(
    "cls, key, kwargs",
    [
        (ForceSummation, "rate_hz-39", {"rate_hz": 40.0}),
        (ElectrolyteExplorer, "units-1", {"units": "mg/dL"}),
        (
            TonicClonicExplorer,
            "loop_delay_ms-5",
            {"action": "push", "reflex_gain": 3.0, "loop_delay_ms": 80.0},
        ),
        (ExcitabilityLab, "scenario-3", {"amplitude_uA_cm2": 0.0, "ca_shift_mV": -8.0}),
    ],
    ids=["slider", "unit-switch", "context", "scenario"],
)
def test_a_drawn_state_is_the_widget_in_that_state(cls, key, kwargs, specs, tmp_path):
    webp, alt, _state = _draw_one(specs[cls], key, tmp_path)
    reference = cls(**kwargs)
    assert alt == reference.alt_text
    drawn, expected = _pixels(webp), _pixels(reference.static_png())
    assert drawn.shape == expected.shape
    assert np.abs(drawn - expected).mean() < 1.0  # the palette WebP is visually lossless


def test_generate_draws_once_then_reuses_the_cache_and_prunes(tmp_path):
    spec = MotorUnitRecruitment().explorable_spec()
    site, cache = tmp_path / "site", tmp_path / "cache"
    first = ex.generate([spec], site, cache, workers=2)
    sid = ex.spec_id(spec)
    assert first.states == 21 and spec["layouts"] == ["wide", "phone"]
    assert first.drawn == 2 * 21  # each state in both layouts
    for state in ex.enumerate_states(spec):
        assert (site / sid / f"{state.key}.webp").stat().st_size > 1000
        assert (site / sid / f"{state.key}.phone.webp").stat().st_size > 1000
        assert "Motor-unit pool" in (site / sid / f"{state.key}.txt").read_text()
    index = json.loads((site / sid / "states.json").read_text())
    assert index["states"]["excitation_pct-10"] == {"excitation_pct": 50}
    assert ex.generate([spec], site, cache).drawn == 0  # stamp current: nothing to do
    (site / sid / ".stamp").unlink()
    again = ex.generate([spec], site, cache)
    assert again.drawn == 0 and (site / sid / "initial.webp").is_file()  # from the cache
    ex.generate([], site, cache)
    assert not (site / sid).exists()


def test_drawing_ahead_from_stored_notebooks_is_used_by_generate(tmp_path):
    spec = MotorUnitRecruitment().explorable_spec()
    nb = {"cells": [{"cell_type": "code", "outputs": [{"data": {ex.MIME: spec}}]}]}
    (tmp_path / "book" / "chapters").mkdir(parents=True)
    (tmp_path / "book" / "chapters" / "x.ipynb").write_text(json.dumps(nb))
    (tmp_path / "book" / "_build").mkdir()
    (tmp_path / "book" / "_build" / "y.ipynb").write_text(json.dumps(nb))  # build folders skipped
    assert ex.stored_specs(tmp_path / "book") == [spec]
    cache = tmp_path / "cache"
    ahead = ex.draw_ahead(ex.stored_specs(tmp_path / "book"), cache, workers=1)
    report = ex.generate([spec], tmp_path / "site", cache, ahead=ahead)
    assert report.drawn == 2 * 21 and ex.missing_jobs([spec], cache) == []
    assert ex.draw_ahead([spec], cache) is None  # nothing left to draw


def test_a_failing_worker_is_reported(tmp_path):
    spec = MotorUnitRecruitment().explorable_spec()
    spec["initial"]["excitation_pct"] = 300  # unreachable
    with pytest.raises(RuntimeError, match=r"failed[\s\S]*cannot reach"):  # the worker's own words
        ex.generate([spec], tmp_path / "site", tmp_path / "cache", workers=1)
