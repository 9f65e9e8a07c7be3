"""A real head-office app on a SQLite file in tmp_path, driven through HTTP (TestClient)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.server.app import create_app
from kassa.server.office import create_user, open_session
from kassa.server.schema import upgrade
from kassa.server.settings import ServerSettings
from kassa.server.store import Database, sqlite_url
from kassa.server.tables import OfficeUser
from kassa.sync.protocol import journal_fact


class Clock:
    """A settable clock passed into the app."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def server_template(tmp_path_factory) -> Path:
    """A migrated server database with two head-office users, made once per session."""
    path = tmp_path_factory.mktemp("server-template") / "server.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    with db.write() as session:
        create_user(session, username="boss", password="correct horse", role="admin")
        create_user(session, username="clerk", password="viewer pass", role="viewer")
    db.dispose()
    return path


@pytest.fixture
def server_db(tmp_path, server_template) -> Iterator[Database]:
    path = tmp_path / "server.db"
    shutil.copyfile(server_template, path)
    db = Database(sqlite_url(path))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def server_app(server_template):
    """One app for the session (building the routes takes a while); each test gives it its DB."""
    template = Database(sqlite_url(server_template))
    app = create_app(ServerSettings(database_url=template.url), database=template)
    yield app
    template.dispose()


@pytest.fixture
def client(server_app, server_db, clock) -> Iterator[TestClient]:
    server_app.state.db, server_app.state.clock = server_db, clock
    with TestClient(server_app) as test_client:
        yield test_client


def _session_headers(db: Database, username: str, now: datetime) -> dict[str, str]:
    """A session as if signed in (the password check itself is tested on its own)."""
    with db.write() as session:
        user = session.exec(select(OfficeUser).where(OfficeUser.username == username)).one()
        token = open_session(session, user=user, now=now)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def admin(server_db, clock) -> dict[str, str]:
    return _session_headers(server_db, "boss", clock())


@pytest.fixture
def viewer(server_db, clock) -> dict[str, str]:
    return _session_headers(server_db, "clerk", clock())


class Office:
    """Head office through the API: create rows, enroll devices."""

    def __init__(self, client: TestClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    def create(self, kind: str, **fields: Any) -> dict[str, Any]:
        answer = self.client.post(f"/api/v1/{kind}", json=fields, headers=self.headers)
        assert answer.status_code == 201, answer.text
        return answer.json()

    def put(self, kind: str, row: dict[str, Any], **changes: Any) -> dict[str, Any]:
        body = {
            k: v
            for k, v in {**row, **changes}.items()
            if k not in ("id", "version", "deleted", "updated_at")
        }
        answer = self.client.put(f"/api/v1/{kind}/{row['id']}", json=body, headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def delete(self, kind: str, row_id: str) -> dict[str, Any]:
        answer = self.client.delete(f"/api/v1/{kind}/{row_id}", headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def enroll(self, store: dict[str, Any], name: str = "till") -> dict[str, str]:
        code = self.client.post(f"/api/v1/stores/{store['id']}/enroll-codes", headers=self.headers)
        assert code.status_code == 201, code.text
        answer = self.client.post(
            "/api/v1/enroll", json={"code": code.json()["code"], "device_name": name}
        )
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture
def office(client, admin) -> Office:
    return Office(client, admin)


def device_headers(enrolled: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {enrolled['token']}"}


class FactChain:
    """Builds a terminal's facts with gapless numbers and journal hashes."""

    def __init__(self) -> None:
        self.seq, self.last_hash = 0, GENESIS

    def next(
        self,
        type: str = "receipt",
        payload: dict[str, Any] | None = None,
        *,
        fact_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        fact_id = fact_id or new_id()
        payload = payload if payload is not None else {"total_minor": 350, "currency": "EUR"}
        device_time = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
        self.seq += 1
        body = journal_fact(
            id=fact_id, type=type, seq=self.seq, device_time=device_time, payload=payload
        )
        digest = chain_hash(self.last_hash, body)
        fact = {
            "id": str(fact_id),
            "type": type,
            "seq": self.seq,
            "prev_hash": self.last_hash,
            "hash": digest,
            "device_time": device_time.isoformat(),
            "payload": payload,
        }
        self.last_hash = digest
        return fact


@pytest.fixture
def fact_chain():
    return FactChain


@pytest.fixture
def device():
    return device_headers
