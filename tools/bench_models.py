"""Benchmark the physiology models; prints a markdown table (medians of repeated runs).

Run: .venv/bin/python tools/bench_models.py   (about 30-50 s, most of it one scipy RK45 run);
``--reflex`` runs only the reflex-loop section (about 20 s).
May import scipy (the models do not). Comparison: scipy.integrate.solve_ivp on the same HH1952
equations (same rate functions, plain-Python right-hand side): RK45 with max_step = 0.01 ms
(same time resolution as simulate at dt 0.01 ms) and LSODA accuracy-matched, i.e. the loosest
rtol of 1e-3 ... 1e-7 (atol = rtol / 100) whose largest spike-time error against a dt 0.001 ms
reference is no larger than that of simulate at dt 0.01 ms (the rtol used is printed).

First calls in a fresh process: "cold" compiles the numba kernel (an empty NUMBA_CACHE_DIR per
run, so the repository's cache in widgets/physiology/__pycache__ is left alone), "warm" loads
the cached machine code (the normal case after the first run on a machine).

Reflex loop (:mod:`widgets.physiology.reflex_loop`): the compiled ``clonus_test`` (3 s of loop, EMG
synthesis and beat counting included) and ``cramp_test`` (8 s), min and median of 25 runs after
one warm-up, and the first ``clonus_test`` in a fresh process with a cold and a warm numba cache.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from widgets.physiology import (
    MotorUnitPool,
    clear_caches,
    clonus_test,
    cramp_test,
    emg_signatures,
    hodgkin_huxley_1952,
    motor_axon,
    reflex_loop,
    simulate,
    skeletal_muscle,
    strength_duration,
    tetany_onset_ca_mM,
)

ROOT = Path(__file__).resolve().parents[1]

FIRST_CALL = (
    "import time; t = time.perf_counter(); from widgets.physiology import hodgkin_huxley_1952, simulate; "
    "simulate(hodgkin_huxley_1952(), 10.0, 200.0, 0.01); print(time.perf_counter() - t)"
)

REFLEX_FIRST_CALL = (
    "import time; t = time.perf_counter(); from widgets.physiology import clonus_test, reflex_loop; "
    "clonus_test(reflex_loop(reflex_gain=3.0), t_stop_ms=3000.0); print(time.perf_counter() - t)"
)
REFLEX_REPEATS = 25


def median_ms(fn, repeats, warm_up=True):
    if warm_up:
        fn()  # tables, caches, compiled kernel
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def fresh_ms(code, repeats=5, env=None):
    times = []
    for _ in range(repeats):
        run_env = dict(os.environ, **(env() if callable(env) else env or {}))
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=run_env,
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return 1e3 * statistics.median(times)


def min_median_ms(fn, repeats):
    fn()  # warm-up: compiled kernel, pool and force-scale caches
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return f"min {1e3 * min(times):.2f} ms / median {1e3 * statistics.median(times):.2f} ms"


def reflex_rows():
    """The stretch-reflex loop: compiled protocols, first calls in a fresh process, EMG signatures."""
    rows = []
    clonic, weak = reflex_loop(reflex_gain=3.0), reflex_loop(tendon_organ_gain=0.2)
    rows.append(
        (
            f"reflex loop: `clonus_test` 3 s (reflex gain x3, 6,000 steps of 120 units + EMG), {REFLEX_REPEATS} runs",
            min_median_ms(lambda: clonus_test(clonic, t_stop_ms=3000.0), REFLEX_REPEATS),
        )
    )
    rows.append(
        (
            f"reflex loop: `cramp_test` 8 s (tendon organs x0.2, muscle short, 16,000 steps + EMG), {REFLEX_REPEATS} runs",
            min_median_ms(
                lambda: cramp_test(weak, muscle_length="short", t_stop_ms=8000.0), REFLEX_REPEATS
            ),
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(1000))
        cold = fresh_ms(
            REFLEX_FIRST_CALL,
            3,
            env=lambda: {"NUMBA_CACHE_DIR": os.path.join(tmp, str(next(counter)))},
        )
    rows.append(
        (
            "reflex loop: first `clonus_test` 3 s in a fresh process, cold numba cache (import + compile + run)",
            cold,
        )
    )
    rows.append(
        (
            "reflex loop: first `clonus_test` 3 s in a fresh process, warm numba cache (import + load kernel + run)",
            fresh_ms(REFLEX_FIRST_CALL),
        )
    )

    def signatures_uncached():
        clear_caches()
        return emg_signatures()

    rows.append(
        (
            "EMG signatures (cramp, clonus, contracture, tetany; 1 s windows), uncached",
            median_ms(signatures_uncached, 5),
        )
    )
    return rows


def print_table(rows):
    print("| benchmark | median |")
    print("|---|---|")
    for name, val in rows:
        print(f"| {name} | {val:.2f} ms |" if isinstance(val, float) else f"| {name} | {val} |")


def hh_rhs(_t, y, i_stim):
    v, m, h, n = y
    x = v + 40.0
    am = 1.0 if abs(x) < 1e-6 else 0.1 * x / (1.0 - math.exp(-x / 10.0))
    bm = 4.0 * math.exp(-(v + 65.0) / 18.0)
    ah = 0.07 * math.exp(-(v + 65.0) / 20.0)
    bh = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
    x = v + 55.0
    an = 0.1 if abs(x) < 1e-6 else 0.01 * x / (1.0 - math.exp(-x / 10.0))
    bn = 0.125 * math.exp(-(v + 65.0) / 80.0)
    i_ion = 120.0 * m**3 * h * (v - 50.0) + 36.0 * n**4 * (v + 77.0) + 0.3 * (v + 54.387)
    return [i_stim - i_ion, am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n]


def spikes(t, v):
    idx = np.nonzero((v[:-1] < 0) & (v[1:] >= 0))[0]
    return t[idx] + (-v[idx]) / (v[idx + 1] - v[idx]) * (t[idx + 1] - t[idx])


def spike_error(s, ref):
    return float(np.max(np.abs(s - ref))) if s.size == ref.size else float("inf")


def main():
    from scipy.integrate import solve_ivp

    t_start = time.perf_counter()
    hh = hodgkin_huxley_1952()
    y0 = list(hh.initial_state[:4])
    rows = []
    step = median_ms(lambda: simulate(hh, 10.0, 200.0, 0.01), 51)
    rows.append(("HH1952 200 ms, dt 0.01 ms (20,000 steps), `simulate`, constant 10 uA/cm2", step))
    arbitrary = median_ms(lambda: simulate(hh, lambda t: 10.0 + 0.0 * t, 200.0, 0.01), 51)
    rows.append(("HH1952 200 ms, dt 0.01 ms, `simulate`, callable stimulus", arbitrary))

    ref = simulate(hh, 10.0, 200.0, 0.001)
    ours_err = spike_error(simulate(hh, 10.0, 200.0, 0.01).spike_times_ms, ref.spike_times_ms)
    rows.append(
        (
            "`simulate` dt 0.01 ms: max spike-time error vs dt 0.001 ms reference (14 spikes)",
            f"{ours_err:.4f} ms",
        )
    )

    t_eval = np.arange(0.0, 200.0 + 1e-9, 0.01)

    def ivp(method, **kw):
        return lambda: solve_ivp(
            hh_rhs, (0.0, 200.0), y0, method=method, t_eval=t_eval, args=(10.0,), **kw
        )

    # RK45 takes several seconds per run: one timed run (also used for the error)
    t0 = time.perf_counter()
    sol = ivp("RK45", max_step=0.01)()
    rk45_ms = 1e3 * (time.perf_counter() - t0)
    err = spike_error(spikes(sol.t, sol.y[0]), ref.spike_times_ms)
    candidates = [("RK45, max_step 0.01 ms", rk45_ms, err)]
    chosen = None
    for rtol in (
        1e-3,
        3e-4,
        1e-4,
        3e-5,
        1e-5,
        3e-6,
        1e-6,
        3e-7,
        1e-7,
    ):  # loosest that matches our accuracy
        sol = ivp("LSODA", rtol=rtol, atol=rtol / 100)()
        err = spike_error(spikes(sol.t, sol.y[0]), ref.spike_times_ms)
        if err <= ours_err:
            chosen = (rtol, err)
            break
    if chosen is not None:
        rtol, err = chosen
        lsoda_ms = median_ms(ivp("LSODA", rtol=rtol, atol=rtol / 100), 3, warm_up=False)
        candidates.append(
            (f"LSODA accuracy-matched, rtol {rtol:g}, atol {rtol / 100:g}", lsoda_ms, err)
        )
    for label, ms, err in candidates:
        rows.append(
            (f"HH1952 200 ms, scipy solve_ivp {label} (max spike-time error {err:.4f} ms)", ms)
        )
        rows.append(
            (
                f"speed-up of `simulate` vs {label}: constant / callable",
                f"{ms / step:.0f}x / {ms / arbitrary:.0f}x",
            )
        )

    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(1000))
        cold = fresh_ms(
            FIRST_CALL, 3, env=lambda: {"NUMBA_CACHE_DIR": os.path.join(tmp, str(next(counter)))}
        )
    rows.append(
        (
            "first call in a fresh process, cold numba cache (import + compile + tables + 200 ms HH)",
            cold,
        )
    )
    rows.append(
        (
            "first call in a fresh process, warm numba cache (import + load kernel + tables + 200 ms HH)",
            fresh_ms(FIRST_CALL),
        )
    )
    no_scipy = "import sys; sys.modules['scipy'] = None; " + FIRST_CALL
    rows.append(
        (
            "  same, warm, scipy not installed (numba's BLAS probe imports scipy.linalg if present)",
            fresh_ms(no_scipy),
        )
    )
    imp = fresh_ms(
        "import time; t = time.perf_counter(); import widgets; print(time.perf_counter() - t)"
    )
    rows.append(("`import widgets` in a fresh process", imp))
    imp2 = fresh_ms(
        "import time, sys; t = time.perf_counter(); import widgets.physiology; t = time.perf_counter() - t; "
        "assert 'numba' not in sys.modules, 'numba imported eagerly'; print(t)"
    )
    rows.append(
        (
            "`import widgets.physiology` in a fresh process (numpy included, numba not imported)",
            imp2,
        )
    )

    muscle = skeletal_muscle()
    rows.append(
        (
            "skeletal_muscle 200 ms, dt 0.01 ms, no stimulus",
            median_ms(lambda: simulate(muscle, 0.0, 200.0, 0.01), 51),
        )
    )
    train = lambda t: np.where(np.mod(t, 20.0) < 1.0, 150.0, 0.0)  # noqa: E731
    rows.append(
        (
            "skeletal_muscle 200 ms, dt 0.01 ms, 50 Hz pulse train",
            median_ms(lambda: simulate(muscle, train, 200.0, 0.01), 51),
        )
    )
    axon = motor_axon()
    rows.append(
        (
            "human motor axon 200 ms, dt 0.01 ms, no stimulus",
            median_ms(lambda: simulate(axon, 0.0, 200.0, 0.01), 51),
        )
    )
    tetanic = motor_axon(ca_out_mM=0.85)
    kick = np.where(np.arange(20000) * 0.01 < 1.0, 1.0, 0.0)
    rows.append(
        (
            "human motor axon 200 ms, dt 0.01 ms, ionised Ca 0.85 mM (spontaneous multiplets)",
            median_ms(lambda: simulate(tetanic, kick, 200.0, 0.01), 51),
        )
    )
    rows.append(
        (
            "human motor axon: strength-duration time constant (6 widths, batched bisection, dt 0.005 ms)",
            median_ms(lambda: strength_duration(axon), 5),
        )
    )

    def onset_uncached():
        clear_caches()
        return tetany_onset_ca_mM(k_out_mM=4.2)

    rows.append(
        (
            "human motor axon: calcium at which tetany begins, one new [K]o (uncached)",
            median_ms(onset_uncached, 11),
        )
    )
    currents = np.linspace(5, 50, 20).reshape(-1, 1)
    rows.append(
        (
            "f-I batch: HH1952 200 ms, dt 0.01 ms, 20 currents in one `simulate` call",
            median_ms(lambda: simulate(hh, currents, 200.0, 0.01), 11),
        )
    )
    pool = MotorUnitPool(n_units=120, seed=0)
    rows.append(
        (
            "MotorUnitPool 120 units, 2 s, dt 1 ms, excitation 30",
            median_ms(lambda: pool.simulate(30.0, 2000.0, 1.0), 5),
        )
    )
    rows += reflex_rows()

    print_table(rows)
    print(
        f"\n(benchmark wall time {time.perf_counter() - t_start:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    if "--reflex" in sys.argv[1:]:
        start = time.perf_counter()
        print_table(reflex_rows())
        print(
            f"\n(reflex section wall time {time.perf_counter() - start:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )
    else:
        main()
