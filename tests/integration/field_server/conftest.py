"""Head office on a real SQLite file (TestClient) with a rep's tablet pushing field facts.

``world`` sets up the master data through the API (a store, a rep, a pipeline
with stages, a customer, a deal) and enrolls a tablet; ``world.push(type,
model)`` sends one fact with the next sequence number and journal hash
(helpers in ``field_world.py``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from field_world import Clock, World
from sqlmodel import select

from kassa.server.app import create_app
from kassa.server.office import create_user, open_session
from kassa.server.schema import upgrade
from kassa.server.settings import ServerSettings
from kassa.server.store import Database, sqlite_url
from kassa.server.tables import OfficeUser


@pytest.fixture(scope="session")
def field_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("field-template") / "server.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    with db.write() as session:
        create_user(session, username="boss", password="correct horse", role="admin")
    db.dispose()
    return path


@pytest.fixture
def field_db(tmp_path, field_template) -> Iterator[Database]:
    path = tmp_path / "server.db"
    shutil.copyfile(field_template, path)
    db = Database(sqlite_url(path))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def field_app(field_template):
    template = Database(sqlite_url(field_template))
    app = create_app(ServerSettings(database_url=template.url), database=template)
    yield app
    template.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(field_app, field_db, clock) -> Iterator[World]:
    field_app.state.db, field_app.state.clock = field_db, clock
    with field_db.write() as session:
        user = session.exec(select(OfficeUser).where(OfficeUser.username == "boss")).one()
        token = open_session(session, user=user, now=clock())
    with TestClient(field_app) as client:
        yield World(client, {"Authorization": f"Bearer {token}"}, clock)


@pytest.fixture
def later():
    def at(days: float = 0, hours: float = 0) -> datetime:
        return datetime(2026, 3, 2, 10, 0, tzinfo=UTC) + timedelta(days=days, hours=hours)

    return at
