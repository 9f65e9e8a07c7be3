"""The outbox: in-order batches, marked only by the server's answer, quarantine kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from kassa.core.journal import GENESIS, chain_hash
from kassa.sync.protocol import FactResult, PushFact, PushRequest, journal_fact
from kassa.sync.replica import (
    FactOutbox,
    UnitOfWork,
    pending_batch,
    pending_count,
    quarantined_facts,
    reading,
    record_fact,
    record_push_results,
)


def _record(replica, clock, count: int):
    facts = []
    for n in range(count):
        with UnitOfWork(replica, clock=clock) as uow:
            facts.append(
                record_fact(uow, type="receipt", payload={"total_minor": n}, number_kind="receipt")
            )
            uow.commit()
    return facts


def test_batches_come_in_sequence_order_and_carry_the_journal(enrolled, clock):
    facts = _record(enrolled, clock, 5)
    with reading(enrolled) as conn:
        batch = pending_batch(conn, limit=3)
    assert [fact.seq for fact in batch] == [1, 2, 3]
    assert all(isinstance(fact, PushFact) for fact in batch)
    assert batch[0].id == facts[0].id
    assert batch[0].hash == facts[0].hash and batch[1].prev_hash == facts[0].hash
    assert batch[2].payload == {"total_minor": 2, "number": "S01-T02-000003"}
    assert batch[0].device_time == facts[0].device_time


def test_only_an_answer_marks_facts_and_quarantined_ones_stop_blocking(enrolled, clock):
    facts = _record(enrolled, clock, 4)
    outbox = FactOutbox(enrolled, clock=clock)
    first = outbox.next_batch(limit=2)
    # no answer (timeout): the same batch again
    assert [fact.id for fact in outbox.next_batch(limit=2)] == [fact.id for fact in first]
    outbox.acknowledge(
        [
            FactResult(id=facts[0].id, seq=1, status="stored"),
            FactResult(id=facts[1].id, seq=2, status="quarantined", reason="price list closed"),
        ]
    )
    assert outbox.pending_count() == 2
    assert [fact.seq for fact in outbox.next_batch(limit=10)] == [3, 4]
    # a replayed answer ("duplicate") and an answer naming an unknown id change nothing twice
    with UnitOfWork(enrolled, clock=clock) as uow:
        changed = record_push_results(
            uow,
            [
                FactResult(id=facts[2].id, seq=3, status="duplicate"),
                FactResult(id=facts[0].id, seq=1, status="stored"),
                FactResult(id=facts[3].id, seq=99, status="stored"),
            ],
        )
        uow.commit()
    assert changed == 1
    with reading(enrolled) as conn:
        assert pending_count(conn) == 1
        quarantined = quarantined_facts(conn)
    assert [(q.seq, q.number, q.reason) for q in quarantined] == [
        (2, "S01-T02-000002", "price list closed")
    ]
    assert quarantined[0].answered_at is not None
    assert outbox.quarantined() == quarantined


def test_the_server_recomputes_the_same_hashes_from_the_wire(enrolled):
    """A batch through JSON (as httpx sends it) verifies against core.journal."""
    times = iter([datetime(2026, 11, 23, 9, 0, 0, tzinfo=UTC), datetime(2026, 11, 23, 9, 0, 1, 5)])
    zone = timezone(timedelta(hours=1))
    with UnitOfWork(enrolled, clock=lambda: next(times).replace(tzinfo=zone)) as uow:
        record_fact(uow, type="receipt", payload={"total_minor": 1}, number_kind="receipt")
        record_fact(uow, type="cash_movement", payload={"amount_minor": -500, "note": "Bäckerei"})
        uow.commit()
    with reading(enrolled) as conn:
        batch = pending_batch(conn, limit=10)
    wire = PushRequest(facts=batch).model_dump_json()
    received = PushRequest.model_validate_json(wire).facts
    previous = GENESIS
    for fact in received:
        entry = journal_fact(
            id=fact.id,
            type=fact.type,
            seq=fact.seq,
            device_time=fact.device_time,
            payload=fact.payload,
        )
        assert fact.prev_hash == previous
        assert chain_hash(previous, entry) == fact.hash
        previous = fact.hash
    assert received[0].device_time.utcoffset() == timedelta(0)  # stored in UTC
