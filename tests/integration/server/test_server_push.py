"""Push: every fact stored exactly once, in order, chain checked, nothing overwritten."""

from __future__ import annotations

import pytest


@pytest.fixture
def till(office):
    store = office.create("stores", code="S1", name="Main street")
    return office.enroll(store)


def _push(client, headers, facts):
    return client.post("/api/v1/push", json={"facts": facts}, headers=headers)


def _facts(client, admin, **params):
    answer = client.get("/api/v1/facts", params=params, headers=admin)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_batch_is_stored_once_and_a_replay_answers_duplicate(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    batch = [chain.next(), chain.next("cash_movement", {"amount_minor": 500}), chain.next()]
    first = _push(client, device(till), batch)
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["results"]] == ["stored"] * 3
    assert first.json()["last_seq"] == 3

    replay = _push(client, device(till), batch)
    assert [r["status"] for r in replay.json()["results"]] == ["duplicate"] * 3
    stored = _facts(client, admin, terminal_id=till["terminal_id"])
    assert [f["seq"] for f in stored] == [1, 2, 3]
    assert all(f["received_at"] == "2026-03-02T09:00:00Z" for f in stored)


def test_a_batch_mixing_stored_and_new_facts_stores_each_once(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    facts = [chain.next() for _ in range(5)]
    assert _push(client, device(till), facts[:3]).status_code == 200
    # the answer to the first push was lost: the device sends its whole queue again
    answer = _push(client, device(till), facts)
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["duplicate"] * 3 + ["stored"] * 2
    assert answer.json()["last_seq"] == 5
    stored = _facts(client, admin, terminal_id=till["terminal_id"])
    assert [f["id"] for f in stored] == [f["id"] for f in facts]


def test_a_fact_sent_twice_in_one_batch_is_stored_once(client, admin, till, device, fact_chain):
    chain = fact_chain()
    one, two = chain.next(), chain.next()
    answer = _push(client, device(till), [one, two, two])
    assert [r["status"] for r in answer.json()["results"]] == ["stored", "stored", "duplicate"]
    assert [f["seq"] for f in _facts(client, admin)] == [1, 2]


def test_a_number_taken_twice_in_one_batch_keeps_the_first_and_names_it(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    one, two = chain.next(), chain.next()
    other = fact_chain()
    other.next()
    rival = other.next(payload={"total_minor": 1, "currency": "EUR"})  # also number 2
    answer = _push(client, device(till), [one, two, rival]).json()
    assert [r["status"] for r in answer["results"]] == ["stored", "stored", "quarantined"]
    assert answer["results"][2]["reason"] == (
        f"number 2 of this terminal is already taken by fact {two['id']}"
    )
    assert [f["id"] for f in _facts(client, admin)] == [one["id"], two["id"]]
    collisions = client.get("/api/v1/facts/collisions", headers=admin).json()
    assert [c["fact_id"] for c in collisions] == [rival["id"]]


def test_a_gap_refuses_the_whole_batch(client, admin, till, device, fact_chain):
    chain = fact_chain()
    one, two, three = chain.next(), chain.next(), chain.next()
    answer = _push(client, device(till), [one, three])
    assert answer.status_code == 409
    assert answer.json()["code"] == "sequence_gap"
    assert "expected fact number 2" in answer.json()["message"]
    assert _facts(client, admin) == []  # nothing half-written, not even fact 1
    assert _push(client, device(till), [one, two, three]).json()["last_seq"] == 3


def test_same_id_with_different_content_is_quarantined_and_never_overwritten(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    original = chain.next(payload={"total_minor": 100, "currency": "EUR"})
    _push(client, device(till), [original])
    forged = fact_chain().next(payload={"total_minor": 999, "currency": "EUR"})
    forged["id"] = original["id"]
    answer = _push(client, device(till), [forged]).json()
    assert answer["results"][0]["status"] == "quarantined"
    assert "already stored with different content" in answer["results"][0]["reason"]
    stored = _facts(client, admin)
    assert len(stored) == 1 and stored[0]["payload"]["total_minor"] == 100
    collisions = client.get("/api/v1/facts/collisions", headers=admin).json()
    assert collisions[0]["payload"]["total_minor"] == 999


def test_a_broken_journal_link_is_quarantined_acknowledged_and_does_not_block(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    first, second, third = chain.next(), chain.next(), chain.next()
    second["payload"] = {"total_minor": 1, "currency": "EUR"}  # changed after hashing
    answer = _push(client, device(till), [first, second, third]).json()
    assert [r["status"] for r in answer["results"]] == ["stored", "quarantined", "stored"]
    assert "hash mismatch" in answer["results"][1]["reason"]
    assert answer["last_seq"] == 3
    quarantined = _facts(client, admin, status="quarantined")
    assert [f["seq"] for f in quarantined] == [2]


def test_an_unknown_fact_type_is_quarantined_not_dropped(client, admin, till, device, fact_chain):
    answer = _push(client, device(till), [fact_chain().next("teleport")]).json()
    assert answer["results"][0]["status"] == "quarantined"
    assert "unknown fact type" in answer["results"][0]["reason"]
    assert len(_facts(client, admin, status="quarantined")) == 1


def test_a_revoked_terminal_cannot_push(client, admin, till, device, fact_chain):
    revoke = client.post(f"/api/v1/terminals/{till['terminal_id']}/revoke", headers=admin)
    assert revoke.status_code == 200, revoke.text
    answer = _push(client, device(till), [fact_chain().next()])
    assert answer.status_code == 401
    assert answer.json()["code"] == "terminal_revoked"


def test_an_unexpected_failure_answers_json_500_and_stores_nothing(server_db, clock, fact_chain):
    from fastapi.testclient import TestClient

    from kassa.server.app import create_app
    from kassa.server.changes import ChangeWriter
    from kassa.server.enrollment import enroll, make_enroll_code
    from kassa.server.settings import ServerSettings
    from kassa.sync.models import Store

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    with server_db.write() as session:
        store = ChangeWriter(session).save(Store(code="S1", name="Main"))
        code, _ = make_enroll_code(session, store=store, now=clock())
    with server_db.write() as session:
        till = enroll(ChangeWriter(session), code=code, device_name="t", now=clock())
    app = create_app(
        ServerSettings(database_url=server_db.url),
        database=server_db,
        clock=clock,
        appliers={"receipt": broken},
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        headers = {"Authorization": f"Bearer {till.token}"}
        answer = client.post("/api/v1/push", json={"facts": [fact_chain().next()]}, headers=headers)
    assert answer.status_code == 500
    assert answer.json() == {
        "code": "internal_error",
        "message": "the server failed; the error is in its log",
    }
    assert "Traceback" not in answer.text and "disk on fire" not in answer.text
    from sqlmodel import select

    from kassa.server.tables import Fact

    with server_db.read() as session:
        assert session.exec(select(Fact)).all() == []
