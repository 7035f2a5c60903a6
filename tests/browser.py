"""Debian's chromium for the browser tests (built book, live JupyterLab) and the live benchmark.

One place for where chromium is (:data:`CHROMIUM`, from ``CRAMP_CHROMIUM``), the flags that keep
it from calling home (:data:`CHROMIUM_ARGS`, this machine has no internet), starting it headless
(:func:`chromium`) and watching a page (:func:`watch_page`). Run as a script (``make chromium``)
it makes sure chromium is there, installing Debian's package with apt when it can; it never
downloads a browser of its own (no ``playwright install``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

CHROMIUM = os.environ.get("CRAMP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-default-browser-check",
]
MISSING = (
    f"The browser tests need Debian's chromium at {CHROMIUM}, and it is missing.\n"
    "Install it as root with:  apt-get update && apt-get install -y chromium\n"
    "(or set CRAMP_CHROMIUM to a chromium binary; `make test` installs it when run as root). "
    "Do not use `playwright install`."
)


@contextmanager
def chromium():
    """Yield a headless chromium (playwright ``Browser``); ``RuntimeError`` if it is missing."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(MISSING)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watch_page(page) -> None:
    """Record console errors in ``page.console_errors`` (and responses with an error status in
    ``page.failed_responses``) and block every request that would leave 127.0.0.1, recording it in
    ``page.offsite_requests`` (data:, blob: and about: stay allowed)."""
    from urllib.parse import urlparse

    page.console_errors = []
    page.offsite_requests = []
    page.failed_responses = []  # "404 http://..." (a console error names no URL; this does)
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and page.failed_responses.append(f"{response.status} {response.url}")
        ),
    )
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))

    def guard(route):
        url = urlparse(route.request.url)
        if url.scheme in {"data", "blob", "about"} or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            page.offsite_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)


def ensure_chromium() -> int:
    """0 if chromium is there (installing Debian's package with apt-get as root), else 1."""
    if os.access(CHROMIUM, os.X_OK):
        return 0
    apt = shutil.which("apt-get")
    if os.geteuid() == 0 and apt:
        print(f"{CHROMIUM} is missing: installing Debian's chromium with apt-get", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run(
            [apt, "install", "-y", "-qq", "chromium"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        if os.access(CHROMIUM, os.X_OK):
            return 0
    print(MISSING, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(ensure_chromium())
