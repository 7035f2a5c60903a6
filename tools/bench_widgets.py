"""Benchmark the course widgets: control change -> recomputed model -> redrawn figure -> PNG.

Run: .venv/bin/python tools/bench_widgets.py   (about 30-60 s). Prints a markdown table.

For each widget one control is stepped through distinct values via ``widget.controls[...]`` (as a
user dragging the slider does); each step is timed from setting the value to the end of
``ModelView.update`` (model, in-place redraw, PNG encoding of the live image; for SpecialistFinder,
whose live output is HTML, the HTML list). "model" is the part of that spent in ``compute``.

The naive pattern is what ``ipywidgets.interact`` with the inline backend does on every step:
compute the same model result without any cache (the widget modules' caches are cleared before
each naive step), build a new figure with the same content, lay it out, render it to PNG the way
IPython's inline backend does (``bbox_inches="tight"``, figure dpi 100, default compression), and
close it (``plt.close("all")`` runs a garbage collection). Speed-up = naive median / widget median.
"""

from __future__ import annotations

import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from widgets.ui import (  # noqa: E402
    ElectrolyteExplorer,
    ExcitabilityLab,
    ForceSummation,
    MotorUnitRecruitment,
    SpecialistFinder,
    TonicClonicExplorer,
)
from widgets.ui import electrolytes, excitability, force, recruitment, tonic_clonic  # noqa: E402
from widgets.clinical.specialists import FINDING_IDS  # noqa: E402

N_STEPS = 30
N_NAIVE = 8
CACHED = {
    electrolytes: ["_fibre", "_axon"],
    excitability: ["excitability_curves", "_trace"],
    force: ["force_frequency"],
    recruitment: ["run", "recruitment_curve"],
    tonic_clonic: ["firing"],
}


def slider_values(control, n: int) -> list:
    """n distinct values across the control's range on its step grid, never the current value."""
    lo, hi, step = control.min, control.max, control.step
    grid = np.round(np.arange(lo, hi + step / 2, step) / step) * step
    grid = [float(v) for v in grid if not np.isclose(v, control.value)]
    if len(grid) > n:
        grid = [grid[int(i)] for i in np.linspace(0, len(grid) - 1, n)]
    return [type(control.value)(v) for v in grid]


def clear_caches() -> None:
    for module, names in CACHED.items():
        for name in names:
            getattr(module, name).cache_clear()


def percentile(xs, q):
    return float(np.percentile(np.asarray(xs), q))


def bench_widget(make, control_name, values):
    """(median, p95, model median) in ms over the steps of one control."""
    widget = make()
    model_times = []
    compute = widget.compute

    def timed_compute(**kw):
        t0 = time.perf_counter()
        out = compute(**kw)
        model_times.append(time.perf_counter() - t0)
        return out

    widget.compute = timed_compute
    control = widget.controls[control_name]
    times, cpu = [], []
    for value in values:
        redraws = widget.redraws
        c0, t0 = time.process_time(), time.perf_counter()
        control.value = value
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert widget.redraws == redraws + 1, "every step must redraw exactly once"
    ms = [1e3 * t for t in times]
    return (statistics.median(ms), percentile(ms, 95), 1e3 * statistics.median(model_times),
            1e3 * statistics.median(cpu))


def naive_step(widget, values: dict) -> None:
    """interact-style step: uncached model, new figure with the same content, inline-backend PNG."""
    clear_caches()
    result = widget.compute(**values)
    fig = widget.build_figure()          # a new figure and new artists, every time
    widget.redraw(result)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    del fig
    gc.collect()                          # what plt.close("all") does after each inline display


def bench_naive(make, control_name, values):
    widget = make()
    base = widget.values
    times = []
    for value in values[:N_NAIVE]:
        t0 = time.perf_counter()
        naive_step(widget, dict(base, **{control_name: value}))
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def specialist_values():
    return sorted(FINDING_IDS)[:N_STEPS]


def main() -> int:
    cases = [
        ("ElectrolyteExplorer", ElectrolyteExplorer, "k_out_mM", None),
        ("ExcitabilityLab", ExcitabilityLab, "amplitude_uA_cm2", None),
        ("ForceSummation", ForceSummation, "rate_hz", None),
        ("MotorUnitRecruitment", MotorUnitRecruitment, "excitation_pct", None),
        ("TonicClonicExplorer (clonus)", lambda: TonicClonicExplorer(pattern="clonus"), "clonus_hz", None),
        ("TonicClonicExplorer (pattern, stretch)", TonicClonicExplorer, "pattern",
         ["clonus", "voluntary", "tetany", "cramp"] * 4),
        ("SpecialistFinder", SpecialistFinder, None, "findings"),
    ]
    rows = []
    t_start = time.perf_counter()
    for label, make, control_name, special in cases:
        if special == "findings":
            widget = make()
            times, cpu = [], []
            for fid in specialist_values():
                c0, t0 = time.process_time(), time.perf_counter()
                widget.controls[fid].value = not widget.controls[fid].value
                times.append(1e3 * (time.perf_counter() - t0))
                cpu.append(1e3 * (time.process_time() - c0))
            med, p95 = statistics.median(times), percentile(times, 95)
            t0 = time.perf_counter()
            model_ms = []
            for _ in range(20):
                t1 = time.perf_counter()
                widget.compute(**widget.values)
                model_ms.append(1e3 * (time.perf_counter() - t1))
            model_med = statistics.median(model_ms)
            naive = []
            for fid in specialist_values()[:N_NAIVE]:
                vals = dict(widget.values, **{fid: not widget.values[fid]})
                t0 = time.perf_counter()
                naive_step(widget, vals)
                naive.append(1e3 * (time.perf_counter() - t0))
            naive_med = statistics.median(naive)
            rows.append((label, "30 check boxes toggled", len(times), med, p95, model_med, naive_med,
                         statistics.median(cpu)))
            continue
        probe = make()
        values = special if isinstance(special, list) else slider_values(probe.controls[control_name], N_STEPS)
        del probe
        med, p95, model_med, cpu_med = bench_widget(make, control_name, values)
        naive_med = bench_naive(make, control_name, values)
        rows.append((label, control_name, len(values), med, p95, model_med, naive_med, cpu_med))
    elapsed = time.perf_counter() - t_start

    print("| widget | control stepped | steps | median (ms) | p95 (ms) | CPU median (ms) "
          "| of which model, median (ms) | naive interact, median (ms) | speed-up |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, control, n, med, p95, model_med, naive_med, cpu_med in rows:
        print(f"| {label} | `{control}` | {n} | {med:.1f} | {p95:.1f} | {cpu_med:.1f} | {model_med:.1f} | "
              f"{naive_med:.0f} | {naive_med / med:.1f}× |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at the end; "
          f"{elapsed:.0f} s in all. Wall-clock times include waiting for the CPU when the machine is "
          "busy; CPU median is this process's own time. Widget: "
          "control change to redrawn PNG (SpecialistFinder: to the HTML list). Naive: uncached model "
          "+ new figure + inline-backend PNG + close.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
