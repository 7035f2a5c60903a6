"""Fixtures for the live-widget tests: one JupyterLab for the session (the browser fixture is
shared with the book tests: ``tests/conftest.py``)."""

from __future__ import annotations

import pytest
from jupyterlab_session import jupyterlab


@pytest.fixture(scope="session")
def lab():
    with jupyterlab() as session:
        yield session
