"""Shared test helpers live beside this file (``red_flag_mentions``, ``browser``,
``triage_vignettes``); pytest's ``pythonpath`` option (pyproject.toml) puts this folder, ``_ext``
and ``tools`` on ``sys.path``, so tests import them by name.

The one browser fixture of the book and live tests is here: Debian's chromium, started once per
session (see :mod:`browser`)."""

import pytest


@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    try:
        with chromium() as launched:
            yield launched
    except RuntimeError as missing:
        pytest.fail(str(missing))
