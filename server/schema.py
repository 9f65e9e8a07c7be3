"""The server database's schema: Alembic migrations and the seed rows.

``upgrade(db)`` brings any database (empty or older) to the newest revision
and makes sure the change counter and the server state exist; after a
migration (or on a SQLite file that never had any) it refreshes the planner's
table statistics (``store.analyze``), as big imports do too. The migration
target is a private MetaData holding exactly the replicated tables
(``kassa.sync.models``) and the server's own tables, so nothing else imported
in the process can leak into the server schema. Alembic is imported only when a
migration is due: a database already at the head revision (``kassa.sync.alembic_head``)
with its seed rows is left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Index, MetaData, inspect, text

from kassa.server.store import Database, analyze
from kassa.server.tables import SERVER_METADATA, ChangeCounter, ServerState
from kassa.sync.alembic_head import script_head
from kassa.sync.models import replicated_metadata_tables

if TYPE_CHECKING:
    from alembic.config import Config

_LOCK_KEY = 7_317_001  # pg advisory lock: one migrator at a time
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def target_metadata() -> MetaData:
    metadata = MetaData()
    for table in replicated_metadata_tables():
        copy = table.to_metadata(metadata)
        # pull pages walk (version, id): a range scan instead of sorting a whole version
        Index(f"ix_{table.name}_version_id", copy.c.version, copy.c.id)
    for table in SERVER_METADATA.sorted_tables:
        table.to_metadata(metadata)
    return metadata


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def upgrade(db: Database) -> None:
    """Migrate to the newest revision, then seed the counter and state rows.

    One transaction, serialised across processes (SQLite: ``BEGIN IMMEDIATE``;
    PostgreSQL: an advisory lock), so servers starting together migrate once.
    """
    if _up_to_date(db):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with db.write() as session:
        connection = session.connection()
        if not db.is_sqlite:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config = alembic_config(db)
        config.attributes["connection"] = connection
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(config, "head")
        if session.get(ChangeCounter, 1) is None:
            session.add(ChangeCounter(id=1, value=0))
        if session.get(ServerState, 1) is None:
            session.add(ServerState(id=1))
        migrated = MigrationContext.configure(connection).get_current_revision() != before
        if migrated or not _has_statistics(db, connection):
            analyze(connection)


def _has_statistics(db: Database, connection: Connection) -> bool:
    if not db.is_sqlite:
        return True  # autovacuum keeps them
    found = connection.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    )
    return bool(found.scalar_one())


def _up_to_date(db: Database) -> bool:
    """At the head revision with the seed rows and statistics: nothing for ``upgrade`` to do."""
    head = script_head(MIGRATIONS / "versions")
    if head is None or not is_initialised(db):
        return False
    with db.read() as session:
        versions = session.execute(text("SELECT version_num FROM alembic_version")).all()
        return (
            [row[0] for row in versions] == [head]
            and session.get(ChangeCounter, 1) is not None
            and session.get(ServerState, 1) is not None
            and _has_statistics(db, session.connection())
        )


def is_initialised(db: Database) -> bool:
    return inspect(db.engine).has_table("alembic_version")


def new_epoch(db: Database) -> None:
    """After restoring a backup: every device starts its pull over."""
    from kassa.core.ids import new_id

    with db.write() as session:
        state = session.get(ServerState, 1)
        if state is None:
            raise RuntimeError("the server database is not initialised; run `kassa server init`")
        state.epoch = new_id()
        session.add(state)
