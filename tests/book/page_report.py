"""One load of a page per viewport, read by every read-only browser test of that page.

Loading a chapter in chromium and running axe-core on it are the expensive steps of the browser
tests (about 1-2 processor-seconds each). The checks that only read a page (it loads, its alt
texts, it fits its width, its first-load bytes, its notice bar, its exercise numbers, its wide
equations, its axe-core findings) all read one :class:`PageReport`, made by one load of the page
at one viewport, once per test run: the first pytest-xdist worker to ask makes it, under a file
lock, and every worker reads it back (:func:`shared_report`).
"""

from __future__ import annotations

import fcntl
import json
import shutil
import time
from dataclasses import asdict, dataclass

import pytest
from book_site import BUILD_LOG, axe_violations, loaded_page, serious

#: the reports of each test run, one folder per run (older runs' folders are removed after a day)
REPORTS = BUILD_LOG.with_name("page-reports")

#: the equations of a page once MathJax has typeset them: where each ends, whether it overflows,
#: and how it lets a reader scroll it
EQUATIONS_JS = """() => {
  const column = document.querySelector('article.bd-article').getBoundingClientRect().right;
  return {column, boxes: Array.from(document.querySelectorAll('article mjx-container[display="true"]'))
    .map(e => ({right: e.getBoundingClientRect().right, sw: e.scrollWidth, cw: e.clientWidth,
                ox: getComputedStyle(e).overflowX, tab: e.getAttribute('tabindex'),
                cue: e.classList.contains('cramp-scrolls')}))};
}"""

SIDEWAYS_JS = """() => {
  const root = document.scrollingElement;
  const empty = Array.from(document.querySelectorAll('.cell_output .output'))
    .filter(o => o.offsetHeight > 0 && !o.innerText.trim() && !o.querySelector('img, svg, canvas, iframe, .cq-quiz, style, script'));
  return {scroll: root.scrollWidth - root.clientWidth, empty: empty.length};
}"""

BANNER_JS = """() => {
  const el = document.querySelector('.bd-header-announcement__content');
  if (!el) return null;
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
  const link = el.querySelector('a');
  return {count: document.querySelectorAll('.bd-header-announcement__content').length,
          text: el.innerText.split(/\\s+/).filter(Boolean).join(' '),
          lines: tops.size, clipped: el.scrollWidth > el.clientWidth + 1,
          height: el.closest('.bd-header-announcement').getBoundingClientRect().height,
          href: link && link.getAttribute('href'), target: link && link.href};
}"""

EXERCISES_JS = """() => ({
  exercises: Array.from(document.querySelectorAll('div.exercise > p.admonition-title')).map(e => e.innerText.trim()),
  solutions: Array.from(document.querySelectorAll('div.solution > p.admonition-title')).map(e => e.innerText.split(/\\s+/).filter(Boolean).join(' ')),
  solution_links: document.querySelectorAll('div.solution > p.admonition-title a').length,
})"""

IMAGES_JS = """() => {
  const imgs = Array.from(document.querySelectorAll('article.bd-article img'));
  return {all_alts: Array.from(document.querySelectorAll('img')).map(i => i.getAttribute('alt')),
          article: imgs.length, eager: imgs.filter(i => i.loading !== 'lazy').map(i => i.src)};
}"""


@dataclass(frozen=True)
class PageReport:
    """What one load of DOCNAME at VIEWPORT showed (see the module's docstring)."""

    docname: str
    viewport: str
    status: int
    visible_h1: int
    first_load: dict[str, int]  # URL -> response bytes, requested before the page was idle
    has_maths: bool
    images: dict  # all_alts (every img's alt), article (count), eager (srcs without lazy loading)
    sideways: dict  # scroll (px past the viewport), empty (empty output boxes shown)
    banner: dict | None  # the notice bar: text, lines, clipped, height, href, target, target_ok
    exercises: dict  # exercise and solution titles, links inside solution titles
    equations: dict | None  # column right edge and each display equation's box (maths pages)
    axe: list[dict]  # every axe-core violation: id, impact, help, targets
    console_errors: list[str]
    failed_responses: list[str]
    offsite_requests: list[str]

    def serious(self) -> list[str]:
        """axe-core findings of impact serious or critical, one line each."""
        return serious(self.axe)


def make_report(browser, site: str, docname: str, viewport: str) -> PageReport:
    """Load DOCNAME at VIEWPORT once, read everything the read-only tests check, run axe-core
    (after MathJax has typeset the maths), and close the page."""
    sizes: dict[str, int] = {}
    first: dict[str, int] = {}

    def measure(page):
        page.on(
            "requestfinished",
            lambda request: sizes.__setitem__(
                request.url, (request.sizes() or {}).get("responseBodySize", 0)
            ),
        )
        page.on(
            "response", lambda r: r.url.endswith(f"/{docname}.html") and first.update(s=r.status)
        )

    with loaded_page(browser, site, docname, viewport, before_load=measure) as page:
        first_load = dict(sizes)
        has_maths = page.locator("article .math").count() > 0
        images = page.evaluate(IMAGES_JS)
        sideways = page.evaluate(SIDEWAYS_JS)
        banner = page.evaluate(BANNER_JS)
        if banner and banner["target"]:
            banner["target_ok"] = page.request.get(banner["target"]).ok
        exercises = page.evaluate(EXERCISES_JS)
        equations = None
        if page.locator("article mjx-container, article .math").count():
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
            page.evaluate("MathJax.startup.promise")
            page.wait_for_timeout(300)
            equations = page.evaluate(EQUATIONS_JS)
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        axe = axe_violations(page)
        return PageReport(
            docname=docname,
            viewport=viewport,
            status=first.get("s", 0),
            visible_h1=page.locator("h1:visible").count(),
            first_load=first_load,
            has_maths=has_maths,
            images=images,
            sideways=sideways,
            banner=banner,
            exercises=exercises,
            equations=equations,
            axe=axe,
            console_errors=list(page.console_errors),
            failed_responses=list(page.failed_responses),
            offsite_requests=list(page.offsite_requests),
        )


def shared_report(run: str, browser, site: str, docname: str, viewport: str) -> PageReport:
    """The report of DOCNAME at VIEWPORT for test run RUN: made by the first worker that asks
    (the others wait on its file lock) and read back from JSON by every later request."""
    folder = REPORTS / run
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        for old in REPORTS.iterdir():
            if old != folder and old.stat().st_mtime < time.time() - 86_400:
                shutil.rmtree(old, ignore_errors=True)
    path = folder / f"{docname.replace('/', '--')}@{viewport}.json"
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file():
            return PageReport(**json.loads(path.read_text()))
        report = make_report(browser, site, docname, viewport)
        path.write_text(json.dumps(asdict(report)))
        return report


def per_page(docnames, viewports) -> list:
    """Parameters (docname, viewport) for every page at every viewport, named "docname-viewport"."""
    return [
        pytest.param(doc, viewport, id=f"{doc}-{viewport}")
        for doc in docnames
        for viewport in viewports
    ]
