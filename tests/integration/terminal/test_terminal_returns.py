"""Returns against a receipt: found by number or by its barcode, manager approval,
never more than was sold (per line) or paid (per tender)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kassa.core.money import Money
from kassa.devices.layout.document import Barcode
from kassa.terminal.services.adapters.receipt_layout import layout
from kassa.terminal.services.errors import ApprovalNeeded, NotFound, ReturnRefused
from kassa.terminal.services.events import Tender

EUR = "EUR"


@pytest.fixture
def sold(open_rig):
    """3 croissants (3.60) and a wine (8.99) = 12.59, paid 5.00 card + 7.59 cash."""
    open_rig.pos.sale.add(open_rig.ids.products["CROISS"], quantity=Decimal(3))
    open_rig.pos.sale.scan("036000291452")
    done = open_rig.pos.sale.checkout(
        [Tender("card", Money.of("5.00", EUR), "AUTH1"), Tender("cash", Money.of("10", EUR))]
    )
    return open_rig, done


def _lines(found):
    return {line.name: line for line in found.lines}


def test_find_by_the_number_printed_in_the_receipt_barcode(sold):
    rig, done = sold
    _, document = rig.printer.jobs[-1]
    [barcode] = [e for e in layout("receipt", document).elements if isinstance(e, Barcode)]
    found = rig.pos.returns.find(barcode.data)  # what the scanner reads
    assert found.number == done.number
    assert {t.method: t.amount for t in found.paid} == {
        "card": Money.of("5.00", EUR),
        "cash": Money.of("7.59", EUR),
    }
    with pytest.raises(NotFound, match="check the number"):
        rig.pos.returns.find("S01-T01-999999")


def test_a_return_needs_a_manager_and_refunds_the_way_it_was_paid(sold):
    rig, done = sold
    croissants = _lines(rig.pos.returns.find(done.number))["Croissant"].line_id
    with pytest.raises(ApprovalNeeded):
        rig.pos.returns.complete(
            receipt_number=done.number, quantities={croissants: Decimal(1)}, reason="stale"
        )
    approval = rig.pos.auth.approve("9999", action="return")
    back = rig.pos.returns.complete(
        receipt_number=done.number,
        quantities={croissants: Decimal(1)},
        reason="stale",
        approval=approval,
    )
    assert back.number == "S01-T01-000002" and back.original_number == done.number
    assert back.refund == Money.of("1.20", EUR)
    assert [(t.method, t.amount) for t in back.tenders] == [("card", Money.of("1.20", EUR))]
    fact = rig.facts.by_number(back.number)
    assert fact.payload["kind"] == "return" and fact.payload["approvals"][0]["action"] == "return"
    assert rig.facts.by_number(done.number).payload["kind"] == "sale"  # the original stands
    assert rig.facts.verify() is None


def test_never_more_than_was_sold_counting_earlier_returns(sold):
    rig, done = sold
    rig.pos.auth.login("9999")  # a manager may return without asking
    croissants = _lines(rig.pos.returns.find(done.number))["Croissant"].line_id
    for _ in range(2):
        rig.pos.returns.complete(
            receipt_number=done.number, quantities={croissants: Decimal(1)}, reason="x"
        )
    line = _lines(rig.pos.returns.find(done.number))["Croissant"]
    assert (line.returned_qty, line.returnable_qty) == (2, 1)
    with pytest.raises(ReturnRefused, match="at most 1"):
        rig.pos.returns.complete(
            receipt_number=done.number, quantities={croissants: Decimal(2)}, reason="x"
        )
    last = rig.pos.returns.complete(
        receipt_number=done.number, quantities={croissants: Decimal(1)}, reason="x"
    )
    assert last.refund == Money.of("1.20", EUR)  # 3 returns refund exactly the 3.60 paid


def test_never_more_back_per_tender_than_it_paid(sold):
    rig, done = sold
    rig.pos.auth.login("9999")
    wine = _lines(rig.pos.returns.find(done.number))["Red wine 0.75 l"].line_id
    with pytest.raises(ReturnRefused, match="card"):
        rig.pos.returns.complete(
            receipt_number=done.number,
            quantities={wine: Decimal(1)},
            refunds=[Tender("card", Money.of("8.99", EUR))],  # card paid only 5.00
            reason="corked",
        )
    with pytest.raises(ReturnRefused, match="Nothing was paid by"):
        rig.pos.returns.complete(
            receipt_number=done.number,
            quantities={wine: Decimal(1)},
            refunds=[Tender("voucher", Money.of("8.99", EUR))],
            reason="corked",
        )
    back = rig.pos.returns.complete(
        receipt_number=done.number,
        quantities={wine: Decimal(1)},
        refunds=[Tender("card", Money.of("5.00", EUR)), Tender("cash", Money.of("3.99", EUR))],
        reason="corked",
    )
    assert back.drawer_opened
    found = rig.pos.returns.find(done.number)
    assert {t.method: t.amount for t in found.paid} == {
        "card": Money.of("0", EUR),
        "cash": Money.of("3.60", EUR),
    }
    totals = rig.pos.shift.current()
    assert totals.returns == Money.of("8.99", EUR) and totals.returns_count == 1
    assert totals.expected_cash == Money.of("103.60", EUR)  # 100 float + 7.59 - 3.99


def test_a_return_receipt_cannot_itself_be_returned(sold):
    rig, done = sold
    rig.pos.auth.login("9999")
    wine = _lines(rig.pos.returns.find(done.number))["Red wine 0.75 l"].line_id
    back = rig.pos.returns.complete(
        receipt_number=done.number, quantities={wine: Decimal(1)}, reason="x"
    )
    with pytest.raises(NotFound):
        rig.pos.returns.find(back.number)


def test_invoice_request_creates_one_invoice_order(sold):
    rig, done = sold
    order = rig.pos.invoices.request(
        receipt_number=done.number, customer_id=rig.ids.customers["C1"]
    )
    assert order.number == "IO-S01-T01-000001" and order.receipt_number == done.number
    fact = rig.facts.by_number(order.number)
    assert fact.type == "invoice_order" and fact.payload["total"] == 1259
    assert fact.payload["customer"]["tax_id"] == "DE123456789"
    with pytest.raises(Exception, match="already has invoice order"):
        rig.pos.invoices.request(receipt_number=done.number, customer_id=rig.ids.customers["C1"])
    with pytest.raises(Exception, match="no tax id"):
        rig.pos.invoices.request(receipt_number=done.number, customer_id=rig.ids.customers["C2"])
