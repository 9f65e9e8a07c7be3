"""Prebuilt catalog snapshots: a store's whole pull scope as a ready device database.

The first sync of a terminal downloads one file instead of paging 1M+ rows
through JSON. ``build_snapshot`` makes a fresh device database with the
device's own migrations (same tables, indexes, FTS5 search index, triggers),
drops the replicated tables' indexes and the search triggers, bulk-loads the
store's scope with ``executemany`` (the rows an initial pull serves: the
store's and every store's rows, no tombstones), builds the indexes and the
search index once, and writes into its ``sync_state`` the cursor it
corresponds to. Rows and cursor come from ONE read snapshot of the server
database, and the cursor is the one a complete initial pull in that snapshot
ends with (``pull.py``: the change counter, after every row): every version up
to it is committed (writers hold the counter row until commit) and included,
so the device pulls from it afterwards and misses nothing.

Files are cached under ``<snapshot_dir>/`` per (store, epoch, version), built
into a temporary name, synced and renamed, and described by a ``.json`` file
(size, sha256, cursor, device schema) written last: a snapshot without its
``.json`` does not exist. ``snapshot_for`` serves the newest cached one unless
the catalog moved on by more than ``MAX_BEHIND_ROWS`` rows (the device's pull
catches up the rest), its epoch is gone, or tombstones were purged past it;
then it builds a new one (one build per store at a time, across the server's
processes through a lock file) and keeps ``KEEP_PER_STORE`` files per store.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from kassa.server.cursor import AFTER_ALL, Cursor
from kassa.server.errors import ServiceError
from kassa.server.store import Database
from kassa.server.tables import ChangeCounter, ServerState
from kassa.sync.models import REPLICATED_TABLES, STORE_SCOPE, Store
from kassa.sync.replica.fold import fold
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.rows import row_plan
from kassa.sync.replica.snapshot_file import schema_revision

try:
    import fcntl
except ImportError:  # Windows: the thread lock alone
    fcntl = None  # type: ignore[assignment]

MAX_BEHIND_ROWS = 50_000  # changed rows a device may pull after a cached snapshot
KEEP_PER_STORE = 2
CHUNK = 20_000
_locks: dict[uuid.UUID, threading.Lock] = {}
_locks_guard = threading.Lock()


@dataclass(frozen=True)
class Snapshot:
    path: Path
    store_id: str
    epoch: str
    version: int
    cursor: str
    schema: str
    size: int
    sha256: str
    rows: int
    build_seconds: float


def snapshot_for(
    db: Database, *, store_id: uuid.UUID, folder: Path, max_behind: int = MAX_BEHIND_ROWS
) -> Snapshot:
    """A cached snapshot of ``store_id``'s scope close enough to the head, or a new one."""
    with _lock_for(store_id), _process_lock(folder, store_id):
        found = usable_snapshot(db, store_id=store_id, folder=folder, max_behind=max_behind)
        return found or build_snapshot(db, store_id=store_id, folder=folder)


def usable_snapshot(
    db: Database, *, store_id: uuid.UUID, folder: Path, max_behind: int
) -> Snapshot | None:
    cached = cached_snapshots(folder, store_id=store_id)
    if not cached:
        return None
    newest = cached[0]
    with db.read() as session:
        state = session.get(ServerState, 1)
        assert state is not None, "server database not initialised"
        if newest.epoch != state.epoch.hex or newest.schema != schema_revision():
            return None
        if state.purged_version and state.purged_version > newest.version:
            return None  # a pull from its cursor would answer reset (server/pull.py)
        if _rows_after(session, newest.version, cap=max_behind + 1) > max_behind:
            return None
    return newest if newest.path.is_file() else None


def cached_snapshots(folder: Path, *, store_id: uuid.UUID) -> list[Snapshot]:
    """This store's complete snapshots, the last built first (after ``new-epoch`` on a
    restored database a new build has a lower version than the old epoch's files)."""
    found = []
    for meta in folder.glob(f"{store_id.hex}-*.json"):
        try:
            values = json.loads(meta.read_text(encoding="utf-8"))
            built = meta.stat().st_mtime_ns
            found.append((built, Snapshot(**{**values, "path": Path(values["path"])})))
        except (OSError, ValueError, TypeError):
            continue
    return [snapshot for _, snapshot in sorted(found, key=lambda f: f[0], reverse=True)]


def build_snapshot(db: Database, *, store_id: uuid.UUID, folder: Path) -> Snapshot:
    """Build, sync and publish a snapshot of ``store_id``'s scope at the current head."""
    folder.mkdir(parents=True, exist_ok=True)
    for left in folder.glob(".build-*"):  # a build a crash cut short (an hour is ample)
        if time.time() - left.stat().st_mtime > 3600:
            left.unlink(missing_ok=True)
    started = time.perf_counter()
    temp = folder / f".build-{store_id.hex}-{uuid.uuid4().hex[:8]}.sqlite"
    try:
        replica = open_replica(temp)  # the device's own migrations
        replica.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
        target = sqlite3.connect(temp, isolation_level=None)
        try:
            target.create_function("kassa_fold", 1, fold, deterministic=True)
            for pragma in ("journal_mode=DELETE", "synchronous=OFF", "cache_size=-256000"):
                target.execute(f"PRAGMA {pragma}")
            target.execute("BEGIN")
            deferred = _drop_indexes_and_triggers(target)
            with db.read() as session:
                state = session.get(ServerState, 1)
                counter = session.get(ChangeCounter, 1)
                assert state is not None and counter is not None, "server database not initialised"
                if session.get(Store, store_id) is None:
                    raise ServiceError(  # the device falls back to the paged pull
                        "snapshot_unavailable", f"no store {store_id}", status=404
                    )
                rows = _copy_scope(session, target, store_id=store_id, raw=db.is_sqlite)
                epoch, version = state.epoch, counter.value
            cursor = Cursor(epoch, store_id, version, AFTER_ALL).encode()
            for sql in deferred:
                target.execute(sql)
            target.execute(
                "INSERT INTO product_search (rowid, text) "
                "SELECT rowid, kassa_fold(name) || ' ' || kassa_fold(sku) FROM products"
            )
            target.execute(
                "UPDATE sync_state SET cursor = ?, catalog_ready = 1, staged_pull = 0, "
                "staged_cursor = '', staged_rows_done = 0, staged_rows_total = 0",
                (cursor,),
            )
            target.execute("COMMIT")
        finally:
            target.close()
        size, digest = _sync_and_hash(temp)
        final = folder / f"{store_id.hex}-{epoch.hex[:12]}-{version:012d}.sqlite"
        os.replace(temp, final)
        snapshot = Snapshot(
            path=final,
            store_id=store_id.hex,
            epoch=epoch.hex,
            version=version,
            cursor=cursor,
            schema=schema_revision(),
            size=size,
            sha256=digest,
            rows=rows,
            build_seconds=round(time.perf_counter() - started, 3),
        )
        _publish(snapshot)
    finally:
        temp.unlink(missing_ok=True)
    _prune(folder, store_id=store_id)
    return snapshot


@contextmanager
def _process_lock(folder: Path, store_id: uuid.UUID) -> Iterator[None]:
    """One build per store across the server's processes too (``--workers``; POSIX)."""
    if fcntl is None:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f".{store_id.hex}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _lock_for(store_id: uuid.UUID) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(store_id, threading.Lock())


def _drop_indexes_and_triggers(target: sqlite3.Connection) -> list[str]:
    """Drop the replicated tables' indexes and the search triggers; their SQL, to redo."""
    names = ", ".join("?" * len(REPLICATED_TABLES))
    found = target.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        f"(type = 'index' AND tbl_name IN ({names})) "
        "OR (type = 'trigger' AND tbl_name = 'products'))",
        REPLICATED_TABLES,
    ).fetchall()
    for kind, name, _ in found:
        target.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for kind, _, sql in sorted(found, key=lambda f: f[0] == "trigger")]


def _copy_scope(session: Any, target: sqlite3.Connection, *, store_id: uuid.UUID, raw: bool) -> int:
    """``executemany`` the scope into ``target``; returns the row count.

    A SQLite server stores values exactly as the device does (both through
    SQLAlchemy on SQLite), so its rows go in as they are; PostgreSQL's typed
    values go through the device's own row plans (UUID hex, UTC time text).
    """
    connection = session.connection()
    scope_value: Any = store_id.hex if raw else store_id
    count = 0
    for table in REPLICATED_TABLES:
        plan = row_plan(table)
        names = ", ".join(f'"{name}"' for name in plan.columns)
        where = ["NOT deleted"]
        column = STORE_SCOPE.get(table)
        if column == "id":
            where.append("id = :store")
        elif column is not None:
            where.append(f'("{column}" IS NULL OR "{column}" = :store)')
        query = text(f'SELECT {names} FROM "{table}" WHERE {" AND ".join(where)}')
        result = connection.execute(query, {"store": scope_value} if column else {})
        insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(plan.columns))})'
        while chunk := result.fetchmany(CHUNK):
            if raw:
                values: list = [tuple(row) for row in chunk]
            else:
                values = [plan.row(dict(zip(plan.columns, row, strict=True))) for row in chunk]
            target.executemany(insert, values)
            count += len(values)
    return count


def _rows_after(session: Any, version: int, *, cap: int) -> int:
    """Rows changed after ``version`` (every store's: an upper bound), counting up to ``cap``."""
    connection, total = session.connection(), 0
    for table in REPLICATED_TABLES:
        query = text(
            f'SELECT count(*) FROM (SELECT 1 FROM "{table}" WHERE version > :v LIMIT :n) AS changed'
        )
        total += int(connection.execute(query, {"v": version, "n": cap - total}).scalar_one())
        if total >= cap:
            break
    return total


def _sync_and_hash(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
        os.fsync(source.fileno())
    return path.stat().st_size, digest.hexdigest()


def _publish(snapshot: Snapshot) -> None:
    meta = snapshot.path.with_suffix(".json")
    temp = meta.with_name(f".{meta.name}.tmp")
    values = {**asdict(snapshot), "path": str(snapshot.path)}
    temp.write_text(json.dumps(values, indent=1), encoding="utf-8")
    os.replace(temp, meta)
    directory = os.open(meta.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _prune(folder: Path, *, store_id: uuid.UUID) -> None:
    """Keep the newest ``KEEP_PER_STORE`` (a download underway keeps its open file)."""
    for old in cached_snapshots(folder, store_id=store_id)[KEEP_PER_STORE:]:
        old.path.with_suffix(".json").unlink(missing_ok=True)
        old.path.unlink(missing_ok=True)
