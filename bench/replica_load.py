"""The raw local load: the rows a terminal's initial sync brings, put in with ``executemany``.

The same rows (one store's scope, read straight from the server database, as
stored) go into a fresh device database made by the device's own migrations,
in one transaction, with the device's indexes and search triggers in place:
no HTTP, no JSON, no pydantic. That is the physical floor of an initial sync.
The result is also a complete replica the terminal benchmarks sell from.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.rows import columns
from kassa.sync.models import REPLICATED_TABLES, STORE_SCOPE
from kassa.sync.replica.identity import DeviceIdentity, save_identity
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.sync_state import update_sync_state
from kassa.sync.replica.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RawLoad:
    rows: int
    seconds: float  # into the device schema: indexes and search triggers in place
    per_table: dict[str, int]
    bare_seconds: float = 0.0  # into the same tables without secondary indexes or triggers


def scope_rows(server_db: Path, *, store_id: str) -> dict[str, list[tuple]]:
    """Every row ``store_id``'s terminals pull first, per table, in device column order."""
    db = sqlite3.connect(f"file:{server_db}?mode=ro", uri=True)
    found = {}
    try:
        for table in REPLICATED_TABLES:
            names = ", ".join(f'"{c}"' for c in columns(table))
            where, params = ["deleted = 0"], []
            scope = STORE_SCOPE.get(table)
            if scope == "id":
                where.append("id = ?")
                params.append(store_id)
            elif scope:
                where.append(f"({scope} IS NULL OR {scope} = ?)")
                params.append(store_id)
            query = f'SELECT {names} FROM "{table}" WHERE {" AND ".join(where)}'
            found[table] = db.execute(query, params).fetchall()
    finally:
        db.close()
    return found


def load(device_path: Path, rows: dict[str, list[tuple]]) -> RawLoad:
    """Timed: ``executemany`` of ``rows`` into a migrated device file, one transaction."""
    replica = open_replica(device_path)
    replica.dispose()
    db = sqlite3.connect(device_path, isolation_level=None)
    try:
        from kassa.sync.replica.fold import fold

        db.create_function("kassa_fold", 1, fold, deterministic=True)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        for table, values in rows.items():
            names = columns(table)
            marks = ", ".join("?" * len(names))
            sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({marks})'
            db.executemany(sql, values)
        db.execute("COMMIT")
        seconds = time.perf_counter() - start
        tables = [
            db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
            for t in rows
        ]
    finally:
        db.close()
    bare = _bare_load(device_path.with_name("bare.sqlite"), tables, rows)
    count = sum(map(len, rows.values()))
    return RawLoad(count, seconds, {t: len(v) for t, v in rows.items()}, bare)


def _bare_load(path: Path, tables: list[str], rows: dict[str, list[tuple]]) -> float:
    """The same executemany into bare copies of the tables: the insert floor."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        for sql in tables:
            db.execute(sql)
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        for table, values in rows.items():
            names = columns(table)
            marks = ", ".join("?" * len(names))
            db.executemany(f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({marks})', values)
        db.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def make_ready(
    device_path: Path,
    *,
    store_id: str,
    store_code: str,
    terminal_id: uuid.UUID | None = None,
    terminal_code: str = "B01",
) -> None:
    """Give the loaded file a device identity and mark its catalog complete."""
    replica = open_replica(device_path)
    try:
        with UnitOfWork(replica) as uow:
            save_identity(
                uow.connection,
                DeviceIdentity(
                    terminal_id=terminal_id or uuid.uuid4(),
                    terminal_code=terminal_code,
                    store_id=uuid.UUID(hex=store_id),
                    store_code=store_code,
                    server_url=None,
                    enrolled_at=datetime.now(UTC),
                ),
            )
            update_sync_state(uow.connection, catalog_ready=True)
            uow.commit()
    finally:
        replica.dispose()
