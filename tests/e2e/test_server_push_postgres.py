"""Exactly once on PostgreSQL: the same batches sent at once to two server processes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import func, select

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import make_enroll_code
from kassa.server.schema import upgrade
from kassa.server.store import Database
from kassa.server.tables import Fact, TerminalSyncState
from kassa.sync.models import Store, utc_now
from kassa.sync.protocol import journal_fact

pytestmark = [pytest.mark.postgres, pytest.mark.e2e, pytest.mark.slow]

FACTS, BATCH, SENDERS = 60, 10, 4


def _chain(count: int) -> list[dict]:
    facts, previous = [], GENESIS
    for seq in range(1, count + 1):
        fact_id, when = new_id(), datetime(2026, 3, 2, 9, 0, seq % 60, tzinfo=UTC)
        payload = {"total_minor": seq * 10, "currency": "EUR"}
        digest = chain_hash(
            previous,
            journal_fact(id=fact_id, type="receipt", seq=seq, device_time=when, payload=payload),
        )
        facts.append(
            {
                "id": str(fact_id),
                "type": "receipt",
                "seq": seq,
                "prev_hash": previous,
                "hash": digest,
                "device_time": when.isoformat(),
                "payload": payload,
            }
        )
        previous = digest
    return facts


def test_the_same_batches_raced_through_two_servers_are_stored_once(postgres_url, server_process):
    db = Database(postgres_url)
    upgrade(db)
    with db.write() as session:
        store = ChangeWriter(session).save(Store(code="S1", name="Main"))
        code, _ = make_enroll_code(session, store=store, now=utc_now())
    servers = [server_process(postgres_url), server_process(postgres_url)]
    enrolled = httpx.post(
        f"{servers[0].url}/api/v1/enroll", json={"code": code, "device_name": "till"}
    ).json()
    headers = {"Authorization": f"Bearer {enrolled['token']}"}
    facts = _chain(FACTS)
    batches = [facts[i : i + BATCH] for i in range(0, FACTS, BATCH)]
    statuses: list[str] = []
    errors: list[BaseException] = []

    def send(n: int) -> None:
        try:
            with httpx.Client(timeout=30) as http:
                for batch in batches:  # every sender sends every batch, in order
                    url = servers[(n + len(statuses)) % 2].url
                    answer = http.post(f"{url}/api/v1/push", json={"facts": batch}, headers=headers)
                    if answer.status_code == 409:  # raced ahead of the batch before it
                        continue
                    assert answer.status_code == 200, answer.text
                    statuses.extend(r["status"] for r in answer.json()["results"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    # whatever raced, a final in-order resend completes the sequence
    for batch in batches:
        final = httpx.post(f"{servers[1].url}/api/v1/push", json={"facts": batch}, headers=headers)
        assert final.status_code == 200, final.text
        statuses.extend(r["status"] for r in final.json()["results"])
    # each fact was answered "stored" exactly once; every other answer was "duplicate"
    assert statuses.count("stored") == FACTS
    assert set(statuses) == {"stored", "duplicate"}
    with db.read() as session:
        stored = session.exec(select(Fact.seq).where(Fact.status == "stored")).all()
        total = session.exec(select(func.count()).select_from(Fact)).one()
        state = session.exec(select(TerminalSyncState)).one()
    assert sorted(stored) == list(range(1, FACTS + 1)) and total == FACTS
    assert state.last_seq == FACTS and state.last_hash == facts[-1]["hash"]
    db.dispose()
