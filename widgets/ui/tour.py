"""Every course widget at a glance, from the registry :data:`widgets.ui.WIDGETS`: its controls,
with their units and ranges, as a Markdown list (the tour in chapter 0; a list reads better than a
table on a phone)."""

from __future__ import annotations

from widgets.physiology.numbers import number_text
from widgets.ui.explorable_spec import control_spec


def _number(x: float) -> str:
    return number_text(x, "g")


def _control_text(spec: dict) -> str:
    if spec["kind"] == "range":
        unit = f" {spec['unit']}" if spec["unit"] else ""
        return f"{spec['label']}: {_number(spec['min'])} to {_number(spec['max'])}{unit}"
    if spec["kind"] == "select":
        labels = [label for label, _ in spec["options"]]
        if any("," in label for label in labels):
            return f"{spec['label']}: " + " / ".join(labels)
        return f"{spec['label']}: " + ", ".join(labels[:-1]) + f" or {labels[-1]}"
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
    """A Markdown list: one item per widget (registry order), its title and controls (the code cells
    below the list show each widget's name, the one to call in a live notebook)."""
    from widgets.ui import WIDGETS

    items = []
    for cls in (widgets or WIDGETS).values():
        view = cls()
        items.append(f"- **{view.title}**: {controls_summary(view)}.")
    return "\n".join(items)
