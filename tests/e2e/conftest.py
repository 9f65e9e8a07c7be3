"""Real processes for end-to-end tests: a throwaway PostgreSQL 15 and Kassa servers.

``postgres_cluster`` (session) runs ``initdb``/``pg_ctl`` from
/usr/lib/postgresql/15/bin as the ``postgres`` user (``runuser -u postgres --``;
PostgreSQL refuses to run as root) in a temporary directory, on a free port on
127.0.0.1, with its unix socket in that directory. ``postgres_url`` gives each
test a fresh, empty database on it. Both skip with the reason when the binaries
are missing (CI installs them, and ``KASSA_REQUIRE_ALL=1`` turns a skip into a
failure).

``server_process`` is a factory: ``server_process(database_url=None, port=None)``
starts ``python -m kassa server serve`` on 127.0.0.1 (a free port, kept across
restarts) against that database (default: a SQLite file in ``tmp_path``), waits
until ``/api/v1/health`` answers and returns a ``ServerProcess`` with ``url``,
``port``, ``database_url``, ``stop()``, ``start()`` and ``restart()``. Every
process it started is killed at teardown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from server_processes import ServerProcess, free_port

PG_BIN = Path(os.environ.get("KASSA_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(*args: str) -> list[str]:
    command = [str(PG_BIN / args[0]), *args[1:]]
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass(frozen=True)
class PostgresCluster:
    host: str
    port: int
    socket_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL 15 binaries not found in {PG_BIN} (apt install postgresql-15)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as postgres")
    root = Path(tempfile.mkdtemp(prefix="kassa-pg-"))
    data, log = root / "data", root / "postgres.log"
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres", group="postgres")
    port = free_port()
    subprocess.run(
        _as_postgres(
            "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    started = subprocess.run(
        _as_postgres(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start"
        ),
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{tail}")
    try:
        yield PostgresCluster(host="127.0.0.1", port=port, socket_dir=root)
    finally:
        subprocess.run(
            _as_postgres("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_cluster) -> str:
    """A URL (``postgresql://postgres@127.0.0.1:PORT/NAME``) of a fresh, empty database."""
    return postgres_cluster.create_database(f"kassa_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def server_process(tmp_path) -> Iterator[Callable[..., ServerProcess]]:
    started: list[ServerProcess] = []
    env = {
        **os.environ,
        "KASSA_DATA_DIR": str(tmp_path / "server-data"),
        "KASSA_CONFIG": str(tmp_path / "no-config.toml"),
    }
    env = {k: v for k, v in env.items() if not k.startswith("KASSA_SERVER__")}

    def start(database_url: str | None = None, *, port: int | None = None) -> ServerProcess:
        url = database_url or f"sqlite:///{tmp_path / 'server.db'}"
        server = ServerProcess(
            database_url=url, port=port or free_port(), workdir=tmp_path, env=env
        )
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
