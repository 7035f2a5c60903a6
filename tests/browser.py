"""Debian's chromium for the browser tests (built book, live JupyterLab) and the live benchmark.

The flags that keep it from calling home (:data:`CHROMIUM_ARGS`, this machine has no internet),
starting it headless (:func:`chromium`) and watching a page (:func:`watch_page`). Which binary
(Debian's headless shell when installed) and installing it: ``tools/chromium.py``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from chromium import CHROMIUM, MISSING  # tools/chromium.py: which binary, and installing it

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
