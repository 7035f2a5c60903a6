"""The memo of runs computed ahead (:mod:`widgets.ui.ahead`): what it remembers and forgets."""

from __future__ import annotations

import pytest

from widgets.ui.ahead import memo_ahead


def counted():
    calls = []

    @memo_ahead(maxsize=8)
    def square(x):
        calls.append(x)
        if x < 0:
            raise ValueError("x must be >= 0")
        return x * x

    return square, calls


def test_a_failed_run_is_forgotten_alone_and_the_other_values_stay_memoised():
    square, calls = counted()
    assert square(2) == 4 and square(3) == 9
    with pytest.raises(ValueError):
        square(-1)
    with pytest.raises(ValueError):
        square(-1)  # tried again, not a remembered failure
    assert square(2) == 4 and square(3) == 9
    assert calls == [2, 3, -1, -1]


def test_runs_can_be_queued_ahead_again_after_the_memo_is_cleared():
    square, calls = counted()
    square.ahead((2,))
    square.cache_clear()
    square.ahead((3,))
    assert square(3) == 9 and calls.count(3) == 1
