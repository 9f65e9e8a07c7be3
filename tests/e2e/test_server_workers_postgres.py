"""`kassa server serve --workers N`: one port served by N processes on PostgreSQL (one per
core); SQLite, which writes one at a time, is refused with the reason."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from push_batches import receipt_batches
from server_processes import free_port
from sqlalchemy import text
from typer.testing import CliRunner

from kassa.cli import app
from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import make_enroll_code
from kassa.server.store import Database
from kassa.sync.models import Store, utc_now

pytestmark = pytest.mark.e2e


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "KASSA_DATA_DIR": str(tmp_path), "KASSA_CONFIG": str(tmp_path / "x.toml")}
    return {k: v for k, v in env.items() if not k.startswith("KASSA_SERVER__")}


def _workers(pid: int) -> list[int]:
    """The serving processes uvicorn started under ``pid``."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


@pytest.mark.postgres
@pytest.mark.slow
def test_two_worker_processes_serve_one_port_and_store_every_push_once(postgres_url, tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "kassa", "server", "serve", "--workers", "2",
               "--port", str(port), "--database-url", postgres_url]  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_env(tmp_path))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while len(_workers(server.pid)) < 2 or not _healthy(url):
            assert server.poll() is None and time.monotonic() < deadline, (
                tmp_path / "serve.log"
            ).read_text()
            time.sleep(0.2)
        db = Database(postgres_url)
        with db.write() as session:
            store = ChangeWriter(session).save(Store(code="S1", name="Main"))
            codes = [make_enroll_code(session, store=store, now=utc_now())[0] for _ in range(8)]
        tokens = [
            httpx.post(f"{url}/api/v1/enroll", json={"code": c, "device_name": "t"}).json()["token"]
            for c in codes
        ]
        answers: list[int] = []

        def push_queue(n: int) -> None:
            for batch in receipt_batches(n):  # a new connection per push: spread over the workers
                answer = httpx.post(
                    f"{url}/api/v1/push",
                    json={"facts": batch},
                    headers={"Authorization": f"Bearer {tokens[n]}"},
                    timeout=60,
                )
                answers.append(answer.status_code)

        threads = [threading.Thread(target=push_queue, args=(n,)) for n in range(len(tokens))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert answers == [200] * 16
        with db.read() as session:
            run = session.connection().execute
            total, distinct = run(text("SELECT count(*), count(DISTINCT id) FROM facts")).one()
        db.dispose()
        assert total == distinct == 8 * 40
        assert len(_workers(server.pid)) == 2  # both still serving
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def test_workers_on_sqlite_are_refused_with_the_reason(tmp_path):
    database = tmp_path / "server.db"
    result = CliRunner().invoke(
        app,
        ["server", "serve", "--workers", "2", "--database-url", f"sqlite:///{database}"],
        env={"KASSA_DATA_DIR": str(tmp_path), "KASSA_CONFIG": str(tmp_path / "x.toml")},
    )
    assert result.exit_code == 1
    assert "--workers needs PostgreSQL" in result.output
    assert not database.exists()  # refused before anything was created


@pytest.mark.timeout(120)  # were it not refused, it would serve until killed
def test_more_workers_than_postgresql_has_connections_for_are_refused(postgres_url, tmp_path):
    result = CliRunner().invoke(
        app,
        ["server", "serve", "--workers", "5", "--database-url", postgres_url],
        env={"KASSA_DATA_DIR": str(tmp_path), "KASSA_CONFIG": str(tmp_path / "x.toml")},
    )
    assert result.exit_code == 1  # 5 x 40 pooled connections; the test cluster allows 200
    assert "--workers 5 would open up to 200 PostgreSQL connections" in result.output
    assert "allows 200" in result.output and "use --workers 4" in result.output
