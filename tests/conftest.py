"""Shared test helpers live beside this file (``red_flag_mentions``, ``browser``,
``triage_vignettes``); pytest's ``pythonpath`` option (pyproject.toml) puts this folder, ``_ext``
and ``tools`` on ``sys.path``, so tests import them by name.

The one browser fixture of the book and live tests is here: Debian's chromium, started once per
session (see :mod:`browser`)."""

import os
import uuid

import pytest


def pytest_configure(config):
    """Name this test run; pytest-xdist's workers inherit the name, so that the book tests build
    the book once per run however many workers share it (``tests/book/conftest.py``)."""
    if not hasattr(config, "workerinput"):
        os.environ.setdefault("CRAMP_TEST_RUN", uuid.uuid4().hex)


@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    try:
        with chromium() as launched:
            yield launched
    except RuntimeError as missing:
        pytest.fail(str(missing))
