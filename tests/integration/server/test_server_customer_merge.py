"""The shared-edit merge rule for customers, both directions, conflicts visible in the API."""

from __future__ import annotations

import pytest

from kassa.core.ids import new_id

HQ_RULE = "head office wins on credit limit, terms, price list and tax id"
LATER_RULE = "the later-received edit wins"


@pytest.fixture
def setup(client, office, device, fact_chain):
    store = office.create("stores", code="S1", name="Main")
    till = office.enroll(store)
    customer = office.create(
        "customers",
        code="C1",
        name="Café Central",
        email="old@example.com",
        tax_number="AT-OLD",
        credit_limit_minor=100000,
        credit_currency="EUR",
    )
    chain = fact_chain()

    def device_fact(type, payload):
        fact = chain.next(type, payload)
        answer = client.post("/api/v1/push", json={"facts": [fact]}, headers=device(till))
        assert answer.status_code == 200, answer.text
        return answer.json()["results"][0]

    def device_edit(changes, *, base_version, row_id=None, create=False):
        payload = {
            "row_id": row_id or customer["id"],
            "base_version": base_version,
            "changes": changes,
            "create": create,
        }
        return device_fact("customer_edit", payload)

    def office_edit(changes, *, base_version, row_id=None):
        answer = client.patch(
            f"/api/v1/customers/{row_id or customer['id']}",
            json={"changes": changes, "base_version": base_version},
            headers=office.headers,
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    def conflicts(row_id=None):
        answer = client.get(
            "/api/v1/conflicts", params={"row_id": row_id or customer["id"]}, headers=office.headers
        )
        return {c["field"]: c for c in answer.json()}

    device_edit.fact = device_fact
    return customer, device_edit, office_edit, conflicts


def test_head_office_first_then_an_older_device_edit(setup):
    customer, device_edit, office_edit, conflicts = setup
    base = customer["version"]
    office_edit({"email": "hq@example.com", "tax_number": "AT-HQ"}, base_version=base)
    result = device_edit(
        {"email": "rep@example.com", "tax_number": "AT-REP", "phone": "+43 1 234"},
        base_version=base,
    )
    assert result["status"] == "stored"
    now = office_edit({}, base_version=base)  # read back through the API
    assert now["email"] == "rep@example.com"  # contact field: the later-received edit wins
    assert now["tax_number"] == "AT-HQ"  # head-office field: head office wins
    assert now["phone"] == "+43 1 234"  # not concurrent: simply applied
    found = conflicts()
    assert set(found) == {"email", "tax_number"}
    assert (found["email"]["kept_value"], found["email"]["lost_value"]) == (
        "rep@example.com",
        "hq@example.com",
    )
    assert found["email"]["rule"] == LATER_RULE and found["email"]["lost_source"] == "head_office"
    assert (found["tax_number"]["kept_value"], found["tax_number"]["lost_value"]) == (
        "AT-HQ",
        "AT-REP",
    )
    assert found["tax_number"]["rule"] == HQ_RULE
    assert found["tax_number"]["lost_source"].startswith("terminal:")


def test_device_first_then_an_older_head_office_edit(setup):
    customer, device_edit, office_edit, conflicts = setup
    base = customer["version"]
    device_edit({"email": "rep@example.com", "tax_number": "AT-REP"}, base_version=base)
    now = office_edit({"email": "hq@example.com", "tax_number": "AT-HQ"}, base_version=base)
    assert now["email"] == "hq@example.com"  # head office's edit was received later
    assert now["tax_number"] == "AT-HQ"
    found = conflicts()
    assert found["email"]["lost_value"] == "rep@example.com"
    assert found["email"]["rule"] == LATER_RULE
    assert found["tax_number"]["lost_value"] == "AT-REP" and found["tax_number"]["rule"] == HQ_RULE


def test_an_edit_from_the_current_version_makes_no_conflict(setup):
    customer, device_edit, office_edit, conflicts = setup
    after = office_edit({"email": "hq@example.com"}, base_version=customer["version"])
    device_edit({"email": "rep@example.com"}, base_version=after["version"])
    assert conflicts() == {}


def test_archiving_beats_a_concurrent_edit_and_sales_still_count(setup, client, office):
    customer, device_edit, office_edit, conflicts = setup
    base = customer["version"]
    office_edit({"archived": True}, base_version=base)
    device_edit({"phone": "+43 9 999"}, base_version=base)
    now = office_edit({}, base_version=base)
    assert now["archived"] and now["phone"] == ""
    assert conflicts()["phone"]["rule"] == "archiving beats a concurrent edit"
    sale = device_edit.fact("receipt", {"customer_id": customer["id"], "total_minor": 990})
    assert sale["status"] == "stored"


def test_a_device_cannot_change_head_office_only_fields(setup, client, office):
    customer, device_edit, _, _ = setup
    result = device_edit({"credit_limit_minor": 99999999}, base_version=customer["version"])
    assert result["status"] == "quarantined"
    assert "may not change credit_limit_minor" in result["reason"]
    quarantined = client.get(
        "/api/v1/facts", params={"status": "quarantined"}, headers=office.headers
    ).json()
    assert [f["type"] for f in quarantined] == ["customer_edit"]


def test_a_customer_created_offline_and_merged_as_a_duplicate_is_followed(setup, client, office):
    customer, device_edit, _, _ = setup
    duplicate_id = str(new_id())
    created = device_edit(
        {"name": "Cafe Central (dup)", "email": "dup@example.com"},
        base_version=0,
        row_id=duplicate_id,
        create=True,
    )
    assert created["status"] == "stored"
    merged = client.post(
        f"/api/v1/customers/{duplicate_id}/merge",
        json={"into": customer["id"]},
        headers=office.headers,
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["merged_into"] == customer["id"] and merged.json()["archived"]
    device_edit({"phone": "+43 5 555"}, base_version=merged.json()["version"], row_id=duplicate_id)
    survivor = client.get(f"/api/v1/customers/{customer['id']}", headers=office.headers).json()
    assert survivor["phone"] == "+43 5 555"


def test_head_office_marks_a_conflict_reviewed(setup, client, office):
    customer, device_edit, office_edit, conflicts = setup
    base = customer["version"]
    office_edit({"email": "hq@example.com"}, base_version=base)
    device_edit({"email": "rep@example.com"}, base_version=base)
    conflict = conflicts()["email"]
    answer = client.post(f"/api/v1/conflicts/{conflict['id']}/resolve", headers=office.headers)
    assert answer.status_code == 200 and answer.json()["resolved_at"] is not None
    open_ones = client.get("/api/v1/conflicts", params={"unresolved": True}, headers=office.headers)
    assert open_ones.json() == []


def test_deals_merge_the_same_way(client, office, device, fact_chain):
    store = office.create("stores", code="S1", name="Main")
    till = office.enroll(store)
    customer = office.create("customers", code="C1", name="Café Central")
    stage = office.create("pipeline-stages", code="LEAD", name="Lead")
    won = office.create("pipeline-stages", code="WON", name="Won", is_won=True)
    deal_id = str(new_id())
    chain = fact_chain()
    created = chain.next(
        "deal_edit",
        {
            "row_id": deal_id,
            "base_version": 0,
            "create": True,
            "changes": {
                "customer_id": customer["id"],
                "title": "Coffee",
                "stage_id": stage["id"],
                "currency": "EUR",
            },
        },
    )
    moved = chain.next(
        "deal_edit",
        {
            "row_id": deal_id,
            "base_version": 0,
            "changes": {"stage_id": won["id"], "amount_minor": 50000},
        },
    )
    answer = client.post("/api/v1/push", json={"facts": [created, moved]}, headers=device(till))
    assert [r["status"] for r in answer.json()["results"]] == ["stored", "stored"]
    deal = client.get(f"/api/v1/deals/{deal_id}", headers=office.headers).json()
    assert deal["stage_id"] == won["id"] and deal["amount_minor"] == 50000


def test_an_edit_that_clashes_with_another_customer_is_quarantined_not_fatal(setup, office):
    customer, device_edit, _, _ = setup
    office.create("customers", code="C2", name="Hotel Sacher")
    result = device_edit({"code": "C2"}, base_version=customer["version"])
    assert result["status"] == "quarantined"
    assert "clashes with head-office data" in result["reason"]
    after = device_edit({"phone": "+43 1 111"}, base_version=customer["version"])
    assert after["status"] == "stored"  # the queue goes on


def test_a_contact_list_edited_on_both_sides_keeps_the_lost_list_for_review(setup):
    customer, device_edit, office_edit, conflicts = setup
    base = customer["version"]
    hq = [{"id": "c-hq", "name": "Herr Gruber", "role": "purchasing"}]
    rep = [{"id": "c-rep", "name": "Frau Huber", "role": "owner", "phone": "+43 1 5"}]
    office_edit({"contacts": hq}, base_version=base)
    result = device_edit({"contacts": rep, "addresses": [{"id": "a1", "kind": "delivery",
                          "street": "Hof 2", "city": "Wien"}]}, base_version=base)  # fmt: skip
    assert result["status"] == "stored"
    now = office_edit({}, base_version=base)
    assert [c["name"] for c in now["contacts"]] == ["Frau Huber"]  # the later-received list
    assert now["contacts"][0]["email"] == "" and now["addresses"][0]["kind"] == "delivery"
    lost = conflicts()["contacts"]
    assert lost["lost_value"][0]["name"] == "Herr Gruber" and lost["rule"] == LATER_RULE
    bad = device_edit({"addresses": [{"id": "a2", "kind": "home", "street": "x"}]},
                      base_version=now["version"])  # fmt: skip
    assert bad["status"] == "quarantined" and "addresses" in bad["reason"]
