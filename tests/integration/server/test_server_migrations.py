"""The server's Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kassa.server.schema import is_initialised, target_metadata, upgrade
from kassa.server.store import Database, sqlite_url
from kassa.server.tables import ChangeCounter, ServerState
from kassa.sync.models import REPLICATED_TABLES


def schema_diff(db: Database) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, target_metadata())


def test_an_empty_sqlite_file_migrates_to_the_models_with_no_difference(tmp_path):
    db = Database(sqlite_url(tmp_path / "fresh.db"))
    assert not is_initialised(db)
    upgrade(db)
    assert schema_diff(db) == []
    tables = set(inspect(db.engine).get_table_names())
    assert set(REPLICATED_TABLES) <= tables
    upgrade(db)  # a second run changes nothing and keeps the seed rows single
    with db.read() as session:
        assert session.get(ChangeCounter, 1).value == 0
        assert session.get(ServerState, 1).epoch is not None
    db.dispose()


def test_an_older_database_keeps_its_data_through_later_migrations(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from kassa.server.schema import alembic_config

    db = Database(sqlite_url(tmp_path / "old.db"))
    with db.engine.begin() as connection:
        config = alembic_config(db)
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO server_state (id, epoch, purged_version) "
                "VALUES (1, '0123456789abcdef0123456789abcdef', 0)"
            )
        )
    upgrade(db)
    assert schema_diff(db) == []
    with db.read() as session:
        state = session.get(ServerState, 1)
        assert state.epoch.hex == "0123456789abcdef0123456789abcdef"
        assert state.purged_row_id is None
    db.dispose()


def test_the_head_read_without_alembic_is_alembics_head(tmp_path):
    """``upgrade`` leaves a database at this revision alone: it must be the real head."""
    from alembic.script import ScriptDirectory

    from kassa.server.schema import MIGRATIONS, alembic_config
    from kassa.sync.alembic_head import script_head

    db = Database(sqlite_url(tmp_path / "any.db"))
    head = ScriptDirectory.from_config(alembic_config(db)).get_current_head()
    db.dispose()
    assert script_head(MIGRATIONS / "versions") == head


def test_a_server_database_at_head_starts_without_importing_alembic(tmp_path):
    path = tmp_path / "server.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    db.dispose()
    probe = (
        "import sys\n"
        "from kassa.server.schema import upgrade\n"
        "from kassa.server.store import Database, sqlite_url\n"
        f"db = Database(sqlite_url({str(path)!r}))\n"
        "upgrade(db)\n"
        "db.dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
