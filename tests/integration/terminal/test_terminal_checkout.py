"""Checkout: cash with change, card with a reference, split tenders, cash rounding;
the receipt fact is durable, numbered and journaled before the result returns."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from terminal_rig import build_rig

from kassa.terminal.services.errors import NotSignedIn, PaymentError, ShiftState
from kassa.terminal.services.events import Tender


def _sell_milk_and_wine(rig) -> None:
    rig.pos.sale.scan("4006381333931")  # milk 1.29
    rig.pos.sale.scan("036000291452")  # wine 8.99


def test_cash_sale_gives_change_opens_drawer_and_is_durable(open_rig):
    rig = open_rig
    _sell_milk_and_wine(rig)
    assert rig.pos.sale.view().total == rig.eur("10.28")
    done = rig.pos.sale.checkout([Tender("cash", rig.eur("20.00"))])
    assert done.number == "S01-T01-000001"
    assert done.change == rig.eur("9.72")
    assert done.drawer_opened and rig.drawer.kicks == 2  # shift open + this sale
    # durable before the result: read the file from a second connection
    db = sqlite3.connect(rig.facts.replica.path)
    row = db.execute("SELECT type, number FROM fact WHERE number = ?", (done.number,)).fetchone()
    assert row == ("receipt", "S01-T01-000001")
    assert db.execute("SELECT state FROM outbox WHERE seq = ?", (done.seq,)).fetchone() == (
        "pending",
    )
    assert rig.facts.verify() is None
    kind, printed = rig.printer.jobs[-1]
    assert kind == "receipt" and printed["number"] == done.number
    assert rig.pos.sale.view().is_empty
    assert rig.sync.nudges >= 2


def test_card_needs_a_reference_and_does_not_open_the_drawer(open_rig):
    rig = open_rig
    _sell_milk_and_wine(rig)
    with pytest.raises(PaymentError, match="reference"):
        rig.pos.sale.checkout([Tender("card", rig.eur("10.28"))])
    with pytest.raises(PaymentError, match="more than the total"):
        rig.pos.sale.checkout([Tender("card", rig.eur("11.00"), "A1")])
    done = rig.pos.sale.checkout([Tender("card", rig.eur("10.28"), "AUTH-778")])
    assert not done.drawer_opened and rig.drawer.kicks == 1
    fact = rig.facts.by_number(done.number)
    assert fact.payload["tenders"] == [
        {"method": "card", "kind": "card", "amount": 1028, "reference": "AUTH-778"}
    ]


def test_split_cash_and_card(open_rig):
    rig = open_rig
    _sell_milk_and_wine(rig)
    with pytest.raises(PaymentError, match="still due"):
        rig.pos.sale.checkout([Tender("card", rig.eur("5.00"), "X1"), Tender("cash", rig.eur("5"))])
    assert len(rig.pos.sale.view().lines) == 2  # a refused payment keeps the sale
    done = rig.pos.sale.checkout(
        [Tender("card", rig.eur("5.00"), "X1"), Tender("cash", rig.eur("10.00"))]
    )
    assert done.change == rig.eur("4.72")
    fact = rig.facts.by_number(done.number)
    assert [(t["method"], t["amount"]) for t in fact.payload["tenders"]] == [
        ("card", 500),
        ("cash", 528),
    ]


def test_cash_rounding_to_five_cents(tmp_path):
    rig = build_rig(tmp_path, cash_step=5)
    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=rig.eur("0"))
    _sell_milk_and_wine(rig)  # 10.28
    assert rig.pos.sale.amount_due(cash=True) == rig.eur("10.30")
    assert rig.pos.sale.amount_due(cash=False) == rig.eur("10.28")
    done = rig.pos.sale.checkout([Tender("cash", rig.eur("10.30"))])
    assert (done.rounding, done.due, done.change) == (
        rig.eur("0.02"),
        rig.eur("10.30"),
        rig.eur("0"),
    )
    rig.pos.sale.scan("4006381333931")
    rig.pos.sale.scan("4006381333931")  # 2.58: card pays exactly, no rounding
    card = rig.pos.sale.checkout([Tender("card", rig.eur("2.58"), "R9")])
    assert card.rounding == rig.eur("0")
    assert rig.pos.shift.current().expected_cash == rig.eur("10.30")


def test_a_print_failure_never_fails_the_sale(open_rig):
    rig = open_rig
    rig.printer.fail = True
    _sell_milk_and_wine(rig)
    done = rig.pos.sale.checkout([Tender("cash", rig.eur("10.28"))])
    assert done.print_job is None
    assert rig.facts.by_number(done.number) is not None
    rig.printer.fail = False
    again = rig.pos.reprints.reprint(done.number)
    assert again.print_job and rig.printer.jobs[-1][1]["copy"] is True


def test_numbering_is_gapless_across_refused_payments(open_rig):
    rig = open_rig
    numbers = []
    for _ in range(3):
        rig.pos.sale.scan("96385074")
        with pytest.raises(PaymentError):
            rig.pos.sale.checkout([Tender("cash", rig.eur("1.00"))])
        numbers.append(rig.pos.sale.checkout([Tender("cash", rig.eur("5.00"))]).number)
    assert numbers == ["S01-T01-000001", "S01-T01-000002", "S01-T01-000003"]


def test_no_sale_without_a_shift_or_a_cashier(rig):
    rig.pos.auth.login("1111")
    rig.pos.sale.scan("96385074")
    with pytest.raises(ShiftState, match="open a shift"):
        rig.pos.sale.checkout([Tender("cash", rig.eur("5.00"))])
    rig.pos.auth.lock()
    with pytest.raises(NotSignedIn):
        rig.pos.sale.scan("96385074")


def test_weighed_line_and_tax_breakdown_on_the_receipt(open_rig):
    rig = open_rig
    rig.pos.sale.add(rig.ids.products["APPLE"], quantity=Decimal("1.235"))  # 2.99/kg -> 3.69
    rig.pos.sale.scan("036000291452")  # wine 8.99 at 20 %
    done = rig.pos.sale.checkout([Tender("cash", rig.eur("20"))])
    payload = rig.facts.by_number(done.number).payload
    assert payload["lines"][0]["total"] == 369
    taxes = {row["rate"]: row["tax"] for row in payload["taxes"]}
    assert taxes == {"20": 150, "7": 24}  # 8.99*20/120 = 1.498; 3.69*7/107 = 0.241


def test_a_fully_discounted_sale_completes_without_payment(open_rig):
    rig = open_rig
    line = rig.pos.sale.scan("96385074").lines[0].line.line_id
    ok = rig.pos.auth.approve("9999", action="discount")
    assert rig.pos.sale.discount_line(line, percent=Decimal(100), approval=ok).total.is_zero()
    done = rig.pos.sale.checkout([])
    assert done.due == rig.eur("0") and not done.drawer_opened
    assert rig.facts.by_number(done.number).payload["tenders"] == []
