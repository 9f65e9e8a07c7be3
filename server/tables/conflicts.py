"""Shared-edit bookkeeping: who last changed each field, and the losing values.

``FieldChange`` records, per customer/deal field, the version and the source of
its last change, so a device edit made from an older version can be told
apart from one that overlaps a concurrent change. ``EditConflict`` keeps the
value that lost a merge, for head office to review (``GET /api/v1/conflicts``).
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


class FieldChange(ServerTable, table=True):
    __tablename__ = "field_changes"
    __table_args__ = (UniqueConstraint("table_name", "row_id", "field", name="uq_field_change"),)
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    table_name: str = Field(max_length=40)
    row_id: uuid.UUID = Field(index=True)
    field: str = Field(max_length=60)
    version: int
    source: str = Field(max_length=80)  # "head_office" or "terminal:<id>"


class EditConflict(ServerTable, table=True):
    __tablename__ = "edit_conflicts"
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    table_name: str = Field(max_length=40, index=True)
    row_id: uuid.UUID = Field(index=True)
    field: str = Field(max_length=60)
    kept_value: Any = Field(default=None, sa_type=JSON)
    kept_source: str = Field(max_length=80)
    lost_value: Any = Field(default=None, sa_type=JSON)
    lost_source: str = Field(max_length=80)
    rule: str = Field(max_length=200)
    fact_id: uuid.UUID | None = None
    version: int
    created_at: datetime = Field(default_factory=utc_now, index=True)
    resolved_at: datetime | None = None
