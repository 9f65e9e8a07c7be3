"""Writing a pull page's row changes into replicated tables with ``executemany``.

Changes are applied in the order the server sent them (version order), in
runs of the same table and kind: an upsert is ``INSERT OR REPLACE`` (the row is
replaced whole; a stale local row holding the same unique code, whose newer
version is still to come in this pull, is evicted rather than failing the
page), a tombstone deletes the row. The device keeps no tombstones: master
data it does not see is simply absent. Triggers keep the search index in step
(``recursive_triggers`` makes REPLACE fire the delete trigger). ``staged``
writes into the ``stage_<table>`` copies of a staged full pull instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import groupby

from kassa.sync.protocol import RowChange
from kassa.sync.pull_wire import PulledChange
from kassa.sync.replica.rows import row_plan, uuid_hex

STAGE_PREFIX = "stage_"


def apply_changes(
    cursor: sqlite3.Cursor, changes: Iterable[RowChange | PulledChange], *, staged: bool = False
) -> int:
    """Apply ``changes`` through the DB-API ``cursor`` (inside the caller's transaction)."""
    count = 0
    for (table, deleting), run in groupby(changes, key=_run_key):
        plan = row_plan(table, f"{STAGE_PREFIX}{table}" if staged else None)
        run = list(run)
        if deleting:
            cursor.executemany(plan.delete_sql, [(uuid_hex(change.id),) for change in run])
        else:
            cursor.executemany(plan.upsert_sql, [plan.values(change) for change in run])
        count += len(run)
    return count


def _run_key(change: RowChange | PulledChange) -> tuple[str, bool]:
    return change.table, change.deleted or change.data is None
