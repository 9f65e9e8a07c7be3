"""Run service calls off the UI thread and hand results back on it.

A screen never waits on the database, a printer or the network: the view-model
gives the call to a ``Worker``, which runs it on its own thread and schedules
``on_done(result)`` or ``on_error(exc)`` on the Kivy clock, so those callbacks
(and only they) touch properties the widgets are bound to.

One thread per worker keeps service calls in the order the cashier made them,
which the services rely on (one unit of work at a time).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Worker:
    """One background thread; results come back through ``Clock.schedule_once``."""

    def __init__(self, *, name: str = "kassa-ui") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._in_flight = 0

    @property
    def busy(self) -> bool:
        """True while a call runs or its result waits to be delivered on the UI thread."""
        with self._lock:
            return self._in_flight > 0

    def run(
        self,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        **kwargs: Any,
    ) -> Future:
        """Call ``fn(*args, **kwargs)`` on the worker thread."""
        with self._lock:
            self._in_flight += 1
        future = self._pool.submit(fn, *args, **kwargs)
        future.add_done_callback(
            lambda f: Clock.schedule_once(lambda _dt: self._deliver(f, on_done, on_error))
        )
        return future

    def _deliver(self, future: Future, on_done: Done | None, on_error: Failed | None) -> None:
        try:
            exc = future.exception()
            if exc is None:
                if on_done is not None:
                    try:
                        on_done(future.result())
                    except Exception as shown:  # a bug in a view: report it, keep the till up
                        log.exception("showing a result failed")
                        if on_error is not None:
                            on_error(shown)
            elif on_error is not None:
                on_error(exc)
            else:
                log.error("background call failed", exc_info=exc)
        finally:
            with self._lock:
                self._in_flight -= 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
