"""Benchmark the course widgets: every control of every widget, swept across its whole range.

Run: .venv/bin/python tools/bench_widgets.py [WidgetName ...]   (about a minute). Prints a
markdown table: per control, the median and 95th percentile of the time from setting the value
(as a user moving the control does) to the new live output (model, in-place redraw, PNG of the
live image; for SpecialistFinder, whose live output is HTML, the HTML list).

Every sweep starts with empty caches (``clear_caches()`` of the widget: its memoised model runs and
the model's tables) and a new widget, so each value is a first visit. The widgets come from the
registry ``widgets.ui.WIDGETS``. A control is swept once in every setting of the widget's other
choice controls (drop-downs and toggles, e.g. each model of ExcitabilityLab, each pattern of
TonicClonicExplorer): a slider over every value of its grid in ascending order (as the arrow
keys move it), a check box on and off, a choice through every option and back. A second table
times jumps: a slider set to 12 values spread over its range, alternately low and high, from
empty caches, so that no value is next to the one before.
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as ipw
import numpy as np

from widgets.ui import WIDGETS

SLIDERS = (ipw.FloatSlider, ipw.IntSlider)
CHOICES = (ipw.Dropdown, ipw.ToggleButtons)
GROUP_ABOVE = 10  # a widget with more controls (check boxes) gets one row for all of them
N_JUMPS = 12


def slider_grid(control) -> list:
    n = int(round((control.max - control.min) / control.step))
    cast = int if isinstance(control, ipw.IntSlider) else float
    return [cast(round(control.min + i * control.step, 9)) for i in range(n + 1)]


def sweep_values(control) -> list:
    """The values a sweep sets, in order (see the module docstring)."""
    if isinstance(control, SLIDERS):
        return [v for v in slider_grid(control) if not np.isclose(v, control.value)]
    if isinstance(control, ipw.Checkbox):
        return [not control.value, control.value]
    options = [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
    return [opt for opt in options if opt != control.value] + [control.value]


def jump_values(control) -> list:
    """N_JUMPS grid values spread over the slider's range, alternately from its low and high end."""
    grid = [v for v in slider_grid(control) if not np.isclose(v, control.value)]
    spread = [grid[int(i)] for i in np.round(np.linspace(0, len(grid) - 1, N_JUMPS))]
    low, high = spread[: N_JUMPS // 2], spread[N_JUMPS // 2 :][::-1]
    return [v for pair in zip(low, high) for v in pair]


def settings(cls, swept: str) -> list[dict]:
    """Every combination of the widget's choice controls other than ``swept`` (constructor values)."""
    controls = cls().controls
    choices = {
        name: [o[1] if isinstance(o, tuple) else o for o in c.options]
        for name, c in controls.items()
        if isinstance(c, CHOICES) and name != swept
    }
    return [dict(zip(choices, combo)) for combo in itertools.product(*choices.values())]


def sweep(
    cls, control_name: str, setting: dict, values=sweep_values
) -> tuple[float, list[float], list[float]]:
    """(build ms, step wall-clock ms, step CPU ms) of one sweep from empty caches."""
    cls.clear_caches()
    t0 = time.perf_counter()
    view = cls(**setting)
    build_ms = 1e3 * (time.perf_counter() - t0)
    control = view.controls[control_name]
    wall, cpu = [], []
    for value in values(control):
        c0, t0 = time.process_time(), time.perf_counter()
        control.value = value
        wall.append(1e3 * (time.perf_counter() - t0))
        cpu.append(1e3 * (time.process_time() - c0))
    return build_ms, wall, cpu


def table(rows: list) -> str:
    lines = [
        "| widget | control | sweeps | steps | median (ms) | p95 (ms) | max (ms) | CPU p95 (ms) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {label} | {n_sweeps} | {n} | {med:.1f} | {p95:.1f} | {top:.0f} | {cpu:.1f} |"
        for name, label, n_sweeps, n, med, p95, top, cpu in rows
    ]
    return "\n".join(lines)


def row(name: str, label: str, n_sweeps: int, wall: list, cpu: list) -> tuple:
    print(f"  {name} {label}: p95 {np.percentile(wall, 95):.1f} ms", file=sys.stderr, flush=True)
    return (
        name,
        label,
        n_sweeps,
        len(wall),
        statistics.median(wall),
        float(np.percentile(wall, 95)),
        max(wall),
        float(np.percentile(cpu, 95)),
    )


def main(names: list[str]) -> int:
    sweeps, jumps, builds = [], [], {}
    t_start = time.perf_counter()
    for name in names or WIDGETS:
        cls = WIDGETS[name]
        controls = cls().controls
        groups = (
            [(f"{len(controls)} check boxes", list(controls))]
            if len(controls) > GROUP_ABOVE
            else [(f"`{c}`", [c]) for c in controls]
        )
        for label, members in groups:
            wall, cpu, jump_wall, jump_cpu, n_sweeps = [], [], [], [], 0
            for member in members:
                for setting in settings(cls, member):
                    n_sweeps += 1
                    build_ms, w, c = sweep(cls, member, setting)
                    builds[name] = max(builds.get(name, 0.0), build_ms)
                    wall, cpu = wall + w, cpu + c
                    if isinstance(controls[member], SLIDERS):
                        _, w, c = sweep(cls, member, setting, jump_values)
                        jump_wall, jump_cpu = jump_wall + w, jump_cpu + c
            sweeps.append(row(name, label, n_sweeps, wall, cpu))
            if jump_wall:
                jumps.append(row(name, label, n_sweeps, jump_wall, jump_cpu))
    elapsed = time.perf_counter() - t_start
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print("Sweeps: every value of each control, in order, from empty caches\n")
    print(table(sweeps))
    print(f"\nJumps: {N_JUMPS} values far apart on each slider, from empty caches\n")
    print(table(jumps))
    print(
        "\nFirst build of each widget with empty caches (ms): "
        + ", ".join(f"{n} {ms:.0f}" for n, ms in builds.items())
        + f".\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at the end; "
        f"{elapsed:.0f} s in all. Wall-clock times include waiting for the CPU when the machine is busy; "
        "CPU p95 counts this process's own time (all its threads)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
