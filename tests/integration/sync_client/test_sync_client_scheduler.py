"""The background job: off the caller's thread, one at a time, nudges never lost."""

from __future__ import annotations

import threading
import time

import pytest

from kassa.sync.client.engine import SyncFailed
from kassa.sync.client.scheduler import SyncScheduler


class _Engine:
    """Records runs; a run can be held open with ``hold`` to nudge while it runs."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.active = 0
        self.most_active = 0
        self.hold = threading.Event()
        self.hold.set()
        self.entered = threading.Event()
        self.fail_next = False
        self.wait = None
        self._lock = threading.Lock()

    def sync_once(self) -> None:
        with self._lock:
            self.active += 1
            self.most_active = max(self.most_active, self.active)
            self.threads.append(threading.get_ident())
        self.entered.set()
        try:
            self.hold.wait(5)
            if self.fail_next:
                self.fail_next = False
                raise SyncFailed("server down")
        finally:
            with self._lock:
                self.active -= 1


def _until(predicate, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.fixture
def engine_and_scheduler():
    engine = _Engine()
    scheduler = SyncScheduler(engine, interval=3600)  # only nudges make it run here
    yield engine, scheduler
    engine.hold.set()
    scheduler.shutdown()


def test_starts_with_a_run_on_a_background_thread(engine_and_scheduler):
    engine, scheduler = engine_and_scheduler
    scheduler.start()
    assert _until(lambda: len(engine.threads) == 1)
    assert engine.threads[0] != threading.get_ident()


def test_a_nudge_runs_the_job_now_instead_of_at_the_interval(engine_and_scheduler):
    engine, scheduler = engine_and_scheduler
    scheduler.start(run_now=False)
    time.sleep(0.2)
    assert engine.threads == []
    scheduler.nudge()
    assert _until(lambda: len(engine.threads) == 1)


def test_nudges_during_a_run_give_exactly_one_more_run(engine_and_scheduler):
    engine, scheduler = engine_and_scheduler
    engine.hold.clear()
    scheduler.start()
    assert engine.entered.wait(3)
    for _ in range(5):  # facts completed while the first run is under way
        scheduler.nudge()
    engine.hold.set()
    assert _until(lambda: len(engine.threads) == 2 and not scheduler.running)
    time.sleep(0.3)
    assert len(engine.threads) == 2
    assert engine.most_active == 1


def test_a_failed_run_leaves_the_job_ready_for_the_next_nudge(engine_and_scheduler):
    engine, scheduler = engine_and_scheduler
    engine.fail_next = True
    scheduler.start()
    assert _until(lambda: len(engine.threads) == 1 and not scheduler.running)
    scheduler.nudge()
    assert _until(lambda: len(engine.threads) == 2)


def test_shutdown_cuts_a_backoff_wait_short():
    engine = _Engine()
    scheduler = SyncScheduler(engine, interval=3600)
    assert engine.wait == scheduler.stopping.wait  # the engine sleeps on the stop event
    started = time.monotonic()
    threading.Timer(0.1, scheduler.stopping.set).start()
    assert engine.wait(30) is True
    assert time.monotonic() - started < 2


def test_a_nudge_before_start_or_after_shutdown_is_harmless():
    engine = _Engine()
    scheduler = SyncScheduler(engine, interval=3600)
    scheduler.nudge()  # the terminal may complete a fact before sync has started
    scheduler.start(run_now=False)
    scheduler.nudge()
    assert _until(lambda: len(engine.threads) == 1)
    scheduler.shutdown()
    scheduler.nudge()
    assert len(engine.threads) == 1
