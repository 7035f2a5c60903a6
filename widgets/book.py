"""MyST-NB plugin: figures with their alt text, and widgets as explorable figures, in the HTML book.

Figures shown with :func:`widgets.figures.render.show_figure` (and the widgets' static pictures) put
their description in the output metadata, ``{"image/png": {"alt": "..."}}``. MyST-NB ignores that
key, so this renderer (registered under the ``myst_nb.mime_renderers`` entry point in
``pyproject.toml``) copies it onto the image node. A PNG output with no alt text at all is reported
as a build warning, which ``jupyter-book build -W`` turns into an error: every figure in the book
must describe itself.

A widget's display bundle also carries its explorable spec (:data:`widgets.explorable.MIME`). For
HTML, when the Sphinx extension ``_ext/explorable.py`` is loaded, that entry is preferred to the
PNG and becomes an explorable figure: real, labelled controls (range inputs with their units,
menus, check boxes; the live widget's ranges and steps) beside the picture, a visible
description that is announced when it changes, and a caption that says the pictures are
precomputed and links to the chapter live. The extension draws the pictures at build time and
fills in the page-relative links (``%%CX_ROOT%%``, ``%%CX_LAUNCH%%``, ``%%CX_RULES%%``);
``_static/explorable.js`` makes the controls work. Without the extension (other builders, other
books) the entry renders as nothing and the PNG is shown as before.

It also holds :func:`glue`, which stores a number computed in a chapter for MyST-NB's
``{glue:text}`` role, so that the prose never types a model number.
"""

from __future__ import annotations

import html
import json
import math
import numbers
import re
from typing import Any

from widgets.explorable import MIME as EXPLORABLE_MIME
from widgets.explorable import grid, index_of, spec_id

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml", "image/gif"})
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs", "readthedocsdirhtml")

ROOT = "%%CX_ROOT%%"        # the page's relative path to _static/explorable/
LAUNCH = "%%CX_LAUNCH%%"    # the chapter's launch link (Binder, hub or Colab)
RULES = "%%CX_RULES%%"      # the page's relative path to the triage rules data file
CAPTION_PICTURES = ("Precomputed pictures: move one control at a time (moving one puts the "
                    "others back to their starting values).")
CAPTION_RULES = ("Worked out in your browser from the same rules as the live widget, for any "
                 "combination of findings.")


class AltTextImages:
    """MyST-NB mime renderer for images that carry ``alt`` in their output metadata, and for the
    widgets' explorable specs (HTML builders only)."""

    mime_priority_overrides: tuple = tuple((builder, EXPLORABLE_MIME, 5) for builder in HTML_BUILDERS)

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type == EXPLORABLE_MIME:
            return explorable_nodes(renderer, data, inline)
        if data.mime_type not in IMAGE_TYPES:
            return None
        alt = (data.output_metadata.get(data.mime_type) or {}).get("alt")
        cell_alt = (data.cell_metadata.get("mystnb") or {}).get("image", {}).get("alt")
        if not alt and not cell_alt:
            renderer.logger.warning(
                "figure output has no alt text: show it with widgets.figures.render.show_figure(fig, alt=...)",
                subtype="image",
                line=data.line,
            )
            return None
        image_nodes = renderer.render_image_inline(data) if inline else renderer.render_image(data)
        figure = data.output_metadata.get(data.mime_type) or {}
        for node in image_nodes:
            if alt:
                node["alt"] = str(alt)
            # the short caption and the smallest text size, for _ext/figure_captions.py
            for key in ("caption", "min_text_px"):
                if figure.get(key) is not None:
                    node[f"cramp_{key}"] = figure[key]
        return image_nodes


def explorable_nodes(renderer: Any, data: Any, inline: bool) -> list:
    """The explorable figure as a raw HTML node, or ``[]`` (the PNG is then shown) when the
    ``explorable`` Sphinx extension is not loaded. The spec is recorded for the extension."""
    env = getattr(getattr(renderer, "renderer", None), "sphinx_env", None)
    store = getattr(env, "cramp_explorables", None) if env is not None else None
    if store is None or inline:
        return []
    from docutils import nodes

    spec = data.content if isinstance(data.content, dict) else json.loads(data.content)
    uid = f"cx{data.cell_index}-{data.output_index}"
    store.setdefault(env.docname, {})[spec_id(spec)] = spec
    return [nodes.raw("", explorable_html(spec, uid), format="html")]


# --- HTML ---------------------------------------------------------------------------------------

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
        f"{_caption(CAPTION_PICTURES, 'for every combination.')}{script}</figure>")


# --- glue: a number computed in a chapter, inserted in its prose ---------------------------------

#: The mime-type prefix under which MyST-NB's ``glue(..., display=False)`` stores a value.
GLUE_PREFIX = "application/papermill.record/"
_GLUE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def glue_text(value: Any, fmt: str = "") -> str:
    """The text that :func:`glue` stores: a string as it is, a number formatted with ``fmt``.

    ``fmt`` is a format spec (``".1f"``, ``".0f"``, ``"+.1f"``); a number's minus signs become the
    typographic minus (U+2212) that the chapters' prose uses. ``ValueError`` for a bool, a
    non-finite number, a format spec given with a string, or a value of another type.
    """
    if isinstance(value, str):
        if fmt:
            raise ValueError(f"fmt applies to numbers only; format the string yourself (got fmt={fmt!r})")
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"value must be a str or a real number (got {type(value).__name__}: {value!r})")
    if not math.isfinite(float(value)):
        raise ValueError(f"value must be a finite number (got {value!r})")
    try:
        text = format(value, fmt)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"fmt {fmt!r} is not a valid format spec for {value!r}: {exc}") from None
    return text.replace("-", "\u2212")


def glue_output(name: str, value: Any, fmt: str = "") -> tuple[dict, dict]:
    """(data, metadata) of the display output that :func:`glue` produces.

    The shape is exactly that of ``myst_nb.glue(name, text, display=False)``: the ``text/plain``
    repr of the text under :data:`GLUE_PREFIX`, and ``scrapbook`` metadata naming it. ``name``
    must start with a letter and hold only letters, digits and underscores (the role's syntax
    reserves ``:``).
    """
    if not isinstance(name, str) or not _GLUE_NAME.match(name):
        raise ValueError(f"name must start with a letter and hold only letters, digits and _ (got {name!r})")
    text = glue_text(value, fmt)
    return {GLUE_PREFIX + "text/plain": repr(text)}, {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}}


def glue(name: str, value: Any, fmt: str = "") -> None:
    """Store ``value`` for the prose of this chapter, without showing anything.

    Markdown cells insert it with MyST-NB's role ``{glue:text}`name```. The output is the one
    ``myst_nb.glue(name, text, display=False)`` writes, so the book build reads it; ``myst_nb`` itself
    is not imported, because the live notebooks (Binder, a class hub) run without it.
    """
    from IPython.display import display

    data, metadata = glue_output(name, value, fmt)
    display(data, raw=True, metadata=metadata)
