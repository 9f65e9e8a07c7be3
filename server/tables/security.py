"""Security events: tampering the server found on push, or a device reported.

One row per finding, for head office to review (``GET /api/v1/security-events``):
a fact changed after it was hashed, facts missing from a terminal's sequence, facts
reordered, a fact id or number reused with other content, or a device's own
``security_event`` fact (its journal check failed). A finding that later turns out
harmless (the missing facts arrive) is resolved, never deleted.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import JSON, Field

from kassa.core.ids import new_id
from kassa.server.tables.base import ServerTable
from kassa.sync.models.row import utc_now


class SecurityEvent(ServerTable, table=True):
    __tablename__ = "security_events"
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kind: str = Field(max_length=40, index=True)
    source: str = Field(default="server", max_length=20)  # "server" or "device"
    terminal_id: uuid.UUID = Field(index=True)
    store_id: uuid.UUID = Field(index=True)
    seq: int | None = None  # the terminal's sequence number it concerns
    fact_id: uuid.UUID | None = None
    message: str = Field(max_length=1000)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    found_at: datetime = Field(default_factory=utc_now, index=True)
    resolved_at: datetime | None = None
    resolution: str | None = Field(default=None, max_length=300)
