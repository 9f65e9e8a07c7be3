"""Pull: the changes a terminal may see after its cursor, in (version, id) order.

Run inside one read snapshot. A terminal sees its own store's rows and the rows
of every store (scope column None); rows that left its store arrive as deletes
(``ScopeExit``). The first pull (empty cursor) skips tombstones: the device has
nothing to delete yet. A page that catches up moves the cursor to the change
counter, past changes the terminal may not see; a pull from such a cursor with
the counter unchanged answers at once (nothing newer can be visible in this
snapshot: writers take versions under the counter's lock). The cursor resets
(``reset=True``: pull again from "") when its epoch is unknown (database
restored or re-initialised), its store is not the terminal's store any more,
it is ahead of the counter (a restore to an older copy) or it is not past the
last purged tombstone.

Pages are built from plain rows (``pull_rows``: SQL text per table, rows to
JSON dicts), not ORM objects; the route sends :func:`pull_body` as JSON bytes.
``remaining`` is counted on the first page of a pull and carried in the cursor.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from kassa.server.cursor import AFTER_ALL, BadCursor, Cursor
from kassa.server.pull_rows import AFTER_ROW, FROM_VERSION, exits_query, table_plans
from kassa.sync.protocol import PullPage

MAX_LIMIT = 5000
_STATE = text(
    "SELECT s.epoch, s.purged_version, s.purged_row_id, c.value "
    "FROM server_state s, change_counter c WHERE s.id = 1 AND c.id = 1"
)


def pull_page(session: Session, *, store_id: uuid.UUID, cursor: str, limit: int) -> PullPage:
    """The page as the wire model (for callers in the server process and tests)."""
    return PullPage.model_validate(
        pull_body(session, store_id=store_id, cursor=cursor, limit=limit)
    )


def encode_body(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def pull_body(session: Session, *, store_id: uuid.UUID, cursor: str, limit: int) -> dict[str, Any]:
    """The page as the JSON object the device gets (``PullPage``'s shape)."""
    connection = session.connection()
    found = connection.execute(_STATE).first()
    assert found is not None, "server database not initialised"
    epoch, counter = _as_uuid(found[0]), found[3]
    start = Cursor(epoch, store_id, 0, None)
    initial = cursor == ""
    if not initial:
        try:
            start = Cursor.decode(cursor)
        except BadCursor:
            return _reset()
        purged = (found[1], _as_uuid(found[2]).int if found[2] else -1) if found[1] else (0, -2)
        if (
            start.epoch != epoch
            or start.store_id != store_id
            or start.version > counter
            or start.key() < purged
        ):
            return _reset()
        if start.version == counter and start.row_id == AFTER_ALL:  # caught up: nothing newer
            return _body([], Cursor(epoch, store_id, counter, AFTER_ALL), has_more=False)
    after = None if initial and not start.version else FROM_VERSION
    if start.row_id is not None:
        after = AFTER_ROW
    plans = table_plans(connection.dialect.name, initial=initial, after=after)
    params = {
        "version": start.version,
        "row_id": start.row_id,
        "store_id": store_id,
        "limit": limit + 1,
    }
    count = start.remaining is None  # the first page of a pull counts what is to come
    keys: list[tuple[int, Any, int, str]] = []  # (version, id, 0 row / 1 exit, table)
    remaining = 0
    for table, plan in plans.items():
        positions = connection.execute(plan.positions, params).all()
        keys += [(version, row_id, 0, table) for version, row_id in positions]
        if count:  # a table that fills the page alone is counted; the others are all here
            many = len(positions) > limit
            remaining += (
                connection.execute(plan.count, params).scalar_one() if many else len(positions)
            )
    if not initial:
        exits = connection.execute(exits_query(after), params).all()
        keys += [(version, row_id, 1, table) for version, row_id, table in exits]
        remaining += len(exits) if count else 0
    keys.sort()
    chosen, seen = [], set()
    for key in keys:  # a row and its own scope exit at one version: the row wins
        if (key[0], key[1]) not in seen:
            seen.add((key[0], key[1]))
            chosen.append(key)
    has_more = len(chosen) > limit
    chosen = chosen[:limit]
    changes = _changes(connection, plans, chosen, params)
    if has_more:
        left = (remaining if count else start.remaining) - len(chosen)
        known = len(keys) - len(chosen)  # at least these many are still to come
        last = chosen[-1]
        end = Cursor(
            epoch,
            store_id,
            last[0],
            _as_uuid(last[1]),
            left if left >= known else None,  # the estimate ran out: count again next page
        )
        return _body(changes, end, has_more=True, remaining=max(left, known))
    return _body(changes, Cursor(epoch, store_id, counter, AFTER_ALL), has_more=False)


def _changes(
    connection: Any, plans: dict, chosen: list[tuple[int, Any, int, str]], params: dict
) -> list[dict[str, Any]]:
    """The chosen positions as wire changes.

    A table's chosen rows are its first rows after the cursor, so one query per
    table reads exactly them: the same range scan with the count as its limit.
    """
    counts = Counter(table for _, _, kind, table in chosen if kind == 0)
    rows: dict[tuple[int, Any], dict[str, Any]] = {}
    for table, count in counts.items():
        plan = plans[table]
        for row in connection.execute(plan.rows, params | {"limit": count}):
            data = plan.wire(row)
            deleted = data["deleted"]
            rows[(row[plan.version_at], row[plan.id_at])] = {
                "table": table,
                "id": data["id"],
                "version": data["version"],
                "deleted": deleted,
                "data": None if deleted else data,
            }
    changes = []
    for version, row_id, kind, table in chosen:
        if kind == 0:
            changes.append(rows[(version, row_id)])
        else:
            changes.append(
                {
                    "table": table,
                    "id": str(_as_uuid(row_id)),
                    "version": version,
                    "deleted": True,
                    "data": None,
                }
            )
    return changes


def _as_uuid(value: Any) -> uuid.UUID:
    """An id as the driver returns it (SQLite: 32 hex digits) as a UUID."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=value)


def _reset() -> dict[str, Any]:
    return {"changes": [], "next_cursor": "", "has_more": True, "reset": True, "remaining": 0}


def _body(
    changes: list[dict[str, Any]], end: Cursor, *, has_more: bool, remaining: int = 0
) -> dict[str, Any]:
    return {
        "changes": changes,
        "next_cursor": end.encode(),
        "has_more": has_more,
        "reset": False,
        "remaining": remaining,
    }
