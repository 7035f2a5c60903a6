"""The build: which pictures are missing, drawing them in a process pool, filling the site.

:func:`generate` (called by the Sphinx extension ``_ext/explorable.py``) makes the built site's
``_static/explorable`` hold every state of the book's figures, through a cache of pictures;
:func:`draw_ahead` starts drawing from the specs stored in the notebooks (:func:`stored_specs`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from widgets.book.digest import machine_cache, widget_code_digest
from widgets.book.explorable.draw import _write, run_jobs, worker_init
from widgets.book.explorable.states import (
    State,
    enumerate_states,
    layouts_of,
    picture_name,
    same_value,
    state_digest,
)
from widgets.ui.explorable_spec import MIME, canonical, spec_id

#: folder, inside the built site's ``_static``, that holds the pictures (one sub-folder per figure)
SITE_FOLDER = "explorable"
#: pictures kept in the shared cache beyond those the present book uses (oldest removed first)
CACHE_CAP_BYTES = int(os.environ.get("CRAMP_PICTURE_CACHE_MB", "600")) * 1_000_000
RULES_DATA = "specialist_rules.json"
CHUNK = 48  # states per worker job (several jobs per widget, spread over the workers)


def code_digests(specs: Iterable[dict]) -> dict[str, str]:
    """Widget -> the hash of the code its pictures depend on (:func:`widget_code_digest`): a
    picture is drawn again only when that code, or the state, changed."""
    return {w: widget_code_digest(w) for w in sorted({spec["widget"] for spec in specs})}


def shared_cache() -> Path:
    """The picture cache every checkout of the course on this machine shares: pictures are named
    by the hash of the code that draws them and of their state, so a fresh clone (or a branch)
    reuses what another build drew from the same code. ``CRAMP_PICTURE_CACHE`` chooses another
    folder (an empty one makes a clean build that draws everything)."""
    return machine_cache("explorable", "CRAMP_PICTURE_CACHE")


def prune(cache: Path, keep: set[str], cap_bytes: int = CACHE_CAP_BYTES) -> int:
    """Remove pictures of ``cache`` that are not in ``keep`` (cache names), least recently used
    first, until the rest fits in ``cap_bytes``; the pictures in ``keep`` are marked as used now.
    Returns how many files were removed."""
    used, others = 0, []
    for path in cache.iterdir():
        if path.suffix not in (".webp", ".txt"):
            continue
        if path.stem in keep:
            os.utime(path)
            used += path.stat().st_size
        else:
            stat = path.stat()
            others.append((stat.st_mtime, stat.st_size, path))
    total = used + sum(size for _, size, _ in others)
    removed = 0
    for _, size, path in sorted(others, key=lambda item: item[0]):
        if total <= cap_bytes:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
    return removed


def rules_file() -> tuple[str, bytes]:
    """(file name with a content hash, bytes) of the triage rules the page evaluates."""
    data = (resources.files("widgets") / "data" / RULES_DATA).read_bytes()
    return f"specialist_rules-{hashlib.sha256(data).hexdigest()[:12]}.json", data


@dataclass
class Report:
    figures: int = 0
    states: int = 0
    drawn: int = 0
    seconds: float = 0.0
    site_bytes: int = 0
    per_widget: dict = field(default_factory=dict)


def _jobs_for(spec: dict, states: list[State], code: str, missing: set[str]) -> list[dict]:
    jobs: list = []
    for layout in layouts_of(spec):
        by_base: dict = {}
        for state in states:
            digest = state_digest(code, spec["widget"], state.values, layout)
            if digest not in missing:
                continue
            missing.discard(digest)  # the same state in two figures is drawn once
            key = (canonical(state.base), state.control)
            entry = {
                "value": state.values[state.control] if state.control else None,
                "digest": digest,
            }
            by_base.setdefault(key, []).append(entry)
        size = spec.get("size_px") if layout == "wide" else None
        for (base, control), entries in by_base.items():
            for start in range(0, len(entries), CHUNK):
                jobs.append(
                    {
                        "widget": spec["widget"],
                        "layout": layout,
                        "base": json.loads(base),
                        "control": control,
                        "states": entries[start : start + CHUNK],
                        "size_px": size,
                    }
                )
    return jobs


def _digests(spec: dict, states: Iterable[State], code: str) -> set[str]:
    """The cache names of every picture of ``states`` in every layout of ``spec``."""
    return {
        state_digest(code, spec["widget"], s.values, layout)
        for layout in layouts_of(spec)
        for s in states
    }


def default_workers() -> int:
    env = os.environ.get("CRAMP_EXPLORABLE_JOBS")
    if env:
        return max(1, int(env))
    return max(1, min(4, os.cpu_count() or 1))


def _cost(job: dict) -> float:
    return len(job["states"]) * (2.0 if job["widget"].endswith(".ElectrolyteExplorer") else 1.0)


class Drawing:
    """Jobs being drawn by ``workers`` processes (a :class:`~concurrent.futures.ProcessPoolExecutor`
    started fresh, "spawn"), largest first; :meth:`wait` returns how many states were drawn, or
    raises with the workers' errors."""

    def __init__(self, jobs: list[dict], cache: Path, workers: int) -> None:
        self.states = sum(len(job["states"]) for job in jobs)
        self.pool = ProcessPoolExecutor(
            max_workers=max(1, min(workers, len(jobs))),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=worker_init,
        )
        self.futures = [
            self.pool.submit(run_jobs, [job], cache)
            for job in sorted(jobs, key=_cost, reverse=True)
        ]

    def stop(self) -> None:
        """Drop the jobs not started (a build that failed before it needed their pictures)."""
        self.pool.shutdown(wait=False, cancel_futures=True)

    def wait(self) -> int:
        drawn, errors = 0, []
        for future in self.futures:
            try:
                drawn += future.result()
            except Exception as error:  # the worker's exception, pickled back
                errors.append(f"{type(error).__name__}: {error}"[-3000:])
        self.pool.shutdown()
        if errors:
            raise RuntimeError("drawing the explorable figures failed:\n" + "\n---\n".join(errors))
        return drawn


def draw(
    jobs: list[dict], cache: Path, workers: int, log: Callable[[str], None] = lambda s: None
) -> int:
    """Draw the jobs in ``workers`` processes and wait; raise on failure."""
    return Drawing(jobs, cache, workers).wait() if jobs else 0


def missing_jobs(
    specs: Iterable[dict], cache: Path, codes: dict[str, str] | None = None
) -> list[dict]:
    """The jobs that draw every state of ``specs`` not yet in ``cache``."""
    unique = {spec_id(spec): spec for spec in specs}
    codes = codes or code_digests(unique.values())
    plans = [(spec, enumerate_states(spec)) for spec in unique.values()]
    missing = (
        set().union(*(_digests(spec, states, codes[spec["widget"]]) for spec, states in plans))
        if plans
        else set()
    )
    missing = {
        d
        for d in missing
        if not (cache / f"{d}.webp").is_file() or not (cache / f"{d}.txt").is_file()
    }
    jobs = []
    for spec, states in plans:
        jobs += _jobs_for(spec, states, codes[spec["widget"]], missing)
    return jobs


def draw_ahead(specs: Iterable[dict], cache: Path, workers: int | None = None) -> Drawing | None:
    """Start drawing, in the background, the missing states of ``specs`` (e.g. the specs stored in
    the notebooks, while the book executes them); pass the result to :func:`generate`."""
    cache.mkdir(parents=True, exist_ok=True)
    jobs = missing_jobs(specs, cache)
    return Drawing(jobs, cache, workers or default_workers()) if jobs else None


def stored_specs(folder: Path) -> list[dict]:
    """The explorable specs in the outputs of the notebooks below ``folder`` (as last executed)."""
    specs = []
    skip = {"_build", ".venv", "node_modules", ".ipynb_checkpoints", ".git"}
    for path in sorted(folder.rglob("*.ipynb")):
        if skip & set(path.relative_to(folder).parts):
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for cell in nb.get("cells", []):
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get(MIME)
                if isinstance(spec, dict):
                    specs.append(spec)
    return specs


def _link(source: Path, target: Path) -> None:
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def generate(
    specs: Iterable[dict],
    site: Path,
    cache: Path,
    workers: int | None = None,
    log: Callable[[str], None] = lambda s: None,
    ahead: Drawing | None = None,
) -> Report:
    """Make ``site`` (the built book's ``_static/explorable``) hold every state of ``specs``.

    Each figure gets ``site/<spec id>/<key>.webp`` and ``<key>.txt`` (its description), a
    ``states.json`` (key -> values) and a stamp (package and spec hash): a figure whose stamp is
    current is left alone. Missing pictures are drawn into ``cache`` first. Folders of figures
    that are no longer in the book are removed. ``ahead`` (from :func:`draw_ahead`) is waited for
    first; what it drew counts as drawn, and what it could not draw is drawn now. Returns what was
    done.
    """
    start = time.perf_counter()
    report = Report()
    if ahead is not None:
        try:
            report.drawn += ahead.wait()
        except RuntimeError as error:  # e.g. a stored spec the code no longer accepts
            log(f"drawing ahead failed, drawing again: {str(error)[-300:]}")
    site.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    unique = {spec_id(spec): spec for spec in specs}
    codes = code_digests(unique.values())
    report.figures = len(unique)
    stale: dict[str, tuple[dict, list[State]]] = {}
    for sid, spec in unique.items():
        states = enumerate_states(spec)
        report.states += len(states)
        name = spec["widget"].rsplit(".", 1)[-1]
        report.per_widget[name] = max(report.per_widget.get(name, 0), len(states))
        stamp = site / sid / ".stamp"
        wanted = hashlib.sha256(f"{codes[spec['widget']]}{sid}".encode()).hexdigest()
        if not (stamp.is_file() and stamp.read_text() == wanted):
            stale[sid] = (spec, states)
    if any(spec.get("page") for spec in unique.values()):
        rules_name, rules_bytes = rules_file()
        target = site / rules_name
        if not (target.is_file() and target.read_bytes() == rules_bytes):
            for old in site.glob("specialist_rules-*.json"):
                old.unlink()
            _write(target, rules_bytes)
    if stale:
        needed = set()
        for spec, states in stale.values():
            needed |= _digests(spec, states, codes[spec["widget"]])
        jobs = missing_jobs([spec for spec, _ in stale.values()], cache, codes)
        if jobs:
            log(
                f"drawing {sum(len(j['states']) for j in jobs)} states of {len(stale)} figures "
                f"in {min(len(jobs), workers or default_workers())} processes"
            )
        report.drawn += draw(jobs, cache, workers or default_workers(), log)
        for sid, (spec, states) in stale.items():
            folder = site / sid
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            index = {}
            for state in states:
                for layout in layouts_of(spec):  # the picture and its description (which names
                    digest = state_digest(
                        codes[spec["widget"]], spec["widget"], state.values, layout
                    )
                    name = picture_name(state.key, layout)  # by where they are in that layout)
                    _link(cache / f"{digest}.webp", folder / name)
                    _link(cache / f"{digest}.txt", folder / (name[: -len(".webp")] + ".txt"))
                index[state.key] = {
                    k: v for k, v in state.values.items() if not same_value(v, spec["initial"][k])
                }
            (folder / "states.json").write_text(
                canonical({"widget": spec["widget"], "states": index})
            )
            (folder / ".stamp").write_text(
                hashlib.sha256(f"{codes[spec['widget']]}{sid}".encode()).hexdigest()
            )
        # the cache keeps what this book uses, and what other checkouts used lately up to a cap
        keep = set(needed)
        for sid, spec in unique.items():
            if sid not in stale:
                keep |= _digests(spec, enumerate_states(spec), codes[spec["widget"]])
        prune(cache, keep)
    for folder in site.iterdir():
        if (
            folder.is_dir()
            and re.fullmatch(r"[0-9a-f]{16}", folder.name)
            and folder.name not in unique
        ):
            shutil.rmtree(folder)
    report.site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    report.seconds = time.perf_counter() - start
    return report
