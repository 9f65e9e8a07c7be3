"""Who gets in at head office: enrollment codes, device tokens, head-office sessions.

Completes the cases in test_server_office_api.py (wrong and expired codes, viewer role,
session expiry) and test_server_push.py (a revoked terminal cannot push): replayed
enrollment, revoked terminals pulling, codes for the wrong store, secrets never at rest,
and device tokens kept out of master data and other stores' data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import func, select

from kassa.server.kinds import KINDS
from kassa.server.tables import ChangeCounter
from kassa.sync.models import Terminal


def _code(client, office, store) -> str:
    answer = client.post(f"/api/v1/stores/{store['id']}/enroll-codes", headers=office.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()["code"]


def _terminals(db) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Terminal)).one()


def _counter(db) -> int:
    with db.read() as session:
        return session.get(ChangeCounter, 1).value


def test_an_unenrolled_device_is_refused_everywhere(client):
    for method, path in (("GET", "/api/v1/pull"), ("POST", "/api/v1/push")):
        for headers in ({}, {"Authorization": "Bearer kt_never-issued"}, {"Authorization": "x"}):
            answer = client.request(method, path, json={"facts": []}, headers=headers)
            assert answer.status_code == 401, (path, headers, answer.text)
            assert answer.json()["code"] == "unauthorized"


def test_a_replayed_enrollment_gets_no_second_terminal(client, office, server_db):
    store = office.create("stores", code="S1", name="Main")
    request = {"code": _code(client, office, store), "device_name": "till"}
    first = client.post("/api/v1/enroll", json=request)
    assert first.status_code == 200
    for _ in range(3):  # the same request captured and sent again
        again = client.post("/api/v1/enroll", json=request)
        assert again.status_code == 403 and again.json()["code"] == "enroll_code_used"
        assert "already used" in again.json()["message"]
        assert "token" not in again.json()
    assert _terminals(server_db) == 1


def test_a_made_up_code_is_refused_and_writes_nothing(client, office, server_db):
    office.create("stores", code="S1", name="Main")
    before = (_terminals(server_db), _counter(server_db))
    for code in ("AAAAA-BBBBB", "0000", "x" * 64):
        answer = client.post("/api/v1/enroll", json={"code": code, "device_name": "till"})
        assert answer.status_code == 403 and answer.json()["code"] == "enroll_code_unknown"
        assert "ask head office for a new one" in answer.json()["message"]
    assert (_terminals(server_db), _counter(server_db)) == before


def test_an_expired_code_stays_refused_and_enrolls_nothing(client, office, clock, server_db):
    store = office.create("stores", code="S1", name="Main")
    code = _code(client, office, store)
    clock.advance(hours=24)  # exactly at the end of its 24 h
    answer = client.post("/api/v1/enroll", json={"code": code, "device_name": "till"})
    assert answer.status_code == 403 and answer.json()["code"] == "enroll_code_expired"
    assert _terminals(server_db) == 0


def test_a_code_enrolls_into_its_own_store_whatever_the_device_claims(
    client, office, device, fact_chain
):
    north = office.create("stores", code="N", name="North")
    south = office.create("stores", code="S", name="South")
    till = client.post(
        "/api/v1/enroll", json={"code": _code(client, office, south), "device_name": "North till"}
    ).json()
    assert till["store_code"] == "S" and till["store_id"] == south["id"]
    # a fact that names the other store is still the south till's
    fact = fact_chain().next(payload={"store_id": north["id"], "total_minor": 1})
    assert client.post("/api/v1/push", json={"facts": [fact]}, headers=device(till)).is_success
    stored = client.get("/api/v1/facts", headers=office.headers).json()
    assert [(f["store_id"], f["terminal_id"]) for f in stored] == [
        (south["id"], till["terminal_id"])
    ]


def test_a_revoked_terminal_can_neither_pull_nor_push_until_enrolled_again(
    client, office, device, fact_chain
):
    store = office.create("stores", code="S1", name="Main")
    till = office.enroll(store)
    revoked = client.post(f"/api/v1/terminals/{till['terminal_id']}/revoke", headers=office.headers)
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    pull = client.get("/api/v1/pull", headers=device(till))
    assert pull.status_code == 401 and pull.json()["code"] == "terminal_revoked"
    assert "enroll it again with a new code" in pull.json()["message"]
    again = office.enroll(store, "same box")
    assert again["terminal_id"] != till["terminal_id"]  # a new identity, a new sequence
    assert client.get("/api/v1/pull", headers=device(again)).status_code == 200
    assert client.get("/api/v1/pull", headers=device(till)).status_code == 401


def test_head_office_sessions_cannot_pull_or_push(client, office):
    for method, path in (("GET", "/api/v1/pull"), ("POST", "/api/v1/push")):
        answer = client.request(method, path, json={"facts": []}, headers=office.headers)
        assert answer.status_code == 403
        assert "for enrolled devices" in answer.json()["message"]


def test_device_tokens_cannot_write_any_master_data(client, office, device, server_db):
    store = office.create("stores", code="S1", name="Main")
    till = office.enroll(store)
    row_id = store["id"]
    before = _counter(server_db)
    tried = 0
    for kind in KINDS.values():
        calls = [("GET", f"/api/v1/{kind.name}"), ("GET", f"/api/v1/{kind.name}/{row_id}")]
        if kind.writable:
            calls += [
                ("POST", f"/api/v1/{kind.name}"),
                ("PUT", f"/api/v1/{kind.name}/{row_id}"),
                ("DELETE", f"/api/v1/{kind.name}/{row_id}"),
            ]
        for method, path in calls:
            body = {"code": "X", "name": "X"}
            answer = client.request(method, path, json=body, headers=device(till))
            assert answer.status_code == 403, (method, path, answer.text)
            assert answer.json()["code"] == "device_token_refused"
            tried += 1
    for method, path in (
        ("POST", f"/api/v1/stores/{row_id}/enroll-codes"),
        ("POST", f"/api/v1/terminals/{till['terminal_id']}/revoke"),
        ("GET", "/api/v1/security-events"),
        ("GET", "/api/v1/conflicts"),
        ("GET", "/api/v1/facts/collisions"),
    ):
        answer = client.request(method, path, headers=device(till))
        assert answer.status_code == 403, (method, path, answer.text)
        tried += 1
    assert tried > 60
    assert _counter(server_db) == before  # nothing stamped, nothing written


def test_a_device_pulls_nothing_of_another_store(client, office, device):
    north = office.create("stores", code="N", name="North")
    south = office.create("stores", code="S", name="South")
    role = office.create("roles", code="CASHIER", name="Cashier", permissions=["sell"])
    office.create("users", code="sam", name="Sam", role_id=role["id"], store_id=south["id"])
    office.create("users", code="nina", name="Nina", role_id=role["id"], store_id=north["id"])
    office.create("price-lists", code="PS", name="South", currency="EUR", store_id=south["id"])
    office.enroll(south, "south till")
    north_till = office.enroll(north, "north till")
    seen, cursor = [], ""
    while True:
        page = client.get(
            "/api/v1/pull", params={"cursor": cursor}, headers=device(north_till)
        ).json()
        seen += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    south_ids = {south["id"]}
    leaked = [
        c for c in seen if c["id"] in south_ids or (c["data"] or {}).get("store_id") in south_ids
    ]
    assert leaked == []
    codes = {(c["table"], (c["data"] or {}).get("code")) for c in seen}
    assert ("users", "nina") in codes and ("users", "sam") not in codes
    assert ("terminals", "T01") in codes and len([t for t in codes if t[0] == "terminals"]) == 1


@pytest.mark.parametrize("what", ["device token", "enroll code", "session token", "password"])
def test_secrets_are_never_stored_only_their_hashes(client, office, server_db, what):
    store = office.create("stores", code="S1", name="Main")
    code = _code(client, office, store)
    till = client.post("/api/v1/enroll", json={"code": code, "device_name": "till"}).json()
    login = client.post(
        "/api/v1/auth/login", json={"username": "boss", "password": "correct horse"}
    ).json()
    secret = {
        "device token": till["token"],
        "enroll code": code.replace("-", ""),
        "session token": login["token"],
        "password": "correct horse",
    }[what]
    path = server_db.url.removeprefix("sqlite:///")
    server_db.dispose()
    with sqlite3.connect(path) as connection:
        dump = "\n".join(connection.iterdump())
    raw = b"".join(p.read_bytes() for p in (Path(path), Path(f"{path}-wal")) if p.exists())
    assert secret not in dump and secret.encode() not in raw
    assert len(dump) > 10_000  # the dump is the real database
