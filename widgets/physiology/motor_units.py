"""Motor-unit pool after Fuglevand, Winter & Patla (1993) (``fuglevand1993``).

Unit i = 1..n: recruitment threshold RTE(i) = exp(ln(30) i/n) (excitation units, range 30);
peak twitch P(i) = exp(ln(100) i/n) (range 100); contraction time T(i) = 90 ms * P(i)^-c with
c = ln 3 / ln 100 (90 -> 30 ms, range 3); firing rate (E - RTE(i)) + 8 Hz once recruited, capped
at PFR(i) = 35 - 10 RTE(i)/RTE(n) Hz (35 -> 25 Hz). Spike times form a renewal process with
Gaussian inter-spike intervals, coefficient of variation 0.2. Force is the sum of the units'
twitch trains (:func:`widgets.physiology.force.twitch_force`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.force import twitch_force

#: Contraction times (ms) of the slowest (first) and fastest (last) unit of the default pool
#: (``fuglevand1993``: 90 ms, range 3).
SLOW_T_MS = 90.0
FAST_T_MS = 30.0


@dataclass(frozen=True)
class PoolResult:
    """``t_ms``, total ``force`` (units of the smallest twitch ~1), ``unit_force`` (n_units, n_t),
    ``spike_times_ms`` (tuple, one array per unit) and ``excitation`` at each ``t_ms``."""

    t_ms: np.ndarray
    force: np.ndarray
    unit_force: np.ndarray
    spike_times_ms: tuple
    excitation: np.ndarray

    @property
    def n_recruited(self) -> int:
        return int(sum(len(s) > 0 for s in self.spike_times_ms))


class MotorUnitPool:
    """Fuglevand 1993 pool; defaults are the paper's (120 units, ranges 30/100/3, 8-35 Hz)."""

    def __init__(
        self,
        n_units=120,
        seed=0,
        *,
        recruitment_range=30.0,
        twitch_range=100.0,
        contraction_time_longest_ms=SLOW_T_MS,
        contraction_time_range=3.0,
        min_rate_hz=8.0,
        peak_rate_first_hz=35.0,
        peak_rate_difference_hz=10.0,
        rate_gain_hz_per_unit=1.0,
        isi_cv=0.2,
    ):
        self.n_units = _v.integer(n_units, "n_units", 1, 2000)
        self.seed = _v.integer(seed, "seed", 0)
        rr = _v.positive(recruitment_range, "recruitment_range", "(dimensionless)", upper=1000.0)
        rp = _v.positive(twitch_range, "twitch_range", "(dimensionless)", upper=10000.0)
        tl = _v.positive(
            contraction_time_longest_ms, "contraction_time_longest_ms", "ms", upper=1000.0
        )
        rt = _v.positive(
            contraction_time_range, "contraction_time_range", "(dimensionless)", upper=100.0
        )
        self.min_rate_hz = _v.positive(min_rate_hz, "min_rate_hz", "Hz", upper=100.0)
        pfr1 = _v.positive(peak_rate_first_hz, "peak_rate_first_hz", "Hz", upper=200.0)
        pfrd = _v.positive(
            peak_rate_difference_hz, "peak_rate_difference_hz", "Hz", upper=200.0, allow_zero=True
        )
        self.rate_gain_hz_per_unit = _v.positive(
            rate_gain_hz_per_unit, "rate_gain_hz_per_unit", "Hz per excitation unit", upper=100.0
        )
        self.isi_cv = _v.positive(isi_cv, "isi_cv", "(dimensionless)", upper=0.5, allow_zero=True)
        i = np.arange(1, self.n_units + 1)
        n = self.n_units
        self.recruitment_threshold = np.exp(math.log(rr) * i / n)
        self.peak_twitch = np.exp(math.log(rp) * i / n)
        c = math.log(rt) / math.log(rp) if rp > 1 else 0.0
        self.contraction_time_ms = tl * (1.0 / self.peak_twitch) ** c
        self.peak_rate_hz = (
            pfr1 - pfrd * self.recruitment_threshold / self.recruitment_threshold[-1]
        )
        if np.any(self.peak_rate_hz < self.min_rate_hz):
            raise ValueError(
                "peak_rate_first_hz - peak_rate_difference_hz must be >= min_rate_hz (Hz)"
            )
        #: Excitation at which the last unit reaches its peak rate (Fuglevand's E_max).
        self.max_excitation = float(
            self.recruitment_threshold[-1]
            + (self.peak_rate_hz[-1] - self.min_rate_hz) / self.rate_gain_hz_per_unit
        )

    def firing_rate_hz(self, excitation):
        """Mean rate (Hz) of every unit for excitation ``excitation`` (shape (n_units,) or (n_units, k))."""
        e = np.asarray(
            _v.finite(excitation, "excitation", "(excitation units)", 0.0, 1e4), dtype=float
        )
        rte = self.recruitment_threshold.reshape((-1,) + (1,) * e.ndim)
        pfr = self.peak_rate_hz.reshape(rte.shape)
        rate = np.minimum(self.rate_gain_hz_per_unit * (e - rte) + self.min_rate_hz, pfr)
        return np.where(e >= rte, rate, 0.0)

    def simulate(self, excitation, t_stop_ms, dt_ms=1.0):
        """Spike trains and force for ``excitation`` (constant or callable t_ms -> E) over ``t_stop_ms``.

        Deterministic for a given ``seed``. ``dt_ms`` (0 < dt <= 5 ms) is the force sampling step;
        spike times are continuous.
        """
        t, e_t, trains = self._trains(excitation, t_stop_ms, dt_ms)
        unit_force = np.vstack(
            [
                twitch_force(s, t, self.contraction_time_ms[u], self.peak_twitch[u])
                for u, s in enumerate(trains)
            ]
        )
        return PoolResult(
            t_ms=t,
            force=unit_force.sum(axis=0),
            unit_force=unit_force,
            spike_times_ms=trains,
            excitation=e_t,
        )

    def spike_trains(self, excitation, t_stop_ms, dt_ms=1.0) -> tuple:
        """The spike trains (ms) of :meth:`simulate`, one array per unit, without the force."""
        return self._trains(excitation, t_stop_ms, dt_ms)[2]

    def _trains(self, excitation, t_stop_ms, dt_ms):
        """(t_ms, excitation at t, spike trains) for :meth:`simulate` and :meth:`spike_trains`."""
        t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=600_000.0)
        dt = _v.positive(dt_ms, "dt_ms", "ms", upper=5.0)
        t = np.arange(0.0, t_stop + dt / 2, dt)
        if callable(excitation):
            try:
                e_t = np.broadcast_to(np.asarray(excitation(t), dtype=float), t.shape).copy()
            except (TypeError, ValueError):
                e_t = np.array([float(excitation(float(x))) for x in t])
        else:
            e_t = np.full(
                t.shape, float(_v.finite(excitation, "excitation", "(excitation units)", 0.0, 1e4))
            )
        _v.finite(e_t, "excitation", "(excitation units)", 0.0, 1e4)
        rates = self.firing_rate_hz(e_t)  # (n_units, n_t)
        rng = np.random.default_rng(self.seed)
        trains = []
        for u in range(self.n_units):
            trains.append(_renewal_train(rates[u], t, dt, self.isi_cv, rng))
        return t, e_t, tuple(trains)


def _renewal_train(rate_hz, t, dt, cv, rng):
    """Spike times (ms): each ISI = (1000/rate at the previous spike) * (1 + cv N(0,1)), >= 1/3 mean.

    A unit active at t = 0 starts at a random phase; a unit recruited later fires at recruitment.
    """
    active = np.nonzero(rate_hz > 0)[0]
    if active.size == 0:
        return np.empty(0)
    spikes = []
    k = int(active[0])
    # active from the start: random phase (no artificial synchrony); recruited later: fire at once
    s = t[k] + (rng.uniform(0.0, 1000.0 / rate_hz[k]) if k == 0 else 0.0)
    n_t = t.size
    t_end = t[-1]
    while s <= t_end:
        k = min(int(s / dt + 0.5), n_t - 1)
        r = rate_hz[k]
        if r <= 0:
            nxt = np.nonzero(rate_hz[k:] > 0)[0]
            if nxt.size == 0:
                break
            k = k + int(nxt[0])
            s = t[k]
            continue
        spikes.append(s)
        mean_isi = 1000.0 / r
        s = s + mean_isi * max(1.0 + cv * rng.standard_normal(), 1.0 / 3.0)
    return np.asarray(spikes)


def pool_or_default(pool) -> MotorUnitPool:
    """``pool``, checked to be a :class:`MotorUnitPool`, or the default pool when ``None``."""
    return MotorUnitPool() if pool is None else _v.instance_of(pool, "pool", MotorUnitPool)


def twitch_summary(pool: MotorUnitPool | None = None, dt_ms=0.1) -> dict:
    """Twitch of the smallest and the largest unit of ``pool`` (default: the Fuglevand pool).

    Returns {"smallest": d, "largest": d} with d = unit (1-based), peak_force (units of the
    smallest twitch), contraction_time_ms, half_relaxation_ms (from the peak to half the peak,
    ms) and the sampled twitch (t_ms from 0 to 600 ms in steps of ``dt_ms``, force).
    """
    pool = pool_or_default(pool)
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=5.0)
    t = np.arange(0.0, 600.0 + dt / 2, dt)
    out = {}
    for label, i in (("smallest", 0), ("largest", pool.n_units - 1)):
        t_c = float(pool.contraction_time_ms[i])
        f = twitch_force([0.0], t, t_c, float(pool.peak_twitch[i]), window_T=30.0)
        k = int(np.argmax(f))
        after = np.nonzero(f[k:] <= f[k] / 2)[0]
        out[label] = {
            "unit": i + 1,
            "peak_force": float(f[k]),
            "contraction_time_ms": t_c,
            "half_relaxation_ms": float(t[k + after[0]] - t[k]),
            "t_ms": t,
            "force": f,
        }
    return out


def recruitment_share(excitation, pool: MotorUnitPool | None = None) -> tuple[float, float]:
    """(fraction of units recruited, fraction of the pool's summed peak twitch force they hold)
    at ``excitation`` (excitation units, >= 0)."""
    pool = pool_or_default(pool)
    e = _v.finite(excitation, "excitation", "(excitation units)", 0.0, 1e4)
    on = pool.recruitment_threshold <= e
    return float(on.mean()), float(pool.peak_twitch[on].sum() / pool.peak_twitch.sum())


@lru_cache(maxsize=4)
def ramp_trial(ramp_ms=4000.0, hold_ms=1000.0, seed=0) -> tuple[MotorUnitPool, PoolResult]:
    """(pool, result) of the Fuglevand pool driven by a linear ramp of excitation from 0 to its
    maximum over ``ramp_ms`` (ms), then held for ``hold_ms`` (ms); force sampled every 1 ms.

    Cached (the result is shared: do not modify its arrays).
    """
    ramp = _v.positive(ramp_ms, "ramp_ms", "ms", upper=60_000.0)
    hold = _v.positive(hold_ms, "hold_ms", "ms", upper=60_000.0, allow_zero=True)
    pool = MotorUnitPool(seed=seed)
    e_max = pool.max_excitation
    return pool, pool.simulate(
        lambda t: np.clip(np.asarray(t) / ramp, 0.0, 1.0) * e_max, ramp + hold, dt_ms=1.0
    )


def recruitment_numbers(ramp_ms=4000.0, hold_ms=1000.0, seed=0) -> dict:
    """What a ramp (:func:`ramp_trial`) shows about recruitment.

    Keys: n_units; units_recruited_at_half_excitation; excitation_all_recruited_fraction (of the
    maximum); time_all_recruited_ms (first spike of the last unit, ms); force_at_full_recruitment_fraction
    (force at that moment / the largest force of the run).
    """
    pool, res = ramp_trial(ramp_ms, hold_ms, seed)
    first = np.array([s[0] if len(s) else np.nan for s in res.spike_times_ms])
    t_all = float(np.nanmax(first))
    k = np.searchsorted(res.t_ms, t_all)
    return {
        "n_units": pool.n_units,
        "units_recruited_at_half_excitation": int(
            np.sum(pool.recruitment_threshold <= 0.5 * pool.max_excitation)
        ),
        "excitation_all_recruited_fraction": float(
            pool.recruitment_threshold[-1] / pool.max_excitation
        ),
        "time_all_recruited_ms": t_all,
        "force_at_full_recruitment_fraction": float(res.force[k] / res.force.max()),
    }
