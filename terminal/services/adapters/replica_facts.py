"""``FactLog`` over the device replica: ``record_fact`` in one durable transaction.

Each ``record`` is one ``BEGIN IMMEDIATE`` unit of work (fact, journal link,
outbox entry, document number and the open shift's running sums) committed
with ``synchronous=FULL`` before it returns. Reads use the fact table's
columns; payload fields are matched with SQLite's ``json_extract``. A storage
fault (full, busy past the timeout, disk error) raises ``NotSaved`` with
nothing written; when it strikes at the commit, whose outcome is then unknown,
the fact's id (made here) is looked up: found, the fact is returned as
recorded. Receipts are numbered ``<store>-<terminal>-<seq>``, Z reports (kind
"shift") ``Z-<store>-<terminal>-<seq>``, invoice orders ``IO-...``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from kassa.core.ids import new_id
from kassa.core.journal import ChainBreak
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.facts import record_fact
from kassa.sync.replica.journal import verify_journal
from kassa.sync.replica.schema import fact
from kassa.sync.replica.unit_of_work import UnitOfWork, reading
from kassa.terminal.services.adapters import shift_totals
from kassa.terminal.services.adapters.storage_faults import storage_guard, what_is
from kassa.terminal.services.errors import NotSaved
from kassa.terminal.services.ports import RecordedFact, StoredShiftSums


class ReplicaFactLog:
    def __init__(self, replica: Replica, *, clock: Callable[[], datetime]) -> None:
        self.replica, self._clock = replica, clock

    def record(
        self, *, type: str, payload: dict[str, Any], number_kind: str | None = None
    ) -> RecordedFact:
        fact_id = new_id()
        try:
            with (
                storage_guard(what_is(type, payload)),
                UnitOfWork(self.replica, clock=self._clock) as uow,
            ):
                stored = record_fact(
                    uow, type=type, payload=payload, number_kind=number_kind, fact_id=fact_id
                )
                shift_totals.keep(
                    uow.connection, seq=stored.seq, type=stored.type, payload=stored.payload
                )
                uow.commit()
        except NotSaved:
            committed = self._committed(fact_id)
            if committed is None:
                raise
            return committed
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

    def shift_sums(self, shift_id: str) -> StoredShiftSums | None:
        with reading(self.replica) as connection:
            return shift_totals.read(connection, shift_id)

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
    def _committed(self, fact_id: uuid.UUID) -> RecordedFact | None:
        """The fact if its commit went through after all (the outcome was unknown)."""
        try:
            return self.by_id(fact_id)
        except Exception:  # the database cannot even be read: treat it as not stored
            return None

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
