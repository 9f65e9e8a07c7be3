"""The device database file: WAL, migrations that match the models, device pragmas."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from kassa.sync.models import REPLICATED_TABLES
from kassa.sync.replica import open_replica, reading, upgrade_replica
from kassa.sync.replica.engine import writer_of
from kassa.sync.replica.migrate import (
    alembic_config,
    head_revision,
    include_object,
    stored_revision,
    target_metadata,
)


def test_a_new_device_file_is_wal_with_every_replicated_table(tmp_path):
    replica = open_replica(tmp_path / "data" / "device.sqlite")
    raw = sqlite3.connect(replica.path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(REPLICATED_TABLES) <= tables
    assert {"fact", "outbox", "document_counter", "sync_state", "device_identity"} <= tables
    assert "product_search" in tables
    with replica.writer.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    with replica.bulk_writer.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    with replica.writer.connect() as conn:  # the same pooled connection: FULL again
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    replica.dispose()


def test_the_migrations_match_the_models(replica):
    """A model change without a device migration fails here (regenerate or add a revision)."""
    with replica.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, target_metadata()) == []


def test_upgrading_again_is_a_no_op_and_keeps_data(tmp_path):
    path = tmp_path / "device.sqlite"
    replica = open_replica(path)
    with replica.writer.begin() as conn:
        conn.execute(text("UPDATE sync_state SET cursor = 'kept'"))
    upgrade_replica(replica.engine)
    replica.dispose()
    again = open_replica(path)
    with reading(again) as conn:
        assert conn.execute(text("SELECT cursor FROM sync_state")).scalar_one() == "kept"
    again.dispose()


def test_downgrade_to_nothing_and_back(tmp_path):
    replica = open_replica(tmp_path / "device.sqlite")
    config = alembic_config()
    with writer_of(replica.engine).begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    raw = sqlite3.connect(replica.path)
    left = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert left == {"alembic_version"}
    raw.close()
    upgrade_replica(replica.engine)
    with reading(replica) as conn:
        assert conn.execute(text("SELECT catalog_ready FROM sync_state")).scalar_one() == 0
    replica.dispose()


def test_the_head_revision_read_without_alembic_is_alembics_head():
    """``open_replica`` skips migrating a file at this revision: it must be the real head."""
    from alembic.script import ScriptDirectory

    head = head_revision()
    assert head is not None
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == head


def test_an_older_file_is_still_migrated_when_opened(tmp_path):
    path = tmp_path / "device.sqlite"
    replica = open_replica(path)
    config = alembic_config()
    with writer_of(replica.engine).begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001_device_initial")
    assert stored_revision(replica.engine) == "0001_device_initial"
    replica.dispose()
    again = open_replica(path)
    assert stored_revision(again.engine) == head_revision()
    with again.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, target_metadata()) == []
    again.dispose()


def test_a_file_at_head_opens_without_importing_alembic(tmp_path):
    """The terminal's start skips Alembic's import when no migration is due."""
    path = tmp_path / "device.sqlite"
    open_replica(path).dispose()
    probe = (
        "import sys\n"
        "from kassa.sync.replica import open_replica, reading\n"
        f"replica = open_replica({str(path)!r})\n"
        "with reading(replica) as conn:\n"
        "    conn.exec_driver_sql('SELECT count(*) FROM products').scalar()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
