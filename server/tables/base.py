"""Server-only tables live in their own SQLAlchemy registry.

The replicated tables (``kassa.sync.models``) are in ``SQLModel.metadata``,
which the device database is built from; keeping the server's own tables
(credentials, facts, counters, office users) in ``SERVER_METADATA`` means a
device schema can never pick them up. Server migrations target both.
"""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

server_registry = registry()
SERVER_METADATA = server_registry.metadata


class ServerTable(SQLModel, registry=server_registry):
    """Base for tables only the server has."""
