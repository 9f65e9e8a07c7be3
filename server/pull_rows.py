"""Pull queries as plain SQL per replicated table, and rows turned into wire JSON without ORM.

A :class:`TablePlan` holds, for one table, the keyset query of a page (the
positions after the cursor, in (version, id) order), the query of the page's
full rows, the count of the rows after the cursor, and a function generated
for the table that turns a raw database row (what the driver returns: SQLite
text and integers, or psycopg's objects) into the dict the device gets. That
dict is what ``row.model_dump(mode="json")`` gives for the ORM object, with
decimals as their stored canonical text ("1.5", never "1.50").

The store scope test reads ``+store_id`` on SQLite: the unary plus keeps the
planner off the ``store_id`` index, which, without table statistics, it would
pick for ``store_id IS NULL OR store_id = ?`` and then sort every remaining row
of the table for each page. The (version, id) index then serves every page as
a range scan, with or without ``ANALYZE``. PostgreSQL keeps its statistics
itself (autovacuum) and plans the same range scan (tested with EXPLAIN).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, TextClause, Uuid, bindparam, text

from kassa.sync.models import STORE_SCOPE, replicated_metadata_tables
from kassa.sync.models.types import DecimalText

AFTER_ROW = "(version, id) > (:version, :row_id)"  # strictly after the cursor's row
FROM_VERSION = "version >= :version"  # a cursor before every row of its version


@dataclass(frozen=True)
class TablePlan:
    table: str
    positions: TextClause  # (version, id) after the cursor, in order; :limit
    rows: TextClause  # every column: the first :limit rows after the cursor
    count: TextClause
    wire: Callable[[Any], dict[str, Any]]  # raw row (columns in table order) -> JSON dict
    id_at: int  # where ``rows`` has the id and the version
    version_at: int


def table_plans(dialect: str, *, initial: bool, after: str | None) -> dict[str, TablePlan]:
    """The plans of every replicated table, in apply order.

    ``initial``: the first pull (tombstones left out); ``after``: ``AFTER_ROW``,
    ``FROM_VERSION`` or None (no lower bound: the whole scope).
    """
    return _plans(dialect, initial, after)


@cache
def _plans(dialect: str, initial: bool, after: str | None) -> dict[str, TablePlan]:
    return {
        table.name: _plan(table, dialect=dialect, initial=initial, after=after)
        for table in replicated_metadata_tables()
    }


def _plan(table: Any, *, dialect: str, initial: bool, after: str | None) -> TablePlan:
    name = table.name
    scope, column = STORE_SCOPE.get(name), None
    ranged = [after] if after else []
    alive = ["NOT deleted"] if initial else []
    if scope == "id":
        scoped = counted = ["id = :store_id"]
    elif scope is not None:
        column = f"+{scope}" if dialect == "sqlite" else scope  # see the module docstring
        scoped = [f"({column} IS NULL OR {column} = :store_id)"]
        counted = [f"({scope} IS NULL OR {scope} = :store_id)"]  # any index will do
    else:
        scoped = counted = []
    where = " AND ".join([*ranged, *scoped, *alive]) or "1 = 1"
    count_where = " AND ".join([*ranged, *counted, *alive]) or "1 = 1"
    selected = ", ".join(f'"{c.name}"' for c in table.columns)
    return TablePlan(
        table=name,
        positions=_text(
            f'SELECT version, id FROM "{name}" WHERE {where} ORDER BY version, id LIMIT :limit'
        ),
        rows=_text(
            f'SELECT {selected} FROM "{name}" WHERE {where} ORDER BY version, id LIMIT :limit'
        ),
        count=_text(f'SELECT count(*) FROM "{name}" WHERE {count_where}'),
        wire=_compile(name, tuple(table.columns), dialect=dialect),
        id_at=list(table.columns.keys()).index("id"),
        version_at=list(table.columns.keys()).index("version"),
    )


@cache
def exits_query(after: str | None) -> TextClause:
    """The store's scope exits after the cursor (positions, as ``TablePlan.positions``)."""
    where = {AFTER_ROW: "(version, row_id) > (:version, :row_id)", None: "1 = 1"}.get(after, after)
    return _text(
        f"SELECT version, row_id, table_name FROM scope_exits WHERE {where} "
        "AND store_id = :store_id ORDER BY version, row_id LIMIT :limit"
    )


def _text(sql: str) -> TextClause:
    """The statement with its UUID parameters typed (SQLite stores 32 hex digits)."""
    ids = [bindparam(key, type_=Uuid()) for key in ("row_id", "store_id")]
    return text(sql).bindparams(*[b for b in ids if f":{b.key}" in sql])


def _compile(
    table: str, columns: tuple[Column, ...], *, dialect: str
) -> Callable[[Any], dict[str, Any]]:
    items = [f"        {c.name!r}: {_expression(c, n, dialect)},\n" for n, c in enumerate(columns)]
    source = f"def wire_{table}(r):\n    return {{\n{''.join(items)}    }}\n"
    namespace = {"_uuid": uuid_text, "_time": time_text, "_dec": decimal_text, "_date": _date}
    namespace["_json"] = json.loads
    exec(compile(source, f"<wire plan {table}>", "exec"), namespace)
    return namespace[f"wire_{table}"]


def _expression(column: Column, n: int, dialect: str) -> str:
    get, kind = f"(x := r[{n}])", column.type
    if isinstance(kind, Uuid):  # SQLite: 32 hex digits -> the dashed form
        dashed = "x[:8] + '-' + x[8:12] + '-' + x[12:16] + '-' + x[16:20] + '-' + x[20:]"
        return f"({dashed} if {get}.__class__ is str and len(x) == 32 else _uuid(x))"
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        # SQLite: "2026-06-01 08:30:15.000120" (UTC) -> "2026-06-01T08:30:15.000120Z"
        fast = "len(x) == 26 and x[10] == ' ' and x[19] == '.'"
        whole = (
            "x[:10] + 'T' + x[11:19] + 'Z' if x[20:] == '000000' else x[:10] + 'T' + x[11:] + 'Z'"
        )
        return f"(({whole}) if {get}.__class__ is str and {fast} else _time(x))"
    if isinstance(kind, DecimalText):
        return f"(x if {get}.__class__ is str else _dec(x))"
    if isinstance(kind, Date):
        return f"(x if {get}.__class__ is str else _date(x))"
    if isinstance(kind, JSON):  # SQLite returns the JSON text, psycopg the decoded value
        return f"(None if {get} is None else _json(x))" if dialect == "sqlite" else f"r[{n}]"
    if isinstance(kind, Boolean):
        return f"(None if {get} is None else bool(x))"
    return f"r[{n}]"


def uuid_text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def time_text(value: Any) -> str | None:
    """A stored time as pydantic writes it in JSON: UTC, "Z", microseconds only when set."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:  # SQLite keeps UTC without an offset
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def decimal_text(value: Any) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def _date(value: Any) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, date) else str(value)
