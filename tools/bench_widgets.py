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
keys move it), a check box on and off, a choice through every option and back.

The second part times jumps, for every control of every widget in every such setting: a slider
from its minimum to its maximum and back, from its initial value to each end, and across its
range (10 % to 90 % and back, 25 % to 75 % and back); a choice from each option to each other; a
check box both ways. Before each jump the caches are emptied and the start value is set without
look-ahead, so the target is a first visit (nothing computed for it, ahead or before) while what
the start state computed (e.g. the f-I curve when only the amplitude moves) stays, as it would for
a reader. Each jump runs on an asyncio event loop, as in a kernel: the time is to the first new
frame, and "complete" to the complete figure where a view draws a slow part when it is ready
(ExcitabilityLab's f-I curve). It prints, per widget, the number of jumps, their median, p95 and
maximum, the slowest control and jump, and the load average. ``--jumps`` runs only this part;
``--cold-glyphs`` also empties the renderer's kept glyphs (:mod:`widgets.figures.glyphs`) before
each jump, which a reader's kernel keeps from its first frame on.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as ipw
import numpy as np

from widgets.figures import glyphs
from widgets.ui import WIDGETS
from widgets.ui.ahead import _BACKGROUND

SLIDERS = (ipw.FloatSlider, ipw.IntSlider)
CHOICES = (ipw.Dropdown, ipw.ToggleButtons)
GROUP_ABOVE = 10  # a widget with more controls (check boxes) gets one row for all of them
#: far jumps across a slider's range, as fractions of it (start, target)
FAR_JUMPS = ((0.1, 0.9), (0.9, 0.1), (0.25, 0.75), (0.75, 0.25))


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


def option_values(control) -> list:
    return [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]


def jumps(control) -> list[tuple[str, object, object]]:
    """(label, start, target) of every jump timed for ``control`` (see the module docstring)."""
    if isinstance(control, SLIDERS):
        grid, v0 = slider_grid(control), control.value
        lo, hi = grid[0], grid[-1]
        at = lambda f: grid[int(round(f * (len(grid) - 1)))]  # noqa: E731
        out = [("min->max", lo, hi), ("max->min", hi, lo)]
        out += [(f"init->{n}", v0, v) for n, v in (("min", lo), ("max", hi)) if v != v0]
        out += [(f"{a:.0%}->{b:.0%}", at(a), at(b)) for a, b in FAR_JUMPS]
        return out
    if isinstance(control, ipw.Checkbox):
        return [("off->on", False, True), ("on->off", True, False)]
    options = option_values(control)
    return [(f"{a}->{b}", a, b) for a in options for b in options if a != b]


def time_jump(
    cls, view, name: str, start, target, cold_glyphs: bool = False
) -> tuple[float, float, float]:
    """(wall ms to the first frame, CPU ms, wall ms to the complete figure) of setting ``target``
    after ``start`` from empty caches (see module), on an event loop as in a kernel."""
    control = view.controls[name]
    view.look_ahead = lambda upcoming: None  # the start value: nothing computed ahead
    if control.value == start:  # leave it, so that setting it recomputes the start state
        control.value = target
    _BACKGROUND.submit(lambda: None).result()
    cls.clear_caches()
    if cold_glyphs:
        glyphs.clear()
    control.value = start
    del view.look_ahead
    _BACKGROUND.submit(lambda: None).result()  # nothing left running in the background

    async def jump() -> tuple[float, float, float]:
        c0, t0 = time.process_time(), time.perf_counter()
        control.value = target
        first = 1e3 * (time.perf_counter() - t0)
        while getattr(view, "_pending", None) is not None:  # a figure completed progressively
            await asyncio.sleep(0.0005)
        return first, 1e3 * (time.process_time() - c0), 1e3 * (time.perf_counter() - t0)

    return asyncio.run(jump())


def jump_bench(names: list[str], cold_glyphs: bool = False) -> int:
    """Time every jump of every control of every widget (see the module docstring)."""
    load0 = os.getloadavg()[0]
    per_control, per_widget = [], []
    for name in names or WIDGETS:
        cls = WIDGETS[name]
        all_wall, all_cpu, all_done, slowest = [], [], [], (0.0, "")
        for member in cls().controls:
            wall, cpu = [], []
            for setting in settings(cls, member):
                view = cls(**setting)
                where = ", ".join(f"{k}={v}" for k, v in setting.items())
                for label, start, target in jumps(view.controls[member]):
                    w, c, done = time_jump(cls, view, member, start, target, cold_glyphs)
                    wall.append(w)
                    cpu.append(c)
                    all_done.append(done)
                    if w > slowest[0]:
                        slowest = (w, f"`{member}` {label}" + (f" ({where})" if where else ""))
                view.figure.clear()
            if len(cls().controls) <= GROUP_ABOVE:
                per_control.append(row(name, f"`{member}`", 1, wall, cpu))
            all_wall += wall
            all_cpu += cpu
        load = os.getloadavg()[0]
        per_widget.append(
            f"| {name} | {len(all_wall)} | {statistics.median(all_wall):.1f} | "
            f"{np.percentile(all_wall, 95):.1f} | {max(all_wall):.0f} | "
            f"{np.percentile(all_cpu, 95):.1f} | {np.percentile(all_done, 95):.1f} | "
            f"{slowest[1]}, {slowest[0]:.0f} ms | {load:.1f} |"
        )
    print("Jumps: every control, to each end and across its range, target never visited\n")
    print(
        "| widget | jumps | median (ms) | p95 (ms) | max (ms) | CPU p95 (ms) | complete p95 (ms) "
        "| slowest | load |\n|---|---:|---:|---:|---:|---:|---:|---|---:|"
    )
    print("\n".join(per_widget))
    print("\nPer control (all settings of the other choices)\n")
    print(table(per_control).replace("| sweeps |", "| - |"))
    print(
        f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end."
    )
    return 0


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
    cold_glyphs = "--cold-glyphs" in names
    names = [n for n in names if n != "--cold-glyphs"]
    if "--jumps" in names:
        return jump_bench([n for n in names if n != "--jumps"], cold_glyphs)
    sweeps, builds = [], {}
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
            wall, cpu, n_sweeps = [], [], 0
            for member in members:
                for setting in settings(cls, member):
                    n_sweeps += 1
                    build_ms, w, c = sweep(cls, member, setting)
                    builds[name] = max(builds.get(name, 0.0), build_ms)
                    wall, cpu = wall + w, cpu + c
            sweeps.append(row(name, label, n_sweeps, wall, cpu))
    elapsed = time.perf_counter() - t_start
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print("Sweeps: every value of each control, in order, from empty caches\n")
    print(table(sweeps))
    print(
        "\nFirst build of each widget with empty caches (ms): "
        + ", ".join(f"{n} {ms:.0f}" for n, ms in builds.items())
        + f".\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at the end; "
        f"{elapsed:.0f} s in all. Wall-clock times include waiting for the CPU when the machine is busy; "
        "CPU p95 counts this process's own time (all its threads)."
    )
    print()
    return jump_bench(names, cold_glyphs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
