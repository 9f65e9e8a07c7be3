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

from sqlalchemy import JSON, Column, Date, DateTime, Uuid
from sqlmodel import SQLModel

from kassa.sync.models import REPLICATED_TABLES
from kassa.sync.models.types import DecimalText
from kassa.sync.protocol import RowChange


class BadRow(ValueError):
    """A pulled row that does not fit the device's table."""


@dataclass(frozen=True)
class RowPlan:
    table: str
    columns: tuple[str, ...]
    row: Callable[[dict[str, Any]], tuple[Any, ...]]
    upsert_sql: str  # into "main"."table"; see sql_for()
    delete_sql: str

    def values(self, change: RowChange) -> tuple[Any, ...]:
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
        "_uuid": uuid_hex,
        "_time": datetime_text,
        "_dec": decimal_text,
        "_date": _date,
        "_json": _json,
    }
    exec(compile(source + "    )\n", f"<row plan {table}>", "exec"), namespace)
    return namespace[f"row_{table}"]


def _expression(column: Column) -> str:
    get, kind = f"(x := d[{column.name!r}])", column.type
    if column.name == "deleted":
        return "False"  # the device keeps no tombstones
    if isinstance(kind, Uuid):  # "0190...-..." -> "0190..."
        return f"(x.replace('-', '') if {get}.__class__ is str and len(x) == 36 else _uuid(x))"
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        fast = "len(x) == 32 and x[26:] == '+00:00' and x[10] == 'T'"
        return f"(x[:10] + ' ' + x[11:26] if {get}.__class__ is str and {fast} else _time(x))"
    if isinstance(kind, DecimalText):
        return f"(x if {get}.__class__ is str and x.isdigit() and x[0] != '0' else _dec(x))"
    if isinstance(kind, Date):
        return f"(None if {get} is None else _date(x))"
    if isinstance(kind, JSON):
        return f"_json({get})"
    return f"d[{column.name!r}]"


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


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)
