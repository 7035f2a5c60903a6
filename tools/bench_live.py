"""Browser benchmark: one keyboard step on a widget's slider to changed pixels, in real JupyterLab.

For each widget of ``widgets.ui.WIDGETS`` whose demo control is a slider: open a notebook with it
in JupyterLab (127.0.0.1, throwaway workspace, Debian's chromium driven by playwright), run it,
focus that slider and press the arrow keys; each step is timed in the page from the keydown to
the new figure image decoded and painted. Prints a markdown table of the median and p95.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the shared test helpers

from browser import chromium, watch_page
from live.jupyterlab_session import (
    jupyterlab,
    notebook,
    open_and_run,
    slider_demos,
    slider_step_ms,
)

STEPS = 10


def main() -> int:
    rows = []
    with jupyterlab() as (base, token, work), chromium() as browser:
        for name, code, slider in slider_demos():
            (work / f"bench_{name}.ipynb").write_text(json.dumps(notebook([code])))
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            watch_page(page)
            open_and_run(page, base, token, f"bench_{name}.ipynb")
            page.locator("img.cramp-figure").first.wait_for(timeout=60_000)
            slider_step_ms(page, slider, "ArrowRight")  # warm-up (first redraw builds caches)
            times = []
            for i in range(STEPS):
                key = "ArrowRight" if (i // 3) % 2 == 0 else "ArrowLeft"
                times.append(slider_step_ms(page, slider, key)["ms"])
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((code.splitlines()[-1], len(times), statistics.median(times), p95))
            page.close()
    print("### Live widgets in JupyterLab + Chromium: keyboard step to changed pixels\n")
    print("| widget | steps | median (ms) | p95 (ms) | target |")
    print("|---|---:|---:|---:|---|")
    for call, n, med, p95 in rows:
        print(f"| `{call}` | {n} | {med:.0f} | {p95:.0f} | median < 120 ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
