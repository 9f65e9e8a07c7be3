"""Stamping replicated rows with versions from the change counter.

A ``ChangeWriter`` lives for one write transaction. The first stamp takes the
counter row (``UPDATE ... RETURNING`` locks it until commit) and every row
written in that transaction gets the same version; the pull cursor pairs the
version with the row id, so one big import can span many pages. When a row's
store scope changes, a ``ScopeExit`` tells the stores that lost it to delete it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import inspect, text
from sqlmodel import Session, select

from kassa.server.tables import ScopeExit
from kassa.sync.models import STORE_SCOPE, ReplicatedRow, Store, utc_now


class ChangeWriter:
    def __init__(self, session: Session, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.session = session
        self.clock = clock
        self._version: int | None = None

    @property
    def version(self) -> int:
        """This transaction's version; takes the counter lock on first use."""
        if self._version is None:
            result = self.session.connection().execute(
                text("UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value")
            )
            value = result.scalar_one_or_none()
            if value is None:
                raise RuntimeError("change_counter has no row: run `kassa server init` first")
            self._version = int(value)
        return self._version

    def save(self, row: ReplicatedRow) -> ReplicatedRow:
        """Stamp ``row`` (new or changed) and add it to the session."""
        table = row.__tablename__  # type: ignore[attr-defined]
        self._record_scope_exit(row, table)
        row.version = self.version
        row.updated_at = self.clock()
        self.session.add(row)
        return row

    def delete(self, row: ReplicatedRow) -> ReplicatedRow:
        """Turn ``row`` into a tombstone (master data is never hard-deleted)."""
        row.deleted = True
        return self.save(row)

    def _record_scope_exit(self, row: ReplicatedRow, table: str) -> None:
        column = STORE_SCOPE.get(table)
        if column is None or column == "id":
            return
        state = inspect(row)
        if not state.persistent:
            return
        history = state.attrs[column].history
        if not history.deleted:
            return
        old, new = history.deleted[0], getattr(row, column)
        if old == new:
            return
        if old is not None:
            leaving = [old]
        else:  # it was every store's; now only ``new``'s
            leaving = list(self.session.exec(select(Store.id).where(Store.id != new)))
        for store_id in leaving:
            self.session.add(
                ScopeExit(version=self.version, store_id=store_id, table_name=table, row_id=row.id)
            )
