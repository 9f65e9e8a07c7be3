"""The background sync job: APScheduler runs push-then-pull off the UI thread.

One job (``max_instances=1``, ``coalesce=True``) on an interval. ``nudge()``
(called after each completed fact) moves its next run to now. A nudge that
arrives while a run is under way would be skipped by APScheduler (the one
instance is busy), so it is remembered instead and the running job goes round
once more before it finishes: a fact completed during a sync is never left
waiting for the next interval.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from kassa.sync.client.engine import SyncEngine, SyncFailed

log = logging.getLogger(__name__)

JOB_ID = "kassa-sync"


class SyncScheduler:
    def __init__(self, engine: SyncEngine, *, interval: float = 60.0) -> None:
        self.engine = engine
        self.interval = interval
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._running = False
        self._again = False
        self._scheduler = BackgroundScheduler(timezone=UTC)
        # Backoff sleeps inside a run end early when the app shuts down.
        engine.wait = self.stopping.wait

    def start(self, *, run_now: bool = True) -> None:
        self._scheduler.add_job(
            self._job,
            "interval",
            seconds=self.interval,
            id=JOB_ID,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=datetime.now(UTC) if run_now else None,
        )
        self._scheduler.start()

    def nudge(self) -> None:
        """Sync soon: now, or right after the run under way."""
        with self._lock:
            self._again = True
            if self._running:
                return
        if self._scheduler.running and not self.stopping.is_set():
            self._scheduler.modify_job(JOB_ID, next_run_time=datetime.now(UTC))

    def shutdown(self, *, wait: bool = True) -> None:
        self.stopping.set()
        self._scheduler.shutdown(wait=wait)

    @property
    def running(self) -> bool:
        return self._running

    def _job(self) -> None:
        with self._lock:
            self._running = True
        try:
            while True:
                with self._lock:
                    self._again = False
                self.engine.sync_once()
                with self._lock:  # decide and clear "running" together: no nudge lost
                    if not self._again or self.stopping.is_set():
                        self._running = False
                        return
        except SyncFailed as exc:
            log.warning("sync failed: %s", exc)  # the interval tries again
        except Exception:
            log.exception("sync run crashed")
        finally:
            with self._lock:
                self._running = False
