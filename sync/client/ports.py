"""What the sync engine needs from the device replica (``kassa.sync.replica``).

Small structural interfaces, so the engine can be driven by the real SQLite
replica or by anything else with the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from kassa.sync.protocol import FactResult, PullPage, PushFact, PushResponse
from kassa.sync.pull_wire import PulledPage


class Outbox(Protocol):
    def next_batch(self, *, limit: int) -> list[PushFact]:
        """Facts not yet acknowledged by the server, in sequence order, at most ``limit``."""
        ...

    def acknowledge(self, results: Sequence[FactResult]) -> None:
        """Mark facts sent after the server answered (stored, duplicate or quarantined)."""
        ...

    def pending_count(self) -> int:
        """How many facts wait in the outbox."""
        ...

    def resend_from(self, seq: int) -> None:
        """Queue facts from ``seq`` on again: the server lost them (restored from a backup)."""
        ...


class PageProgress(Protocol):
    rows_done: int  # rows of this pull applied so far (a resumed staged pull counts all)
    rows_total: int
    staged: bool  # part of a staged full pull


class Replica(Protocol):
    def cursor(self) -> str:
        """The saved pull cursor; "" before the first pull."""
        ...

    def apply_page(self, page: PullPage | PulledPage) -> PageProgress:
        """Apply upserts and tombstones and save ``page.next_cursor``, in one transaction.

        During the initial sync (no finished first pull yet) the rows are staged and
        become visible together when the last page (``has_more`` false) is applied.
        """
        ...

    def reset(self) -> None:
        """The server said ``reset``: forget the cursor and start a staged initial sync."""
        ...


class SnapshotSource(Protocol):
    """The first sync's prebuilt catalog (``kassa.sync.client.snapshot.SnapshotLoader``)."""

    def wanted(self) -> bool:
        """Whether this device has no catalog yet (a snapshot would be its first)."""
        ...

    def load(self, *, on_bytes: Callable[[int, int], None] | None = None) -> int | None:
        """Download, check and swap in the snapshot: its rows; None when the server offers none."""
        ...


class SyncTransport(Protocol):
    def push(self, facts: Sequence[PushFact]) -> PushResponse: ...

    def pull(self, *, cursor: str, limit: int) -> PullPage | PulledPage: ...


class SyncLog(Protocol):
    """Where the outcome of each run is kept across restarts (the device database)."""

    def succeeded(self, at: datetime) -> None: ...

    def failed(self, message: str, at: datetime) -> None: ...
