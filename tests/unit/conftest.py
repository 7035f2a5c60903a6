"""Fixtures shared by the unit tests of the explorable figures (test_explorable*.py)."""

from __future__ import annotations

import pytest

from widgets.ui import WIDGETS


@pytest.fixture(scope="module")
def views():
    """One new view of every registered widget, by class."""
    return {cls: cls() for cls in WIDGETS.values()}


@pytest.fixture(scope="module")
def specs(views):
    """The explorable spec (what the book draws) of every registered widget, by class."""
    return {cls: view.explorable_spec() for cls, view in views.items()}
