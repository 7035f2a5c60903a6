"""Benchmark the physiology models; prints a markdown table (medians of repeated runs).

Run: .venv/bin/python tools/bench_models.py   (about 20-40 s). May import scipy (the models do not).
Comparison: scipy.integrate.solve_ivp on the same HH1952 equations (same rate functions,
plain-Python right-hand side), RK45 with max_step = 0.01 ms (same time resolution as simulate
at dt 0.01 ms), and LSODA with rtol 1e-6 / atol 1e-8 (accuracy-matched: spike times within
0.02 ms of a dt 0.001 ms reference, like simulate at dt 0.01 ms).
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from widgets.physiology import MotorUnitPool, hodgkin_huxley_1952, simulate, skeletal_muscle  # noqa: E402


def median_ms(fn, repeats):
    fn()  # warm-up (tables, caches)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def fresh_ms(code, repeats=5):
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip()))
    return 1e3 * statistics.median(times)


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


def main():
    from scipy.integrate import solve_ivp

    hh = hodgkin_huxley_1952()
    y0 = list(hh.initial_state[:4])
    rows = []
    step = median_ms(lambda: simulate(hh, 10.0, 200.0, 0.01), 21)
    rows.append(("HH1952 200 ms, dt 0.01 ms, `simulate`, constant 10 uA/cm2 step (steady-state shortcut)", step))
    arbitrary = median_ms(lambda: simulate(hh, lambda t: 10.0 + 0.0 * t, 200.0, 0.01), 11)
    rows.append(("HH1952 200 ms, dt 0.01 ms, `simulate`, callable stimulus (full 20,000-step integration)", arbitrary))
    batch = median_ms(lambda: simulate(hh, np.linspace(5, 50, 20).reshape(-1, 1), 200.0, 0.01), 3)
    rows.append(("HH1952 200 ms, dt 0.01 ms, `simulate` batch of 20 currents (numpy, per batch)", batch))

    t_eval = np.arange(0.0, 200.0 + 1e-9, 0.01)

    def rk45():
        return solve_ivp(hh_rhs, (0.0, 200.0), y0, method="RK45", max_step=0.01, t_eval=t_eval, args=(10.0,))

    def lsoda():
        return solve_ivp(hh_rhs, (0.0, 200.0), y0, method="LSODA", rtol=1e-6, atol=1e-8, t_eval=t_eval, args=(10.0,))

    ref = simulate(hh, lambda t: 10.0 + 0.0 * t, 200.0, 0.001)
    for label, fn in (("RK45, max_step 0.01 ms", rk45), ("LSODA, rtol 1e-6, atol 1e-8", lsoda)):
        sol = fn()
        err = np.max(np.abs(spikes(sol.t, sol.y[0]) - ref.spike_times_ms))
        ms = median_ms(fn, 3)
        rows.append((f"HH1952 200 ms, scipy solve_ivp {label} (max spike-time error {err:.4f} ms)", ms))
        rows.append((f"speed-up of `simulate` vs {label}: constant step / callable", f"{ms / step:.0f}x / {ms / arbitrary:.0f}x"))
    ours = simulate(hh, 10.0, 200.0, 0.01)
    rows.append(
        ("`simulate` dt 0.01 ms max spike-time error vs dt 0.001 ms reference (ms)",
         f"{np.max(np.abs(ours.spike_times_ms - ref.spike_times_ms)):.4f}")
    )

    first = fresh_ms(
        "import time; t = time.perf_counter(); from widgets.physiology import hodgkin_huxley_1952, simulate; "
        "simulate(hodgkin_huxley_1952(), 10.0, 200.0, 0.01); print(time.perf_counter() - t)"
    )
    rows.append(("first call in a fresh process (import + tables + 200 ms HH)", first))
    imp = fresh_ms("import time; t = time.perf_counter(); import widgets; print(time.perf_counter() - t)")
    rows.append(("`import widgets` in a fresh process", imp))
    imp2 = fresh_ms("import time; t = time.perf_counter(); import widgets.physiology; print(time.perf_counter() - t)")
    rows.append(("`import widgets.physiology` in a fresh process (numpy included)", imp2))

    muscle = skeletal_muscle()
    rows.append(("skeletal_muscle 200 ms, dt 0.01 ms, no stimulus", median_ms(lambda: simulate(muscle, 0.0, 200.0, 0.01), 11)))
    train = lambda t: np.where(np.mod(t, 20.0) < 1.0, 150.0, 0.0)  # noqa: E731
    rows.append(("skeletal_muscle 200 ms, dt 0.01 ms, 50 Hz pulse train", median_ms(lambda: simulate(muscle, train, 200.0, 0.01), 11)))
    pool = MotorUnitPool(n_units=120, seed=0)
    rows.append(("MotorUnitPool 120 units, 2 s, dt 1 ms, excitation 30", median_ms(lambda: pool.simulate(30.0, 2000.0, 1.0), 5)))

    print("| benchmark | median |")
    print("|---|---|")
    for name, val in rows:
        print(f"| {name} | {val:.2f} ms |" if isinstance(val, float) else f"| {name} | {val} |")


if __name__ == "__main__":
    main()
