"""Explorable figures for the static book: the states a reader can visit, drawn at build time.

The live widgets recompute in a kernel. The HTML book has none, so the book draws, when it is
built, the states a reader can reach without one, with the widget's own code path: the widget is
made once, each control is set in turn through ``widget.controls[name].value`` (its observers
run, e.g. a unit switch re-scales two sliders; the live redraw is held), then the widget's own
``compute`` -> ``redraw`` run (what ``update()`` does, minus the live image) and the picture is
the widget's own book picture (``static_png()``) with its own description (``alt_text``, i.e.
``describe``). Nothing here draws or describes a figure itself.

Which states (see :func:`enumerate_states`):

- ``initial``: the values the notebook shows;
- one control at a time: every value of a slider on its step grid, every option of a menu, both
  states of a check box, with every other control at its initial value. A widget may name, per
  control, other controls that go with it (``SWEEP_CONTEXT``: e.g. the clonus-frequency slider
  of :class:`~widgets.ui.tonic_clonic.TonicClonicExplorer` only acts on the clonus pattern, so
  moving it also selects that pattern);
- the named scenarios the chapter teaches (``SCENARIOS``, a class attribute: name -> values).

A widget whose answer is a pure function of data (the specialist finder) is not drawn: the page
evaluates the same data itself (``EXPLORABLE_IN_PAGE``).

The public pieces are :data:`MIME` (the display-bundle entry, made by
``ModelView.explorable_spec()`` -> :func:`spec_for`), :func:`spec_id`, :func:`enumerate_states`
and :func:`generate`, which the Sphinx extension ``_ext/explorable.py`` calls. Pictures are
cached in a folder keyed by a hash of the ``widgets`` package and the state, so an unchanged
rebuild draws nothing. Widgets are drawn in worker processes (``python -m widgets.explorable``),
several at once.

What this module relies on in a view: ``controls`` (name -> ipywidgets control; sliders made by
:mod:`widgets.ui.common` carry ``_unit`` and are labelled ``"label (unit)"``, others fall back to
``description``), ``values``, a constructor with no arguments, ``held()`` (optional),
``compute``, ``redraw``, ``result``, ``static_png()``, ``alt_text``, ``figure``, ``title``, and the
optional class attributes ``SCENARIOS``, ``SWEEP_CONTEXT``, ``EXPLORABLE_IN_PAGE`` and
``apply_last`` (the finder: ``to_html(result)``). Light at import: ipywidgets, matplotlib and
Pillow are imported where used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import import_module, resources
from pathlib import Path
from typing import Any, Callable, Iterable

MIME = "application/vnd.cramp-lab.explorable+json"
SPEC_VERSION = 1
#: folder, inside the built site's ``_static``, that holds the pictures (one sub-folder per figure)
SITE_FOLDER = "explorable"
RULES_DATA = "specialist_rules.json"
PNG_DPI_FALLBACK = 100
WEBP_OPTIONS = {"lossless": True, "quality": 30, "method": 1}  # fast to encode, small for line art
CHUNK = 48  # states per worker job (several jobs per widget, spread over the workers)


# --- the spec: what a notebook output carries --------------------------------------------------

def _decimals(control) -> int:
    fmt = getattr(control, "readout_format", "") or ""
    match = re.search(r"\.(\d+)f", fmt)
    if match:
        return int(match.group(1))
    step = float(getattr(control, "step", 1) or 1)
    return max(0, -int(math.floor(math.log10(step)))) if step < 1 else 0


def control_spec(name: str, control) -> dict:
    """The static description of one live control: kind, label, unit, range and step or options."""
    import ipywidgets as ipw

    unit = getattr(control, "_unit", "") or ""
    label = getattr(control, "_label", None) or control.description or name
    if unit and label.endswith(f" ({unit})"):  # sliders are labelled "description (unit)"
        label = label[: -len(f" ({unit})")]
    if isinstance(control, (ipw.FloatSlider, ipw.IntSlider)):
        integer = isinstance(control, ipw.IntSlider)
        cast = int if integer else float
        return {"name": name, "kind": "range", "label": label, "unit": unit,
                "min": cast(control.min), "max": cast(control.max), "step": cast(control.step),
                "integer": integer, "decimals": 0 if integer else _decimals(control)}
    if isinstance(control, (ipw.Checkbox, ipw.ToggleButton)):
        return {"name": name, "kind": "checkbox", "label": label}
    if hasattr(control, "_options_values"):
        options = [[str(lab), value] for lab, value in zip(control._options_labels, control._options_values)]
        return {"name": name, "kind": "select", "label": label, "options": options}
    raise ValueError(f"control {name!r} ({type(control).__name__}) cannot be shown in the static book")


def _jsonable(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    raise ValueError(f"value {value!r} cannot be stored in the static book")


def spec_for(view) -> dict:
    """The explorable spec of ``view`` as it is now (its values become the initial state).

    Plain JSON: widget class, title, initial values, one entry per control (kind, label, unit, min,
    max, step or options), the scenarios and sweep contexts of the class, the initial description
    and the picture's pixel size. A widget evaluated in the page (``EXPLORABLE_IN_PAGE``) also
    carries its finding groups, the initial result as HTML and the notice it must show.
    """
    cls = type(view)
    controls = [control_spec(name, control) for name, control in view.controls.items()]
    names = {c["name"] for c in controls}
    initial = {name: _jsonable(value) for name, value in view.values.items()}
    scenarios = []
    for title, values in (getattr(cls, "SCENARIOS", None) or {}).items():
        unknown = set(values) - names
        if unknown:
            raise ValueError(f"{cls.__name__}.SCENARIOS[{title!r}] names unknown controls {sorted(unknown)}")
        delta = {k: _jsonable(v) for k, v in values.items() if _jsonable(v) != initial[k]}
        scenarios.append({"name": str(title), "values": delta})
    context = {}
    for name, values in (getattr(cls, "SWEEP_CONTEXT", None) or {}).items():
        unknown = ({name} | set(values)) - names
        if unknown:
            raise ValueError(f"{cls.__name__}.SWEEP_CONTEXT names unknown controls {sorted(unknown)}")
        context[name] = {k: _jsonable(v) for k, v in values.items()}
    try:
        from widgets.ui.figure import PNG_DPI as dpi
    except ImportError:  # pragma: no cover - the figure module moved
        dpi = PNG_DPI_FALLBACK
    width_in, height_in = view.figure.get_size_inches()
    spec = {
        "version": SPEC_VERSION,
        "widget": f"{cls.__module__}.{cls.__qualname__}",
        "title": getattr(view, "title", "") or cls.__name__,
        "initial": initial,
        "controls": controls,
        "context": context,
        "scenarios": scenarios,
        "alt": view.alt_text,
        "size_px": [int(round(width_in * dpi)), int(round(height_in * dpi))],
    }
    evaluator = getattr(cls, "EXPLORABLE_IN_PAGE", None)
    if evaluator:
        spec["page"] = _page_spec(view, evaluator)
    return spec


def _page_spec(view, evaluator: str) -> dict:
    if evaluator != "specialist_rules":
        raise ValueError(f"unknown in-page evaluator {evaluator!r}")
    from widgets.clinical.specialists import EDUCATIONAL_NOTICE, FINDINGS
    from widgets.ui.specialists import URGENCY_COLOURS

    return {
        "evaluator": evaluator,
        "groups": [[group, [fid for fid, _ in items]] for group, items in FINDINGS.items()],
        "html": view.to_html(view.result),
        "colours": dict(URGENCY_COLOURS),
        "notice": EDUCATIONAL_NOTICE,
    }


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def spec_id(spec: dict) -> str:
    """A short stable name for a figure: the hash of its spec (same widget and values, same id)."""
    return hashlib.sha256(canonical(spec).encode()).hexdigest()[:16]


# --- the states -----------------------------------------------------------------------------------

def grid(control: dict) -> list:
    """Every value a control can take in the static book, in order (a slider's step grid)."""
    kind = control["kind"]
    if kind == "checkbox":
        return [False, True]
    if kind == "select":
        return [value for _, value in control["options"]]
    lo, hi, step = control["min"], control["max"], control["step"]
    if not step > 0 or hi < lo:
        raise ValueError(f"control {control['name']!r}: bad range [{lo}, {hi}] step {step}")
    n = int(math.floor((hi - lo) / step + 1e-9)) + 1
    if control.get("integer"):
        return [int(round(lo + i * step)) for i in range(n)]
    return [round(lo + i * step, 10) for i in range(n)]


def same_value(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
            return a == b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def index_of(control: dict, value) -> int | None:
    """Position of ``value`` on the control's grid, or None if it is not on it."""
    for i, v in enumerate(grid(control)):
        if same_value(v, value):
            return i
    return None


@dataclass(frozen=True)
class State:
    """One picture: its key in the page, the full values, and the values it is reached from."""

    key: str
    values: dict
    base: dict
    control: str | None = None  # the control that is swept (None: the base itself is drawn)


def enumerate_states(spec: dict) -> list[State]:
    """Every state of a figure: ``initial``, ``<control>-<index>`` and ``scenario-<k>``.

    ``<index>`` is the position on the control's grid (:func:`grid`); a state equal to the initial
    one is not repeated (the page shows ``initial``). A figure evaluated in the page has none.
    """
    if spec.get("page"):
        return []
    initial = dict(spec["initial"])
    out = [State("initial", initial, initial)]
    for control in spec["controls"]:
        name = control["name"]
        base = {**initial, **spec.get("context", {}).get(name, {})}
        for i, value in enumerate(grid(control)):
            values = {**base, name: value}
            if all(same_value(values[k], initial[k]) for k in initial):
                continue
            out.append(State(f"{name}-{i}", values, base, name))
    for k, scenario in enumerate(spec.get("scenarios", [])):
        values = {**initial, **scenario["values"]}
        out.append(State(f"scenario-{k}", values, values))
    return out


def package_dir() -> Path:
    return Path(import_module("widgets").__file__).resolve().parent


def package_digest(root: Path | None = None) -> str:
    """SHA-256 over the ``widgets`` package's source and data files (what draws the pictures)."""
    root = root or package_dir()
    digest = hashlib.sha256()
    for path in sorted(p for pattern in ("*.py", "*.json", "*.yaml", "*.csv") for p in root.rglob(pattern)
                       if "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def state_digest(package: str, widget: str, values: dict) -> str:
    return hashlib.sha256(f"{package}\n{widget}\n{canonical(values)}".encode()).hexdigest()[:32]


def rules_file() -> tuple[str, bytes]:
    """(file name with a content hash, bytes) of the triage rules the page evaluates."""
    data = (resources.files("widgets") / "data" / RULES_DATA).read_bytes()
    return f"specialist_rules-{hashlib.sha256(data).hexdigest()[:12]}.json", data


# --- drawing (in the worker processes) ------------------------------------------------------------

def _load_class(path: str):
    module, _, name = path.rpartition(".")
    if not module.startswith("widgets."):
        raise ValueError(f"{path!r} is not a course widget")
    return getattr(import_module(module), name)


def _held(view):
    """The view's ``held()`` (controls move without a live redraw each), if it has one."""
    held = getattr(view, "held", None)
    return held() if callable(held) else contextlib.nullcontext()


def set_values(view, values: dict) -> None:
    """Move the view's controls to ``values`` (only those that differ), as a reader would, with
    the live redraws held (the book's picture is drawn once, by :func:`draw_state`).

    Controls that re-scale others (``apply_last``, e.g. a unit switch) are moved first, so the
    values then set are read in the units they are given in."""
    first = [n for n in getattr(view, "apply_last", ()) if n in values]
    for name in first + [n for n in values if n not in first]:
        control = view.controls[name]
        if not same_value(control.value, values[name]):
            with _held(view):
                control.value = values[name]


def draw_state(view) -> tuple[bytes, str]:
    """(book picture as PNG, description) of the view's present control values: the widget's own
    ``compute`` -> ``redraw`` (what ``update()`` does, without re-encoding the live image), then
    ``static_png()`` and ``alt_text``."""
    view.result = view.compute(**view.values)
    view.redraw(view.result)
    return view.static_png(), view.alt_text


def values_match(view, values: dict) -> bool:
    return all(same_value(view.controls[k].value, v) for k, v in values.items())


def to_webp(png: bytes) -> tuple[bytes, tuple[int, int]]:
    """(WebP bytes, pixel size) of a PNG picture."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        size = image.size
        # line art in a few colours: a 256-colour palette (no dithering) is visually lossless
        # (mean error under 0.5 of 255) and halves the file; then lossless WebP
        image = image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE,
                                               dither=Image.Dither.NONE)
        # the octree averages its bins: keep the paper white and the ink black exact
        palette = image.getpalette()
        for i in range(0, len(palette) - 2, 3):
            rgb = palette[i:i + 3]
            if min(rgb) >= 250 or max(rgb) <= 5:
                palette[i:i + 3] = [255 if min(rgb) >= 250 else 0] * 3
        image.putpalette(palette)
        buffer = io.BytesIO()
        image.save(buffer, format="WEBP", **WEBP_OPTIONS)
        return buffer.getvalue(), size


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def run_jobs(jobs: list[dict], cache: Path, report: Callable[[str], None] = lambda s: None) -> int:
    """Draw the states of ``jobs`` into ``cache`` (``<digest>.webp`` and ``<digest>.txt``).

    A job is ``{"widget", "base", "control", "states": [{"value", "digest"}], "size_px"}``: the
    view is brought to ``base``, then (if ``control``) that control is set to each value in turn.
    One view per widget class is kept and reused between jobs. Returns the number drawn.
    """
    views: dict[str, Any] = {}
    drawn = 0
    for job in jobs:
        widget, base, name = job["widget"], job["base"], job.get("control")
        view = views.get(widget)
        if view is None:
            view = views[widget] = _load_class(widget)()
        set_values(view, base)
        if not values_match(view, base):  # e.g. a unit switch left a rounding trace: start afresh
            view = views[widget] = _load_class(widget)()
            set_values(view, base)
            if not values_match(view, base):
                raise RuntimeError(f"{widget}: cannot reach {base} (got {view.values})")
        for state in job["states"]:
            if name is not None:
                set_values(view, {name: state["value"]})
                if not same_value(view.controls[name].value, state["value"]):
                    raise RuntimeError(f"{widget}: {name} refused {state['value']!r}")
            png, alt = draw_state(view)
            webp, size = to_webp(png)
            if job.get("size_px") and list(size) != list(job["size_px"]):
                raise RuntimeError(f"{widget}: picture is {size} px, the page expects {job['size_px']}")
            _write(cache / f"{state['digest']}.webp", webp)
            _write(cache / f"{state['digest']}.txt", alt.encode("utf-8"))
            drawn += 1
        if name is not None:
            set_values(view, {name: base[name]})
        report(f"{widget.rsplit('.', 1)[-1]} {name or 'scenario'}: {len(job['states'])}")
    return drawn


def _worker_main() -> int:
    os.environ.setdefault("MPLBACKEND", "Agg")
    task = json.load(sys.stdin)
    drawn = run_jobs(task["jobs"], Path(task["cache"]),
                     report=lambda line: print(line, flush=True))
    print(f"drawn {drawn}", flush=True)
    return 0


# --- the build: which pictures are missing, draw them, put them in the site -------------------------

@dataclass
class Report:
    figures: int = 0
    states: int = 0
    drawn: int = 0
    seconds: float = 0.0
    site_bytes: int = 0
    per_widget: dict = field(default_factory=dict)


def _jobs_for(spec: dict, states: list[State], package: str, missing: set[str]) -> list[dict]:
    jobs: list = []
    by_base: dict = {}
    for state in states:
        digest = state_digest(package, spec["widget"], state.values)
        if digest not in missing:
            continue
        missing.discard(digest)  # the same state in two figures is drawn once
        key = (canonical(state.base), state.control)
        entry = {"value": state.values[state.control] if state.control else None, "digest": digest}
        by_base.setdefault(key, []).append(entry)
    for (base, control), entries in by_base.items():
        for start in range(0, len(entries), CHUNK):
            jobs.append({"widget": spec["widget"], "base": json.loads(base), "control": control,
                         "states": entries[start:start + CHUNK], "size_px": spec.get("size_px")})
    return jobs


def _share(jobs: list[dict], workers: int) -> list[list[dict]]:
    """Spread jobs over workers, largest first, each to the least loaded; a worker keeps its jobs
    grouped by widget so it makes each widget once."""
    weight = {"ElectrolyteExplorer": 2.0}
    cost = lambda job: len(job["states"]) * weight.get(job["widget"].rsplit(".", 1)[-1], 1.0)  # noqa: E731
    loads = [[0.0, []] for _ in range(max(1, workers))]
    for job in sorted(jobs, key=cost, reverse=True):
        slot = min(loads, key=lambda s: s[0])
        slot[0] += cost(job)
        slot[1].append(job)
    return [sorted(s[1], key=lambda j: j["widget"]) for s in loads if s[1]]


def default_workers() -> int:
    env = os.environ.get("CRAMP_EXPLORABLE_JOBS")
    if env:
        return max(1, int(env))
    return max(1, min(4, os.cpu_count() or 1))


class Drawing:
    """Jobs being drawn by ``workers`` processes (``python -m widgets.explorable``), side by side;
    :meth:`wait` returns how many states were drawn, or raises with the workers' errors."""

    def __init__(self, jobs: list[dict], cache: Path, workers: int) -> None:
        import threading

        env = dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
        self.states = sum(len(job["states"]) for job in jobs)
        self.results: dict[int, tuple[int, str, str]] = {}
        self.threads, self.procs = [], []
        for i, share in enumerate(_share(jobs, workers)):
            proc = subprocess.Popen([sys.executable, "-m", "widgets.explorable"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
            self.procs.append(proc)
            task = json.dumps({"cache": str(cache), "jobs": share})
            thread = threading.Thread(target=self._talk, args=(i, proc, task), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _talk(self, i: int, proc, task: str) -> None:
        out, err = proc.communicate(task)
        self.results[i] = (proc.returncode, out, err)

    def stop(self) -> None:
        """End the workers (a build that failed before it needed their pictures)."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
        for thread in self.threads:
            thread.join()

    def wait(self) -> int:
        for thread in self.threads:
            thread.join()
        drawn, errors = 0, []
        for code, out, err in self.results.values():
            match = re.search(r"^drawn (\d+)$", out, re.M)
            if code != 0 or not match:
                errors.append(err.strip()[-3000:] or out.strip()[-3000:])
            else:
                drawn += int(match.group(1))
        if errors or len(self.results) != len(self.threads):
            raise RuntimeError("drawing the explorable figures failed:\n" + "\n---\n".join(errors))
        return drawn


def draw(jobs: list[dict], cache: Path, workers: int, log: Callable[[str], None] = lambda s: None) -> int:
    """Draw the jobs in ``workers`` processes and wait; raise on failure."""
    return Drawing(jobs, cache, workers).wait() if jobs else 0


def missing_jobs(specs: Iterable[dict], cache: Path, package: str | None = None) -> list[dict]:
    """The jobs that draw every state of ``specs`` not yet in ``cache``."""
    package = package or package_digest()
    unique = {spec_id(spec): spec for spec in specs}
    plans = [(spec, enumerate_states(spec)) for spec in unique.values()]
    missing = {state_digest(package, spec["widget"], s.values) for spec, states in plans for s in states}
    missing = {d for d in missing if not (cache / f"{d}.webp").is_file() or not (cache / f"{d}.txt").is_file()}
    jobs = []
    for spec, states in plans:
        jobs += _jobs_for(spec, states, package, missing)
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


def generate(specs: Iterable[dict], site: Path, cache: Path, workers: int | None = None,
             log: Callable[[str], None] = lambda s: None, ahead: Drawing | None = None) -> Report:
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
    package = package_digest()
    unique = {spec_id(spec): spec for spec in specs}
    report.figures = len(unique)
    stale: dict[str, tuple[dict, list[State]]] = {}
    for sid, spec in unique.items():
        states = enumerate_states(spec)
        report.states += len(states)
        name = spec["widget"].rsplit(".", 1)[-1]
        report.per_widget[name] = max(report.per_widget.get(name, 0), len(states))
        stamp = site / sid / ".stamp"
        wanted = hashlib.sha256(f"{package}{sid}".encode()).hexdigest()
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
        needed = {}
        for sid, (spec, states) in stale.items():
            for state in states:
                needed[state_digest(package, spec["widget"], state.values)] = spec["widget"]
        jobs = missing_jobs([spec for spec, _ in stale.values()], cache, package)
        if jobs:
            log(f"drawing {sum(len(j['states']) for j in jobs)} states of {len(stale)} figures "
                f"in {min(len(jobs), workers or default_workers())} processes")
        report.drawn += draw(jobs, cache, workers or default_workers(), log)
        for sid, (spec, states) in stale.items():
            folder = site / sid
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            index = {}
            for state in states:
                digest = state_digest(package, spec["widget"], state.values)
                _link(cache / f"{digest}.webp", folder / f"{state.key}.webp")
                _link(cache / f"{digest}.txt", folder / f"{state.key}.txt")
                index[state.key] = {k: v for k, v in state.values.items()
                                    if not same_value(v, spec["initial"][k])}
            (folder / "states.json").write_text(canonical({"widget": spec["widget"], "states": index}))
            (folder / ".stamp").write_text(hashlib.sha256(f"{package}{sid}".encode()).hexdigest())
        # the cache keeps what this book uses (a package change leaves the old pictures behind)
        keep = set(needed)
        for sid, spec in unique.items():
            if sid not in stale:
                keep |= {state_digest(package, spec["widget"], s.values) for s in enumerate_states(spec)}
        for path in cache.iterdir():
            if path.suffix in (".webp", ".txt") and path.stem not in keep:
                path.unlink()
    for folder in site.iterdir():
        if folder.is_dir() and re.fullmatch(r"[0-9a-f]{16}", folder.name) and folder.name not in unique:
            shutil.rmtree(folder)
    report.site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    report.seconds = time.perf_counter() - start
    return report


if __name__ == "__main__":
    sys.exit(_worker_main())
