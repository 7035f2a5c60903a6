"""Every course widget at a glance, from the registry :data:`widgets.ui.WIDGETS`: its controls,
with their units and ranges, as a Markdown table (the tour in chapter 0)."""

from __future__ import annotations

from widgets.ui.explorable_spec import control_spec


def _number(x: float) -> str:
    return f"{x:g}".replace("-", "\u2212")


def _control_text(spec: dict) -> str:
    if spec["kind"] == "range":
        unit = f" {spec['unit']}" if spec["unit"] else ""
        return f"{spec['label']}: {_number(spec['min'])} to {_number(spec['max'])}{unit}"
    if spec["kind"] == "select":
        return f"{spec['label']}: " + " / ".join(label for label, _ in spec["options"])
    return spec["label"]


def controls_summary(view) -> str:
    """The controls of ``view`` in one line; a long list of check boxes is counted, not listed."""
    specs = [control_spec(name, control) for name, control in view.controls.items()]
    boxes = [s for s in specs if s["kind"] == "checkbox"]
    if len(boxes) > 6:
        specs = [s for s in specs if s["kind"] != "checkbox"]
        return "; ".join([*map(_control_text, specs), f"{len(boxes)} findings to tick"])
    return "; ".join(map(_control_text, specs))


def tour_markdown(widgets: dict | None = None) -> str:
    """A Markdown table: one row per widget (registry order) with its title and its controls."""
    from widgets.ui import WIDGETS

    rows = ["| widget | what it shows | what you can set |", "|---|---|---|"]
    for name, cls in (widgets or WIDGETS).items():
        view = cls()
        rows.append(f"| `{name}` | {view.title} | {controls_summary(view)} |")
    return "\n".join(rows)
