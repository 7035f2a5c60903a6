"""Memoised model runs that can be computed ahead, on a background thread.

Some controls need a new model run for every value they visit (e.g. the calcium shift of the
ExcitabilityLab: a whole f-I curve). While the figure is being redrawn for one value, the values
next to it on the slider can already be computed on another core (the compiled kernels release
the GIL), so that a drag along the slider finds them ready. :func:`memo_ahead` turns a function of
hashable arguments into such a memo:

- ``f(*args)`` returns the memoised value; if it is being computed ahead it waits for that run, if
  it is only queued it is computed at once in the caller's thread;
- ``f.ahead(*args)`` queues a run for later (one background thread; a new call replaces the
  runs still queued, so the queue never holds stale work);
- ``f.cache_clear()`` forgets every value (as ``functools.lru_cache``);
- ``f.ready(*args)`` says whether the value is known, ``f.submit(*args)`` gives the future of a
  run queued for it (never replaced by later ``ahead`` calls); with :func:`event_loop` a live
  view can draw a slow part of its figure when that future is done.

The values are exactly what ``f`` returns when called directly: only the time of the computation
changes.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from functools import update_wrapper

_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cramp-ahead")


class _MemoAhead:
    def __init__(self, fn, maxsize: int) -> None:
        update_wrapper(self, fn)
        self._fn = fn
        self._maxsize = maxsize
        self._futures: OrderedDict[tuple, Future] = OrderedDict()
        self._queued: list[Future] = []
        self._lock = threading.Lock()

    def __call__(self, *args):
        with self._lock:
            future = self._futures.get(args)
            if future is not None and future.cancel():  # queued, not started: do it here, now
                future = None
            if future is None:
                future = self._futures[args] = Future()
                mine = True
            else:
                mine = False
            self._futures.move_to_end(args)
            self._trim()
        if mine:
            self._run(future, args)
        return future.result()

    def ahead(self, *calls: tuple) -> None:
        """Queue ``f(*args)`` for each ``args`` in ``calls`` that is not known yet."""
        with self._lock:
            for stale in self._queued:
                if stale.cancel():
                    self._forget(stale)
            self._queued = []
            for args in calls:
                if args not in self._futures:
                    future = self._futures[args] = _BACKGROUND.submit(self._compute, args)
                    self._queued.append(future)
            self._trim()

    def ready(self, *args) -> bool:
        """Whether ``f(*args)`` is known (computed without error)."""
        with self._lock:
            future = self._futures.get(args)
        return (
            future is not None
            and future.done()
            and not future.cancelled()
            and not future.exception()
        )

    def submit(self, *args) -> Future:
        """The future of ``f(*args)``: the known one, or a run queued on the background thread."""
        with self._lock:
            future = self._futures.get(args)
            if future is None:
                future = self._futures[args] = _BACKGROUND.submit(self._compute, args)
            self._futures.move_to_end(args)
            self._trim()
        return future

    def cache_clear(self) -> None:
        with self._lock:
            self._futures.clear()
            self._queued = []

    # --- internals ------------------------------------------------------------------------------
    def _compute(self, args):
        return self._fn(*args)

    def _run(self, future: Future, args: tuple) -> None:
        future.set_running_or_notify_cancel()
        try:
            future.set_result(self._fn(*args))
        except BaseException as exc:
            future.set_exception(exc)
            with self._lock:
                self._forget(future)

    def _forget(self, future: Future) -> None:
        for key, value in list(self._futures.items()):
            if value is future:
                del self._futures[key]

    def _trim(self) -> None:
        while len(self._futures) > self._maxsize:
            self._futures.popitem(last=False)


def event_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running in this thread (a kernel's, live), or None (a script, the book)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def memo_ahead(maxsize: int = 128):
    """Decorator: memoise a function of hashable arguments, with ``.ahead(*calls)`` (see module)."""
    return lambda fn: _MemoAhead(fn, maxsize)
