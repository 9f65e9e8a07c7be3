"""The wire shapes of the sync protocol (HTTP + JSON under ``/api/v1``).

Shared by the server (``server/``) and the device's client engine
(``sync/client*``), so both sides agree by construction. See DESIGN.md,
"Sync protocol". Money inside payloads is integer minor units plus an ISO 4217
code; times are UTC ISO 8601; ids are UUIDv7.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

API_PREFIX = "/api/v1"

# Kinds of facts a device pushes (DESIGN.md, "Who writes what"). The type
# names the payload's shape; the server refuses unknown types.
FACT_TYPES = (
    "receipt",  # a sale or a return (a return names its receipt)
    "receipt_cancelled",  # a sale cancelled before payment (recorded, not erased)
    "shift_opened",
    "cash_movement",  # cash in / out with a reason
    "shift_closed",  # the count and the Z totals
    "offer",
    "sales_order",
    "order_cancelled",
    "invoice_order",
    "activity",
    "deal_stage_move",
    "customer_edit",  # a shared edit: changed fields + base version
    "deal_edit",
    "security_event",
)


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApiError(WireModel):
    """Every error the API answers: a stable code and a message for people."""

    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class EnrollRequest(WireModel):
    code: str = Field(min_length=4, max_length=64)
    device_name: str = Field(min_length=1, max_length=80)


class EnrollResponse(WireModel):
    terminal_id: uuid.UUID
    terminal_code: str
    store_id: uuid.UUID
    store_code: str
    token: str  # shown once; the server keeps only its hash


class RowChange(WireModel):
    """One full-row upsert, or a tombstone (``deleted`` with no ``data``)."""

    table: str
    id: uuid.UUID
    version: int
    deleted: bool = False
    data: dict[str, Any] | None = None


class PullPage(WireModel):
    changes: list[RowChange]
    next_cursor: str
    has_more: bool
    # The cursor was unknown (server restored: new epoch) or older than the
    # oldest kept tombstone: drop the replica's master data and pull from "".
    reset: bool = False
    # Rows this terminal may see that are newer than the cursor, for progress
    # bars during the initial sync (an estimate when writers are active).
    remaining: int = 0


class PushFact(WireModel):
    id: uuid.UUID  # the client UUID: the duplicate key
    type: str
    seq: int = Field(ge=1)  # the terminal's gapless sequence number
    prev_hash: str = Field(min_length=64, max_length=64)
    hash: str = Field(min_length=64, max_length=64)
    device_time: datetime
    payload: dict[str, Any]


class PushRequest(WireModel):
    facts: list[PushFact] = Field(max_length=500)


FactStatus = Literal["stored", "duplicate", "quarantined"]


class FactResult(WireModel):
    id: uuid.UUID
    seq: int
    status: FactStatus
    reason: str | None = None


class PushResponse(WireModel):
    results: list[FactResult]
    last_seq: int  # the highest sequence the server holds for this terminal


class SharedEdit(WireModel):
    """The payload of a ``customer_edit`` or ``deal_edit`` fact (and of a head-office edit).

    ``changes`` holds only the changed fields; ``base_version`` is the row's
    version the edit started from (0 with ``create`` for a row born offline,
    whose ``changes`` then hold every field). The server merges field by field.
    """

    row_id: uuid.UUID
    base_version: int = Field(default=0, ge=0)
    changes: dict[str, Any]
    create: bool = False


def journal_fact(
    *, id: uuid.UUID, type: str, seq: int, device_time: datetime, payload: dict[str, Any]
) -> dict[str, Any]:
    """The dict whose canonical JSON is hashed into the journal (core.journal)."""
    return {
        "id": str(id),
        "type": type,
        "seq": seq,
        "device_time": device_time.isoformat(),
        "payload": payload,
    }
