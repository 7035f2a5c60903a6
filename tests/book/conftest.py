"""Fixtures for the book tests: one build per session, a local static server, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import threading

import pytest

from book_site import BUILD_LOG, CHROMIUM, CHROMIUM_ARGS, HTML, JUPYTER_BOOK, ROOT, BuildResult


@pytest.fixture(scope="session")
def book_build() -> BuildResult:
    """Build the book exactly as `make book` does (execution cache kept between runs)."""
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="Agg")
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    output = proc.stdout + proc.stderr
    BUILD_LOG.parent.mkdir(exist_ok=True)
    BUILD_LOG.write_text(output)
    return BuildResult(proc.returncode, output)


@pytest.fixture(scope="session")
def site(book_build) -> str:
    """Serve _build/html on 127.0.0.1 and return its base URL."""
    if book_build.returncode != 0:
        pytest.fail(f"the book did not build; see {BUILD_LOG}")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make test` (it installs it) "
                    "or apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
