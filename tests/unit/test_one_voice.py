"""One voice (issue 19) for chapters 01-05: each number a reader meets twice comes from one computation.

Each test names the finding of the proofreading report (contradictions-3) it pins, and checks the
cause: the figure, widget or model that had computed the same quantity a second way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from widgets.physiology import simulate, skeletal_muscle, surface_charge_shift_mV
from widgets.physiology.membrane import MUSCLE_DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ("01_muscle", "02_electrolytes", "03_excitability", "04_force", "05_tonic_clonic")


def _cells(name):
    return json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def _markdown(name):
    return re.sub(
        r"\s+",
        " ",
        " ".join("".join(c["source"]) for c in _cells(name) if c["cell_type"] == "markdown"),
    )


def test_1_1_and_2_2_the_calcium_figure_uses_the_printed_fibre_onset():
    """The figure's "fires with no stimulus" starts at the onset chapter 3 prints; points above it
    have a (small) rheobase and rest quietly, points below fire by themselves; the muscle's own
    firing is not called tetany."""
    from widgets.figures.ch03_excitability import calcium_figure
    from widgets.physiology.hypocalcaemia import muscle_tetany_onset_ca_mM

    onset = muscle_tetany_onset_ca_mM()
    alt = calcium_figure().alt
    assert f"Below {onset:.2f} mmol/L" in alt and "version of tetany" not in alt
    assert simulate(skeletal_muscle(ca_out_mM=onset + 0.01), 0.0, 300.0).spike_times_ms.size == 0
    assert simulate(skeletal_muscle(ca_out_mM=onset - 0.01), 0.0, 300.0).spike_times_ms.size >= 3


def test_1_3_normal_magnesium_is_one_value_for_both_models():
    """The fibre's gates are unshifted at the normal magnesium the axon, the explorer and the
    tetany numbers use (0.85 mmol/L, inside the 0.7-1 mmol/L reference range)."""
    from widgets.physiology.axon import AXON_DEFAULTS
    from widgets.physiology.hypocalcaemia import NORMAL_MG_MM
    from widgets.ui.electrolytes import IONS

    assert (
        MUSCLE_DEFAULTS["mg_ref_mM"]
        == AXON_DEFAULTS["mg_ref_mM"]
        == NORMAL_MG_MM
        == IONS["mg_out_mM"].default_mM
        == 0.85
    )
    assert skeletal_muscle().gating_shift_mV == 0.0 == surface_charge_shift_mV()
    assert "magnesium halved" not in "".join(
        "".join(o.get("text", "")) for c in _cells("03_excitability") for o in c.get("outputs", [])
    )


def test_1_2_the_reference_range_shift_is_computed_at_both_ends():
    from widgets.figures.ch02_electrolytes import surface_charge_figure
    from widgets.physiology import reference_ranges

    r = reference_ranges()["calcium_ionised"]
    alt = surface_charge_figure().alt
    lo, hi = (
        surface_charge_shift_mV(ca_out_mM=r["low_mmol_L"]),
        surface_charge_shift_mV(ca_out_mM=r["high_mmol_L"]),
    )
    assert f"runs only from {lo:+.1f} to {hi:+.1f} mV" in alt and lo < 0 < hi
    assert "within" not in alt


def test_1_6_and_1_7_one_rheobase_step_and_one_action_potential_pulse():
    from widgets.figures.ch03_excitability import action_potential_figure
    from widgets.physiology.protocols import (
        AP_PULSE_MS,
        AP_PULSE_UA_CM2,
        RHEOBASE_STEP_MS,
        hh_reference_values,
        temperature_series,
    )
    from widgets.ui import ExcitabilityLab

    hh = hh_reference_values()
    assert temperature_series((6.3,))[0][2] == pytest.approx(hh["peak_mV"], abs=1e-6)
    assert (
        f"after a {AP_PULSE_MS:g}-ms pulse of {AP_PULSE_UA_CM2:g} µA/cm²"
        in action_potential_figure().alt
    )
    lab = ExcitabilityLab()
    assert f"smallest {RHEOBASE_STEP_MS:g} ms step" in lab.alt_text
    assert f"{hh['rheobase_uA_cm2']:.2f} µA/cm²" in lab.alt_text


def test_5_6_the_lab_says_what_is_marked_on_its_curve():
    from widgets.ui import ExcitabilityLab

    alt = ExcitabilityLab().alt_text
    assert (
        "is marked at" not in alt
        and "a dot marks the chosen amplitude, 10.0 µA/cm², on the curve" in alt
    )


def test_1_10_figure_and_explorer_report_the_same_cramp():
    from widgets.figures.ch05_tonic_clonic import patterns_figure
    from widgets.physiology.patterns import pattern_summaries

    cramp = {s.name: s for s in pattern_summaries()}["cramp"]
    phrase = f"{cramp.active_units} of {cramp.n_units} units fire"
    assert f"{phrase} at a mean {cramp.mean_rate_hz:.1f} Hz" in patterns_figure().alt
    assert "kept within" not in _markdown("05_tonic_clonic")


def test_1_14_the_ladder_figure_does_not_say_every_calcium():
    from widgets.figures.ch03_tetany import tetany_ladder_figure

    alt = tetany_ladder_figure().alt
    assert "every calcium" not in alt and "down to about 0.4 mmol/L" in alt


def test_1_15_the_slowest_unit_is_the_pools():
    from widgets.physiology.reflex_loop import calf_pool

    slowest = (
        calf_pool().contraction_time_ms.max()
    )  # the calf of the loop model, whose clonus the exercise uses
    glued = {
        o["metadata"]["scrapbook"]["name"]: o["data"]["application/papermill.record/text/plain"]
        for c in _cells("05_tonic_clonic")
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }
    assert glued["ch05_slowest_T"] == repr(f"{slowest:.0f}")
    assert "(contraction time 90 ms)" not in _markdown("05_tonic_clonic")


def test_2_1_chapter_1_does_not_say_cramp_rates_fuse_the_twitches():
    text = _markdown("01_muscle")
    assert "Only just" not in text and "come close to fusing" not in text
    assert "{glue:text}`ch01_fusion_slowest` Hz before its force stops rippling" in text


def test_2_9_ross1995_is_one_finding():
    text = _markdown("05_tonic_clonic")
    assert "higher early in a cramp" not in text
    # Ross & Thomas compared cramps with *unloaded* voluntary contractions (Brain 118:983)
    assert (
        text.count(
            "somewhat *higher* and more variable than during unloaded voluntary contractions"
        )
        == 1
    )
    assert "somewhat higher and more variable than in unloaded voluntary contractions" in text


def test_4_4_the_150_hz_figure_is_not_hung_on_a_source():
    text = _markdown("05_tonic_clonic")
    sentence = next(
        s
        for s in re.split(r"(?<=\.)\s", text)
        if "`ch05_needle_hz` Hz. We have not" in s
        or "up to about {glue:text}`ch05_needle_hz` Hz." in s
    )
    assert "{cite" not in sentence
    assert "is discussed in later reviews" not in text


@pytest.mark.parametrize("name", CHAPTERS)
def test_6_2_6_3_6_4_no_keys_code_or_data_files_in_student_text(name):
    keys = set(
        re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"))
    )
    raw = "\n".join("".join(c["source"]) for c in _cells(name) if c["cell_type"] == "markdown")
    raw = re.sub(
        r"^\s*(?:`{3,}.*|:[\w-]+:.*)$", " ", raw, flags=re.M
    )  # directive fences and options
    prose = re.sub(r"\{[\w:+-]+\}`[^`]*`", " ", raw)  # roles
    assert not re.findall(r"`[^`\n]+`", prose), "code in prose"
    prose = re.sub(r"\s+", " ", prose)
    assert not [k for k in keys if re.search(r"\b" + re.escape(k) + r"\b", prose)], (
        "bibliography key in prose"
    )
    assert (
        "data file" not in prose
        and "printed above" not in prose
        and "printed earlier" not in prose
    )
    outputs = "".join(
        "".join(o.get("text", ""))
        for c in _cells(name)
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )
    assert not [
        k for k in keys if len(k) > 5 and re.search(r"\b" + re.escape(k) + r"\b", outputs)
    ], "key printed"


@pytest.mark.parametrize(
    "name,keys",
    [
        ("01_muscle", "seed_orthopaedic,seed_causes"),
        ("02_electrolytes", "seed_orthopaedic,seed_causes"),
        ("05_tonic_clonic", "seed_causes"),
    ],
)
def test_4_1_the_web_articles_are_cited_at_first_mention_and_named_consistently(name, keys):
    text = _markdown(name)
    first = min(
        text.find(w)
        for w in ("the orthopaedic article", "the second article", "web articles")
        if w in text
    )
    for key in keys.split(","):  # each article cited next to its own name, near the first mention
        assert (
            text.find("{cite:p}`" + key + "`") != -1
            and text.find("{cite:p}`" + key + "`") < first + 400
        )
    assert "source article" not in text


def test_1_4_1_8_1_9_1_11_chapter_2_and_3_say_which_values_they_compare():
    ch2, ch3 = _markdown("02_electrolytes"), _markdown("03_excitability")
    assert "middle of each reference range" not in ch2 and "the table" not in ch2
    assert "{glue:text}`ch02_fibre_table` mV with the figure's values" in ch2
    assert "Both values lie in the −80 to −90 mV" not in ch3
    assert "third of normal" not in ch2 + ch3
    assert (
        "{glue:text}`ch02_fibre_onset_pct` % of normal" in ch2
        and "{glue:text}`ch03_fibre_onset_pct` %" in ch3
    )
    assert np.isclose(MUSCLE_DEFAULTS["ca_ref_mM"], 1.2)
