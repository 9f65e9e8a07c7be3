"""One sync run: push the outbox in order, then pull the catalog page by page.

Push sends the oldest unacknowledged facts as one batch; an unknown outcome
(timeout, dropped connection, 5xx) sends the very same batch again after a
jittered backoff, and only an answer marks facts sent, so a fact reaches the
server exactly once (the server keys facts by their id). Pull asks for pages
from the saved cursor and hands each to the replica, which applies it and
saves the cursor in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from kassa.sync.client.backoff import Backoff, never_stop, retry_unknown
from kassa.sync.client.failures import advice, lost_from
from kassa.sync.client.ports import Outbox, Replica, SnapshotSource, SyncLog, SyncTransport
from kassa.sync.client.reports import PullReport, PushReport
from kassa.sync.client.state import SyncStatus
from kassa.sync.client.transport import OutcomeUnknown, RequestRefused, TransportError
from kassa.sync.replica.snapshot_file import BadSnapshot

log = logging.getLogger(__name__)

MAX_RESETS = 2  # per run: a server that keeps answering reset is broken


class SyncFailed(Exception):
    """A sync run stopped early; the message says why and what to do."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    def __init__(
        self,
        *,
        transport: SyncTransport,
        outbox: Outbox,
        replica: Replica,
        status: SyncStatus | None = None,
        sync_log: SyncLog | None = None,
        backoff: Backoff | None = None,
        wait: Callable[[float], bool] = never_stop,
        clock: Callable[[], datetime] = utc_now,
        batch_size: int = 200,
        page_size: int = 1000,
        snapshot: SnapshotSource | None = None,
    ) -> None:
        self.transport, self.outbox, self.replica = transport, outbox, replica
        self.status = status or SyncStatus()
        self.sync_log = sync_log
        self.backoff = backoff or Backoff()
        self.wait, self.clock = wait, clock
        self.batch_size, self.page_size = batch_size, page_size
        self.snapshot = snapshot

    def sync_once(
        self,
        *,
        on_progress: Callable[[int, int], None] | None = None,
        on_sent: Callable[[int, int], None] | None = None,
        on_download: Callable[[int, int], None] | None = None,
    ) -> tuple[PushReport, PullReport]:
        """Push then pull; records the outcome in ``status``; raises ``SyncFailed``.

        ``on_sent(facts answered, facts to send)``, ``on_download(bytes done,
        bytes total)`` (the first sync's catalog snapshot) and ``on_progress(rows
        done, rows total)`` report progress (for a progress bar).
        """
        try:
            pushed = self.push(on_sent=on_sent)
            pulled = self.pull(on_progress=on_progress, on_download=on_download)
        except TransportError as exc:
            message = advice(exc)
            self._failed(message)
            raise SyncFailed(message) from exc
        except SyncFailed as exc:
            self._failed(str(exc))
            raise
        except Exception as exc:
            self._failed(f"sync stopped by an unexpected error: {exc!r}")
            raise
        now = self.clock()
        if self.sync_log is not None:
            self.sync_log.succeeded(now)
        self.status.update(phase="idle", last_success=now, last_error=None, last_error_at=None)
        return pushed, pulled

    def _failed(self, message: str) -> None:
        now = self.clock()
        self.status.update(phase="idle", last_error=message, last_error_at=now)
        if self.sync_log is not None:
            try:
                self.sync_log.failed(message, now)
            except Exception:
                log.exception("could not record the sync error in the device database")

    def push(self, *, on_sent: Callable[[int, int], None] | None = None) -> PushReport:
        report = PushReport()
        total = self.outbox.pending_count()
        self.status.update(phase="pushing", pending=total)
        while batch := self.outbox.next_batch(limit=self.batch_size):
            try:
                response = retry_unknown(
                    lambda batch=batch: self.transport.push(batch),
                    backoff=self.backoff,
                    wait=self.wait,
                    on_retry=self._note_retry,
                )
            except RequestRefused as exc:
                expected = lost_from(exc, batch[0].seq)
                if expected is None or report.resent_from is not None:
                    raise
                # The server was restored from a backup and lost facts it had
                # acknowledged: send them again (same ids, same journal links).
                log.warning("server lost facts from seq %d on; sending them again", expected)
                self.outbox.resend_from(expected)
                report.resent_from = expected
                continue
            sent = {fact.id for fact in batch}
            answered = [result for result in response.results if result.id in sent]
            if not answered:
                raise SyncFailed("the server answered the push without any of the facts sent")
            self.outbox.acknowledge(answered)
            self.status.add_rejected(report.count(answered))
            pending = self.outbox.pending_count()
            self.status.update(pending=pending, last_push=self.clock())
            if on_sent is not None:
                answered = report.stored + report.duplicate + report.quarantined
                on_sent(answered, answered + pending)
        return report

    def pull(
        self,
        *,
        on_progress: Callable[[int, int], None] | None = None,
        on_download: Callable[[int, int], None] | None = None,
    ) -> PullReport:
        report = PullReport()
        if self.snapshot is not None and self.snapshot.wanted():
            rows = self._load_snapshot(on_download)
            report.snapshot, report.rows = rows is not None, rows or 0
        cursor = self.replica.cursor()
        self.status.update(phase="pulling", rows_done=0, rows_total=0)
        while True:
            page = retry_unknown(
                lambda cursor=cursor: self.transport.pull(cursor=cursor, limit=self.page_size),
                backoff=self.backoff,
                wait=self.wait,
                on_retry=self._note_retry,
            )
            if page.reset:
                report.resets += 1
                if report.resets > MAX_RESETS:
                    raise SyncFailed("the server keeps asking for a full resync; tell head office")
                log.warning("server asked for a full resync (cursor %r)", cursor)
                self.replica.reset()
                cursor, report.rows = self.replica.cursor(), 0
                continue
            progress = self.replica.apply_page(page)
            report.rows += len(page.changes)
            report.pages += 1
            done, total = report.rows, report.rows + page.remaining
            if progress.staged:  # counts the rows of earlier, interrupted runs too
                done, total = progress.rows_done, progress.rows_total
            if not page.has_more:
                total = done
            self.status.update(rows_done=done, rows_total=total)
            if on_progress is not None:
                on_progress(done, total)
            cursor = page.next_cursor
            if not page.has_more:
                break
        self.status.update(last_pull=self.clock())
        return report

    def _load_snapshot(self, on_download: Callable[[int, int], None] | None) -> int | None:
        """The first sync: the catalog snapshot's rows, or None (the paged pull does it all)."""
        assert self.snapshot is not None
        self.status.update(phase="downloading", bytes_done=0, bytes_total=0)

        def progress(done: int, total: int) -> None:
            self.status.update(bytes_done=done, bytes_total=total)
            if on_download is not None:
                on_download(done, total)

        try:
            return retry_unknown(
                lambda: self.snapshot.load(on_bytes=progress),  # type: ignore[union-attr]
                backoff=self.backoff,
                wait=self.wait,
                on_retry=self._note_retry,
            )
        except BadSnapshot as exc:  # nothing was swapped in: pull page by page instead
            log.warning("catalog snapshot refused (%s); pulling page by page", exc)
            return None

    def _note_retry(self, attempt: int, exc: OutcomeUnknown) -> None:
        log.info("sync: retry %d after: %s", attempt, exc)
        self.status.update(last_error=str(exc), last_error_at=self.clock())
