"""The server schema on PostgreSQL: migrations match the models; parallel starts migrate once."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kassa.server.schema import target_metadata, upgrade
from kassa.server.store import Database
from kassa.server.tables import ChangeCounter

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def test_postgres_migrates_to_the_models_even_when_servers_start_together(postgres_url):
    databases = [Database(postgres_url) for _ in range(3)]
    errors: list[BaseException] = []

    def run(db: Database) -> None:
        try:
            upgrade(db)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(db,)) for db in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with databases[0].engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, target_metadata()) == []
    with databases[0].read() as session:
        assert session.get(ChangeCounter, 1).value == 0
    for db in databases:
        db.dispose()
