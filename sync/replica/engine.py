"""The device database: one SQLite file, WAL, ``synchronous=FULL``, explicit BEGINs.

Every connection gets the same pragmas, so whichever connection commits a fact
commits it durably: WAL journal (readers never block the writer),
``synchronous=FULL`` (the WAL is synced at every commit, so a power cut loses
no completed sale; set again at every BEGIN, so the one relaxed writer,
``bulk_writer`` for staging pulled pages, cannot leave it lower), a busy
timeout instead of "database is locked", foreign keys off (pull pages arrive
in version order, not in dependency order), and the ``kassa_fold`` SQL
function the search triggers call.

Python's sqlite3 module would start transactions lazily, on the first write;
here the driver is put in autocommit mode and SQLAlchemy's ``begin`` event
emits the BEGIN itself: ``BEGIN IMMEDIATE`` on :attr:`Replica.writer` (the
write lock is taken up front, so two writers queue instead of deadlocking on a
lock upgrade) and a plain deferred ``BEGIN`` on :attr:`Replica.engine` (reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from kassa.sync.replica.fold import fold

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 32_000
_BEGIN_OPTION = "kassa_begin"
_SYNC_OPTION = "kassa_synchronous"


@dataclass(frozen=True)
class Replica:
    """The device database: where it is and the engines that reach it."""

    path: Path
    engine: Engine  # reads (deferred BEGIN)
    writer: Engine  # writes (BEGIN IMMEDIATE, synchronous=FULL)
    bulk_writer: Engine  # re-doable bulk writes (BEGIN IMMEDIATE, synchronous=NORMAL)

    def dispose(self) -> None:
        self.engine.dispose()


def create_device_engine(
    path: Path | str, *, synchronous: str = "FULL", busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    """An engine on the SQLite file ``path`` with the device pragmas.

    ``busy_timeout_ms``: how long a writer waits for another connection's write
    lock before SQLite answers "database is locked" (the terminal then refuses
    the write with a clear message and keeps the sale).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        dbapi_connection.create_function("kassa_fold", 1, fold, deterministic=True)
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"synchronous={synchronous}",
            f"busy_timeout={int(busy_timeout_ms)}",
            "foreign_keys=OFF",
            "recursive_triggers=ON",  # REPLACE evicting a row fires its delete triggers
            "journal_size_limit=67108864",  # a big swap's WAL shrinks back to 64 MiB
            "temp_store=MEMORY",
            f"cache_size={-CACHE_KIB}",
            "mmap_size=268435456",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        options = connection.get_execution_options()
        level = options.get(_SYNC_OPTION, synchronous)  # set per transaction: it never leaks
        connection.exec_driver_sql(f"PRAGMA synchronous={level}")
        connection.exec_driver_sql(f"BEGIN {options.get(_BEGIN_OPTION, 'DEFERRED')}")

    return engine


def writer_of(engine: Engine, *, durable: bool = True) -> Engine:
    """The same engine (and pool) whose transactions start with ``BEGIN IMMEDIATE``.

    ``durable=False`` commits with ``synchronous=NORMAL`` (no sync of the WAL at
    commit: still atomic and consistent, but a power cut may lose the last
    commits). Only for work that can be redone, like staging pulled pages.
    """
    options = {_BEGIN_OPTION: "IMMEDIATE"}
    if not durable:
        options[_SYNC_OPTION] = "NORMAL"
    return engine.execution_options(**options)


def connect_replica(path: Path | str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Replica:
    """Engines on the device database at ``path`` (no migration; see ``open_replica``)."""
    engine = create_device_engine(path, busy_timeout_ms=busy_timeout_ms)
    return Replica(
        path=Path(path),
        engine=engine,
        writer=writer_of(engine),
        bulk_writer=writer_of(engine, durable=False),
    )
