"""An explorable figure's HTML: real, labelled controls beside a precomputed picture.

Range inputs with their units, menus and check boxes (the live widget's ranges and steps, from
its spec, :mod:`widgets.ui.explorable_spec`), the picture, a visible description that is announced
when it changes, and a caption that says the pictures are precomputed and links to the chapter
live. The Sphinx extension ``_ext/explorable.py`` draws the pictures at build time and fills in the
page-relative links (``%%CX_ROOT%%``, ``%%CX_LAUNCH%%``, ``%%CX_RULES%%``);
``_static/explorable.js`` makes the controls work.
"""

from __future__ import annotations

import html
import json
from typing import Any

from widgets.book.explorable.states import grid, index_of
from widgets.ui.explorable_spec import spec_id

ROOT = "%%CX_ROOT%%"        # the page's relative path to _static/explorable/
LAUNCH = "%%CX_LAUNCH%%"    # the chapter's launch link (Binder, hub or Colab)
RULES = "%%CX_RULES%%"      # the page's relative path to the triage rules data file
CAPTION_PICTURES = ("Precomputed pictures: move one control at a time (moving one puts the "
                    "others back to their starting values, or to the settings it is drawn with).")
CAPTION_RULES = ("Worked out in your browser from the same rules as the live widget, for any "
                 "combination of findings.")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _number(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def value_text(control: dict, value: Any) -> str:
    """A range's value as shown beside it and read by screen readers: ``"4.0 mmol/L"``."""
    text = _number(float(value), control["decimals"])
    return f"{text} {control['unit']}".strip()


def _range(control: dict, value: Any, uid: str) -> str:
    cid = f"{uid}-{control['name']}"
    shown = value_text(control, value)
    label = _e(control["label"]) + (f' <span class="cx-unit">({_e(control["unit"])})</span>'
                                    if control["unit"] else "")
    fmt = lambda x: repr(x) if isinstance(x, float) else str(x)  # noqa: E731
    return (f'<div class="cx-control cx-range"><label for="{cid}">{label}</label>'
            f'<div class="cx-row"><input type="range" id="{cid}" name="{_e(control["name"])}" '
            f'min="{fmt(control["min"])}" max="{fmt(control["max"])}" step="{fmt(control["step"])}" '
            f'value="{fmt(value)}" aria-valuetext="{_e(shown)}" disabled>'
            f'<span class="cx-value" aria-hidden="true">{_e(shown)}</span></div></div>')


def _select(control: dict, value: Any, uid: str) -> str:
    cid = f"{uid}-{control['name']}"
    options = "".join(
        f'<option value="{i}"{" selected" if opt_value == value else ""}>{_e(label)}</option>'
        for i, (label, opt_value) in enumerate(control["options"]))
    return (f'<div class="cx-control cx-select"><label for="{cid}">{_e(control["label"])}</label>'
            f'<select id="{cid}" name="{_e(control["name"])}" disabled>{options}</select></div>')


def _checkbox(control: dict, value: Any, uid: str) -> str:
    cid = f"{uid}-{control['name']}"
    return (f'<div class="cx-control cx-check"><input type="checkbox" id="{cid}" '
            f'name="{_e(control["name"])}"{" checked" if value else ""} disabled>'
            f'<label for="{cid}">{_e(control["label"])}</label></div>')


CONTROL_HTML = {"range": _range, "select": _select, "checkbox": _checkbox}


def _scenarios(spec: dict, uid: str) -> str:
    if not spec.get("scenarios"):
        return ""
    options = '<option value="" selected>Starting values (as in the notebook)</option>' + "".join(
        f'<option value="{k}">{_e(s["name"])}</option>' for k, s in enumerate(spec["scenarios"]))
    return (f'<div class="cx-control cx-select cx-scenario"><label for="{uid}-scenario">'
            f'Example from the chapter</label><select id="{uid}-scenario" name="__scenario" disabled>'
            f"{options}</select></div>")


def _script_spec(spec: dict) -> str:
    """What the page's script needs (controls, grids, initial values, scenarios), as JSON."""
    controls = []
    for control in spec["controls"]:
        entry = {k: control[k] for k in ("name", "kind", "label", "unit", "min", "max", "step",
                                          "decimals", "integer") if k in control}
        if control["kind"] == "select":
            entry["values"] = [value for _, value in control["options"]]
        if control["kind"] == "range":
            entry["n"] = len(grid(control))
        entry["initial_index"] = index_of(control, spec["initial"][control["name"]])
        controls.append(entry)
    data = {"id": spec_id(spec), "title": spec.get("title", ""), "initial": spec["initial"],
            "controls": controls, "context": spec.get("context", {}),
            "scenarios": [s["values"] for s in spec.get("scenarios", [])]}
    if spec.get("page"):
        data["evaluator"] = spec["page"]["evaluator"]
        data["colours"] = spec["page"]["colours"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def context_note(spec: dict) -> str:
    """In words, the settings a control is drawn with when it is moved alone (the spec's sweep
    context), e.g. "Some controls are drawn with other settings: loop delay with brisk push of the
    foot and reflex gain 3.0 × healthy; ..." ("" when there are none)."""
    controls = {c["name"]: c for c in spec["controls"]}

    def value_text(name, value):
        c = controls[name]
        if c["kind"] == "select":
            return next((label for label, v in c["options"] if v == value), str(value))
        if c["kind"] == "checkbox":
            return f"{c['label']} {'on' if value else 'off'}"
        return f"{c['label']} {value:.{c.get('decimals', 0)}f} {c.get('unit', '')}".strip()

    parts = [f"{controls[name]['label']} with " + " and ".join(value_text(o, v) for o, v in values.items())
             for name, values in (spec.get("context") or {}).items() if values]
    return f"Some controls are drawn with other settings: {'; '.join(parts)}." if parts else ""


def _caption(text: str, what: str) -> str:
    return (f'<figcaption class="cx-caption">{_e(text)} <a class="cx-launch" href="{LAUNCH}">'
            f"Run the chapter live</a> {_e(what)}</figcaption>")


def explorable_html(spec: dict, uid: str) -> str:
    """The figure: title, picture (or, for a widget evaluated in the page, its result), controls,
    description and caption. Controls start disabled; the page's script enables them."""
    sid = spec_id(spec)
    initial = spec["initial"]
    by_name = {c["name"]: c for c in spec["controls"]}
    title = f'<p class="cx-title"><strong>{_e(spec["title"])}</strong></p>' if spec.get("title") else ""
    script = f'<script type="application/json" class="cx-spec">{_script_spec(spec)}</script>'
    reset = '<button type="button" class="cx-reset" disabled>Starting values</button>'
    page = spec.get("page")
    if page:  # the specialist finder: check boxes in groups, the list worked out in the page
        groups = "".join(
            f'<fieldset class="cx-group"><legend>{_e(group)}</legend>'
            + "".join(_checkbox(by_name[fid], initial[fid], uid) for fid in fids) + "</fieldset>"
            for group, fids in page["groups"])
        return (
            f'<figure class="cramp-explorable cx-in-page" id="{uid}" data-cx-rules="{RULES}">{title}'
            f'<p class="cx-notice"><em>{_e(page["notice"])}</em></p>'
            f'<div class="cx-finder"><form class="cx-controls" aria-label="Findings">'
            f'<div class="cx-toolbar">{_scenarios(spec, uid)}{reset}</div>{groups}</form>'
            f'<div class="cx-result"><p class="cx-result-title"><strong>Who to see, most urgent first'
            f'</strong></p><div class="cx-list">{page["html"]}</div></div></div>'
            f"{_caption(CAPTION_RULES, 'to use the widget itself.')}{script}</figure>")
    controls = "".join(CONTROL_HTML[c["kind"]](c, initial[c["name"]], uid) for c in spec["controls"])
    width, height = spec.get("size_px") or (None, None)
    size = f' width="{width}" height="{height}"' if width and height else ""
    return (
        f'<figure class="cramp-explorable" id="{uid}" data-cx-root="{ROOT}{sid}/">{title}'
        f'<div class="cx-picture"><img class="cx-image" src="{ROOT}{sid}/initial.webp" '
        f'alt="{_e(spec["alt"])}"{size} loading="lazy" decoding="async"></div>'
        f'<form class="cx-controls" aria-label="Controls: {_e(spec.get("title") or "figure")}">'
        f'<div class="cx-toolbar">{_scenarios(spec, uid)}{reset}</div>'
        f'<div class="cx-grid">{controls}</div></form>'
        f'<p class="cx-status">Showing the starting values.</p>'
        f'<p class="cx-description" aria-live="polite" aria-atomic="true">{_e(spec["alt"])}</p>'
        f"{_caption(' '.join(filter(None, (CAPTION_PICTURES, context_note(spec)))), 'for every combination.')}"
        f"{script}</figure>")
