"""The change counter and the server's identity.

``ChangeCounter`` is one row (id 1). Every transaction that writes replicated
rows locks it first and holds it until commit (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: ``SELECT ... FOR UPDATE``), so versions become visible in order and
a pull never skips one (DESIGN.md, "A pull never skips a change").

``ServerState.epoch`` changes when the database is restored (``kassa server
new-epoch``); ``(purged_version, purged_row_id)`` is the last position whose tombstone was
removed: a cursor not past it must start over.
"""

from __future__ import annotations

import uuid

from sqlmodel import Field

from kassa.core.ids import new_id
from kassa.server.tables.base import ServerTable


class ChangeCounter(ServerTable, table=True):
    __tablename__ = "change_counter"
    id: int = Field(default=1, primary_key=True)
    value: int = 0


class ServerState(ServerTable, table=True):
    __tablename__ = "server_state"
    id: int = Field(default=1, primary_key=True)
    epoch: uuid.UUID = Field(default_factory=new_id)
    purged_version: int = 0
    purged_row_id: uuid.UUID | None = None  # the last purged (version, row id) position


class ScopeExit(ServerTable, table=True):
    """A row left a store's scope at ``version``: that store's devices get a delete."""

    __tablename__ = "scope_exits"
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    version: int = Field(index=True)
    store_id: uuid.UUID = Field(index=True)
    table_name: str = Field(max_length=40)
    row_id: uuid.UUID
