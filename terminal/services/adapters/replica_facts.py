"""``FactLog`` over the device replica: ``record_fact`` in one durable transaction.

Each ``record`` is one ``BEGIN IMMEDIATE`` unit of work (fact, journal link,
outbox entry and document number) committed with ``synchronous=FULL`` before it
returns. Reads use the fact table's columns; payload fields are matched with
SQLite's ``json_extract``. Receipts are numbered ``<store>-<terminal>-<seq>``,
Z reports (kind "shift") ``Z-<store>-<terminal>-<seq>``, invoice orders ``IO-...``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from kassa.core.journal import ChainBreak
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.facts import record_fact
from kassa.sync.replica.journal import verify_journal
from kassa.sync.replica.schema import fact
from kassa.sync.replica.unit_of_work import UnitOfWork, reading
from kassa.terminal.services.ports import RecordedFact


class ReplicaFactLog:
    def __init__(self, replica: Replica, *, clock: Callable[[], datetime]) -> None:
        self.replica, self._clock = replica, clock

    def record(
        self, *, type: str, payload: dict[str, Any], number_kind: str | None = None
    ) -> RecordedFact:
        with UnitOfWork(self.replica, clock=self._clock) as uow:
            stored = record_fact(uow, type=type, payload=payload, number_kind=number_kind)
            uow.commit()
        return RecordedFact(
            id=stored.id,
            type=stored.type,
            seq=stored.seq,
            number=stored.number,
            device_time=stored.device_time,
            payload=stored.payload,
        )

    def by_number(self, number: str) -> RecordedFact | None:
        return self._one(select(fact).where(fact.c.number == number))

    def by_id(self, fact_id: uuid.UUID) -> RecordedFact | None:
        return self._one(select(fact).where(fact.c.id == str(fact_id)))

    def of_types(self, types: Sequence[str], *, after_seq: int = 0) -> Sequence[RecordedFact]:
        query = (
            select(fact)
            .where(fact.c.type.in_(list(types)), fact.c.seq > after_seq)
            .order_by(fact.c.seq)
        )
        return self._many(query)

    def last(self, types: Sequence[str]) -> RecordedFact | None:
        query = (
            select(fact).where(fact.c.type.in_(list(types))).order_by(fact.c.seq.desc()).limit(1)
        )
        return self._one(query)

    def referring(self, *, type: str, key: str, value: str) -> Sequence[RecordedFact]:
        field = func.json_extract(fact.c.payload, f"$.{key}")
        return self._many(
            select(fact).where(fact.c.type == type, field == value).order_by(fact.c.seq)
        )

    # -- checks the crash test and `kassa verify` use ---------------------------------
    def verify(self) -> ChainBreak | None:
        with reading(self.replica) as connection:
            return verify_journal(connection)

    def numbers(self, *, type: str = "receipt") -> list[str]:
        with reading(self.replica) as connection:
            rows = connection.execute(
                select(fact.c.number).where(fact.c.type == type).order_by(fact.c.seq)
            )
            return [row.number for row in rows]

    # -- internals ----------------------------------------------------------------
    def _one(self, query) -> RecordedFact | None:
        found = self._many(query)
        return found[0] if found else None

    def _many(self, query) -> list[RecordedFact]:
        with reading(self.replica) as connection:
            return [_fact(row) for row in connection.execute(query)]


def _fact(row: Any) -> RecordedFact:
    return RecordedFact(
        id=uuid.UUID(row.id),
        type=row.type,
        seq=row.seq,
        number=row.number,
        device_time=datetime.fromisoformat(row.device_time),
        payload=json.loads(row.payload),
    )
