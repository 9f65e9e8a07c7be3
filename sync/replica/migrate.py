"""Migrating the device database with Alembic (``sync/migrations``).

``upgrade_replica(engine)`` brings a device file to the newest schema inside
one ``BEGIN IMMEDIATE`` transaction (SQLite DDL is transactional: a failed
migration leaves the file as it was). ``open_replica(path)`` connects and
upgrades in one call; the terminal and ``kassa enroll``/``kassa sync`` use it.

The schema is the replicated tables of ``kassa.sync.models`` (exactly
``REPLICATED_TABLES``) plus the device-only tables of ``schema.py``. Revisions
render column types as plain SQLAlchemy types, so an old revision never
depends on today's model code.

Alembic is imported only when a migration is due: ``open_replica`` first reads
``alembic_version`` and compares it with ``head_revision()`` (read from the
files in ``versions/`` by ``kassa.sync.alembic_head``; a test checks it against
Alembic's own answer), so a terminal opening a file already at head skips
Alembic's import (~0.2-1 s under load).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, MetaData
from sqlmodel import AutoString, SQLModel, UTCDateTime

from kassa.sync.alembic_head import script_head
from kassa.sync.models import REPLICATED_TABLES
from kassa.sync.models.types import DecimalText
from kassa.sync.replica.changes import STAGE_PREFIX
from kassa.sync.replica.engine import BUSY_TIMEOUT_MS, Replica, connect_replica, writer_of
from kassa.sync.replica.schema import DEVICE_METADATA, SEARCH_TABLE
from kassa.sync.replica.staging import drop_stage_tables

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def target_metadata() -> MetaData:
    """The replicated tables plus the device-only tables, in one ``MetaData``."""
    metadata = MetaData()
    for name in REPLICATED_TABLES:
        SQLModel.metadata.tables[name].to_metadata(metadata)
    for table in DEVICE_METADATA.tables.values():
        table.to_metadata(metadata)
    return metadata


OMITTED_INDEXES = frozenset({"ix_price_list_items_store_id", "ix_price_list_items_product_id"})


def omitted_on_device(index_name: str) -> bool:
    """Model indexes the device leaves out (see revision 0001): never used there."""
    return index_name in OMITTED_INDEXES or (
        index_name.startswith("ix_") and index_name.endswith("_version")
    )


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith((SEARCH_TABLE, STAGE_PREFIX))
    if type_ == "index":
        return not omitted_on_device(name)
    return True


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Model-specific column types as the plain types they store."""
    if type_ != "type":
        return False
    if isinstance(obj, DecimalText):
        return "sa.String(length=40)"
    if isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade_replica(engine: Engine, *, revision: str = "head") -> None:
    """Migrate the device database to ``revision`` in one transaction.

    The staged copies of an unfinished full pull are dropped first when a
    migration is due (they would keep the old shape); that pull starts over.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config()
    with writer_of(engine).begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if (
            current is not None
            and current != ScriptDirectory.from_config(config).get_current_head()
        ):
            drop_stage_tables(connection.connection.driver_connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revision() -> str | None:
    """The newest device revision, read without importing Alembic (None: not sure)."""
    return script_head(MIGRATIONS / "versions")


def stored_revision(engine: Engine) -> str | None:
    """The revision the device database records (None: a new file, or not one revision)."""
    with engine.connect() as connection:
        if not connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first():
            return None
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return rows[0][0] if len(rows) == 1 else None


def open_replica(path: Path | str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Replica:
    """The device database at ``path``, created or migrated to the newest schema.

    A file already at the head revision is opened without importing Alembic.
    """
    replica = connect_replica(path, busy_timeout_ms=busy_timeout_ms)
    head = head_revision()
    if head is None or stored_revision(replica.engine) != head:
        upgrade_replica(replica.engine)
    return replica


def autogenerate_revision(message: str, *, rev_id: str) -> None:
    """Write a new device revision for model changes (run from a checkout, then review it).

    ``python -c 'from kassa.sync.replica.migrate import autogenerate_revision as a;
    a("add products.brand", rev_id="0002_product_brand")'``
    """
    from alembic import command

    with tempfile.TemporaryDirectory() as scratch:
        replica = open_replica(Path(scratch) / "head.sqlite")
        config = alembic_config()
        try:
            with replica.writer.begin() as connection:
                config.attributes["connection"] = connection
                command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            replica.dispose()
