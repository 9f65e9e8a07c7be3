"""What the device remembers about syncing, for the client engine and the UI.

One row: the pull cursor (saved with each applied page, in its transaction),
whether the catalog is complete (a first full pull finished), the last push,
pull and success times, the last error, and whether a staged full pull is
underway, with its own cursor and progress (rows done / rows total).
``load_sync_state`` is cheap; the UI may poll it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from kassa.sync.replica.schema import sync_state


@dataclass(frozen=True)
class StoredSyncState:
    cursor: str
    catalog_ready: bool
    last_pull_at: datetime | None
    last_push_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    staged_pull: bool
    staged_cursor: str
    staged_rows_done: int
    staged_rows_total: int


def load_sync_state(connection: Connection) -> StoredSyncState:
    row = connection.execute(select(sync_state)).mappings().first()
    if row is None:
        return StoredSyncState("", False, None, None, None, None, None, False, "", 0, 0)
    return StoredSyncState(
        cursor=row["cursor"],
        catalog_ready=bool(row["catalog_ready"]),
        last_pull_at=_time(row["last_pull_at"]),
        last_push_at=_time(row["last_push_at"]),
        last_success_at=_time(row["last_success_at"]),
        last_error=row["last_error"],
        last_error_at=_time(row["last_error_at"]),
        staged_pull=bool(row["staged_pull"]),
        staged_cursor=row["staged_cursor"],
        staged_rows_done=row["staged_rows_done"],
        staged_rows_total=row["staged_rows_total"],
    )


def update_sync_state(connection: Connection, **values: Any) -> None:
    """Set some columns of the one sync-state row (datetimes stored as UTC ISO text)."""
    unknown = set(values) - set(sync_state.c.keys()) - {"id"}
    if unknown:
        raise ValueError(f"sync_state has no column {', '.join(sorted(unknown))}")
    stored = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}
    statement = insert(sync_state).values(id=1, **stored)
    connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_=stored))


def note_push(connection: Connection, *, at: datetime) -> None:
    """A push was answered: the last push and the last success are ``at``."""
    update_sync_state(connection, last_push_at=at, last_success_at=at)


def note_pull(connection: Connection, *, at: datetime) -> None:
    """A pull finished (no more pages): the last pull and the last success are ``at``."""
    update_sync_state(connection, last_pull_at=at, last_success_at=at)


def note_error(connection: Connection, *, message: str, at: datetime) -> None:
    """A sync attempt failed; the UI shows ``message`` (kept until the next success)."""
    update_sync_state(connection, last_error=message, last_error_at=at)


def clear_error(connection: Connection) -> None:
    update_sync_state(connection, last_error=None, last_error_at=None)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
