"""Fixtures for the book tests: one build per test run, shared by every test and every
pytest-xdist worker, and a local static server (the browser fixture is shared with the live tests:
``tests/conftest.py``)."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
import uuid

import pytest
from book_site import BUILD_LOG, HTML, JUPYTER_BOOK, ROOT, BuildResult
from page_report import PageReport, shared_report

#: the build's outcome, recorded for the other workers of the same run
BUILD_STAMP = BUILD_LOG.with_name("build-result.json")
RUN_ID = "CRAMP_TEST_RUN"  # set by tests/conftest.py; the xdist workers inherit it


def build_book() -> BuildResult:
    """Build the book exactly as `make book` does (the caches in _build are kept)."""
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


def shared_build(run: str) -> BuildResult:
    """The build of test run ``run``: the first worker to get here builds, the others wait for it
    (a file lock) and read its result."""
    BUILD_LOG.parent.mkdir(exist_ok=True)
    with open(BUILD_STAMP.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            stamp = json.loads(BUILD_STAMP.read_text())
        except (OSError, ValueError):
            stamp = {}
        if stamp.get("run") == run and BUILD_LOG.is_file():
            return BuildResult(stamp["returncode"], BUILD_LOG.read_text())
        result = build_book()
        BUILD_STAMP.write_text(json.dumps({"run": run, "returncode": result.returncode}))
        return result


@pytest.fixture(scope="session")
def run_name() -> str:
    """The name of this test run, the same in every pytest-xdist worker (tests/conftest.py)."""
    return os.environ.get(RUN_ID) or uuid.uuid4().hex


@pytest.fixture(scope="session")
def book_build(run_name) -> BuildResult:
    """The book built once for this test run (see :func:`shared_build`)."""
    return shared_build(run_name)


@pytest.fixture(scope="session")
def site(book_build) -> str:
    """Serve _build/html on 127.0.0.1 and return its base URL."""
    if book_build.returncode != 0:
        pytest.fail(f"the book did not build; see {BUILD_LOG}")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def page_report(browser, site, run_name):
    """report(docname, viewport="desktop") -> the :class:`PageReport` of one load of that page in
    this test run, whichever worker made it (:func:`page_report.shared_report`)."""
    reports: dict[tuple[str, str], PageReport] = {}

    def report(docname: str, viewport: str = "desktop") -> PageReport:
        if (docname, viewport) not in reports:
            reports[docname, viewport] = shared_report(run_name, browser, site, docname, viewport)
        return reports[docname, viewport]

    return report


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a page closed while a file was still on its way (a test ended): not a failure
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
