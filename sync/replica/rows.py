"""Turning pulled rows (JSON) into the values SQLite stores, fast.

A pull page carries rows as JSON dicts (UUIDs and datetimes as text). Going
through ORM objects would cost far too much for an initial sync of a million
price rows, so each replicated table gets a :class:`RowPlan` once: its column
names, its SQL, and a row function compiled for it that produces exactly what
SQLAlchemy itself stores on SQLite (UUIDs as 32 hex digits, datetimes as
``YYYY-MM-DD HH:MM:SS.ffffff`` UTC, decimals as canonical text, JSON as text).
The function is generated source (one expression per column, the usual shapes
handled inline, anything else through the helpers below): a per-value Python
call would double the cost of an initial sync.

The plan is also the check of what came over the network (``sync/pull_wire.py``
checks only a page's envelope): every value must have its column's type (a
whole number, text, a boolean; null only where the column allows it), times
must be ISO 8601 with a zone, decimals finite and not floats, UUIDs 32 hex
digits (dashed lower case, or any form ``uuid.UUID`` reads); anything else is
a ``BadRow`` naming the table, row and column, and the page is not applied.
The usual time shapes from the server (UTC with "Z", with or without
microseconds) are checked by ``datetime.fromisoformat`` and cut into
SQLAlchemy's text without a ``strftime``.
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

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, String, Uuid
from sqlmodel import SQLModel

from kassa.sync.models import REPLICATED_TABLES
from kassa.sync.models.types import DecimalText
from kassa.sync.protocol import RowChange
from kassa.sync.pull_wire import PulledChange


class BadRow(ValueError):
    """A pulled row that does not fit the device's table."""


@dataclass(frozen=True)
class RowPlan:
    table: str
    columns: tuple[str, ...]
    row: Callable[[dict[str, Any]], tuple[Any, ...]]
    upsert_sql: str  # into "main"."table"; see sql_for()
    delete_sql: str

    def values(self, change: RowChange | PulledChange) -> tuple[Any, ...]:
        """The row to store for an upsert (``data`` holds every column, ``id`` included)."""
        try:
            return self.row(change.data)
        except KeyError as exc:
            raise BadRow(f"{self.table} row {change.id} has no {exc.args[0]!r}") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise BadRow(f"{self.table} row {change.id}: {exc}") from None


@cache
def row_plan(table: str, target: str | None = None) -> RowPlan:
    """The plan for replicated ``table``, writing into ``target`` (default: the table)."""
    if table not in REPLICATED_TABLES:
        raise BadRow(f"the server sent table {table!r}, which this device does not know; update it")
    columns = tuple(SQLModel.metadata.tables[table].columns)
    names = tuple(column.name for column in columns)
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    into = target or table
    return RowPlan(
        table=table,
        columns=names,
        row=_compile(table, columns),
        upsert_sql=f'INSERT OR REPLACE INTO "{into}" ({quoted}) VALUES ({marks})',
        delete_sql=f'DELETE FROM "{into}" WHERE id = ?',
    )


def _compile(table: str, columns: tuple[Column, ...]) -> Callable[[dict[str, Any]], tuple]:
    parts = [_expression(column) for column in columns]
    source = f"def row_{table}(d):\n    return (\n" + "".join(f"        {p},\n" for p in parts)
    namespace = {
        "_uuid": _checked(uuid_hex),
        "_time": _checked(datetime_text),
        "_dec": _checked(decimal_text),
        "_date": _checked(_date),
        "_json": _checked(_json),
        "_int": _checked(_int),
        "_bool": _checked(_bool),
        "_str": _checked(_str),
        "_iso": _checked(datetime.fromisoformat),
    }
    exec(compile(source + "    )\n", f"<row plan {table}>", "exec"), namespace)
    return namespace[f"row_{table}"]


def _expression(column: Column) -> str:
    name, kind = column.name, column.type
    get, slow = f"(x := d[{name!r}])", f"(x, {name!r}, {column.nullable})"
    if name == "deleted":
        return "False"  # the device keeps no tombstones
    if isinstance(kind, Uuid):  # "0190...-..." -> "0190..."
        hex_only = "not (h := x.replace('-', '')).strip('0123456789abcdef')"
        fast = f"len(x) == 36 and {hex_only} and len(h) == 32"
        return f"(h if {get}.__class__ is str and {fast} else _uuid{slow})"
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        # "2026-06-01T08:30:15.000120Z" / "2026-06-01T08:30:15Z" -> "2026-06-01 08:30:15.000120"
        iso = f"_iso(x, {name!r}, False)"  # checks it is a real time
        micro = f"len(x) == 27 and x[26] == 'Z' and x[19] == '.' and {iso}"
        whole = f"len(x) == 20 and x[19] == 'Z' and {iso}"
        return (
            f"(x[:10] + ' ' + x[11:26] if {get}.__class__ is str and {micro} else "
            f"x[:10] + ' ' + x[11:19] + '.000000' if x.__class__ is str and {whole} else "
            f"_time{slow})"
        )
    if isinstance(kind, DecimalText):
        return f"(x if {get}.__class__ is str and x.isdigit() and x[0] != '0' else _dec{slow})"
    if isinstance(kind, Date):
        return f"_date({get}, {name!r}, {column.nullable})"
    if isinstance(kind, JSON):
        return f"_json({get}, {name!r}, {column.nullable})"
    for types, wanted in ((Boolean, "bool"), (Integer, "int"), (String, "str")):
        if isinstance(kind, types) or isinstance(getattr(kind, "impl", None), types):
            return f"(x if {get}.__class__ is {wanted} else _{wanted}{slow})"
    return f"d[{name!r}]"


def _checked(convert: Callable[[Any], Any]) -> Callable[[Any, str, bool], Any]:
    """``convert`` for one column: null refused where the column needs a value."""

    def check(value: Any, column: str, nullable: bool) -> Any:
        if value is None:
            if nullable:
                return None
            raise ValueError(f"{column} is null; it needs a value")
        try:
            return convert(value)
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{exc} ({column})") from None

    return check


def uuid_hex(value: Any) -> str | None:
    """A UUID (object or any text form) as the 32 hex digits SQLAlchemy stores."""
    if value is None:
        return None
    return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex


def datetime_text(value: Any) -> str | None:
    """An ISO 8601 time as SQLAlchemy stores it on SQLite: UTC, no offset, microseconds."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        raise ValueError(f"time {value!r} has no time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def decimal_text(value: Any) -> str | None:
    """A decimal as ``DecimalText`` stores it ("1.50" -> "1.5"); floats refused."""
    if value is None:
        return None
    if isinstance(value, float):
        raise ValueError(f"decimal {value!r} came as a float; send it as text")
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return format(number.normalize(), "f")


def _date(value: Any) -> str:
    return date.fromisoformat(str(value)).isoformat()


def _json(value: Any) -> str:
    return json.dumps(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    return value
