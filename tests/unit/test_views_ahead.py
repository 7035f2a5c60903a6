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


def test_ready_says_whether_a_value_is_known_and_forgets_it_with_the_memo():
    square, _calls = counted()
    assert not square.ready(4)
    assert square(4) == 16 and square.ready(4) and not square.ready(5)
    square.cache_clear()
    assert not square.ready(4)
    with pytest.raises(ValueError):
        square(-1)
    assert not square.ready(-1)  # a failed run is not a known value


def test_a_submitted_run_gives_the_direct_value_and_later_look_aheads_do_not_cancel_it():
    square, calls = counted()
    future = square.submit(6)
    square.ahead((7,), (8,))
    square.ahead((9,))  # replaces the queued look-aheads, not the submitted run
    assert future.result(timeout=120) == 36 and not future.cancelled()
    assert square.ready(6) and square(6) == 36 and calls.count(6) == 1
    assert square.submit(6) is future  # a known value is not run again


def test_event_loop_is_the_running_loop_and_none_outside_one():
    import asyncio

    from widgets.ui.ahead import event_loop

    async def inside():
        return event_loop() is asyncio.get_running_loop()

    assert event_loop() is None and asyncio.run(inside())
