"""Facts pushed by devices, stored exactly once, and the ones that collided.

``Fact`` holds every fact that took its place in a terminal's sequence:
``status`` is ``stored`` or ``quarantined`` (kept but not applied, with a
``reason`` head office reads). ``FactCollision`` keeps a fact whose id was
already taken by a different payload: it is never overwritten.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import JSON, Field

from kassa.core.ids import new_id
from kassa.server.tables.base import ServerTable
from kassa.sync.models.row import utc_now


class Fact(ServerTable, table=True):
    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("terminal_id", "seq", name="uq_fact_terminal_seq"),)
    id: uuid.UUID = Field(primary_key=True)  # the device's UUID: the duplicate key
    terminal_id: uuid.UUID = Field(index=True)
    store_id: uuid.UUID = Field(index=True)
    seq: int
    type: str = Field(max_length=40, index=True)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    device_time: datetime
    received_at: datetime = Field(default_factory=utc_now, index=True)
    payload: dict[str, Any] = Field(sa_type=JSON)
    status: str = Field(default="stored", max_length=20, index=True)
    reason: str | None = Field(default=None, max_length=500)


class FactCollision(ServerTable, table=True):
    __tablename__ = "fact_collisions"
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    fact_id: uuid.UUID = Field(index=True)
    terminal_id: uuid.UUID = Field(index=True)
    seq: int
    type: str = Field(max_length=40)
    hash: str = Field(max_length=64)
    device_time: datetime
    received_at: datetime = Field(default_factory=utc_now)
    payload: dict[str, Any] = Field(sa_type=JSON)
    reason: str = Field(max_length=500)
