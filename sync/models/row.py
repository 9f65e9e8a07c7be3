"""What every replicated row carries (DESIGN.md, "Sync protocol").

``id`` is a UUIDv7 made where the row is born; ``version`` is stamped by the
server's change counter on every write (a device pulls rows in version order);
``deleted`` makes the row a tombstone, since master data is never hard-deleted.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel

from kassa.core.ids import new_id


def utc_now() -> datetime:
    return datetime.now(UTC)


class ReplicatedRow(SQLModel):
    """Mixin for every replicated table: identity, version and tombstone."""

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    version: int = Field(default=0, index=True)
    deleted: bool = Field(default=False)
    updated_at: datetime = Field(default_factory=utc_now)
