"""Benchmark the static book's explorable figures (issue 12); prints markdown tables.

Run: .venv/bin/python tools/bench_explorable.py   (about 5-8 minutes on the 2-core machine).

In a scratch copy of the repository (your own _build is left alone):

1. clean book build (with execution and every state picture drawn), then a rebuild with nothing
   changed (every picture found in the cache and the stamps current);
2. what the figures add to the site: states, pictures, bytes;
3. in Debian's chromium on a local server: each widget chapter's first load (bytes the page
   fetches before any scrolling or interaction, as the browser tests count them), and a key
   press on a slider to the new picture painted (median and p95);
4. the same first loads with the explorable extension switched off (the book as it was: one
   PNG per widget), built from the same copy with the execution cache kept.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "tests"), str(ROOT / "tests" / "book")]

from bench import BIN, ENV, scratch_copy  # noqa: E402
from book_site import VIEWPORTS  # noqa: E402
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGES = [
    "chapters/00_how_to_use",
    "chapters/01_muscle",
    "chapters/02_electrolytes",
    "chapters/03_excitability",
    "chapters/04_force",
    "chapters/05_tonic_clonic",
    "chapters/09_specialists",
]
PRESSES = [
    ("chapters/04_force", "rate_hz"),
    ("chapters/02_electrolytes", "k_out_mM"),
    ("chapters/03_excitability", "amplitude_uA_cm2"),
    ("chapters/01_muscle", "excitation_pct"),
]
N_PRESSES = 20


def build(copy: Path) -> tuple[float, str]:
    # the copy's widgets package, not the working tree's, and caches of its own (empty the first
    # time: a clean build executes every chapter and draws every picture)
    env = dict(
        ENV,
        PYTHONPATH=str(copy),
        CRAMP_PICTURE_CACHE=str(copy / "_build" / "pictures"),
        CRAMP_EXECUTION_CACHE=str(copy / "_build" / "executed"),
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench_explorable: build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def first_loads(browser, base: str) -> dict:
    """{(docname, viewport): KB} fetched by a first load (load + network idle, no scrolling)."""
    out = {}
    for viewport in ("phone", "desktop"):
        for docname in PAGES:
            context = browser.new_context(**VIEWPORTS[viewport])
            page = context.new_page()
            sizes = {}
            page.on(
                "requestfinished",
                lambda r, sizes=sizes: sizes.__setitem__(
                    r.url, (r.sizes() or {}).get("responseBodySize", 0)
                ),
            )
            page.goto(f"{base}/{docname}.html", wait_until="load")
            page.wait_for_load_state("networkidle")
            out[(docname, viewport)] = sum(sizes.values()) / 1024
            context.close()
    return out


def key_presses(browser, base: str) -> list[float]:
    """Key press on a slider to the new picture painted (ms), N_PRESSES per widget."""
    times = []
    context = browser.new_context(**VIEWPORTS["desktop"])
    page = context.new_page()
    for docname, name in PRESSES:
        page.goto(f"{base}/{docname}.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        figure = page.locator(
            "figure.cramp-explorable", has=page.locator(f"[name='{name}']")
        ).first
        field = figure.locator(f"[name='{name}']")
        figure.wait_for()
        page.wait_for_function(
            "f => f.getAttribute('data-cx-ready') === 'true'", arg=figure.element_handle()
        )
        figure.evaluate(
            "f => { f.__shown = []; f.addEventListener('cx-shown', e => f.__shown.push(e.detail)); }"
        )
        page.evaluate(
            "() => { window.__t0 = []; document.addEventListener('keydown', "
            "e => window.__t0.push(e.timeStamp), true); }"
        )
        field.scroll_into_view_if_needed()
        field.focus()
        for i in range(N_PRESSES):
            before = figure.evaluate("f => f.__shown.length")
            page.keyboard.press("ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft")
            page.wait_for_function(
                "([f, n]) => f.__shown.length > n", arg=[figure.element_handle(), before]
            )
            times.append(
                page.evaluate(
                    "f => f.__shown[f.__shown.length - 1].painted - "
                    "window.__t0[window.__t0.length - 1]",
                    figure.element_handle(),
                )
            )
    context.close()
    return times


def without_explorable(copy: Path) -> None:
    config = copy / "_config.yml"
    config.write_text(re.sub(r"\n\s*explorable: _ext[^\n]*", "", config.read_text()))
    for name in ("explorable.js", "explorable.css"):
        (copy / "_static" / name).unlink(missing_ok=True)


def main() -> int:
    from playwright.sync_api import sync_playwright

    copy = scratch_copy()
    try:
        clean, log = build(copy)
        print(f"bench_explorable: clean build {clean:.0f} s", file=sys.stderr, flush=True)
        rebuild, _ = build(copy)
        match = re.search(
            r"explorable: (\d+) figures, (\d+) states \((\d+) drawn\) in ([\d.]+) s", log
        )
        figures, states, drawn, draw_s = match.groups() if match else ("?", "?", "?", "?")
        site = copy / "_build" / "html" / "_static" / "explorable"
        pictures = list(site.rglob("*.webp"))
        site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        per_figure = {}
        for folder in sorted(p for p in site.iterdir() if p.is_dir()):
            index = json.loads((folder / "states.json").read_text())
            per_figure[index["widget"].rsplit(".", 1)[-1]] = len(index["states"])
        server, base = serve(copy / "_build" / "html")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            after = first_loads(browser, base)
            presses = key_presses(browser, base)
            without_explorable(copy)
            build(copy)
            before = first_loads(browser, base)
            browser.close()
        server.shutdown()
    finally:
        subprocess.run(["rm", "-rf", str(copy)], check=False)

    presses.sort()
    p95 = presses[min(len(presses) - 1, round(0.95 * (len(presses) - 1)))]
    print("### Explorable figures in the static book\n")
    print("| measurement | value | target |")
    print("|---|---|---|")
    print(f"| clean book build, with execution and every state drawn | {clean:.1f} s | < 240 s |")
    print(
        f"| of which drawing {drawn} states ({os.cpu_count()} processes) | {float(draw_s):.1f} s | - |"
        if draw_s != "?"
        else "| drawing the states | ? | - |"
    )
    print(f"| rebuild, nothing changed | {rebuild:.1f} s | < 15 s |")
    print(f"| figures / states / WebP pictures | {figures} / {states} / {len(pictures)} | - |")
    print(f"| site size added (`_static/explorable`) | {site_bytes / 1e6:.1f} MB | - |")
    print(
        f"| key press to new picture painted ({len(presses)} presses, 4 widgets) | median "
        f"{statistics.median(presses):.0f} ms, p95 {p95:.0f} ms | p95 < 100 ms |"
    )
    print("\nStates per figure: " + ", ".join(f"{k} {v}" for k, v in per_figure.items()) + "\n")
    print(
        "| chapter | first load, phone: before / after (KB) | laptop: before / after (KB) | change |"
    )
    print("|---|---:|---:|---:|")
    for docname in PAGES:
        b_p, a_p = before[(docname, "phone")], after[(docname, "phone")]
        b_d, a_d = before[(docname, "desktop")], after[(docname, "desktop")]
        worst = max(a_p / b_p, a_d / b_d) - 1
        print(
            f"| {docname.split('/')[-1]} | {b_p:.0f} / {a_p:.0f} | {b_d:.0f} / {a_d:.0f} | "
            f"{100 * worst:+.1f} % |"
        )
    print("\nTarget: first load within +10 % of the book without explorable figures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
