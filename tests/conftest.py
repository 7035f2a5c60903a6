"""Shared test helpers live beside this file (``red_flag_mentions``, ``browser``); pytest puts this
folder on ``sys.path`` because it holds a conftest.

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
