"""Pull: the changes a terminal may see after its cursor, in (version, id) order.

Run inside one read snapshot. A terminal sees its own store's rows and the rows
of every store (scope column None); rows that left its store arrive as deletes
(``ScopeExit``). The first pull (empty cursor) skips tombstones: the device has
nothing to delete yet. A page that catches up moves the cursor to the change
counter, past changes the terminal may not see. The cursor resets
(``reset=True``: pull again from "") when its epoch is unknown (database
restored or re-initialised), its store is not the terminal's store any more,
it is ahead of the counter (a restore to an older copy) or it is not past the
last purged tombstone.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, or_, tuple_
from sqlmodel import Session, select

from kassa.server.cursor import BadCursor, Cursor
from kassa.server.tables import ChangeCounter, ScopeExit, ServerState
from kassa.sync.models import STORE_SCOPE, TABLE_MODELS
from kassa.sync.protocol import PullPage, RowChange

MAX_LIMIT = 5000
_AFTER_ALL = uuid.UUID(int=(1 << 128) - 1)  # after every row of a version


def pull_page(session: Session, *, store_id: uuid.UUID, cursor: str, limit: int) -> PullPage:
    state = session.get(ServerState, 1)
    counter = session.get(ChangeCounter, 1)
    assert state is not None and counter is not None, "server database not initialised"
    start = Cursor(state.epoch, store_id, 0, None)
    initial = cursor == ""
    if not initial:
        try:
            start = Cursor.decode(cursor)
        except BadCursor:
            return _reset()
        if (
            start.epoch != state.epoch
            or start.store_id != store_id
            or start.version > counter.value
            or start.key() < _purged(state)
        ):
            return _reset()
    # First the positions only (index scans), then full rows for just this page.
    keys: list[tuple[int, int, str]] = []  # (version, id as int, table)
    remaining = 0
    for table, model in TABLE_MODELS.items():
        query = _after(select(model.version, model.id), model.version, model.id, start)
        query = _in_scope(query, model, table, store_id, initial=initial)
        found = session.exec(query.order_by(model.version, model.id).limit(limit + 1)).all()
        keys += [(version, row_id.int, table) for version, row_id in found]
        if len(found) > limit:  # only count when the table alone fills the page
            remaining += _count(session, model, table, store_id, start, initial=initial)
        else:
            remaining += len(found)
    exits: list[ScopeExit] = []
    if not initial:
        query = _after(select(ScopeExit), ScopeExit.version, ScopeExit.row_id, start)
        query = query.where(ScopeExit.store_id == store_id)
        exits = list(
            session.exec(query.order_by(ScopeExit.version, ScopeExit.row_id).limit(limit + 1))
        )
        keys += [(leave.version, leave.row_id.int, "") for leave in exits]
        remaining += len(exits)
    keys.sort()
    has_more = len(keys) > limit
    chosen = keys[:limit]
    rows: dict[tuple[int, int], RowChange] = {}
    if chosen:
        last = Cursor(state.epoch, store_id, chosen[-1][0], uuid.UUID(int=chosen[-1][1]))
        for table in {t for _, _, t in chosen if t}:
            model = TABLE_MODELS[table]
            query = _in_scope(
                _after(select(model), model.version, model.id, start),
                model,
                table,
                store_id,
                initial=initial,
            )
            query = query.where(
                tuple_(model.version, model.id) <= tuple_(last.version, last.row_id)
            )
            for row in session.exec(query):
                rows[(row.version, row.id.int)] = _row_change(table, row)
        for leave in exits:
            rows.setdefault((leave.version, leave.row_id.int), _row_change(leave.table_name, leave))
    page = [rows[(version, row_int)] for version, row_int, _ in chosen]
    if has_more:
        end = Cursor(state.epoch, store_id, page[-1].version, page[-1].id)
    else:  # caught up with this snapshot: every version up to the counter is committed
        end = Cursor(state.epoch, store_id, counter.value, _AFTER_ALL)
    return PullPage(
        changes=page,
        next_cursor=end.encode(),
        has_more=has_more,
        remaining=max(remaining - len(page), 0),
    )


def _purged(state: ServerState) -> tuple[int, int]:
    """The last removed tombstone's position; (0, -2) when nothing was ever purged."""
    if not state.purged_version:
        return (0, -2)
    return (state.purged_version, state.purged_row_id.int if state.purged_row_id else -1)


def _reset() -> PullPage:
    return PullPage(changes=[], next_cursor="", has_more=True, reset=True)


def _after(query: Any, version: Any, row_id: Any, start: Cursor) -> Any:
    if start.row_id is None:
        return query.where(version >= start.version) if start.version else query
    return query.where(tuple_(version, row_id) > tuple_(start.version, start.row_id))


def _in_scope(query: Any, model: Any, table: str, store_id: uuid.UUID, *, initial: bool) -> Any:
    column_name = STORE_SCOPE.get(table)
    if column_name == "id":
        query = query.where(model.id == store_id)
    elif column_name is not None:
        column = getattr(model, column_name)
        query = query.where(or_(column.is_(None), column == store_id))
    if initial:
        query = query.where(model.deleted.is_(False))
    return query


def _count(
    session: Session, model: Any, table: str, store_id: uuid.UUID, start: Cursor, *, initial: bool
) -> int:
    query = _after(select(func.count()).select_from(model), model.version, model.id, start)
    return int(session.exec(_in_scope(query, model, table, store_id, initial=initial)).one())


def _row_change(table: str, row: Any) -> RowChange:
    if isinstance(row, ScopeExit):
        return RowChange(table=table, id=row.row_id, version=row.version, deleted=True)
    if row.deleted:
        return RowChange(table=table, id=row.id, version=row.version, deleted=True)
    return RowChange(table=table, id=row.id, version=row.version, data=row.model_dump(mode="json"))
