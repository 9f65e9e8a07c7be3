"""Tamper evidence at head office: the push's sequence and hash-chain checks find a
changed, deleted or reordered fact and record it as a security event head office reads
(``GET /api/v1/security-events``); the push itself is never blocked by it."""

from __future__ import annotations

import pytest


@pytest.fixture
def till(office):
    store = office.create("stores", code="S1", name="Main street")
    return office.enroll(store)


def _push(client, headers, facts):
    return client.post("/api/v1/push", json={"facts": facts}, headers=headers)


def _events(client, headers, **params):
    answer = client.get("/api/v1/security-events", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _statuses(answer):
    assert answer.status_code == 200, answer.text
    return [r["status"] for r in answer.json()["results"]]


def test_a_clean_push_records_no_security_event(client, admin, till, device, fact_chain):
    chain = fact_chain()
    assert (
        _statuses(_push(client, device(till), [chain.next() for _ in range(3)])) == ["stored"] * 3
    )
    assert _events(client, admin) == []


def test_a_fact_changed_on_the_device_before_push_is_a_security_event(
    client, admin, viewer, till, device, fact_chain
):
    chain = fact_chain()
    first, second, third = chain.next(), chain.next(), chain.next()
    second["payload"] = {**second["payload"], "total_minor": 1}  # edited after hashing
    assert _statuses(_push(client, device(till), [first, second, third])) == [
        "stored",
        "quarantined",
        "stored",
    ]
    events = _events(client, viewer)  # a viewer at head office sees it
    assert [(e["kind"], e["seq"], e["fact_id"]) for e in events] == [
        ("fact_changed", 2, second["id"])
    ]
    assert events[0]["terminal_id"] == till["terminal_id"]
    assert events[0]["store_id"] == till["store_id"]
    assert "hash mismatch at number 2" in events[0]["message"]
    assert events[0]["resolved_at"] is None
    facts = client.get("/api/v1/facts", params={"status": "quarantined"}, headers=admin).json()
    assert [f["payload"]["total_minor"] for f in facts] == [1]  # kept as sent, for review


def test_a_pushed_fact_changed_and_sent_again_is_a_security_event(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    original = chain.next(payload={"total_minor": 1000, "currency": "EUR"})
    _push(client, device(till), [original])
    rewritten = fact_chain().next(payload={"total_minor": 10, "currency": "EUR"}, fact_id=None)
    rewritten["id"] = original["id"]  # the whole chain recomputed from the changed fact on
    assert _statuses(_push(client, device(till), [rewritten])) == ["quarantined"]
    [event] = _events(client, admin)
    assert event["kind"] == "fact_id_reused" and event["seq"] == 1
    assert "already stored with different content" in event["message"]
    stored = client.get("/api/v1/facts", headers=admin).json()
    assert [f["payload"]["total_minor"] for f in stored] == [1000]  # never overwritten


def test_a_deleted_fact_leaves_a_gap_the_batch_is_refused_and_noted_once(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    one, _deleted, three, four = chain.next(), chain.next(), chain.next(), chain.next()
    assert _statuses(_push(client, device(till), [one])) == ["stored"]
    for _ in range(3):  # the device keeps trying: one event, not three
        refused = _push(client, device(till), [three, four])
        assert refused.status_code == 409 and refused.json()["code"] == "sequence_gap"
    [event] = _events(client, admin)
    assert event["kind"] == "facts_missing" and event["seq"] == 2
    assert "number(s) 2 missing" in event["message"]
    assert event["details"] == {"expected_seq": 2, "got_seq": 3}
    stored = client.get("/api/v1/facts", headers=admin).json()
    assert [f["seq"] for f in stored] == [1]  # nothing of the refused batch


def test_missing_facts_that_arrive_later_resolve_the_event(client, admin, till, device, fact_chain):
    chain = fact_chain()
    one, two, three = chain.next(), chain.next(), chain.next()
    _push(client, device(till), [one])
    assert _push(client, device(till), [three]).status_code == 409
    assert _statuses(_push(client, device(till), [two, three])) == ["stored", "stored"]
    [event] = _events(client, admin)
    assert event["kind"] == "facts_missing" and event["resolved_at"] is not None
    assert "arrived later" in event["resolution"]
    assert _events(client, admin, unresolved=True) == []


def test_a_deleted_fact_with_the_numbers_closed_up_breaks_the_chain(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    one, _deleted, three = chain.next(), chain.next(), chain.next()
    three["seq"] = 2  # renumbered to hide the gap; its journal link still names fact 2
    assert _statuses(_push(client, device(till), [one, three])) == ["stored", "quarantined"]
    [event] = _events(client, admin)
    assert event["kind"] == "chain_broken" and event["seq"] == 2
    assert "a fact before it is missing or was changed" in event["message"]


def test_reordered_facts_are_security_events(client, admin, till, device, fact_chain):
    chain = fact_chain()
    one, two, three, four = chain.next(), chain.next(), chain.next(), chain.next()
    two["seq"], three["seq"] = 3, 2  # swapped places in the journal
    answer = _push(client, device(till), [one, three, two, four])
    assert _statuses(answer) == ["stored", "quarantined", "quarantined", "quarantined"]
    events = sorted(_events(client, admin), key=lambda e: e["seq"])
    assert [(e["kind"], e["seq"]) for e in events[:2]] == [
        ("fact_reordered", 2),
        ("fact_reordered", 3),
    ]
    assert all("facts were reordered" in e["message"] for e in events[:2])
    assert answer.json()["last_seq"] == 4  # acknowledged: the device's queue moves on


def test_a_device_reported_security_event_reaches_head_office(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    report = chain.next(
        "security_event",
        {
            "event": "journal_tampered",
            "found_by": "kassa verify",
            "problems": ["hash mismatch at sequence 3"],
            "broken_at": 3,
        },
    )
    assert _statuses(_push(client, device(till), [report])) == ["stored"]
    [event] = _events(client, admin, kind="device_reported")
    assert event["source"] == "device"
    assert event["message"] == (
        "terminal T01 reported journal_tampered: hash mismatch at sequence 3"
    )
    assert event["details"]["found_by"] == "kassa verify"


def test_security_events_are_for_head_office_and_resolved_by_an_admin(
    client, admin, viewer, till, device, fact_chain
):
    chain = fact_chain()
    changed = chain.next()
    changed["payload"] = {"total_minor": 0, "currency": "EUR"}
    _push(client, device(till), [changed])
    refused = client.get("/api/v1/security-events", headers=device(till))
    assert refused.status_code == 403 and refused.json()["code"] == "device_token_refused"
    [event] = _events(client, admin)
    url = f"/api/v1/security-events/{event['id']}/resolve"
    body = {"resolution": "till T01 replaced; police report 42"}
    assert client.post(url, json=body, headers=viewer).status_code == 403
    done = client.post(url, json=body, headers=admin)
    assert done.status_code == 200 and done.json()["resolution"] == body["resolution"]
    assert _events(client, admin, unresolved=True) == []
    bad = client.get("/api/v1/security-events", params={"kind": "nope"}, headers=admin)
    assert bad.status_code == 422 and "fact_changed" in bad.json()["message"]
