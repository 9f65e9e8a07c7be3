"""Pull: every change a terminal may see, exactly once, in order, scoped to its store."""

from __future__ import annotations

from datetime import timedelta

from kassa.server.schema import new_epoch
from kassa.server.tombstones import purge_tombstones


def _pull_all(client, headers, cursor="", limit=3):
    changes, pages = [], 0
    while True:
        page = client.get(
            "/api/v1/pull", params={"cursor": cursor, "limit": limit}, headers=headers
        )
        assert page.status_code == 200, page.text
        body = page.json()
        assert not body["reset"]
        changes += body["changes"]
        cursor, pages = body["next_cursor"], pages + 1
        if not body["has_more"]:
            return changes, cursor, pages


def _catalog(office):
    tax = office.create("taxes", code="STD", name="Standard", rate="20")
    unit = office.create("units", code="pc", name="piece")
    return tax, unit


def test_one_import_larger_than_a_page_arrives_whole_and_once(client, office, device, server_db):
    store = office.create("stores", code="S1", name="Main street")
    till = office.enroll(store)
    tax, unit = _catalog(office)
    from kassa.server.changes import ChangeWriter
    from kassa.sync.models import Product

    with server_db.write() as session:  # one transaction: every row gets the same version
        writer = ChangeWriter(session)
        for n in range(10):
            writer.save(
                Product.model_validate(
                    {
                        "sku": f"P{n}",
                        "name": f"Thing {n}",
                        "tax_id": tax["id"],
                        "unit_id": unit["id"],
                    }
                )
            )
    changes, _, pages = _pull_all(client, device(till), limit=3)
    products = [c for c in changes if c["table"] == "products"]
    assert sorted(c["data"]["sku"] for c in products) == [f"P{n}" for n in range(10)]
    assert len({c["version"] for c in products}) == 1
    assert len(changes) == len({(c["table"], c["id"]) for c in changes})
    versions = [(c["version"], c["id"]) for c in changes]
    assert versions == sorted(versions)
    assert pages >= 5


def test_remaining_counts_down_for_a_progress_bar(client, office, device):
    store = office.create("stores", code="S1", name="Main street")
    till = office.enroll(store)
    _catalog(office)
    first = client.get("/api/v1/pull", params={"limit": 2}, headers=device(till)).json()
    assert first["remaining"] == 2  # store, terminal, tax, unit: 2 sent, 2 to go


def test_updates_and_tombstones_follow_the_cursor(client, office, device):
    store = office.create("stores", code="S1", name="Main street")
    till = office.enroll(store)
    tax, _ = _catalog(office)
    _, cursor, _ = _pull_all(client, device(till))
    office.put("taxes", tax, rate="21")
    office.delete(
        "units", office.client.get("/api/v1/units", headers=office.headers).json()[0]["id"]
    )
    changes, cursor, _ = _pull_all(client, device(till), cursor)
    assert [(c["table"], c["deleted"]) for c in changes] == [("taxes", False), ("units", True)]
    assert changes[0]["data"]["rate"] == "21"
    assert changes[1]["data"] is None
    again, _, _ = _pull_all(client, device(till), cursor)
    assert again == []


def test_the_first_pull_skips_tombstones(client, office, device):
    store = office.create("stores", code="S1", name="Main street")
    unit = office.create("units", code="pc", name="piece")
    office.delete("units", unit["id"])
    till = office.enroll(store)
    changes, _, _ = _pull_all(client, device(till))
    assert {c["table"] for c in changes} == {"stores", "terminals"}


def test_a_terminal_sees_only_its_store_and_rows_leaving_arrive_as_deletes(client, office, device):
    north = office.create("stores", code="N", name="North")
    south = office.create("stores", code="S", name="South")
    tax, unit = _catalog(office)
    product = office.create(
        "products", sku="A1", name="Apple", tax_id=tax["id"], unit_id=unit["id"]
    )
    north_list = office.create(
        "price-lists", code="PN", name="North prices", currency="EUR", store_id=north["id"]
    )
    office.create(
        "price-lists", code="PS", name="South prices", currency="EUR", store_id=south["id"]
    )
    item = office.create(
        "price-list-items",
        price_list_id=north_list["id"],
        product_id=product["id"],
        price_minor=120,
        currency="EUR",
    )
    north_till, south_till = office.enroll(north, "north"), office.enroll(south, "south")

    seen, cursor, _ = _pull_all(client, device(north_till))
    tables = {(c["table"], (c["data"] or {}).get("code")) for c in seen}
    assert ("price_lists", "PN") in tables and ("price_lists", "PS") not in tables
    assert ("stores", "N") in tables and ("stores", "S") not in tables
    assert item["id"] in {c["id"] for c in seen}
    assert all(c["data"]["store_id"] == north["id"] for c in seen if c["table"] == "terminals")

    office.put("price-lists", north_list, store_id=south["id"])  # the list moves south
    left, _, _ = _pull_all(client, device(north_till), cursor)
    assert {(c["table"], c["id"], c["deleted"]) for c in left} == {
        ("price_lists", north_list["id"], True),
        ("price_list_items", item["id"], True),
    }
    south_seen, _, _ = _pull_all(client, device(south_till))
    moved = [c for c in south_seen if c["id"] == item["id"]]
    assert moved and moved[0]["data"]["store_id"] == south["id"]


def test_unknown_epoch_or_garbage_cursor_answers_reset(client, office, device, server_db):
    store = office.create("stores", code="S1", name="Main street")
    till = office.enroll(store)
    _, cursor, _ = _pull_all(client, device(till))
    bad = client.get("/api/v1/pull", params={"cursor": "not-a-cursor"}, headers=device(till)).json()
    assert bad["reset"] and bad["next_cursor"] == "" and bad["changes"] == []
    new_epoch(server_db)  # as after restoring a backup
    after = client.get("/api/v1/pull", params={"cursor": cursor}, headers=device(till)).json()
    assert after["reset"]
    fresh, _, _ = _pull_all(client, device(till))
    assert {c["table"] for c in fresh} == {"stores", "terminals"}


def test_purged_tombstones_reset_devices_that_had_not_seen_them(
    client, office, device, server_db, clock
):
    store = office.create("stores", code="S1", name="Main street")
    behind, current = office.enroll(store, "behind"), office.enroll(store, "current")
    unit = office.create("units", code="pc", name="piece")
    _, old_cursor, _ = _pull_all(client, device(behind))
    office.delete("units", unit["id"])
    _, new_cursor, _ = _pull_all(client, device(current))
    office.create("units", code="kg", name="kilogram")
    later = clock() + timedelta(days=100)
    removed, _ = purge_tombstones(server_db, older_than=timedelta(days=90), now=later)
    assert removed == 1
    listed = client.get("/api/v1/units", params={"include_deleted": True}, headers=office.headers)
    assert [u["code"] for u in listed.json()] == ["kg"]
    stale = client.get("/api/v1/pull", params={"cursor": old_cursor}, headers=device(behind))
    assert stale.json()["reset"]
    fine = client.get("/api/v1/pull", params={"cursor": new_cursor}, headers=device(current))
    assert not fine.json()["reset"]
    assert [c["data"]["code"] for c in fine.json()["changes"]] == ["kg"]


def test_a_terminal_moved_to_another_store_starts_over(client, office, device):
    north = office.create("stores", code="N", name="North")
    south = office.create("stores", code="S", name="South")
    till = office.enroll(north)
    _, cursor, _ = _pull_all(client, device(till))
    terminal = client.get(f"/api/v1/terminals/{till['terminal_id']}", headers=office.headers).json()
    office.put("terminals", terminal, store_id=south["id"])
    moved = client.get("/api/v1/pull", params={"cursor": cursor}, headers=device(till)).json()
    assert moved["reset"]
    fresh, _, _ = _pull_all(client, device(till))
    assert {c["data"]["code"] for c in fresh if c["table"] == "stores"} == {"S"}


def _import_products(server_db, tax, unit, skus):
    from kassa.server.changes import ChangeWriter
    from kassa.sync.models import Product

    with server_db.write() as session:  # one import: one version
        writer = ChangeWriter(session)
        for sku in skus:
            writer.save(
                Product.model_validate(
                    {"sku": sku, "name": sku, "tax_id": tax["id"], "unit_id": unit["id"]}
                )
            )


def test_remaining_counts_down_page_by_page_to_zero(client, office, device, server_db):
    store = office.create("stores", code="S1", name="Main street")
    till = office.enroll(store)
    tax, unit = _catalog(office)
    _import_products(server_db, tax, unit, [f"P{n}" for n in range(10)])
    total, cursor, seen = 14, "", []  # store, terminal, tax, unit and 10 products
    while True:
        body = client.get(
            "/api/v1/pull", params={"cursor": cursor, "limit": 3}, headers=device(till)
        ).json()
        seen += body["changes"]
        assert body["remaining"] == total - len(seen)  # counted once, carried page to page
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert len(seen) == total


def test_rows_imported_during_a_pull_are_counted_again_when_the_estimate_runs_out(
    client, office, device, server_db
):
    store = office.create("stores", code="S1", name="Main street")
    till = office.enroll(store)
    tax, unit = _catalog(office)
    _import_products(server_db, tax, unit, ["A0", "A1"])

    def page(cursor):
        return client.get(
            "/api/v1/pull", params={"cursor": cursor, "limit": 2}, headers=device(till)
        ).json()

    first = page("")
    assert first["remaining"] == 4  # 6 rows, 2 sent
    _import_products(server_db, tax, unit, [f"B{n}" for n in range(6)])  # 6 more meanwhile
    pages, done = [first], 2
    while pages[-1]["has_more"]:
        pages.append(page(pages[-1]["next_cursor"]))
        done += len(pages[-1]["changes"])
        if pages[-1]["has_more"]:  # never "nothing left" while pages follow
            assert pages[-1]["remaining"] >= 1
    assert done == 12
    # the carried estimate (4) runs out after two more pages; the next one counts again
    assert [p["remaining"] for p in pages[3:]] == [4, 2, 0]


def test_a_caught_up_pull_answers_its_own_cursor_with_nothing(client, office, device):
    store = office.create("stores", code="S1", name="Main street")
    till = office.enroll(store)
    _catalog(office)
    _, cursor, _ = _pull_all(client, device(till))
    again = client.get("/api/v1/pull", params={"cursor": cursor}, headers=device(till)).json()
    assert again == {
        "changes": [],
        "next_cursor": cursor,
        "has_more": False,
        "reset": False,
        "remaining": 0,
    }
    office.create("units", code="kg", name="kilogram")
    after = client.get("/api/v1/pull", params={"cursor": cursor}, headers=device(till)).json()
    assert [c["data"]["code"] for c in after["changes"]] == ["kg"]
