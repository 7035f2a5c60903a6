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

from widgets.book.explorable.states import grid, index_of, layouts_of, picture_name
from widgets.ui.explorable_spec import spec_id

ROOT = "%%CX_ROOT%%"  # the page's relative path to _static/explorable/
LAUNCH = "%%CX_LAUNCH%%"  # the chapter's launch link (Binder, hub or Colab)
RULES = "%%CX_RULES%%"  # the page's relative path to the triage rules data file
CAPTION_PICTURES = (
    "Precomputed pictures: move one control at a time (moving one puts the "
    "others back to their starting values, or to the settings it is drawn with)."
)
#: the picture's alt text: short, since the figure is named by its title and the description of
#: the state on show is the text under the controls (read once, not twice)
PICTURE_ALT = "The picture for the settings below; its description follows the controls."
#: the screen width up to which the page shows a figure's phone picture (panels stacked)
PHONE_MEDIA = "(max-width: 640px)"
CAPTION_RULES = (
    "Worked out in your browser from the same rules as the live widget, for any "
    "combination of findings."
)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _number(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def value_text(control: dict, value: Any) -> str:
    """A range's value as shown beside it and read by screen readers: ``"4.0 mmol/L"``."""
    text = _number(float(value), control["decimals"])
    return f"{text} {control['unit']}".strip()


def _step_button(control: dict, cid: str, sign: int) -> str:
    """A − or + button that moves a range by one step (a finger's way to land on a value)."""
    step = value_text(control, control["step"])
    verb = "Decrease" if sign < 0 else "Increase"
    return (
        f'<button type="button" class="cx-step" data-step="{sign}" aria-controls="{cid}" '
        f'aria-label="{verb} {_e(control["label"])} by {_e(step)}" disabled>'
        f"{'−' if sign < 0 else '+'}</button>"
    )


def _range(control: dict, value: Any, uid: str) -> str:
    cid = f"{uid}-{control['name']}"
    shown = value_text(control, value)
    label = _e(control["label"]) + (
        f' <span class="cx-unit">({_e(control["unit"])})</span>' if control["unit"] else ""
    )
    fmt = lambda x: repr(x) if isinstance(x, float) else str(x)  # noqa: E731
    return (
        f'<div class="cx-control cx-range"><label for="{cid}">{label}</label>'
        f'<div class="cx-row">{_step_button(control, cid, -1)}'
        f'<input type="range" id="{cid}" name="{_e(control["name"])}" '
        f'min="{fmt(control["min"])}" max="{fmt(control["max"])}" step="{fmt(control["step"])}" '
        f'value="{fmt(value)}" aria-valuetext="{_e(shown)}" disabled>'
        f"{_step_button(control, cid, +1)}"
        f'<span class="cx-value" aria-hidden="true">{_e(shown)}</span></div>'
        f"{NOTE}</div>"
    )


def _select(control: dict, value: Any, uid: str) -> str:
    cid = f"{uid}-{control['name']}"
    options = "".join(
        f'<option value="{i}"{" selected" if opt_value == value else ""}>{_e(label)}</option>'
        for i, (label, opt_value) in enumerate(control["options"])
    )
    return (
        f'<div class="cx-control cx-select"><label for="{cid}">{_e(control["label"])}</label>'
        f'<select id="{cid}" name="{_e(control["name"])}" disabled>{options}</select>'
        f"{NOTE}</div>"
    )


NOTE = '<p class="cx-note" aria-hidden="true"></p>'  # "set back to ..." when another control moved


def _checkbox(control: dict, value: Any, uid: str, note: str = NOTE) -> str:
    cid = f"{uid}-{control['name']}"
    return (
        f'<div class="cx-control cx-check"><input type="checkbox" id="{cid}" '
        f'name="{_e(control["name"])}"{" checked" if value else ""} disabled>'
        f'<label for="{cid}">{_e(control["label"])}</label>{note}</div>'
    )


CONTROL_HTML = {"range": _range, "select": _select, "checkbox": _checkbox}


def _scenarios(spec: dict, uid: str) -> str:
    if not spec.get("scenarios"):
        return ""
    options = '<option value="" selected>Choose an example…</option>' + "".join(
        f'<option value="{k}">{_e(s["name"])}</option>' for k, s in enumerate(spec["scenarios"])
    )
    return (
        f'<div class="cx-control cx-select cx-scenario"><label for="{uid}-scenario">'
        f'Example from the chapter</label><select id="{uid}-scenario" name="__scenario" disabled>'
        f"{options}</select></div>"
    )


def _script_spec(spec: dict) -> str:
    """What the page's script needs (controls, grids, initial values, scenarios), as JSON."""
    controls = []
    for control in spec["controls"]:
        entry = {
            k: control[k]
            for k in ("name", "kind", "label", "unit", "min", "max", "step", "decimals", "integer")
            if k in control
        }
        if control["kind"] == "select":
            entry["values"] = [value for _, value in control["options"]]
        if control["kind"] == "range":
            entry["n"] = len(grid(control))
        entry["initial_index"] = index_of(control, spec["initial"][control["name"]])
        controls.append(entry)
    data = {
        "id": spec_id(spec),
        "title": spec.get("title", ""),
        "initial": spec["initial"],
        "controls": controls,
        "context": spec.get("context", {}),
        "scenarios": [s["values"] for s in spec.get("scenarios", [])],
        "layouts": layouts_of(spec),
        "phone_media": PHONE_MEDIA,
    }
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

    parts = [
        f"{controls[name]['label']} with "
        + " and ".join(value_text(o, v) for o, v in values.items())
        for name, values in (spec.get("context") or {}).items()
        if values
    ]
    return f"Some controls are drawn with other settings: {'; '.join(parts)}." if parts else ""


def _caption(text: str, what: str) -> str:
    return (
        f'<figcaption class="cx-caption">{_e(text)} <a class="cx-launch" href="{LAUNCH}">'
        f"Run the chapter live</a> {_e(what)}</figcaption>"
    )


def _picture(spec: dict) -> str:
    """The picture of the starting state: the wide one, and on a narrow screen the phone layout
    where the widget draws one (the page's script then picks the file for each state)."""
    sid = spec_id(spec)
    width, height = spec.get("size_px") or (None, None)
    size = f' width="{width}" height="{height}"' if width and height else ""
    phone = "".join(
        f'<source media="{PHONE_MEDIA}" srcset="{ROOT}{sid}/{picture_name("initial", layout)}">'
        for layout in layouts_of(spec)
        if layout == "phone"
    )
    return (
        f'<div class="cx-picture"><picture>{phone}<img class="cx-image" src="{ROOT}{sid}/initial.webp" '
        f'alt="{PICTURE_ALT}"{size} '
        f'loading="lazy" decoding="async"></picture></div>'
        f'<p class="cramp-figure-tools"><a class="cramp-enlarge" href="{ROOT}{sid}/initial.webp" '
        f'aria-label="Enlarge the picture: {_e(spec.get("title") or "figure")}">Enlarge</a></p>'
    )


def _finder_html(spec: dict, uid: str, title: str, script: str, reset: str) -> str:
    """The specialist finder: check boxes in groups, the list worked out in the page, and one live
    line (the most urgent result) that stays in view at the foot of the screen while ticking."""
    page, initial = spec["page"], spec["initial"]
    by_name = {c["name"]: c for c in spec["controls"]}
    groups = "".join(
        f'<fieldset class="cx-group"><legend>{_e(group)}</legend>'
        + "".join(_checkbox(by_name[fid], initial[fid], uid, note="") for fid in fids)
        + "</fieldset>"
        for group, fids in page["groups"]
    )
    summary = (
        f'<div class="cx-summary-bar"><p class="cx-summary" role="status" aria-live="polite" '
        f'aria-atomic="true">{page.get("summary_html", "")}</p>'
        f'<a class="cx-see-list" href="#{uid}-list">See the list<span aria-hidden="true"> ↓</span></a></div>'
    )
    return (
        f'<figure class="cramp-explorable cx-in-page" id="{uid}" aria-labelledby="{uid}-title" '
        f'data-cx-rules="{RULES}">{title}'
        f'<p class="cx-notice"><em>{_e(page["notice"])}</em></p>'
        f'<div class="cx-finder"><form class="cx-controls" aria-label="Findings">'
        f'<div class="cx-toolbar">{_scenarios(spec, uid)}{reset}</div>{groups}{summary}</form>'
        f'<div class="cx-result" id="{uid}-list" tabindex="0" role="region" aria-labelledby="{uid}-list-title"><p class="cx-result-title" id="{uid}-list-title"><strong>'
        f'Who to see, most urgent first</strong></p><div class="cx-list">{page["html"]}</div></div></div>'
        f"{_caption(CAPTION_RULES, 'to use the widget itself.')}{script}</figure>"
    )


def explorable_html(spec: dict, uid: str) -> str:
    """The figure: title (its accessible name), picture (or, for a widget evaluated in the page,
    its result), controls, a one-line live status, the description and the caption. Controls start
    disabled; the page's script enables them."""
    initial = spec["initial"]
    title = (
        f'<h3 class="cx-title" id="{uid}-title">{_e(spec["title"])}</h3>'
        if spec.get("title")
        else f'<p class="cx-title" id="{uid}-title">Explorable figure</p>'
    )
    script = f'<script type="application/json" class="cx-spec">{_script_spec(spec)}</script>'
    reset = '<button type="button" class="cx-reset" disabled>Starting values</button>'
    if spec.get("page"):
        return _finder_html(spec, uid, title, script, reset)
    controls = "".join(
        CONTROL_HTML[c["kind"]](c, initial[c["name"]], uid) for c in spec["controls"]
    )
    return (
        f'<figure class="cramp-explorable" id="{uid}" aria-labelledby="{uid}-title" '
        f'data-cx-root="{ROOT}{spec_id(spec)}/">{title}{_picture(spec)}'
        f'<form class="cx-controls" aria-label="Controls: {_e(spec.get("title") or "figure")}">'
        f'<div class="cx-toolbar">{_scenarios(spec, uid)}{reset}</div>'
        f'<div class="cx-grid">{controls}</div></form>'
        f'<p class="cx-status" role="status" aria-live="polite" aria-atomic="true">Showing the starting values.</p>'
        f'<p class="cx-description">{_e(spec["alt"])}</p>'
        f"{_caption(' '.join(filter(None, (CAPTION_PICTURES, context_note(spec)))), 'for every combination.')}"
        f"{script}</figure>"
    )
