"""This device's own facts, read back for the rep's screens (offline, from the fact log).

Facts are immutable and pushed once; what head office makes of them comes back
in pulled rows. Until it has, the rep still sees their own work: a shared edit
(``customer_edit``, ``deal_edit``) or a stage move is *unreflected* while its
outbox entry is pending, or was answered after the last completed pull (the
merged row is not on the device yet). Quarantined edits are not overlaid: head
office refused them, and its row is what holds.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from kassa.sync.replica.schema import fact, outbox
from kassa.sync.replica.sync_state import load_sync_state


@dataclass(frozen=True)
class OwnFact:
    id: uuid.UUID
    seq: int
    type: str
    number: str | None
    device_time: datetime
    payload: dict[str, Any]
    state: str  # pending | sent | quarantined
    answered_at: datetime | None


def own_facts(
    connection: Connection,
    types: Sequence[str],
    *,
    key: str | None = None,
    value: str | None = None,
) -> list[OwnFact]:
    """Facts of ``types`` in sequence order; with ``key``, only those whose payload
    field ``key`` (a JSON path below the payload, e.g. ``customer.id``) is ``value``."""
    query = (
        select(fact, outbox.c.state, outbox.c.answered_at)
        .join(outbox, outbox.c.seq == fact.c.seq)
        .where(fact.c.type.in_(list(types)))
        .order_by(fact.c.seq)
    )
    if key is not None:
        query = query.where(func.json_extract(fact.c.payload, f"$.{key}") == value)
    return [
        OwnFact(
            id=uuid.UUID(row.id),
            seq=row.seq,
            type=row.type,
            number=row.number,
            device_time=datetime.fromisoformat(row.device_time),
            payload=json.loads(row.payload),
            state=row.state,
            answered_at=datetime.fromisoformat(row.answered_at) if row.answered_at else None,
        )
        for row in connection.execute(query)
    ]


def unreflected(connection: Connection, facts: Sequence[OwnFact]) -> list[OwnFact]:
    """The facts whose effect head office has not sent back yet (see the module doc)."""
    last_pull = load_sync_state(connection).last_pull_at
    return [
        f
        for f in facts
        if f.state == "pending"
        or (
            f.state == "sent"
            and (last_pull is None or f.answered_at is None or f.answered_at >= last_pull)
        )
    ]
