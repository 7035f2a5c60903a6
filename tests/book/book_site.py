"""Paths, the table of contents and page helpers shared by the book tests (chromium itself and
``watch_page``: :mod:`browser`)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from browser import watch_page
from pdf.assemble import toc_pages

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
BUILD_LOG = ROOT / "_build" / "build.log"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def toc_docnames() -> list[str]:
    """Every page of the table of contents, in order (root first): the order of the printed
    edition too (:func:`pdf.assemble.toc_pages`)."""
    return toc_pages(ROOT)


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str

    @property
    def warnings(self) -> list[str]:
        """Every line that says WARNING or ERROR, but for a chapter kernel's shutdown race."""
        lines = _without_kernel_shutdown_race(self.output.splitlines())
        return [line for line in lines if "WARNING" in line or "ERROR" in line]


#: A chapter's kernel, told to shut down after it ran, may print this traceback as it exits:
#: ipykernel 7.4.0 publishes "idle" after the shutdown request while its IOPub thread closes the
#: socket (``IOPubThread.schedule``; ipykernel pull request 1518 mended the same race in
#: ``_really_send`` only). It comes from the kernel process after the chapter ran, not from the book.
KERNEL_SHUTDOWN_RACE = (
    "ERROR:tornado.general:Uncaught exception in ZMQStream callback",
    "zmq.error.ZMQError: Socket operation on non-socket",
)


def _without_kernel_shutdown_race(lines: list[str]) -> list[str]:
    """``lines`` without the traceback of :data:`KERNEL_SHUTDOWN_RACE` (first line, traceback,
    last line; a traceback that ends otherwise is kept)."""
    first, last = KERNEL_SHUTDOWN_RACE
    kept, i = [], 0
    while i < len(lines):
        if lines[i].strip() == first:
            j = i + 1
            while j < len(lines) and (
                lines[j].startswith(("Traceback", " ")) or not lines[j].strip()
            ):
                j += 1
            block = "\n".join(lines[i : j + 1])
            if j < len(lines) and lines[j].strip() == last and "ipykernel" in block:
                i = j + 1
                continue
        kept.append(lines[i])
        i += 1
    return kept


# --- Browser helpers for the reader-experience tests --------------------------------------------

# A phone (iPhone 12-15 width, touch), a tablet in portrait and a laptop. Dark mode is the theme's own switch
# (localStorage "mode"), set before any script of the page runs.
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "tablet": {"viewport": {"width": 800, "height": 1100}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


def open_page(browser, viewport: str = "desktop", dark: bool = False):
    """A new browser context at VIEWPORT (``phone`` or ``desktop``) and its watched page."""
    context = browser.new_context(**VIEWPORTS[viewport])
    if dark:
        context.add_init_script("try { localStorage.setItem('mode', 'dark'); } catch (e) {}")
    page = context.new_page()
    watch_page(page)
    return context, page


def load(page, site: str, docname: str) -> None:
    """Open SITE/DOCNAME.html in PAGE and wait until the network is idle."""
    page.goto(f"{site}/{docname}.html", wait_until="load")
    page.wait_for_load_state("networkidle")


@contextmanager
def loaded_page(
    browser,
    site: str,
    docname: str | None = None,
    viewport: str = "desktop",
    dark: bool = False,
    before_load=None,
):
    """Yield a watched page at VIEWPORT (:func:`open_page`) with DOCNAME loaded (:func:`load`; no
    page when DOCNAME is None), and close its browser context afterwards, whatever happens.
    ``before_load(page)`` runs before the page is requested (to listen to its requests)."""
    context, page = open_page(browser, viewport, dark)
    try:
        if before_load is not None:
            before_load(page)
        if docname is not None:
            load(page, site, docname)
        yield page
    finally:
        context.close()


def axe_violations(page, within: str | None = None) -> list[dict]:
    """Every axe-core violation on the page as it is now (or only in the elements the CSS
    selector WITHIN selects): id, impact, help and the first target of each node."""
    from axe_playwright_python.sync_playwright import Axe

    # preload off: axe would re-fetch every stylesheet and resolve their @import URLs against the
    # page instead of the stylesheet (a 404 for /basic.css in the console, caused by the test).
    results = Axe().run(
        page, context=within, options={"resultTypes": ["violations"], "preload": False}
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [t for n in v["nodes"] for t in (n["target"][:1] or ["?"])],
        }
        for v in results.response["violations"]
    ]


def serious(violations: list[dict]) -> list[str]:
    """The violations of impact serious or critical, one line each."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(v["targets"][:3])
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


def serious_axe_violations(page, within: str | None = None) -> list[str]:
    """axe-core findings of impact serious or critical on the page as it is now (or in WITHIN)."""
    return serious(axe_violations(page, within))


# Contrast of an element's text (or of a border) against what is painted behind it, in the page:
# background colours of the element and its ancestors composited over white (WCAG 2 formula).
CONTRAST_JS = """
(el, what) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const layers = [];
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    layers.push(parse(getComputedStyle(node).backgroundColor));
  }
  let behind = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) behind = over(layers[i], behind);
  const style = getComputedStyle(el);
  let front = parse(what === 'border' ? style.borderTopColor : style.color);
  let against = behind;
  if (what === 'border') {
    // A border must stand out from the fill inside it and from the page outside: the weaker pair.
    let outside = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 1; i--) outside = over(layers[i], outside);
    against = [behind, outside];
  }
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  if (what === 'border') {
    front = over(front, against[0]);
    return Math.min(ratio(front, against[0]), ratio(front, against[1]));
  }
  return ratio(over(front, behind), behind);
}
"""


def contrast(locator, what: str = "text") -> float:
    """WCAG contrast ratio of LOCATOR's text colour (or border colour) against its background."""
    return locator.evaluate(CONTRAST_JS, what)
