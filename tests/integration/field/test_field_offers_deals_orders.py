"""Offers at the customer's prices with optional lines, revisions kept, a partial
acceptance becoming a sales order; deals moved through head office's stages (won
makes the order, lost needs a reason); targets from the rep's own orders; an offer
printed on the simulated printer and written as a PDF; a pulled invoice printed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from kassa.sync.models import Invoice
from kassa.sync.replica.schema import fact
from kassa.sync.replica.unit_of_work import UnitOfWork, reading
from kassa.terminal.services.errors import InvalidInput, NotAllowed


def payloads(tablet, type_):
    with reading(tablet.pos.extras["replica"]) as connection:
        rows = connection.execute(select(fact).where(fact.c.type == type_).order_by(fact.c.seq))
        return [(row.number, json.loads(row.payload)) for row in rows]


def acme_offer(tablet):
    f = tablet.field
    draft = f.drafts.new("offer", tablet.ids.customers["C1"])
    f.drafts.add_line(draft, tablet.ids.products["WINE"], quantity="12")
    f.drafts.add_line(draft, tablet.ids.products["BREAD"], quantity="2")
    f.drafts.add_line(draft, tablet.ids.products["CROISS"], quantity="6", optional=True)
    return draft


def test_offer_with_optional_line_revised_and_partly_accepted(tablet):
    f = tablet.field
    draft = acme_offer(tablet)
    assert draft.valid_until == date(2026, 12, 23)
    # Acme's own list prices the wine (7.49, not 8.99); croissants from 6 at 1.00.
    assert [(ln.sku, ln.unit_price_minor) for ln in draft.lines] == [
        ("WINE", 749), ("BREAD", 450), ("CROISS", 100),
    ]  # fmt: skip
    amounts = f.drafts.amounts(draft)
    assert amounts.total_minor == 12 * 749 + 2 * 450 and amounts.optional_total_minor == 600
    first = f.offers.save(draft)
    assert first.number == "OF-S01-T01-000001" and first.status == "open"
    assert first.offer.total_minor == 9888

    revised = f.offers.revise(first.offer.offer_id)
    f.drafts.set_quantity(revised, "L2", "3")
    f.drafts.add_line(revised, tablet.ids.products["WINE"], quantity="1")  # Acme's price
    assert revised.lines[-1].unit_price_minor == 749
    f.drafts.remove_line(revised, "L4")
    second = f.offers.save(revised)
    assert second.number == "OF-S01-T01-000001/2" and second.offer.revision == 2
    history = f.offers.revisions(first.offer.offer_id)
    assert [(v.offer.revision, v.status) for v in history] == [(1, "superseded"), (2, "open")]
    assert [v.number for v in f.offers.list()] == ["OF-S01-T01-000001/2"]

    # The customer takes the wine and the optional croissants, not the bread.
    order = f.offers.accept(first.offer.offer_id, ["L1", "L3"])
    assert order.number == "SO-S01-T01-000001"
    assert [(ln.sku, ln.optional) for ln in order.order.lines] == [
        ("WINE", False),
        ("CROISS", False),
    ]
    assert order.order.total_minor == 12 * 749 + 600
    assert order.order.offer.revision == 2 and order.order.offer.accepted_line_ids == ["L1", "L3"]
    assert order.status == "waiting to sync"
    assert f.offers.latest(first.offer.offer_id).status == "accepted"
    with pytest.raises(InvalidInput, match="already order SO-S01-T01-000001"):
        f.offers.accept(first.offer.offer_id, ["L1"])
    with pytest.raises(InvalidInput, match="cannot be revised"):
        f.offers.revise(first.offer.offer_id)
    # Two revisions, one order; every one a fact in the journal.
    assert [n for n, _ in payloads(tablet, "offer")] == ["OF-S01-T01-000001", None]
    assert [p["revision"] for _, p in payloads(tablet, "offer")] == [1, 2]
    assert tablet.pos.sale.ctx.facts.verify() is None


def test_deal_moves_lost_needs_reason_won_makes_the_order(tablet):
    f = tablet.field
    acme = tablet.ids.customers["C1"]
    stages = tablet.stages
    deal = f.pipeline.create(customer_id=acme, title="Wine for the canteen", amount_minor=900000)
    assert deal["stage"]["code"] == "LEAD" and deal["probability"] == 10 and deal["_pending"]
    tablet.clock.advance(hours=2)
    moved = f.pipeline.move(deal["id"], stages["PROPOSAL"])
    assert moved["stage"]["name"] == "Proposal"
    with pytest.raises(InvalidInput, match="make an offer for the deal first"):
        f.pipeline.move(deal["id"], stages["WON"])
    with pytest.raises(InvalidInput, match="Say why the deal was lost"):
        f.pipeline.move(deal["id"], stages["LOST"])
    draft = f.drafts.new("offer", acme, deal_id=deal["id"])
    f.drafts.add_line(draft, tablet.ids.products["WINE"], quantity="24")
    f.drafts.add_line(draft, tablet.ids.products["WATER6"], quantity="6", optional=True)
    f.offers.save(draft)
    won = f.pipeline.move(deal["id"], stages["WON"])
    assert won["stage"]["is_won"]
    (order,) = f.orders.list(customer_id=acme)
    assert order.order.deal_id == deal["id"] and [ln.sku for ln in order.order.lines] == ["WINE"]
    moves = [p for _, p in payloads(tablet, "deal_stage_move")]
    assert [(m["outcome"], m["order_id"]) for m in moves] == [
        ("open", None), ("won", str(order.order.order_id)),
    ]  # fmt: skip
    assert moves[0]["moved_at"] == "2026-11-23T10:30:00Z"
    assert moves[0]["from_stage_id"] == str(stages["LEAD"])
    (create,) = [p for _, p in payloads(tablet, "deal_edit")]
    assert create["create"] and create["changes"]["title"] == "Wine for the canteen"

    other = f.pipeline.create(customer_id=acme, title="Bread rounds", amount_minor=1000)
    lost = f.pipeline.move(other["id"], stages["LOST"], lost_reason="Bakes its own")
    assert lost["stage"]["is_lost"]
    assert [p["lost_reason"] for _, p in payloads(tablet, "deal_stage_move")][-1] == "Bakes its own"


def test_deal_chance_and_labels_edited_offline_with_the_weighted_value(tablet):
    f = tablet.field
    acme = tablet.ids.customers["C1"]
    deal = f.pipeline.create(
        customer_id=acme, title="Glasses", amount_minor=120050, labels=[" hot ", "HOT", "bar"]
    )
    # no chance set: the stage's (Lead, 10 %); 1,200.50 x 10 % = 120.05
    assert (deal["probability"], deal["probability_from_stage"]) == (10, True)
    assert deal["labels"] == ["hot", "bar"] and deal["weighted_minor"] == 12005
    edited = f.pipeline.edit(deal["id"], {"probability": Decimal("35"), "labels": ["hot"]})
    assert (edited["probability"], edited["probability_from_stage"]) == (35, False)
    assert edited["weighted_minor"] == 42018  # 420.1750 rounds half up to 420.18
    *_, (_, last) = payloads(tablet, "deal_edit")
    assert last["changes"] == {"probability": 35, "labels": ["hot"]}
    assert last["base_version"] == 0

    moved = f.pipeline.move(deal["id"], tablet.stages["PROPOSAL"])
    assert moved["probability"] == 35  # the rep's own figure stays with the deal
    with pytest.raises(InvalidInput, match="Nothing changed"):
        f.pipeline.edit(deal["id"], {"probability": 35})
    for changes, message in (
        ({"probability": Decimal("12.5")}, "whole percent from 0 to 100"),
        ({"probability": 101}, "whole percent from 0 to 100"),
        ({"labels": ["a" * 31]}, "at most 30 characters"),
        ({"labels": [f"l{n}" for n in range(9)]}, "at most 8 labels"),
    ):
        with pytest.raises(InvalidInput, match=message):
            f.pipeline.edit(deal["id"], changes)
    assert len(payloads(tablet, "deal_edit")) == 2  # refusals wrote nothing
    assert f.pipeline.get(deal["id"])["labels"] == ["hot"]


def test_targets_progress_from_own_orders_and_cancellation(tablet):
    f = tablet.field
    (target,) = f.targets.mine(on=date(2026, 11, 23))
    assert (target.target.minor, target.achieved.minor, target.percent) == (500000, 0, 0)
    draft = f.drafts.new("sales_order", tablet.ids.customers["C2"])
    f.drafts.add_line(draft, tablet.ids.products["WINE"], quantity="10")
    order = f.orders.save(draft)
    assert order.order.total_minor == 8990  # Jane Roe pays store prices (gross 8.99)
    (target,) = f.targets.mine(on=date(2026, 11, 23))
    assert target.achieved.minor == order.order.net_minor == 7492 and target.orders == 1
    with pytest.raises(InvalidInput, match="only a delivered order is invoiced"):
        f.orders.request_invoice(order.order.order_id)
    f.orders.cancel(order.order.order_id, reason="Customer changed their mind")
    assert f.orders.get(order.order.order_id).status == "cancelled"
    (target,) = f.targets.mine(on=date(2026, 11, 23))
    assert target.achieved.minor == 0


def test_offer_printed_and_pdf_and_pulled_invoice_printed(tablet):
    f = tablet.field
    offer = f.offers.save(acme_offer(tablet))
    f.documents.print("offer", offer.offer.offer_id)
    path = f.documents.pdf("offer", offer.offer.offer_id)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and path.name == "Offer_OF-S01-T01-000001.pdf"
    acme = tablet.ids.customers["C1"]
    invoice = Invoice(
        series="2026", number=17, customer_id=acme, store_id=tablet.ids.store_id,
        issued_at=datetime(2026, 11, 24, 9, tzinfo=UTC), currency="EUR",
        net_minor=1000, tax_minor=200, total_minor=1200,
        price_mode="net",
        lines=[{"line_id": "L1", "name": "Red wine 0.75 l", "quantity": "1",
                "unit_price_minor": 1000, "tax_code": "A", "tax_rate": "20",
                "net_minor": 1000, "tax_minor": 200, "total_minor": 1200}],
        tax_lines=[{"tax_code": "A", "tax_rate": "20", "net_minor": 1000, "tax_minor": 200,
                    "gross_minor": 1200}],
    )  # fmt: skip
    with UnitOfWork(tablet.pos.extras["replica"]) as uow:
        uow.session.add(invoice)
        uow.commit()
    view = f.customer_360(acme)
    assert [i["label"] for i in view.invoices] == ["2026-17"]
    assert view.open_balance.minor == 1200 and len(view.offers) == 1
    order = f.offers.accept(offer.offer.offer_id, ["L1", "L3"])
    f.documents.print("sales_order", order.order.order_id)
    f.documents.print("invoice", invoice.id)
    queue = tablet.pos.extras["devices"].queue
    deadline = __import__("time").monotonic() + 10
    while queue.pending():
        assert __import__("time").monotonic() < deadline
        __import__("time").sleep(0.02)
    pages = tablet.printer.decoded().pages()
    offer_page, order_page, invoice_page = ("\n".join(p) for p in pages[-3:])
    assert "OFFER" in offer_page and "OF-S01-T01-000001" in offer_page
    assert "Optional, not included:" in offer_page and "Acme GmbH" in offer_page
    assert "TOTAL EUR          98,88" in offer_page and "Valid until" in offer_page
    assert "SALES ORDER" in order_page and "Your offer: OF-S01-T01-000001" in order_page
    assert "TOTAL EUR          95,88" in order_page and "Sourdough" not in order_page
    assert "INVOICE" in invoice_page and "2026-17" in invoice_page
    assert "TOTAL EUR          12,00" in invoice_page and "A 20 %" in invoice_page

    # The tablet's copy to send: the same document (legal number, tax table) as a PDF.
    job, pdf = f.documents.print_and_pdf("invoice", invoice.id)
    assert job is not None and pdf.name == "Invoice_2026-17.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.parent == tablet.field.ctx.pdf_dir
    text = json.dumps(f.documents.invoice(invoice.id).to_json())
    assert "2026-17" in text and "A 20 %" in text
    tablet.field.ctx.documents = None  # a tablet without a printer still gets the PDF
    assert f.documents.print_and_pdf("invoice", invoice.id) == (None, pdf)
    with pytest.raises(NotAllowed, match="send the PDF instead"):
        f.documents.print("invoice", invoice.id)


def test_status_from_head_office_then_invoice_order_for_a_delivered_order(tablet):
    from kassa.sync.models import SalesOrder

    f = tablet.field
    draft = f.drafts.new("sales_order", tablet.ids.customers["C1"])
    f.drafts.add_line(draft, tablet.ids.products["WINE"], quantity="2")
    view = f.orders.save(draft)
    order = view.order
    assert view.status == "waiting to sync"
    row = SalesOrder(
        id=order.order_id, number=view.number, customer_id=order.customer.customer_id,
        ordered_at=view.recorded_at, status="delivered", currency="EUR",
        total_minor=order.total_minor, store_id=tablet.ids.store_id,
    )  # fmt: skip
    with UnitOfWork(tablet.pos.extras["replica"]) as uow:  # as a pull brings it
        uow.session.add(row)
        uow.commit()
    assert f.orders.get(order.order_id).status == "delivered"
    with pytest.raises(InvalidInput, match="cannot be cancelled"):
        f.orders.cancel(order.order_id, reason="late")
    after = f.orders.request_invoice(order.order_id)
    assert after.invoice_order_number == "IO-S01-T01-000001"
    ((_number, payload),) = payloads(tablet, "invoice_order")
    assert payload["order_id"] == str(order.order_id) and payload["total_minor"] == 1498
    with pytest.raises(InvalidInput, match="already has invoice order IO-S01-T01-000001"):
        f.orders.request_invoice(order.order_id)
