"""Devices for the sync end-to-end tests: a data dir each, driven like a real terminal.

Enrollment and ``kassa sync`` run as ``kassa`` subprocesses (the commands a
person types); sales are recorded the way the terminal records them
(``record_fact`` in a unit of work on the device database); the engine can also
be built in-process to talk through a fault proxy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from kassa.sync.client.backoff import Backoff
from kassa.sync.client.credentials import database_path, load_credentials
from kassa.sync.client.engine import SyncEngine
from kassa.sync.client.service import SyncService, build_engine, build_sync_service
from kassa.sync.models import PriceListItem
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.facts import record_fact
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.outbox import pending_count
from kassa.sync.replica.unit_of_work import UnitOfWork, reading


def kassa(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``kassa ARGS`` as a subprocess; the result has text stdout/stderr."""
    return subprocess.run(
        [sys.executable, "-m", "kassa", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class Device:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.env = {"KASSA_DATA_DIR": str(data_dir), "KASSA_CONFIG": str(data_dir / "none.toml")}
        self._replica: Replica | None = None
        self.sold = 0

    def kassa(
        self, *args: str, timeout: float = 60, env_extra: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        return kassa(*args, env={**self.env, **(env_extra or {})}, timeout=timeout)

    def enroll(self, *, server_url: str, code: str) -> str:
        done = self.kassa("enroll", "--server", server_url, "--code", code)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def sync(self) -> subprocess.CompletedProcess:
        return self.kassa("sync", "--quiet")

    @property
    def replica(self) -> Replica:
        if self._replica is None:
            self._replica = open_replica(database_path(self.data_dir))
        return self._replica

    def close(self) -> None:
        if self._replica is not None:
            self._replica.dispose()
            self._replica = None

    def sell(self, count: int) -> list[uuid.UUID]:
        """Record ``count`` completed sales, each in its own transaction (no network)."""
        ids = []
        for _ in range(count):
            self.sold += 1
            with UnitOfWork(self.replica) as uow:
                recorded = record_fact(
                    uow,
                    type="receipt",
                    payload={
                        "lines": [{"sku": "SKU-1", "qty": "1", "price_minor": 250 + self.sold}],
                        "total_minor": 250 + self.sold,
                        "currency": "EUR",
                    },
                    number_kind="receipt",
                )
                uow.commit()
            ids.append(recorded.id)
        return ids

    def pending(self) -> int:
        with reading(self.replica) as connection:
            return pending_count(connection)

    def prices(self) -> dict[uuid.UUID, int]:
        with Session(self.replica.engine) as session:
            return {row.id: row.price_minor for row in session.exec(select(PriceListItem))}

    def engine(self, *, server_url: str | None = None, timeout: float = 5.0) -> SyncEngine:
        backoff = Backoff(base=0.05, cap=0.5, attempts=8)
        return build_engine(
            replica=self.replica,
            credentials=load_credentials(self.data_dir),
            server_url=server_url,
            timeout=httpx.Timeout(timeout, connect=2.0),
            backoff=backoff,
        )

    def service(self, *, server_url: str | None = None, interval: float = 0.5) -> SyncService:
        return build_sync_service(
            replica=self.replica,
            credentials=load_credentials(self.data_dir),
            server_url=server_url,
            interval=interval,
            timeout=httpx.Timeout(3.0, connect=1.0),
            backoff=Backoff(base=0.05, cap=0.5, attempts=4),
        )

    @property
    def terminal_id(self) -> uuid.UUID:
        return load_credentials(self.data_dir).terminal_id

    @property
    def store_id(self) -> uuid.UUID:
        return load_credentials(self.data_dir).store_id


def server_facts(database_url: str) -> list[tuple[uuid.UUID, int, uuid.UUID, str]]:
    """(terminal id, seq, fact id, status) of every fact the server holds."""
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT terminal_id, seq, id, status FROM facts"))
            return [(_uuid(r[0]), r[1], _uuid(r[2]), r[3]) for r in rows]
    finally:
        engine.dispose()


def server_prices(database_url: str, store_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """The live price list items a terminal of ``store_id`` may see."""
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            rows = session.exec(select(PriceListItem).where(PriceListItem.deleted.is_(False)))
            return {
                row.id: row.price_minor
                for row in rows
                if row.store_id is None or row.store_id == store_id
            }
    finally:
        engine.dispose()


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def assert_exactly_once(facts, devices_sales: dict[uuid.UUID, list[uuid.UUID]]) -> None:
    """Every sale is on the server once, per terminal in a gapless 1..n sequence."""
    for terminal_id, sold in devices_sales.items():
        mine = sorted((seq, fid) for tid, seq, fid, _ in facts if tid == terminal_id)
        assert [seq for seq, _ in mine] == list(range(1, len(sold) + 1)), "gap or double seq"
        assert [fid for _, fid in mine] == sold, "facts lost, doubled or out of order"
    assert len(facts) == sum(len(sold) for sold in devices_sales.values())
    assert {status for *_, status in facts} <= {"stored"}
