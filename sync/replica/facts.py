"""Recording a fact: the fact log, its journal link and its outbox entry, at once.

A use case calls :func:`record_fact` inside its unit of work and commits:

    with UnitOfWork(replica, clock=clock) as uow:
        fact = record_fact(uow, type="receipt", payload=receipt, number_kind="receipt")
        uow.commit()
    fact.number   # "S01-T02-000042", also in fact.payload["number"]

Inside the one ``BEGIN IMMEDIATE`` transaction it takes the next gapless
sequence number (the last ``fact.seq`` + 1), optionally the next document
number, stamps the device time (the unit of work's clock, UTC), links the
journal (``chain_hash`` of the previous hash and ``protocol.journal_fact``),
and inserts the fact and its ``pending`` outbox entry. Either all of that is
committed, durably, or none of it.

The payload must be JSON: ``UUID``, ``Decimal``, ``date`` and aware ``datetime``
values are turned into text; floats are refused (money is integer minor units).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, canonical_json, chain_hash
from kassa.sync.protocol import FACT_TYPES, journal_fact
from kassa.sync.replica.numbering import take_number
from kassa.sync.replica.schema import fact, outbox
from kassa.sync.replica.unit_of_work import UnitOfWork


class InvalidFact(ValueError):
    """A fact that cannot be recorded as given (unknown type, non-JSON payload)."""


@dataclass(frozen=True)
class RecordedFact:
    id: uuid.UUID
    seq: int
    type: str
    device_time: datetime
    payload: dict[str, Any]
    number: str | None
    prev_hash: str
    hash: str


def record_fact(
    uow: UnitOfWork,
    *,
    type: str,
    payload: Mapping[str, Any],
    number_kind: str | None = None,
    fact_id: uuid.UUID | None = None,
) -> RecordedFact:
    """Append a completed fact to the journal and the outbox (commit with ``uow``)."""
    if type not in FACT_TYPES:
        raise InvalidFact(f"unknown fact type {type!r}; known types: {', '.join(FACT_TYPES)}")
    body = {str(key): _jsonable(value, f"payload[{key!r}]") for key, value in payload.items()}
    connection = uow.connection
    number = None
    if number_kind is not None:
        if "number" in body:
            raise InvalidFact("payload already has a 'number'; leave it to number_kind")
        number = take_number(connection, kind=number_kind)
        body["number"] = number
    last = connection.execute(
        select(fact.c.seq, fact.c.hash).order_by(fact.c.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS)
    fid = fact_id or new_id()
    device_time = uow.now()
    digest = chain_hash(
        prev_hash, journal_fact(id=fid, type=type, seq=seq, device_time=device_time, payload=body)
    )
    connection.execute(
        fact.insert().values(
            seq=seq,
            id=str(fid),
            type=type,
            device_time=device_time.isoformat(),
            payload=canonical_json(body),
            number=number,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    connection.execute(outbox.insert().values(seq=seq, state="pending"))
    return RecordedFact(
        id=fid,
        seq=seq,
        type=type,
        device_time=device_time,
        payload=body,
        number=number,
        prev_hash=prev_hash,
        hash=digest,
    )


def _jsonable(value: Any, where: str) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        raise InvalidFact(f"{where} is a float ({value!r}); give money as integer minor units")
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, f"{where}[{k!r}]") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidFact(f"{where} is a naive datetime; give it a time zone (UTC)")
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise InvalidFact(f"{where} is a {value.__class__.__name__}, which a fact cannot hold")
