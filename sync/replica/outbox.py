"""The outbox: what the push worker sends, in order, and what the server answered.

    with reading(replica) as conn:
        batch = pending_batch(conn, limit=200)      # list[PushFact], seq order
    response = transport.push(PushRequest(facts=batch))
    with UnitOfWork(replica) as uow:
        record_push_results(uow, response.results)  # only after the server answered
        uow.commit()

An entry leaves ``pending`` only through :func:`record_push_results`: ``stored``
and ``duplicate`` mark it ``sent``; ``quarantined`` marks it ``quarantined``
with the server's reason (acknowledged, so it never blocks the queue, and shown
to people through :func:`quarantined_facts`). If the answer never came, nothing
changes and the same batch is sent again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from kassa.sync.protocol import FactResult, PushFact
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.schema import fact, outbox
from kassa.sync.replica.unit_of_work import Clock, UnitOfWork, reading, utc_now

_STATE_OF = {"stored": "sent", "duplicate": "sent", "quarantined": "quarantined"}


@dataclass(frozen=True)
class QuarantinedFact:
    seq: int
    id: uuid.UUID
    type: str
    number: str | None
    reason: str | None
    answered_at: datetime | None


def pending_batch(connection: Connection, *, limit: int = 200) -> list[PushFact]:
    """The oldest ``limit`` facts not yet answered, in sequence order."""
    rows = connection.execute(
        select(fact)
        .join(outbox, outbox.c.seq == fact.c.seq)
        .where(outbox.c.state == "pending")
        .order_by(fact.c.seq)
        .limit(limit)
    )
    return [
        PushFact(
            id=uuid.UUID(row.id),
            type=row.type,
            seq=row.seq,
            prev_hash=row.prev_hash,
            hash=row.hash,
            device_time=datetime.fromisoformat(row.device_time),
            payload=json.loads(row.payload),
        )
        for row in rows
    ]


def record_push_results(uow: UnitOfWork, results: Iterable[FactResult]) -> int:
    """Mark the answered facts ``sent`` or ``quarantined``; returns how many changed."""
    answered_at = uow.now().isoformat()
    changed = 0
    for result in results:
        done = uow.connection.execute(
            outbox.update()
            .where(outbox.c.state == "pending")
            .where(outbox.c.seq == result.seq)
            .where(outbox.c.seq.in_(select(fact.c.seq).where(fact.c.id == str(result.id))))
            .values(state=_STATE_OF[result.status], answered_at=answered_at, reason=result.reason)
        )
        changed += done.rowcount
    return changed


def pending_count(connection: Connection) -> int:
    """Facts waiting to be pushed (the outbox depth)."""
    query = select(func.count()).select_from(outbox).where(outbox.c.state == "pending")
    return connection.execute(query).scalar_one()


def quarantined_facts(connection: Connection) -> list[QuarantinedFact]:
    """Facts head office quarantined, newest first, with its reason."""
    rows = connection.execute(
        select(fact.c.seq, fact.c.id, fact.c.type, fact.c.number, outbox.c.reason)
        .add_columns(outbox.c.answered_at)
        .join(outbox, outbox.c.seq == fact.c.seq)
        .where(outbox.c.state == "quarantined")
        .order_by(fact.c.seq.desc())
    )
    return [
        QuarantinedFact(
            seq=row.seq,
            id=uuid.UUID(row.id),
            type=row.type,
            number=row.number,
            reason=row.reason,
            answered_at=datetime.fromisoformat(row.answered_at) if row.answered_at else None,
        )
        for row in rows
    ]


class FactOutbox:
    """The outbox as the client engine uses it (``kassa.sync.client.ports.Outbox``)."""

    def __init__(self, replica: Replica, *, clock: Clock = utc_now) -> None:
        self.replica = replica
        self.clock = clock

    def next_batch(self, *, limit: int) -> list[PushFact]:
        with reading(self.replica) as connection:
            return pending_batch(connection, limit=limit)

    def acknowledge(self, results: Sequence[FactResult]) -> None:
        with UnitOfWork(self.replica, clock=self.clock) as uow:
            record_push_results(uow, results)
            uow.commit()

    def pending_count(self) -> int:
        with reading(self.replica) as connection:
            return pending_count(connection)

    def quarantined(self) -> list[QuarantinedFact]:
        with reading(self.replica) as connection:
            return quarantined_facts(connection)
