"""Invoicing at head office: gapless numbers per series, pulled by the customer's store."""

from __future__ import annotations

import threading
from datetime import date

from field_world import net_line, totals
from sqlmodel import select

from kassa.core.ids import new_id
from kassa.server.field.invoicing import issue_pending
from kassa.server.store import Database
from kassa.server.tables import InvoiceOrder
from kassa.sync.field_facts import InvoiceOrderFact, SalesOrderFact
from kassa.sync.models import Invoice


def delivered_order(world, *, lines=None):
    lines = lines or [
        net_line("1", qty="2", price=1000),
        net_line("2", qty="1", price=333, rate="10"),
    ]
    order = SalesOrderFact(
        order_id=new_id(),
        customer=world.customer,
        rep=world.rep,
        currency="EUR",
        lines=lines,
        **totals(lines),
    )
    assert world.push("sales_order", order)["status"] == "stored"
    world.post(f"sales-orders/{order.order_id}/status", {"status": "delivered"})
    return order


def test_issuing_makes_the_invoice_the_customers_store_pulls(world):
    order = delivered_order(world)
    [issued] = world.post("invoices/issue", {})
    assert (issued["series"], issued["number"], issued["total_minor"]) == ("S1-2026", 1, 2400 + 366)
    assert world.post("invoices/issue", {}) == []  # nothing pending any more
    invoice = world.get(f"invoices/{issued['id']}")
    assert invoice["customer_id"] == str(world.customer.customer_id)
    assert invoice["due_date"] == "2026-03-16"  # issued 2 March + 14 days' terms
    assert (invoice["net_minor"], invoice["tax_minor"]) == (2333, 433)
    assert invoice["price_mode"] == "net"
    assert [(t["tax_rate"], t["net_minor"], t["tax_minor"]) for t in invoice["tax_lines"]] == [
        ("20", 2000, 400),
        ("10", 333, 33),
    ]
    assert world.get(f"sales-orders/{order.order_id}")["status"] == "invoiced"
    assert world.get("invoice-orders", status="invoiced")[0]["invoice_id"] == issued["id"]
    pulled = [c["data"] for c in world.pull_all() if c["table"] == "invoices"]
    assert [(p["series"], p["number"]) for p in pulled] == [("S1-2026", 1)]


def test_another_stores_tablet_does_not_pull_the_invoice(world):
    delivered_order(world)
    world.post("invoices/issue", {})
    other = world.create("stores", code="S2", name="Other", currency="EUR")
    code = world.post(f"stores/{other['id']}/enroll-codes", {}, status=201)["code"]
    tablet = world.client.post("/api/v1/enroll", json={"code": code, "device_name": "t2"}).json()
    page = world.client.get(
        "/api/v1/pull", headers={"Authorization": f"Bearer {tablet['token']}"}
    ).json()
    assert not [c for c in page["changes"] if c["table"] in ("invoices", "sales_orders")]


def test_numbers_run_per_series_without_gaps(world):
    for _ in range(3):
        delivered_order(world)
    assert [i["number"] for i in world.post("invoices/issue", {"series": "EXPORT"})] == [1, 2, 3]
    delivered_order(world)
    assert [(i["series"], i["number"]) for i in world.post("invoices/issue", {})] == [
        ("S1-2026", 1)
    ]
    delivered_order(world)
    assert [i["number"] for i in world.post("invoices/issue", {"series": "EXPORT"})] == [4]
    bad = world.post("invoices/issue", {"series": "no spaces allowed"}, status=422)
    assert "letters, digits or '-'" in bad["message"]


def test_an_order_and_its_invoice_order_in_one_push_keep_the_orders_price_mode(world):
    lines = [net_line("1", qty="2", price=1200)]
    order = SalesOrderFact(
        order_id=new_id(),
        customer=world.customer,
        rep=world.rep,
        currency="EUR",
        price_mode="gross",
        lines=lines,
        **totals(lines),
    )
    request = InvoiceOrderFact(
        invoice_order_id=new_id(),
        order_id=order.order_id,
        customer=world.customer,
        rep=world.rep,
        currency="EUR",
        lines=lines,
        **totals(lines),
    )
    # the tablet was offline: the order and its invoice order reach head office together
    results = world.push_batch([("sales_order", order), ("invoice_order", request)])
    assert [r["status"] for r in results] == ["stored", "stored"]
    [issued] = world.post("invoices/issue", {})
    assert world.get(f"invoices/{issued['id']}")["price_mode"] == "gross"


def test_a_till_invoice_order_is_invoiced_too(world):
    payload = {
        "receipt_number": "S1-T1-000007",
        "receipt_id": str(new_id()),
        "customer": {"id": str(world.customer.customer_id), "name": "Café Müller", "tax_id": "AT1"},
        "currency": "EUR",
        "lines": [
            {
                "line_id": "a",
                "product_id": str(new_id()),
                "sku": "TEA",
                "name": "Tea",
                "unit": "pc",
                "quantity": "3",
                "unit_price": 250,
                "tax_code": "R",
                "tax_rate": "10",
                "net": 682,
                "tax": 68,
                "total": 750,
            },
        ],
        "taxes": [{"code": "R", "rate": "10", "net": 682, "tax": 68, "gross": 750}],
        "total": 750,
        "requested_by": {"id": str(new_id()), "name": "Anna", "role": "cashier"},
        "number": "S1-T1-IO-000001",
    }
    assert world.push("invoice_order", payload)["status"] == "stored"
    assert world.push("invoice_order", payload | {"number": "again"})["status"] == "stored"
    [issued] = world.post("invoices/issue", {})  # one invoice per receipt
    invoice = world.get(f"invoices/{issued['id']}")
    assert (invoice["net_minor"], invoice["tax_minor"], invoice["total_minor"]) == (682, 68, 750)
    assert invoice["price_mode"] == "gross"  # till prices include tax


def test_concurrent_issuers_never_share_a_number_or_invoice_twice(world, field_db):
    for _ in range(24):
        delivered_order(world, lines=[net_line("1", qty="1", price=100)])
    start = threading.Barrier(4)
    results: list[list] = []

    def issuer() -> None:
        db = Database(field_db.url)  # its own engine, as another server process would have
        start.wait()
        results.append(issue_pending(db, clock=world.clock))
        db.dispose()

    threads = [threading.Thread(target=issuer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    issued = sorted(i.number for batch in results for i in batch)
    assert issued == list(range(1, 25))
    with field_db.read() as session:
        invoices = session.exec(select(Invoice)).all()
        orders = session.exec(select(InvoiceOrder)).all()
    assert sorted(i.number for i in invoices) == list(range(1, 25))
    assert len({i.invoice_order_id for i in invoices}) == 24
    assert {o.status for o in orders} == {"invoiced"}
    assert {i.issued_at.date() for i in invoices} == {date(2026, 3, 2)}
