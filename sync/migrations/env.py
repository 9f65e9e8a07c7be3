"""Alembic environment of the device database.

Run through ``kassa.sync.replica.migrate.upgrade_replica(engine)``, which hands
over a connection already inside a ``BEGIN IMMEDIATE`` transaction, so a
migration is all-or-nothing. The target is the replicated tables of
``kassa.sync.models`` plus the device-only tables; the search index (an FTS5
virtual table and its shadow tables) is managed by hand in the revisions.
"""

from __future__ import annotations

from alembic import context

from kassa.sync.replica.migrate import include_object, render_item, target_metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run device migrations through kassa.sync.replica.migrate.upgrade_replica(engine)"
    )

context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    include_object=include_object,
    render_item=render_item,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
