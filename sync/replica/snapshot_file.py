"""Installing a prebuilt catalog snapshot (a whole device database file) on a fresh device.

Head office builds the snapshot with the device's own migrations, so the file
already holds the replicated tables, their indexes and the search index, plus
the cursor it corresponds to (in its ``sync_state``). ``check_snapshot``
refuses a file whose size or sha256 is not what the server announced, that is
not a SQLite database, or whose schema revision is not this device's.

``install_snapshot`` replaces the device database's content with the file's,
keeping everything the device owns (identity, document counters, facts,
journal, outbox, sync times): it copies the file's pages into the device
database with SQLite's backup API, which runs as ONE write transaction on the
device database, so a crash or an error part way leaves the old content whole
(the WAL frames of an uncommitted transaction are ignored). The device's own
tables are copied into the file from the device database only once that write
transaction holds the device's write lock (the first backup step took it), so
a fact committed just before is carried over and none can be committed in
between; the backup carries those pages along. Then the cursor becomes the
snapshot's and the catalog is complete: the next pull starts from there.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from kassa.sync.models import REPLICATED_TABLES
from kassa.sync.replica.changes import STAGE_PREFIX
from kassa.sync.replica.fold import fold
from kassa.sync.replica.schema import SEARCH_TABLE

_SQLITE_OK = 0  # a backup step copied pages (BUSY: it did not get the lock yet)
STEPS = 64  # the backup runs in at least this many steps (the first one takes the lock)


class BadSnapshot(ValueError):
    """The downloaded file is not a snapshot this device can use; nothing was changed."""


@dataclass(frozen=True)
class SnapshotFile:
    path: Path
    cursor: str
    schema: str


@cache
def schema_revision() -> str:
    """The device schema revision this code migrates to (Alembic head)."""
    from kassa.sync.replica.migrate import alembic_config, head_revision

    head = head_revision()  # read from the files, without importing Alembic
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(alembic_config()).get_current_head())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def check_snapshot(path: Path, *, size: int, sha256: str | None = None) -> SnapshotFile:
    """The snapshot's cursor and schema, or ``BadSnapshot`` (``sha256`` None: already checked)."""
    actual = path.stat().st_size if path.exists() else -1
    if actual != size:
        raise BadSnapshot(f"the catalog snapshot has {actual} bytes, the server announced {size}")
    if sha256 is not None and file_sha256(path) != sha256:
        raise BadSnapshot("the catalog snapshot's sha256 is not the one the server announced")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (schema,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
            cursor, ready = db.execute("SELECT cursor, catalog_ready FROM sync_state").fetchone()
        finally:
            db.close()
    except (sqlite3.Error, TypeError) as exc:
        raise BadSnapshot(f"the catalog snapshot is not a device database ({exc})") from exc
    if schema != schema_revision():
        raise BadSnapshot(
            f"the catalog snapshot has schema {schema}, this device {schema_revision()}"
        )
    if not cursor or not ready:
        raise BadSnapshot("the catalog snapshot carries no cursor")
    return SnapshotFile(path, cursor, schema)


def install_snapshot(
    device_path: Path,
    snapshot: SnapshotFile,
    *,
    at: datetime,
    busy_timeout_ms: int = 10_000,
    on_step: Callable[[int, int], None] | None = None,
) -> None:
    """Make the device database the snapshot plus the device's own rows, atomically.

    ``snapshot.path`` is written to (the device's rows go into it) and is no
    use afterwards; ``on_step(pages left, pages)`` is called after each backup step.
    """
    source = sqlite3.connect(snapshot.path, isolation_level=None)
    target = sqlite3.connect(device_path, isolation_level=None, timeout=busy_timeout_ms / 1000)
    try:
        source.create_function("kassa_fold", 1, fold, deterministic=True)
        source.execute("PRAGMA main.journal_mode = DELETE")  # as built; pages change in place
        source.execute("ATTACH DATABASE ? AS device", (str(device_path),))
        target.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        target.execute("PRAGMA synchronous = NORMAL")  # redoable: a lost install is done again
        pages = source.execute("PRAGMA main.page_count").fetchone()[0]
        if pages < 2:
            raise BadSnapshot("the catalog snapshot is empty")
        if (
            source.execute("PRAGMA main.page_size").fetchone()
            != target.execute("PRAGMA page_size").fetchone()
        ):
            raise BadSnapshot("the catalog snapshot's page size is not the device database's")
        carried = False

        def step(status: int, remaining: int, total: int) -> None:
            nonlocal carried
            if not carried and status == _SQLITE_OK:  # the device's write lock is ours now
                _carry_device_rows(source, cursor=snapshot.cursor, at=at)
                carried = True
            if on_step is not None:
                on_step(remaining, total)

        source.backup(target, pages=max(1, pages // STEPS), progress=step)
        if not carried:  # cannot happen: the first step never copies every page
            raise RuntimeError("the snapshot went in without the device's own rows")
        target.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        source.close()
        target.close()


def device_tables(db: sqlite3.Connection, schema: str = "device") -> list[str]:
    """The tables the device owns (not pulled): facts, outbox, counters, identity, state."""
    names = [
        name
        for (name,) in db.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    return [
        name
        for name in names
        if name not in REPLICATED_TABLES
        and name != "alembic_version"
        and not name.startswith((SEARCH_TABLE, STAGE_PREFIX, "sqlite_"))
    ]


def _carry_device_rows(source: sqlite3.Connection, *, cursor: str, at: datetime) -> None:
    """Copy the device's own rows into the snapshot (in the backup's source connection)."""
    source.execute("BEGIN")  # deferred: IMMEDIATE would wait for the device's lock (ours)
    try:
        snapshot_tables = set(device_tables(source, "main"))
        for name in device_tables(source, "device"):
            if name not in snapshot_tables:
                raise BadSnapshot(f"the catalog snapshot has no table {name}")
            source.execute(f'DELETE FROM main."{name}"')
            source.execute(f'INSERT INTO main."{name}" SELECT * FROM device."{name}"')
        source.execute(
            "UPDATE main.sync_state SET cursor = ?, catalog_ready = 1, staged_pull = 0, "
            "staged_cursor = '', staged_rows_done = 0, staged_rows_total = 0, "
            "last_pull_at = ?, last_success_at = ?",
            (cursor, at.isoformat(), at.isoformat()),
        )
        source.execute("COMMIT")
    except BaseException:
        source.execute("ROLLBACK")
        raise
