"""Recording facts: gapless sequence, journal chain, numbers, all-or-nothing."""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import text

from kassa.core.journal import GENESIS, canonical_json, chain_hash
from kassa.sync.protocol import journal_fact
from kassa.sync.replica import (
    InvalidFact,
    NotEnrolled,
    UnitOfWork,
    last_number,
    pending_count,
    reading,
    record_fact,
    take_number,
    verify_journal,
)


def _sale(uow, total: int = 1250, **extra):
    payload = {"total_minor": total, "currency": "EUR", "lines": [{"sku": "A1", "qty": "2"}]}
    return record_fact(uow, type="receipt", payload=payload | extra, number_kind="receipt")


def test_facts_get_gapless_sequence_numbers_and_a_verifying_chain(enrolled, clock):
    recorded = []
    for total in (100, 200, 300):
        with UnitOfWork(enrolled, clock=clock) as uow:
            recorded.append(_sale(uow, total))
            uow.commit()
    assert [fact.seq for fact in recorded] == [1, 2, 3]
    assert [fact.number for fact in recorded] == [
        "S01-T02-000001",
        "S01-T02-000002",
        "S01-T02-000003",
    ]
    assert recorded[0].prev_hash == GENESIS
    assert recorded[1].prev_hash == recorded[0].hash
    first = recorded[0]
    expected = chain_hash(
        GENESIS,
        journal_fact(
            id=first.id,
            type="receipt",
            seq=1,
            device_time=first.device_time,
            payload=first.payload,
        ),
    )
    assert first.hash == expected
    assert first.payload["number"] == "S01-T02-000001"
    with reading(enrolled) as conn:
        assert verify_journal(conn) is None
        assert pending_count(conn) == 3


def test_a_rolled_back_sale_gives_back_its_sequence_and_number(enrolled, clock):
    with UnitOfWork(enrolled, clock=clock) as uow:
        _sale(uow)
        uow.commit()
    with pytest.raises(RuntimeError), UnitOfWork(enrolled, clock=clock) as uow:
        _sale(uow)
        raise RuntimeError("the card was declined")
    with UnitOfWork(enrolled, clock=clock) as uow:
        fact = _sale(uow)
        uow.commit()
    assert (fact.seq, fact.number) == (2, "S01-T02-000002")
    with reading(enrolled) as conn:
        assert pending_count(conn) == 2
        assert last_number(conn, kind="receipt") == 2


def test_each_document_kind_counts_on_its_own(enrolled, clock):
    with UnitOfWork(enrolled, clock=clock) as uow:
        _sale(uow)
        offer = record_fact(uow, type="offer", payload={"lines": []}, number_kind="offer")
        shift = record_fact(uow, type="shift_opened", payload={"float_minor": 10000})
        second = take_number(uow.connection, kind="receipt")
        uow.commit()
    assert offer.number == "OF-S01-T02-000001"
    assert shift.number is None and "number" not in shift.payload
    assert second == "S01-T02-000002"
    assert [offer.seq, shift.seq] == [2, 3]


def test_payload_values_are_made_json_and_floats_are_refused(enrolled, clock):
    line_id = uuid.uuid4()
    with UnitOfWork(enrolled, clock=clock) as uow:
        fact = record_fact(
            uow,
            type="receipt",
            payload={"line": line_id, "qty": Decimal("1.5"), "at": clock()},
        )
        with pytest.raises(InvalidFact, match=r"payload\['lines'\]\[0\]\['price'\] is a float"):
            record_fact(uow, type="receipt", payload={"lines": [{"price": 12.5}]})
        with pytest.raises(InvalidFact, match="unknown fact type 'sale'"):
            record_fact(uow, type="sale", payload={})
        with pytest.raises(InvalidFact, match="naive datetime"):
            record_fact(uow, type="receipt", payload={"at": clock().replace(tzinfo=None)})
        uow.commit()
    assert fact.payload == {
        "line": str(line_id),
        "qty": "1.5",
        "at": "2026-11-23T09:00:02+00:00",
    }
    with reading(enrolled) as conn:
        stored = conn.execute(text("SELECT payload FROM fact")).scalar_one()
    assert stored == canonical_json(fact.payload)


def test_numbering_needs_an_enrolled_device(replica, clock):
    with UnitOfWork(replica, clock=clock) as uow:
        with pytest.raises(NotEnrolled, match="kassa enroll"):
            _sale(uow)
        fact = record_fact(uow, type="shift_opened", payload={})
        uow.commit()
    assert fact.seq == 1


def test_the_journal_refuses_changes_and_detects_tampering(enrolled, clock):
    for total in (100, 200, 300):
        with UnitOfWork(enrolled, clock=clock) as uow:
            _sale(uow, total)
            uow.commit()
    raw = sqlite3.connect(enrolled.path)
    with pytest.raises(sqlite3.IntegrityError, match="facts are immutable"):
        raw.execute("UPDATE fact SET payload = '{}' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="facts are immutable"):
        raw.execute("DELETE FROM fact WHERE seq = 3")
    # someone drops the guard and edits a total: the chain breaks at that fact
    raw.execute("DROP TRIGGER fact_no_update")
    payload = json.loads(raw.execute("SELECT payload FROM fact WHERE seq = 2").fetchone()[0])
    payload["total_minor"] = 1
    raw.execute("UPDATE fact SET payload = ? WHERE seq = 2", (canonical_json(payload),))
    raw.commit()
    raw.close()
    with reading(enrolled) as conn:
        broken = verify_journal(conn)
    assert broken is not None and broken.seq == 2 and "changed" in broken.reason


def test_concurrent_writers_queue_and_keep_the_sequence_gapless(enrolled, clock):
    errors = []

    def sell(count: int) -> None:
        try:
            for _ in range(count):
                with UnitOfWork(enrolled, clock=clock) as uow:
                    _sale(uow)
                    uow.commit()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sell, args=(25,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with reading(enrolled) as conn:
        seqs = conn.execute(text("SELECT seq FROM fact ORDER BY seq")).scalars().all()
        numbers = conn.execute(text("SELECT number FROM fact ORDER BY seq")).scalars().all()
        assert verify_journal(conn) is None
    assert seqs == list(range(1, 101))
    assert numbers == [f"S01-T02-{n:06d}" for n in range(1, 101)]
