"""The server's database: engine, read snapshots and write units of work.

SQLite (the embedded default, one file in the data dir) runs in WAL mode with
``synchronous=FULL``; every write transaction starts with ``BEGIN IMMEDIATE``,
so writers queue on the database lock and hold it until commit. PostgreSQL is
reached through a ``postgresql://`` URL (driver: psycopg 3); a writer that
stamps replicated rows takes the change-counter row lock (``UPDATE ...
RETURNING``) and holds it until commit. Either way versions become visible in
the order they were taken, so a pull never skips one. Reads that span several
statements run as one snapshot (``REPEATABLE READ`` on PostgreSQL, a single
deferred transaction on SQLite).

Connections: FastAPI runs the routes' blocking work on a pool of ``THREADS``
worker threads, each holding at most one connection at a time, so the pool has a
connection for every thread and a request never waits for one (nor fails with
``QueuePool limit ... reached``). On SQLite one writer at a time can work anyway:
the process's writers queue on a lock before they take a connection and the
database lock, so 50 terminals pushing at once wait their turn instead of
retrying ``BEGIN IMMEDIATE`` until the busy timeout runs out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

WRITE = "kassa_write"
THREADS = 40  # anyio's default thread limiter, which FastAPI's thread pool uses


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` go through psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite_url(url: str) -> bool:
    return make_url(normalize_url(url)).get_backend_name() == "sqlite"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


RESERVED_CONNECTIONS = 10  # PostgreSQL connections left for the CLI, psql, backups


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if is_sqlite_url(url):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=THREADS - 10)


def connection_budget_problem(db: Database, workers: int) -> str | None:
    """Why ``workers`` processes would run PostgreSQL out of connections, or None: each
    process pools up to ``THREADS`` (one per API worker thread)."""
    with db.read() as session:
        allowed = int(session.connection().exec_driver_sql("SHOW max_connections").scalar())
    wanted = workers * THREADS
    if wanted <= allowed - RESERVED_CONNECTIONS:
        return None
    fits = max(1, (allowed - RESERVED_CONNECTIONS) // THREADS)
    return (
        f"--workers {workers} would open up to {wanted} PostgreSQL connections ({THREADS} "
        f"each) but the database allows {allowed} (max_connections, {RESERVED_CONNECTIONS} "
        f"kept for the CLI and maintenance): use --workers {fits} or raise max_connections"
    )


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    pool: dict[str, int] = {}
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        # a thread outside FastAPI's pool (a CLI, a test) still gets a connection
        pool = {"pool_size": THREADS, "max_overflow": THREADS}
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **pool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """The engine plus the two ways in: ``read()`` and ``write()``."""

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._write_engine = self.engine.execution_options(**{WRITE: True})
        # SQLite: one writer at a time in this process, queued before taking a connection
        self._writer = threading.RLock() if self.is_sqlite else nullcontext()
        self._read_engine = (
            self.engine
            if self.is_sqlite
            else self.engine.execution_options(isolation_level="REPEATABLE READ")
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One consistent snapshot; nothing written."""
        with Session(self._read_engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction, committed when the block ends without error."""
        with (
            self._writer,
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def refresh_statistics(self, *, tables: Iterable[str] = ()) -> None:
        """``ANALYZE`` the database (or just ``tables``), e.g. after a big import."""
        with self.write() as session:
            analyze(session.connection(), tables)

    def dispose(self) -> None:
        self.engine.dispose()


def analyze(connection: Connection, tables: Iterable[str] = ()) -> None:
    """Refresh the planner's table statistics (row counts per index).

    The planners pick indexes by them. The pull's queries do not depend on them
    (see ``pull_rows``), but other queries do: SQLite keeps none until
    ``ANALYZE`` runs; PostgreSQL's autovacuum catches up only later.
    """
    for statement in [f'ANALYZE "{name}"' for name in tables] or ["ANALYZE"]:
        connection.exec_driver_sql(statement)
