"""Motor-unit firing patterns: voluntary contraction, tonic cramp, clonus, tetany.

Each function returns a :class:`FiringPattern` with one spike-time array (ms) per unit, drawn
from a seeded ``numpy.random.Generator`` (same seed -> same pattern). Feed the trains to
:func:`widgets.physiology.force.twitch_force` (or use :func:`pattern_force`) to get force.

Sources: ``fuglevand1993`` (voluntary recruitment and rate coding); ``minetto2009`` (induced
cramp: the units' mean discharge rates are 14.5 +/- 5.1 Hz; within a cramp a unit's instantaneous
rate typically dips to about 6 and peaks at about 25 Hz); ``khan2007`` (stretch / tendon
stimulation inhibits cramp discharge); ``walsh1976``, ``rack1984`` (ankle clonus 3-7 Hz).
The tetany pattern (spontaneous doublets/multiplets) is illustrative.

Every pattern is summarised by one computation, :func:`summarise` (used by chapter 5's figures
and by the TonicClonicExplorer): the units that fire and their mean rate, and the *swing* of the
force, the range from its 5th to its 95th percentile divided by its mean. A force whose swing
stays below :data:`CLONIC_SWING` is tonic (sustained), one that swings more is clonic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from widgets.physiology import _validate as _v
from widgets.physiology.force import twitch_force
from widgets.physiology.motor_units import MotorUnitPool
from widgets.physiology.spikes import dominant_frequency_hz, rate_hz

CRAMP_RATE_MEAN_HZ = 14.5  # minetto2009: mean discharge rate of the units, mean +/- SD over units
CRAMP_RATE_SD_HZ = 5.1  # minetto2009
#: minetto2009: the mean of each unit's lowest and of its highest instantaneous rate (1 / interval)
#: within a cramp: how far one unit's rate swings, not a range of the units' mean rates. Drawn in
#: chapter 5's map of frequencies; no computation uses it.
CRAMP_INSTANTANEOUS_RANGE_HZ = (6.0, 25.0)
#: Model choice: each unit's mean rate is drawn from CRAMP_RATE_MEAN_HZ +/- CRAMP_RATE_SD_HZ and kept
#: within this many standard deviations of the mean (no negative or extreme rates).
CRAMP_RATE_CLIP_SD = 2.0
CRAMP_RATE_LIMITS_HZ = (
    CRAMP_RATE_MEAN_HZ - CRAMP_RATE_CLIP_SD * CRAMP_RATE_SD_HZ,
    CRAMP_RATE_MEAN_HZ + CRAMP_RATE_CLIP_SD * CRAMP_RATE_SD_HZ,
)
CLONUS_RANGE_HZ = (3.0, 7.0)  # walsh1976, rack1984
#: Voluntary firing range of the Fuglevand pool: 8 Hz at recruitment, peak 25-35 Hz (fuglevand1993).
VOLUNTARY_RANGE_HZ = (8.0, 35.0)
#: The "up to about 150 Hz" description of cramp discharge in circulation, not traced
#: to a checkable primary measurement (see chapter 5). Drawn only as a labelled marker, never used
#: in a computation.
CLASSIC_NEEDLE_EMG_MAX_HZ = 150.0
# Burst shapes (illustrative): clonus bursts jitter by ~10 ms around the common beat, with spikes
# ~8 ms apart; tetany multiplets have spikes ~5 ms apart.
CLONUS_JITTER_MS = 10.0
CLONUS_GAP_MS = 8.0
TETANY_GAP_MS = 5.0
#: The examples chapter 5 compares (:func:`example_patterns`): voluntary drive (fraction of maximum)
#: and clonus frequency (Hz, inside CLONUS_RANGE_HZ).
EXAMPLE_VOLUNTARY_DRIVE = 0.3
EXAMPLE_CLONUS_HZ = 5.0
#: Length (ms) of the example runs: chapter 5's figure and the explorer show the same 2 s.
EXAMPLE_T_STOP_MS = 2000.0
#: Rates and force are analysed from this time (ms) on: the trains start at random phases, so the
#: force needs a few hundred milliseconds to build up.
SETTLE_MS = 400.0
#: Swing of the force (5th-95th percentile range / mean) above which a pattern is clonic (rhythmic
#: jerks); at or below it the force is sustained: tonic.
CLONIC_SWING = 0.5


@dataclass(frozen=True)
class FiringPattern:
    """``name``, ``t_stop_ms``, ``spike_times_ms`` (tuple of arrays, one per unit),
    ``involuntary`` (bool), ``description`` and ``source_keys`` (bib keys)."""

    name: str
    t_stop_ms: float
    spike_times_ms: tuple
    involuntary: bool
    description: str
    source_keys: tuple

    @property
    def n_units(self) -> int:
        return len(self.spike_times_ms)

    def active_rates_hz(self, start_ms: float = -np.inf, stop_ms: float = np.inf) -> np.ndarray:
        """Rates (Hz) from the mean ISI of each unit with >= 2 spikes in [start_ms, stop_ms)
        (:func:`active_rates_hz`)."""
        return active_rates_hz(self.spike_times_ms, start_ms, stop_ms)


def active_rates_hz(
    spike_times_ms, start_ms: float = -np.inf, stop_ms: float = np.inf
) -> np.ndarray:
    """Rate (Hz, :func:`~widgets.physiology.spikes.rate_hz`: 1000 / mean interval) of each train
    with at least two spikes in [start_ms, stop_ms); silent trains are left out."""
    rates = [rate_hz(s, start_ms, stop_ms) for s in spike_times_ms]
    return np.array([r for r in rates if r > 0])


def force_swing(t_ms, force, start_ms: float, stop_ms: float) -> float:
    """Swing of the force in [start_ms, stop_ms): (95th - 5th percentile) / mean; 0 for no force.

    Near 0: a smooth, sustained force; above :data:`CLONIC_SWING`: a force that rises and falls.
    """
    t = np.asarray(t_ms, dtype=float)
    f = np.asarray(force, dtype=float)
    x = f[(t >= start_ms) & (t < stop_ms)]
    if x.size == 0:
        raise ValueError(f"no force samples between {start_ms!r} and {stop_ms!r} ms")
    return float((np.percentile(x, 95) - np.percentile(x, 5)) / x.mean()) if x.mean() > 0 else 0.0


def _check_common(t_stop_ms, n_units, seed):
    t_stop = _v.positive(t_stop_ms, "t_stop_ms", "ms", upper=600_000.0)
    n = _v.integer(n_units, "n_units", 1, 2000)
    return t_stop, n, np.random.default_rng(_v.integer(seed, "seed", 0))


def _involuntary(
    name: str, t_stop_ms: float, trains, description: str, *source_keys: str
) -> FiringPattern:
    """An involuntary :class:`FiringPattern` with one spike-time array (ms) per unit in ``trains``."""
    return FiringPattern(
        name=name,
        t_stop_ms=t_stop_ms,
        spike_times_ms=tuple(trains),
        involuntary=True,
        description=description,
        source_keys=source_keys,
    )


def _regular_train(rate_hz, t_start, t_stop, cv, rng):
    if rate_hz <= 0:
        return np.empty(0)
    isi = 1000.0 / rate_hz
    out = []
    s = t_start + rng.uniform(0.0, isi)
    while s < t_stop:
        out.append(s)
        s += isi * max(1.0 + cv * rng.standard_normal(), 1.0 / 3.0)
    return np.asarray(out)


def _bursts(starts, count, gap_ms, gap_sd_ms, rng, t_stop):
    """Sorted spike times (ms) of bursts: at each start s0, ``count()`` spikes at
    s0 + j (gap_ms + N(0, gap_sd_ms)), j = 0, 1, ..., those before ``t_stop`` kept.

    ``starts`` may be a generator: each start is drawn just before its burst (fixed random order).
    """
    spikes = []
    for s0 in starts:
        for j in range(count()):
            s = s0 + j * (gap_ms + rng.normal(0.0, gap_sd_ms))
            if s < t_stop:
                spikes.append(s)
    return np.sort(np.asarray(spikes))


def voluntary_contraction(level=0.3, t_stop_ms=2000.0, *, n_units=120, seed=0):
    """Voluntary contraction at ``level`` (0-1 of maximal excitation) from the Fuglevand pool.

    Orderly recruitment (small units first), rates from 8 Hz at recruitment up to 25-35 Hz.
    """
    lvl = _v.positive(
        level, "level", "(fraction of maximal excitation, 0-1)", upper=1.0, allow_zero=True
    )
    t_stop, n, _ = _check_common(t_stop_ms, n_units, seed)
    pool = MotorUnitPool(n_units=n, seed=seed)
    trains = pool.spike_trains(lvl * pool.max_excitation, t_stop, dt_ms=1.0)
    return FiringPattern(
        name="voluntary",
        t_stop_ms=t_stop,
        spike_times_ms=trains,
        involuntary=False,
        description=f"voluntary contraction at {lvl:.0%} of maximal excitation; orderly recruitment and rate coding",
        source_keys=("fuglevand1993",),
    )


def tonic_cramp(t_stop_ms=5000.0, *, n_units=30, stretch=0.0, onset_ms=0.0, seed=0):
    """Tonic cramp: sustained involuntary discharge, each unit at its own mean rate.

    The mean rates are drawn from 14.5 +/- 5.1 Hz (``minetto2009``) and kept within
    CRAMP_RATE_LIMITS_HZ (two standard deviations, a model choice); each unit fires as a renewal
    process (ISI CV 0.2) from ``onset_ms`` to the end. ``stretch`` (0-1) reduces the drive:
    every rate is scaled by (1 - 0.6 stretch) and units whose rate falls below the lower limit
    stop (stretch inhibits cramp discharge, ``khan2007``; the rule and the size of the effect are
    illustrative).
    """
    t_stop, n, rng = _check_common(t_stop_ms, n_units, seed)
    st = _v.positive(stretch, "stretch", "(0-1)", upper=1.0, allow_zero=True)
    onset = _v.positive(onset_ms, "onset_ms", "ms", upper=t_stop, allow_zero=True)
    lo, hi = CRAMP_RATE_LIMITS_HZ
    base = np.clip(rng.normal(CRAMP_RATE_MEAN_HZ, CRAMP_RATE_SD_HZ, n), lo, hi)
    rates = base * (1.0 - 0.6 * st)
    trains = tuple(_regular_train(r if r >= lo else 0.0, onset, t_stop, 0.2, rng) for r in rates)
    return _involuntary(
        "cramp",
        t_stop,
        trains,
        "tonic cramp: sustained involuntary firing ~14.5 Hz per unit"
        + (f", stretch {st:.0%}" if st else ""),
        "minetto2009",
        "khan2007",
    )


def clonus(t_stop_ms=3000.0, *, frequency_hz=5.0, n_units=30, spikes_per_burst=2, seed=0):
    """Clonus: rhythmic bursts at ``frequency_hz`` (3-7 Hz, ``walsh1976``, ``rack1984``).

    In every cycle each unit fires a short burst (``spikes_per_burst`` spikes ~8 ms apart) with
    ~10 ms jitter around the common burst time; units then fall silent until the next cycle.
    """
    t_stop, n, rng = _check_common(t_stop_ms, n_units, seed)
    f = _v.positive(frequency_hz, "frequency_hz", "Hz", upper=20.0)
    if not (CLONUS_RANGE_HZ[0] <= f <= CLONUS_RANGE_HZ[1]):
        raise ValueError(f"frequency_hz must be a finite number in [3, 7] Hz for clonus (got {f})")
    k = _v.integer(spikes_per_burst, "spikes_per_burst", 1, 6)
    bursts = np.arange(0.0, t_stop, 1000.0 / f)
    trains = [
        _bursts(
            (b + abs(rng.normal(0.0, CLONUS_JITTER_MS)) for b in bursts),
            lambda: k,
            CLONUS_GAP_MS,
            1.0,
            rng,
            t_stop,
        )
        for _ in range(n)
    ]
    return _involuntary(
        "clonus", t_stop, trains, f"clonus: rhythmic bursts at {f:g} Hz", "walsh1976", "rack1984"
    )


def tetany(t_stop_ms=2000.0, *, n_units=30, rate_hz=8.0, seed=0):
    """Tetany (illustrative): spontaneous doublets/triplets (intra-burst ~5 ms) repeating at ~``rate_hz``.

    Low ionised calcium makes nerve and muscle membranes fire by themselves (see
    :func:`widgets.physiology.membrane.surface_charge_shift_mV`, ``hille1975``); each unit emits
    multiplets independently (no common rhythm, unlike clonus).
    """
    t_stop, n, rng = _check_common(t_stop_ms, n_units, seed)
    r = _v.positive(rate_hz, "rate_hz", "Hz", upper=40.0)
    trains = [
        _bursts(
            _regular_train(r, 0.0, t_stop, 0.3, rng),
            lambda: int(rng.integers(2, 4)),
            TETANY_GAP_MS,
            0.5,
            rng,
            t_stop,
        )
        for _ in range(n)
    ]
    return _involuntary(
        "tetany",
        t_stop,
        trains,
        "tetany: spontaneous doublets and triplets in each unit",
        "hille1975",
    )


def pattern_force(pattern: FiringPattern, dt_ms=1.0, *, pool: MotorUnitPool | None = None):
    """(t_ms, force) for ``pattern``: unit k uses twitch k of ``pool`` (default Fuglevand pool
    of the same size; the smallest units, as low-threshold units are recruited first)."""
    dt = _v.positive(dt_ms, "dt_ms", "ms", upper=5.0)
    pool = pool or MotorUnitPool(n_units=max(pattern.n_units, 1))
    if pool.n_units < pattern.n_units:
        raise ValueError(f"pool must have >= {pattern.n_units} units (got {pool.n_units})")
    t = np.arange(0.0, pattern.t_stop_ms + dt / 2, dt)
    force = np.zeros_like(t)
    for k, s in enumerate(pattern.spike_times_ms):
        force += twitch_force(s, t, pool.contraction_time_ms[k], pool.peak_twitch[k])
    return t, force


@dataclass(frozen=True)
class PatternSummary:
    """Numbers that describe one firing pattern and its force in the analysed window."""

    name: str
    active_units: int  # units with >= 2 spikes in the window
    n_units: int
    mean_rate_hz: float  # mean over the active units of their rates (Hz)
    force_swing: float  # (95th - 5th percentile) / mean of the force (:func:`force_swing`)
    dominant_hz: float  # strongest frequency of the force, 0.1-100 Hz (0 if flat)

    @property
    def tonic(self) -> bool:
        """Sustained force (swing at most :data:`CLONIC_SWING`); otherwise clonic."""
        return self.force_swing <= CLONIC_SWING


def summarise(
    pattern: FiringPattern, *, settle_ms=SETTLE_MS, stop_ms=None, force=None
) -> PatternSummary:
    """Active units, their mean firing rate (Hz), the swing of the force and its dominant frequency,
    from ``settle_ms`` to ``stop_ms`` (ms; default the end of the pattern).

    ``force``: the ``(t_ms, force)`` of :func:`pattern_force` if already computed.
    """
    if not isinstance(pattern, FiringPattern):
        raise ValueError(f"pattern must be a FiringPattern (got {pattern!r})")
    stop = (
        pattern.t_stop_ms
        if stop_ms is None
        else _v.positive(stop_ms, "stop_ms", "ms", upper=pattern.t_stop_ms)
    )
    settle = _v.positive(settle_ms, "settle_ms", "ms", upper=stop / 2, allow_zero=True)
    t, f = pattern_force(pattern) if force is None else force
    rates = pattern.active_rates_hz(settle, stop)
    window = t < stop
    dom = dominant_frequency_hz(t[window], f[window], from_ms=settle, lo_hz=0.1, hi_hz=100.0)
    return PatternSummary(
        pattern.name,
        int(rates.size),
        pattern.n_units,
        float(rates.mean()) if rates.size else 0.0,
        force_swing(t, f, settle, stop),
        dom,
    )


@lru_cache(maxsize=8)
def example_patterns(
    t_stop_ms: float = EXAMPLE_T_STOP_MS, seed: int = 0
) -> tuple[FiringPattern, ...]:
    """The four patterns chapter 5 compares: voluntary contraction at EXAMPLE_VOLUNTARY_DRIVE (120 units),
    a tonic cramp, clonus at EXAMPLE_CLONUS_HZ and illustrative tetany (30 units each), all with ``seed``."""
    t_stop_ms, seed = float(t_stop_ms), int(seed)
    return (
        voluntary_contraction(EXAMPLE_VOLUNTARY_DRIVE, t_stop_ms, n_units=120, seed=seed),
        tonic_cramp(t_stop_ms, n_units=30, seed=seed),
        clonus(t_stop_ms, frequency_hz=EXAMPLE_CLONUS_HZ, n_units=30, seed=seed),
        tetany(t_stop_ms, n_units=30, seed=seed),
    )


def pattern_summaries(t_stop_ms: float = EXAMPLE_T_STOP_MS, seed: int = 0) -> list[PatternSummary]:
    """:func:`summarise` of each of :func:`example_patterns`."""
    return [summarise(p) for p in example_patterns(float(t_stop_ms), int(seed))]
