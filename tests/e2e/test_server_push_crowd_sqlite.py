"""A store opening: 50 terminals push their queues at once to one server process on SQLite.

Every push is answered (no 5xx: no ``QueuePool limit`` nor ``database is locked`` while
the others write), every fact is stored once and every terminal's numbers run 1..n.
"""

from __future__ import annotations

import threading

import httpx
import pytest
from push_batches import receipt_batches
from sqlalchemy import text

from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import make_enroll_code
from kassa.server.store import Database
from kassa.sync.models import Store, utc_now

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TERMINALS, BATCHES, BATCH = 50, 2, 20


def test_fifty_terminals_pushing_at_once_on_sqlite_are_all_answered_and_stored_once(
    server_process,
):
    server = server_process()  # SQLite file, migrated by `kassa server serve`
    db = Database(server.database_url)
    with db.write() as session:
        store = ChangeWriter(session).save(Store(code="S1", name="Main"))
        codes = [make_enroll_code(session, store=store, now=utc_now())[0] for _ in range(TERMINALS)]
    tokens = [
        httpx.post(
            f"{server.url}/api/v1/enroll", json={"code": code, "device_name": f"till {n}"}
        ).json()["token"]
        for n, code in enumerate(codes)
    ]
    queues = [receipt_batches(n, batches=BATCHES, size=BATCH) for n in range(TERMINALS)]
    answers: list[tuple[int, str]] = []
    start = threading.Barrier(TERMINALS)

    def push_queue(n: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[n]}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=120) as http:
            start.wait()
            for batch in queues[n]:
                answer = http.post("/api/v1/push", json={"facts": batch})
                statuses = (
                    {r["status"] for r in answer.json()["results"]}
                    if answer.status_code == 200
                    else set()
                )
                answers.append((answer.status_code, ",".join(sorted(statuses)) or answer.text))

    threads = [threading.Thread(target=push_queue, args=(n,)) for n in range(TERMINALS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert sorted(set(answers)) == [(200, "stored")], server.log_tail()
    assert len(answers) == TERMINALS * BATCHES
    with db.read() as session:
        run = session.connection().execute
        total, distinct = run(text("SELECT count(*), count(DISTINCT id) FROM facts")).one()
        sequences = run(
            text("SELECT count(*), min(seq), max(seq) FROM facts GROUP BY terminal_id")
        ).all()
    db.dispose()
    assert total == distinct == TERMINALS * BATCHES * BATCH
    assert set(sequences) == {(BATCHES * BATCH, 1, BATCHES * BATCH)}
    assert len(sequences) == TERMINALS
