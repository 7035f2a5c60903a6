"""Browser benchmark: one keyboard step on a widget's slider to changed pixels, in real JupyterLab.

For each widget: open a notebook with it in JupyterLab (127.0.0.1, throwaway workspace, Debian's
chromium driven by playwright), run it, focus a slider and press the arrow keys; each step is
timed in the page from the keydown to the new figure image decoded and painted. Prints a markdown
table of the median and p95 over the steps.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "live"), str(ROOT / "tests" / "book")]

from book_site import CHROMIUM, CHROMIUM_ARGS, watch_page  # noqa: E402
from jupyterlab_session import jupyterlab, notebook, open_and_run, slider_step_ms  # noqa: E402

WIDGETS = [  # (call, slider index, steps): sliders whose every step changes the picture
    ("ElectrolyteExplorer()", 0, 10),
    ("ExcitabilityLab()", 0, 10),
    ("ForceSummation()", 0, 10),
    ("MotorUnitRecruitment()", 0, 10),
    ("TonicClonicExplorer(pattern='clonus')", 0, 6),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    rows = []
    with jupyterlab() as (base, token, work), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for call, slider, steps in WIDGETS:
            cls = call.split("(")[0]
            name = f"bench_{cls}.ipynb"
            (work / name).write_text(json.dumps(notebook([f"from widgets.ui import {cls}\n{call}"])))
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            watch_page(page)
            open_and_run(page, base, token, name)
            page.locator("img.cramp-figure").first.wait_for(timeout=60_000)
            slider_step_ms(page, slider, "ArrowRight")  # warm-up (first redraw builds caches)
            times = []
            for i in range(steps):
                key = "ArrowRight" if (i // 3) % 2 == 0 else "ArrowLeft"
                times.append(slider_step_ms(page, slider, key)["ms"])
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((call, len(times), statistics.median(times), p95))
            page.close()
        browser.close()
    print("### Live widgets in JupyterLab + Chromium: keyboard step to changed pixels\n")
    print("| widget | steps | median (ms) | p95 (ms) | target |")
    print("|---|---:|---:|---:|---|")
    for call, n, med, p95 in rows:
        print(f"| `{call}` | {n} | {med:.0f} | {p95:.0f} | median < 120 ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
