"""Fixtures for the live-widget tests: one JupyterLab and one browser for the session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book"))

from book_site import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from jupyterlab_session import jupyterlab  # noqa: E402


@pytest.fixture(scope="session")
def lab():
    with jupyterlab() as session:
        yield session


@pytest.fixture(scope="session")
def lab_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
