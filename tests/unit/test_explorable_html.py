"""Explorable figures in the static book, without a browser (continued from test_explorable.py):
the HTML controls each figure gets, the renderer's fallback and the stored notebooks' size."""

from __future__ import annotations

import html.parser
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from widgets.book import AltTextImages
from widgets.book import explorable as ex
from widgets.book.explorable_html import PHONE_MEDIA, PICTURE_ALT, explorable_html
from widgets.clinical.specialists import FINDINGS
from widgets.ui import (
    WIDGETS,
    ExcitabilityLab,
    ForceSummation,
    SpecialistFinder,
)

ROOT = Path(__file__).resolve().parents[2]
#: every registered widget: a new one is in every test here and in the state budget
CLASSES = list(WIDGETS.values())


# --- HTML and the renderer --------------------------------------------------------------------------


class _Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_html_controls_are_labelled_bounded_and_disabled_until_the_script_runs(cls, specs):
    spec = specs[cls]
    parser = _Parser()
    parser.feed(explorable_html(spec, "cxT"))
    tags = parser.tags
    labels = {a.get("for") for t, a in tags if t == "label"}
    fields = [(t, a) for t, a in tags if t in ("input", "select")]
    assert len(fields) == len(spec["controls"]) + bool(spec["scenarios"])
    for _tag, attrs in fields:
        assert attrs["id"] in labels and "disabled" in attrs
    by_name = {c["name"]: c for c in spec["controls"]}
    for _tag, attrs in fields:
        if attrs.get("type") == "range":
            c = by_name[attrs["name"]]
            assert (float(attrs["min"]), float(attrs["max"]), float(attrs["step"])) == (
                c["min"],
                c["max"],
                c["step"],
            )
            assert attrs["aria-valuetext"].endswith(c["unit"])
    text = "".join(parser.text)
    assert "Run the chapter live" in text
    if cls is SpecialistFinder:
        assert sum(t == "fieldset" for t, _ in tags) == len(FINDINGS)
        assert any(a.get("role") == "status" for _, a in tags)
        assert any(t == "figure" and a.get("data-cx-rules") == "%%CX_RULES%%" for t, a in tags)
    else:
        (img,) = [a for t, a in tags if t == "img"]
        # named by its title; a short alt (the description is read once, under the controls)
        (figure,) = [a for t, a in tags if t == "figure"]
        (heading,) = [a for t, a in tags if t == "h3"]
        assert figure["aria-labelledby"] == heading["id"]
        assert img["alt"] == PICTURE_ALT and img["loading"] == "lazy" and spec["alt"] in text
        assert [int(img["width"]), int(img["height"])] == spec["size_px"]
        assert img["src"] == f"%%CX_ROOT%%{ex.spec_id(spec)}/initial.webp"
        # the one live region is the short status line, not the long description
        (live,) = [a for _, a in tags if a.get("aria-live") == "polite"]
        assert "cx-status" in live["class"] and live["role"] == "status"
        # every range has a - and a + button (WCAG 2.2 2.5.7), and the picture can be enlarged
        ranges = sum(c["kind"] == "range" for c in spec["controls"])
        assert sum("cx-step" in a.get("class", "") for t, a in tags if t == "button") == 2 * ranges
        assert any("cramp-enlarge" in a.get("class", "") for t, a in tags if t == "a")
        phones = [a for t, a in tags if t == "source"]
        assert len(phones) == ("phone" in spec["layouts"])
        if phones:
            assert (
                phones[0]["srcset"].endswith("/initial.phone.webp")
                and phones[0]["media"] == PHONE_MEDIA
            )
        assert "Precomputed pictures: move one control at a time" in text
    script = re.search(
        r'<script type="application/json" class="cx-spec">(.*?)</script>',
        explorable_html(spec, "cxT"),
        re.S,
    ).group(1)
    data = json.loads(script)
    assert data["id"] == ex.spec_id(spec) and len(data["controls"]) == len(spec["controls"])


class _Renderer:
    def __init__(self, env=None):
        self.renderer = SimpleNamespace(sphinx_env=env)
        self.warnings = []
        self.logger = SimpleNamespace(warning=lambda msg, **kw: self.warnings.append(msg))


def _mime(spec):
    return SimpleNamespace(
        mime_type=ex.MIME,
        content=spec,
        output_metadata={},
        cell_metadata={},
        line=1,
        cell_index=3,
        output_index=0,
    )


def test_renderer_records_the_spec_and_falls_back_to_the_png_without_the_extension(specs):
    spec = specs[ForceSummation]
    renderer = _Renderer()
    assert AltTextImages.handle_mime(renderer, _mime(spec), False) == []
    env = SimpleNamespace(cramp_explorables={}, docname="chapters/04_force")
    nodes = AltTextImages.handle_mime(_Renderer(env), _mime(json.dumps(spec)), False)
    assert len(nodes) == 1 and 'id="cx3-0"' in nodes[0].astext()
    assert env.cramp_explorables == {"chapters/04_force": {ex.spec_id(spec): spec}}
    assert renderer.warnings == []
    priorities = {(b, m): p for b, m, p in AltTextImages.mime_priority_overrides}
    assert priorities[("html", ex.MIME)] < 50  # before image/png (50) in MyST-NB's HTML list


def test_page_links_are_filled_in():
    from explorable import fill_links, launch_url

    body = explorable_html(ForceSummation().explorable_spec(), "cx1-0")
    context = {
        "header_buttons": [
            {
                "label": "launch-buttons",
                "buttons": [
                    {"type": "link", "text": "Colab", "url": "https://colab.example/x"},
                    {
                        "type": "link",
                        "text": "Binder",
                        "url": "https://binder.example/v2/gh/o/r/main?urlpath=lab/tree/c.ipynb",
                    },
                ],
            }
        ]
    }
    assert launch_url(context).startswith("https://binder.example")
    filled = fill_links(
        body, "../_static/explorable/", "../_static/explorable/r.json", launch_url(context)
    )
    assert "%%CX_" not in filled and 'src="../_static/explorable/' in filled
    assert 'href="https://binder.example/v2/gh/o/r/main?urlpath=lab/tree/c.ipynb"' in filled
    plain = fill_links(body, "", "", "")
    assert "cx-launch" not in plain and "Run the chapter live for every combination" in plain


# --- the stored notebooks -----------------------------------------------------------------------------


def _explorable_outputs(nb: dict) -> list[dict]:
    return [
        o["data"][ex.MIME]
        for cell in nb["cells"]
        for o in cell.get("outputs", [])
        if ex.MIME in o.get("data", {})
    ]


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_widget_output_carries_its_spec_and_stays_small(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    widgets = [
        o
        for cell in nb["cells"]
        for o in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    specs = _explorable_outputs(nb)
    assert len(specs) == len(widgets), f"{path.name}: a widget output without its explorable spec"
    added = sum(len(json.dumps(s, indent=1, ensure_ascii=False)) for s in specs)
    assert added < 0.10 * (path.stat().st_size - added), f"{path.name}: specs add {added} bytes"


def test_the_book_picture_is_encoded_from_the_pixels_of_the_widget_picture():
    """The build encodes the unencoded pixels of a render; they are those of ``static_png()``."""
    view = ExcitabilityLab(amplitude_uA_cm2=3.0)
    with Image.open(io.BytesIO(view.static_png())) as image:
        from_png = np.asarray(image.convert("RGB"))
    pixels = view.static_pixels()
    assert pixels.shape == from_png.shape and pixels.dtype == np.uint8
    assert np.array_equal(pixels, from_png)
    assert ex.to_webp(pixels) == ex.to_webp(from_png)
