"""Fixtures for the book tests: one build per session and a local static server (the browser
fixture is shared with the live tests: ``tests/conftest.py``)."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import threading

import pytest
from book_site import BUILD_LOG, HTML, JUPYTER_BOOK, ROOT, BuildResult


@pytest.fixture(scope="session")
def book_build() -> BuildResult:
    """Build the book exactly as `make book` does (execution cache kept between runs)."""
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="Agg")
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
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
