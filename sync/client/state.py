"""The observable sync state the UI shows (outbox depth, last success, errors, progress).

``SyncStatus`` holds the current ``SyncState`` (an immutable snapshot) and
calls subscribers on every change, on the thread that made the change (the
sync thread). A Kivy view must hand the snapshot to the UI thread itself
(``Clock.schedule_once``); subscribers must be quick and must not raise.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RejectedFact:
    """A fact the server quarantined: kept at head office, shown to the user."""

    id: uuid.UUID
    seq: int
    reason: str


@dataclass(frozen=True)
class SyncState:
    phase: str = "idle"  # idle | pushing | downloading (the catalog snapshot) | pulling
    pending: int = 0  # facts in the outbox not yet acknowledged
    last_success: datetime | None = None  # end of the last run that pushed and pulled
    last_push: datetime | None = None
    last_pull: datetime | None = None
    last_error: str | None = None  # None after a clean run
    last_error_at: datetime | None = None
    rejected: tuple[RejectedFact, ...] = ()
    rows_done: int = 0  # pull progress of the current run
    rows_total: int = 0
    bytes_done: int = 0  # catalog snapshot download of the current run (first sync)
    bytes_total: int = 0

    @property
    def progress(self) -> float | None:
        """Fraction of the current pull (or snapshot download) done, or None."""
        if self.phase == "downloading" and self.bytes_total > 0:
            return min(1.0, self.bytes_done / self.bytes_total)
        if self.phase != "pulling" or self.rows_total <= 0:
            return None
        return min(1.0, self.rows_done / self.rows_total)


Listener = Callable[[SyncState], None]


@dataclass
class SyncStatus:
    _state: SyncState = field(default_factory=SyncState)
    _listeners: list[Listener] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def state(self) -> SyncState:
        return self._state

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(state)`` on every change; returns a function that unsubscribes."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def update(self, **changes: object) -> SyncState:
        with self._lock:
            self._state = dataclasses.replace(self._state, **changes)
            state, listeners = self._state, list(self._listeners)
        for listener in listeners:
            try:
                listener(state)
            except Exception:  # a broken view must not stop the sync
                log.exception("sync state listener failed")
        return state

    def add_rejected(self, facts: list[RejectedFact]) -> None:
        if facts:
            known = {fact.id for fact in self._state.rejected}
            fresh = tuple(fact for fact in facts if fact.id not in known)
            self.update(rejected=self._state.rejected + fresh)
