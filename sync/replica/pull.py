"""Applying pull pages: incremental updates, or a staged full pull.

:class:`CatalogPuller` is what the client engine drives (it fits
``kassa.sync.client.ports.Replica``):

    puller = CatalogPuller(replica, clock=clock)
    page = transport.pull(cursor=puller.cursor(), limit=1000)
    puller.apply_page(page)      # -> PullProgress; next cursor: page.next_cursor
    puller.reset()               # when the server answered reset

Once the device has a complete catalog, each page is applied to the live
tables with its cursor in one ``BEGIN IMMEDIATE`` transaction. Before that
(the first sync) and after ``reset()`` (a full resync), pages go to the
``stage_`` copies instead (``staging.py``), and the last page (``has_more``
false) swaps them in (``swap.py``) in its transaction. Staged pages, and pages
without rows, commit with ``synchronous=NORMAL``: atomic all the same, and a page
a power cut takes back is simply pulled again from the cursor that survived with it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kassa.sync.protocol import PullPage
from kassa.sync.pull_wire import PulledPage
from kassa.sync.replica.changes import apply_changes
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.staging import begin_staging, stage_page, staging_ready
from kassa.sync.replica.swap import swap_in
from kassa.sync.replica.sync_state import StoredSyncState, load_sync_state, update_sync_state
from kassa.sync.replica.unit_of_work import Clock, UnitOfWork, reading, utc_now


@dataclass(frozen=True)
class PullProgress:
    rows_done: int  # rows applied in this pull (a staged pull: since it began)
    rows_total: int  # rows_done + what the server says remains
    staged: bool  # the page went to the staged copies
    finished: bool  # no more pages: the catalog is complete and current


def is_staged(state: StoredSyncState) -> bool:
    """Whether pulled pages go to the staged copies (no complete catalog yet, or a resync)."""
    return state.staged_pull or not state.catalog_ready


class CatalogPuller:
    def __init__(self, replica: Replica, *, clock: Clock = utc_now) -> None:
        self.replica = replica
        self.clock = clock

    def state(self) -> StoredSyncState:
        with reading(self.replica) as connection:
            return load_sync_state(connection)

    def cursor(self) -> str:
        """The cursor to pull from next ("" starts a full pull)."""
        state = self.state()
        if not is_staged(state):
            return state.cursor
        if state.staged_cursor:
            with reading(self.replica) as connection:
                intact = staging_ready(connection.connection.driver_connection)
            if not intact:  # a migration dropped the staged copies: start the pull again
                self.reset()
                return ""
        return state.staged_cursor

    def progress(self) -> tuple[int, int]:
        """(rows done, rows total) of the staged pull underway; (0, 0) when none is."""
        state = self.state()
        if not is_staged(state):
            return 0, 0
        return state.staged_rows_done, state.staged_rows_total

    def reset(self) -> None:
        """Start a full pull from "" into fresh staged copies (the live catalog stays)."""
        with UnitOfWork(self.replica, clock=self.clock) as uow:
            begin_staging(_driver(uow))
            uow.commit()

    def apply_page(self, page: PullPage | PulledPage) -> PullProgress:
        """Apply one page and save its cursor, atomically (see the module docstring)."""
        if page.reset:
            self.reset()
            return PullProgress(0, 0, staged=True, finished=False)
        staged = is_staged(self.state())  # only this puller changes it
        # A page without rows only moves the cursor and the times: a power cut that takes
        # it back costs one more empty pull, so it skips the fsync (the usual "nothing new").
        durable = not staged and bool(page.changes)
        with UnitOfWork(self.replica, clock=self.clock, durable=durable) as uow:
            db = _driver(uow)
            state = load_sync_state(uow.connection)
            if is_staged(state):
                progress = self._stage(uow, db, state, page)
            else:
                apply_changes(db.cursor(), page.changes)
                values: dict = {"cursor": page.next_cursor}
                if not page.has_more:
                    values.update(last_pull_at=uow.now(), last_success_at=uow.now())
                update_sync_state(uow.connection, **values)
                count = len(page.changes)
                progress = PullProgress(
                    count, count + page.remaining, staged=False, finished=not page.has_more
                )
            uow.commit()
        return progress

    def _stage(
        self,
        uow: UnitOfWork,
        db: sqlite3.Connection,
        state: StoredSyncState,
        page: PullPage | PulledPage,
    ) -> PullProgress:
        if not state.staged_pull or not staging_ready(db):
            if state.staged_cursor:
                raise RuntimeError(
                    "the staged copies of an unfinished full pull are gone; "
                    "ask cursor() again and pull from its answer"
                )
            begin_staging(db)
        done, total = stage_page(db, page)
        if page.has_more:
            return PullProgress(done, total, staged=True, finished=False)
        swap_in(db, cursor=page.next_cursor, at=uow.now())
        return PullProgress(done, done, staged=True, finished=True)


def _driver(uow: UnitOfWork) -> sqlite3.Connection:
    """The sqlite3 connection under the unit of work (same transaction)."""
    return uow.connection.connection.driver_connection
