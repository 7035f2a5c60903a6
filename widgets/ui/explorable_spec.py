"""The spec of an explorable figure: what a notebook output carries (:data:`MIME`).

:func:`spec_for` describes a live view as plain JSON (its controls, initial values, scenarios,
sweep contexts, description and picture size); :func:`spec_id` names a figure by the hash of its
spec; :func:`canonical` is the JSON form every hash here is taken over.
"""

from __future__ import annotations

import hashlib
import json
import math
import re

MIME = "application/vnd.cramp-lab.explorable+json"
SPEC_VERSION = 1
PNG_DPI_FALLBACK = 100


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
    label = control.description or name
    if unit and label.endswith(f" ({unit})"):  # sliders are labelled "description (unit)"
        label = label[: -len(f" ({unit})")]
    if isinstance(control, (ipw.FloatSlider, ipw.IntSlider)):
        integer = isinstance(control, ipw.IntSlider)
        cast = int if integer else float
        return {
            "name": name,
            "kind": "range",
            "label": label,
            "unit": unit,
            "min": cast(control.min),
            "max": cast(control.max),
            "step": cast(control.step),
            "integer": integer,
            "decimals": 0 if integer else _decimals(control),
        }
    if isinstance(control, (ipw.Checkbox, ipw.ToggleButton)):
        return {"name": name, "kind": "checkbox", "label": label}
    if hasattr(control, "_options_values"):
        options = [
            [str(lab), value]
            for lab, value in zip(control._options_labels, control._options_values)
        ]
        return {"name": name, "kind": "select", "label": label, "options": options}
    raise ValueError(
        f"control {name!r} ({type(control).__name__}) cannot be shown in the static book"
    )


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
    and the picture's pixel size. A widget the page evaluates itself adds what its
    ``page_spec()`` returns (the framework knows no widget).
    """
    cls = type(view)
    controls = [control_spec(name, control) for name, control in view.controls.items()]
    names = {c["name"] for c in controls}
    initial = {name: _jsonable(value) for name, value in view.values.items()}
    scenarios = []
    for title, values in (getattr(cls, "SCENARIOS", None) or {}).items():
        unknown = set(values) - names
        if unknown:
            raise ValueError(
                f"{cls.__name__}.SCENARIOS[{title!r}] names unknown controls {sorted(unknown)}"
            )
        delta = {k: _jsonable(v) for k, v in values.items() if _jsonable(v) != initial[k]}
        scenarios.append({"name": str(title), "values": delta})
    context = {}
    for name, values in (getattr(cls, "SWEEP_CONTEXT", None) or {}).items():
        unknown = ({name} | set(values)) - names
        if unknown:
            raise ValueError(
                f"{cls.__name__}.SWEEP_CONTEXT names unknown controls {sorted(unknown)}"
            )
        context[name] = {k: _jsonable(v) for k, v in values.items()}
    try:
        from widgets.figures.render import PNG_DPI as dpi
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
        "layouts": list(getattr(cls, "LAYOUTS", ("wide",))),
    }
    page = getattr(view, "page_spec", None)
    page = page() if page else None
    if page:
        spec["page"] = page
    return spec


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def spec_id(spec: dict) -> str:
    """A short stable name for a figure: the hash of its spec (same widget and values, same id)."""
    return hashlib.sha256(canonical(spec).encode()).hexdigest()[:16]
