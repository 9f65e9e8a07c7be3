"""Writing rows straight into a database in the schema of ``kassa.sync.models``.

No ORM objects: each table's column order comes from the SQLModel metadata,
missing values from the model's field defaults, and rows go in with one
``executemany`` per chunk, in the value forms SQLAlchemy itself stores on
SQLite (UUIDs as 32 hex digits, booleans as 0/1, times as
``YYYY-MM-DD HH:MM:SS.ffffff``, decimals as text, JSON as text).
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any

from pydantic_core import PydanticUndefined
from sqlmodel import SQLModel

from kassa.sync.models import TABLE_MODELS

UPDATED_AT = "2026-01-01 00:00:00.000000"
CHUNK = 20_000


class Ids:
    """Deterministic UUIDv7 values (RFC 9562 layout) from a seeded generator."""

    def __init__(self, rng: random.Random, *, start_ms: int = 1_767_225_600_000) -> None:
        self.rng, self.ms = rng, start_ms

    def next(self) -> str:
        self.ms += 1
        rand_a, rand_b = self.rng.getrandbits(12), self.rng.getrandbits(62)
        value = (self.ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
        return f"{value:032x}"


def columns(table: str) -> list[str]:
    return [c.name for c in SQLModel.metadata.tables[table].columns]


def _defaults(table: str) -> dict[str, Any]:
    model = TABLE_MODELS[table]
    found: dict[str, Any] = {"deleted": False, "updated_at": UPDATED_AT}
    for name, info in model.model_fields.items():
        if info.default is not PydanticUndefined and name not in found:
            found[name] = info.default
        elif info.default_factory is list:
            found[name] = []
    return found


def _stored(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def as_tuples(table: str, rows: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    names = columns(table)
    base = {k: _stored(v) for k, v in _defaults(table).items()}
    for row in rows:
        merged = {**base, **row}
        try:
            yield tuple(_stored(merged[name]) for name in names)
        except KeyError as exc:
            raise ValueError(f"{table}: a generated row has no {exc.args[0]!r}") from None


def insert(db: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts) into ``table`` in chunks; returns the count."""
    names = columns(table)
    sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
    count = 0
    tuples = as_tuples(table, rows)
    while chunk := list(islice(tuples, CHUNK)):
        db.executemany(sql, chunk)
        count += len(chunk)
    return count
