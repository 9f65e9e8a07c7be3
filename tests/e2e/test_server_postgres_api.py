"""Head office and a device against a server process on PostgreSQL, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.server.office import create_user
from kassa.server.schema import upgrade
from kassa.server.store import Database
from kassa.sync.protocol import journal_fact

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


class Chain:
    def __init__(self) -> None:
        self.seq, self.last = 0, GENESIS

    def next(self, type: str, payload: dict) -> dict:
        self.seq += 1
        fact_id, when = new_id(), datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
        digest = chain_hash(
            self.last,
            journal_fact(id=fact_id, type=type, seq=self.seq, device_time=when, payload=payload),
        )
        fact = {
            "id": str(fact_id),
            "type": type,
            "seq": self.seq,
            "prev_hash": self.last,
            "hash": digest,
            "device_time": when.isoformat(),
            "payload": payload,
        }
        self.last = digest
        return fact


def test_catalog_enroll_pull_push_and_merge_on_postgres(postgres_url, server_process):
    db = Database(postgres_url)
    upgrade(db)
    with db.write() as session:
        create_user(session, username="boss", password="long enough", role="admin")
    db.dispose()
    server = server_process(postgres_url)
    http = httpx.Client(base_url=f"{server.url}/api/v1", timeout=30)
    token = http.post("/auth/login", json={"username": "boss", "password": "long enough"})
    hq = {"Authorization": f"Bearer {token.json()['token']}"}

    def create(kind: str, **body) -> dict:
        answer = http.post(f"/{kind}", json=body, headers=hq)
        assert answer.status_code == 201, answer.text
        return answer.json()

    store = create("stores", code="S1", name="Main")
    tax = create("taxes", code="STD", name="Standard", rate="20")
    unit = create("units", code="pc", name="piece")
    product = create("products", sku="A1", name="Äpfel", tax_id=tax["id"], unit_id=unit["id"])
    prices = create("price-lists", code="RETAIL", name="Retail", currency="EUR")
    create(
        "price-list-items",
        price_list_id=prices["id"],
        product_id=product["id"],
        price_minor=249,
        currency="EUR",
    )
    customer = create("customers", code="C1", name="Café", email="old@example.com")
    create("customers", code="C2", name="Hotel")
    code = http.post(f"/stores/{store['id']}/enroll-codes", headers=hq).json()["code"]
    till = http.post("/enroll", json={"code": code, "device_name": "till"}).json()
    device = {"Authorization": f"Bearer {till['token']}"}

    page = http.get("/pull", params={"limit": 100}, headers=device).json()
    tables = sorted(c["table"] for c in page["changes"])
    assert tables.count("customers") == 2 and "price_list_items" in tables
    assert not page["has_more"]

    edit = http.patch(
        f"/customers/{customer['id']}",
        json={"changes": {"email": "hq@example.com"}, "base_version": customer["version"]},
        headers=hq,
    )
    assert edit.status_code == 200, edit.text
    chain = Chain()
    facts = [
        chain.next("receipt", {"total_minor": 249, "currency": "EUR"}),
        chain.next(
            "customer_edit",
            {
                "row_id": customer["id"],
                "base_version": customer["version"],
                "changes": {"email": "rep@example.com"},
            },
        ),
        chain.next(
            "customer_edit",
            {
                "row_id": customer["id"],
                "base_version": customer["version"],
                "changes": {"code": "C2"},
            },
        ),  # clashes: quarantined
        chain.next("receipt", {"total_minor": 100, "currency": "EUR"}),
    ]
    pushed = http.post("/push", json={"facts": facts}, headers=device).json()
    assert [r["status"] for r in pushed["results"]] == ["stored", "stored", "quarantined", "stored"]
    assert pushed["last_seq"] == 4
    replay = http.post("/push", json={"facts": facts}, headers=device).json()
    assert {r["status"] for r in replay["results"]} == {"duplicate"}

    conflicts = http.get("/conflicts", params={"row_id": customer["id"]}, headers=hq).json()
    assert [(c["field"], c["kept_value"], c["lost_value"]) for c in conflicts] == [
        ("email", "rep@example.com", "hq@example.com")
    ]
    later = http.get("/pull", params={"cursor": page["next_cursor"]}, headers=device).json()
    changed = [c for c in later["changes"] if c["table"] == "customers"]
    assert changed[-1]["data"]["email"] == "rep@example.com"
    http.close()
