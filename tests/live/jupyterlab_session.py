"""Start JupyterLab on 127.0.0.1 in a throwaway workspace, and drive a notebook in it.

Used by the live-widget browser tests and by `make bench` (slider-to-pixels latency).
Nothing is written outside the temporary folder: config, runtime, workspaces and settings dirs
all live there, news and update checks are off, and the browser blocks every off-machine request.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def slider_demos() -> list[tuple[str, str, int]]:
    """(widget name, notebook code that shows it, index of its demo slider among the page's
    sliders) for every widget of ``widgets.ui.WIDGETS`` whose demo control is a slider."""
    import ipywidgets as ipw

    from widgets.ui import WIDGETS

    demos = []
    for name, cls in WIDGETS.items():
        sliders = [
            n
            for n, c in cls(**cls.demo.setup).controls.items()
            if isinstance(c, (ipw.FloatSlider, ipw.IntSlider))
        ]
        if cls.demo.control in sliders:
            args = ", ".join(f"{key}={value!r}" for key, value in cls.demo.setup.items())
            demos.append(
                (
                    name,
                    f"from widgets.ui import {name}\n{name}({args})",
                    sliders.index(cls.demo.control),
                )
            )
    return demos


def notebook(cells: list[str]) -> dict:
    """A minimal nbformat-4 notebook with these code cells."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "id": f"cell-{i}",
                "metadata": {},
                "source": src,
                "outputs": [],
                "execution_count": None,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@contextmanager
def jupyterlab(timeout_s: float = 300.0):  # a guard: a busy machine starts it slowly
    """Yield ``(base_url, token, workspace_dir)`` of a running JupyterLab; stop it afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="cramp-lab-live-"))
    work = tmp / "work"
    work.mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    cmd = [
        str(BIN / "jupyter-lab"),
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.open_browser=False",
        "--ServerApp.allow_root=True",
        "--LabApp.extension_manager=readonly",
    ]
    (tmp / "config").mkdir()
    # No news: the announcements plugin pops up a toast (which can take the keyboard focus) and
    # would fetch a feed from the internet.
    (tmp / "config" / "labconfig").mkdir()
    (tmp / "config" / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    log = open(tmp / "jupyterlab.log", "w")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as resp:
                    json.load(resp)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        "JupyterLab did not start:\n"
                        + (tmp / "jupyterlab.log").read_text()[-3000:]
                    ) from None
                time.sleep(0.3)
        yield base, token, work
    except Exception:
        log.flush()
        print((tmp / "jupyterlab.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _start_session(base: str, token: str, name: str) -> None:
    body = json.dumps(
        {"path": name, "name": name, "type": "notebook", "kernel": {"name": "python3"}}
    ).encode()
    request = urllib.request.Request(
        f"{base}/api/sessions?token={token}",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as resp:
        json.load(resp)


def _wait_for_connected_idle_kernel(page, base: str, token: str, timeout_s: float) -> None:
    """Wait until the server has a kernel that is idle and has a client connected.

    Waits with ``page.wait_for_timeout`` (never ``time.sleep``): playwright's sync API serves the
    page's routed requests only while Python is inside a playwright call.
    """
    deadline = time.monotonic() + timeout_s
    kernels: list = []
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=5) as resp:
                kernels = json.load(resp)
        except OSError:  # a busy server answers late: ask again until the deadline
            page.wait_for_timeout(200)
            continue
        if any(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels):
            page.wait_for_timeout(500)  # let the page finish its own kernel-info handshake
            return
        page.wait_for_timeout(200)
    raise TimeoutError(f"no connected, idle kernel within the timeout: {kernels}")


def open_and_run(page, base: str, token: str, name: str, timeout_ms: int = 90_000) -> None:
    """Open notebook ``name`` in JupyterLab, run all its cells and wait until every one has run."""
    _start_session(
        base, token, name
    )  # the page attaches to this kernel instead of starting its own
    page.goto(f"{base}/lab/tree/{name}?token={token}&reset", wait_until="domcontentloaded")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout_ms)
    _wait_for_connected_idle_kernel(page, base, token, timeout_ms / 1000)
    page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first.click()
    page.keyboard.press("Escape")  # command mode
    n_cells = page.locator(".jp-Notebook .jp-CodeCell").count()
    for i in range(n_cells):
        page.keyboard.press("Shift+Enter" if i < n_cells - 1 else "Control+Enter")
    page.wait_for_function(
        "(n) => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].slice(0, n);"
        " return p.length === n && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }",
        arg=n_cells,
        timeout=timeout_ms,
    )


# Focus the index-th slider of the page and arm a timer: from the keydown that reaches the page
# to the moment the same output's figure shows a new image (src changed, decoded, painted).
ARM_SLIDER_JS = """
(index) => {
  const handles = [...document.querySelectorAll('.jp-OutputArea [role="slider"]')];
  if (index >= handles.length) { throw new Error(`only ${handles.length} sliders`); }
  const handle = handles[index];
  const figure = handle.closest('.jp-OutputArea').querySelector('img.cramp-figure');
  const before = figure.src;
  window.crampStep = new Promise((resolve, reject) => {
    let start = null;
    setTimeout(() => reject(new Error('the figure did not change within 20 s')), 20000);
    document.addEventListener('keydown', () => { start = performance.now(); }, {capture: true, once: true});
    const obs = new MutationObserver(async () => {
      if (figure.src === before) { return; }
      obs.disconnect();
      await figure.decode().catch(() => null);
      requestAnimationFrame(() => resolve({ms: performance.now() - start, before, after: figure.src}));
    });
    obs.observe(figure, {attributes: true, attributeFilter: ['src']});
  });
  handle.focus();
  return handles.length;
}
"""


def slider_step_ms(page, index: int = 0, key: str = "ArrowRight") -> dict:
    """Press ``key`` on slider ``index`` and return {"ms", "before", "after"} of its figure."""
    page.evaluate(ARM_SLIDER_JS, index)
    page.keyboard.press(key)
    return page.evaluate("() => window.crampStep")
