"""Head office through the API: sign-in, roles, device tokens kept out, master-data checks."""

from __future__ import annotations

import uuid


def test_sign_in_with_a_password_and_sign_out(client):
    wrong = client.post("/api/v1/auth/login", json={"username": "boss", "password": "nope"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "bad_credentials"
    answer = client.post(
        "/api/v1/auth/login", json={"username": "boss", "password": "correct horse"}
    )
    assert answer.status_code == 200
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    assert client.get("/api/v1/auth/me", headers=headers).json() == {
        "username": "boss",
        "role": "admin",
    }
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 200
    after = client.get("/api/v1/stores", headers=headers)
    assert after.status_code == 401 and after.json()["code"] == "unauthorized"


def test_sessions_expire(client, admin, clock):
    assert client.get("/api/v1/stores", headers=admin).status_code == 200
    clock.advance(hours=13)
    assert client.get("/api/v1/stores", headers=admin).status_code == 401


def test_a_viewer_reads_but_cannot_write(client, viewer, office):
    office.create("stores", code="S1", name="Main")
    assert len(client.get("/api/v1/stores", headers=viewer).json()) == 1
    refused = client.post("/api/v1/stores", json={"code": "S2", "name": "x"}, headers=viewer)
    assert refused.status_code == 403
    assert "needs an admin" in refused.json()["message"]


def test_device_tokens_cannot_use_head_office_endpoints(client, office, device):
    till = office.enroll(office.create("stores", code="S1", name="Main"))
    for method, path in (
        ("get", "/api/v1/stores"),
        ("post", "/api/v1/taxes"),
        ("get", "/api/v1/facts"),
    ):
        answer = client.request(method.upper(), path, json={}, headers=device(till))
        assert answer.status_code == 403, path
        assert answer.json()["code"] == "device_token_refused"


def test_no_token_and_bad_token_get_json_errors(client):
    assert client.get("/api/v1/pull").json()["code"] == "unauthorized"
    bad = client.get("/api/v1/pull", headers={"Authorization": "Bearer kt_forged"})
    assert bad.status_code == 401 and "enroll this device again" in bad.json()["message"]


def test_an_enroll_code_works_once_and_expires(client, office, clock):
    store = office.create("stores", code="S1", name="Main")
    code = client.post(f"/api/v1/stores/{store['id']}/enroll-codes", headers=office.headers).json()[
        "code"
    ]
    first = client.post("/api/v1/enroll", json={"code": code.lower(), "device_name": "a"})
    assert first.status_code == 200 and first.json()["terminal_code"] == "T01"
    second = client.post("/api/v1/enroll", json={"code": code, "device_name": "b"})
    assert second.status_code == 403 and second.json()["code"] == "enroll_code_used"
    late = client.post(f"/api/v1/stores/{store['id']}/enroll-codes", headers=office.headers).json()
    clock.advance(hours=25)
    expired = client.post("/api/v1/enroll", json={"code": late["code"], "device_name": "c"})
    assert expired.json()["code"] == "enroll_code_expired"


def test_master_data_refuses_bad_references_duplicates_and_bad_currencies(client, office):
    tax = office.create("taxes", code="STD", name="Standard", rate="20")
    body = {"sku": "A1", "name": "Apple", "tax_id": tax["id"], "unit_id": tax["id"]}
    bad_ref = client.post("/api/v1/products", json=body, headers=office.headers)
    assert bad_ref.status_code == 422 and "unit_id" in bad_ref.json()["message"]
    unit = office.create("units", code="pc", name="piece")
    office.create("products", **{**body, "unit_id": unit["id"]})
    twice = client.post(
        "/api/v1/products", json={**body, "unit_id": unit["id"]}, headers=office.headers
    )
    assert twice.status_code == 409 and "sku=A1 already exists" in twice.json()["message"]
    money = client.post(
        "/api/v1/price-lists",
        json={"code": "P", "name": "P", "currency": "EUX"},
        headers=office.headers,
    )
    assert money.status_code == 422 and "unknown currency code 'EUX'" in money.json()["message"]
    invalid = client.post(
        "/api/v1/taxes", json={"code": "X", "name": "X", "rate": "120"}, headers=office.headers
    )
    assert invalid.status_code == 422 and invalid.json()["code"] == "invalid_request"
    assert "rate" in invalid.json()["message"]


def test_a_deleted_row_is_a_tombstone_and_its_key_can_come_back(client, office):
    unit = office.create("units", code="pc", name="piece")
    gone = office.delete("units", unit["id"])
    assert gone["deleted"] and gone["version"] > unit["version"]
    assert client.get("/api/v1/units", headers=office.headers).json() == []
    listed = client.get("/api/v1/units", params={"include_deleted": True}, headers=office.headers)
    assert [u["id"] for u in listed.json()] == [unit["id"]]
    again = office.create("units", code="pc", name="piece again")
    assert again["id"] == unit["id"] and not again["deleted"]


def test_invoices_are_read_only_and_unknown_paths_answer_json(client, office):
    refused = client.post("/api/v1/invoices", json={}, headers=office.headers)
    assert refused.status_code == 405 and refused.json()["code"] == "method_not_allowed"
    missing = client.get("/api/v1/nothing-here", headers=office.headers)
    assert missing.status_code == 404 and missing.json() == {
        "code": "not_found",
        "message": "no such endpoint; see /docs for the API",
    }


def test_device_users_get_an_argon2_pin_hash_that_the_api_never_shows(client, office, server_db):
    from kassa.sync.models import User

    role = office.create("roles", code="CASHIER", name="Cashier", permissions=["sell"])
    user = office.create("users", code="anna", name="Anna", role_id=role["id"], pin="1234")
    assert user["has_pin"] is True
    assert "pin_hash" not in user and "pin" not in user
    listed = client.get("/api/v1/users", headers=office.headers).json()
    assert "pin_hash" not in listed[0]
    renamed = office.put("users", {k: v for k, v in user.items() if k != "has_pin"}, name="Anna K.")
    assert renamed["has_pin"] is True  # a replace without a PIN keeps it
    with server_db.read() as session:
        stored = session.get(User, uuid.UUID(user["id"]))
    assert stored.pin_hash.startswith("$argon2id$") and "1234" not in stored.pin_hash
