"""Pure rules of the terminal services: role limits as data, refunds per line,
number series, and that every kind of document lays out for the printer."""

from __future__ import annotations

from decimal import Decimal

from kassa.core.money import Money
from kassa.devices.layout.document import Barcode, Columns
from kassa.terminal.services.adapters.audit import series_problems
from kassa.terminal.services.adapters.receipt_layout import layout
from kassa.terminal.services.adapters.replica_people import limits_from
from kassa.terminal.services.events import ReturnableLine


def test_limits_come_from_synced_permissions_and_config_numbers():
    limits = limits_from(
        {"cashier": ["sell", "discount"], "manager": ["sell", "return", "void", "close_shift"]},
        {"cashier": {"max_discount_percent": 5}, "manager": {"max_discount_percent": 50}},
    )
    assert limits["cashier"].max_discount_percent == 5
    assert not limits["cashier"].can_return and not limits["cashier"].can_cancel_sale
    assert limits["manager"].can_return and limits["manager"].can_cancel_sale
    assert limits["manager"].max_override_percent == 0  # no price_override permission
    assert limits["manager"].can_approve and not limits["cashier"].can_approve
    assert not limits["rep"].can_sell  # a role without synced data keeps the defaults
    no_discount = limits_from({"cashier": ["sell"]}, {"cashier": {"max_discount_percent": 5}})
    assert no_discount["cashier"].max_discount_percent == 0


def test_partial_refunds_add_up_to_exactly_the_line_total():
    line = ReturnableLine("l1", "Croissant", Decimal(3), Decimal(0), Money.of("10.00", "EUR"))
    parts = []
    for returned in range(3):
        step = ReturnableLine("l1", "Croissant", Decimal(3), Decimal(returned), line.line_total)
        parts.append(step.refund_for(Decimal(1)))
    assert [p.minor for p in parts] == [333, 334, 333]
    assert sum(p.minor for p in parts) == 1000


def test_number_series_must_run_without_gap():
    assert series_problems("receipt", ["S-T-000001", "S-T-000002"]) == []
    assert series_problems("receipt", ["S-T-000001", "S-T-000003"]) == [
        "receipt: expected number 2, found S-T-000003"
    ]


SALE = {
    "kind": "sale", "currency": "EUR", "number": "S01-T01-000007",
    "device_time": "2026-11-23T09:30:00+00:00", "copy": True,
    "lines": [{"name": "Apples", "quantity": "1.25", "unit": "kg", "unit_price": 299,
               "total": 374, "line_discount": 0, "document_discount": 0}],
    "total": 374, "rounding": 1, "tenders": [{"method": "cash", "amount": 375}], "change": 25,
    "taxes": [{"rate": "7", "gross": 374, "tax": 24}], "cashier": {"name": "Anna"},
}  # fmt: skip


def test_a_receipt_layout_shows_what_the_customer_checks():
    doc = layout("receipt", SALE, header=("Kassa Demo Store",))
    texts = [getattr(e, "text", "") for e in doc.elements]
    assert texts[:2] == ["*** COPY ***", "Kassa Demo Store"]
    columns = {(e.left, e.right) for e in doc.elements if isinstance(e, Columns)}
    assert {("Apples", "3.74"), ("TOTAL EUR", "3.74"), ("Cash rounding", "0.01")} <= columns
    assert ("Change", "0.25") in columns
    assert "  1.25 kg x 2.99" in texts
    assert [e.data for e in doc.elements if isinstance(e, Barcode)] == ["S01-T01-000007"]


def test_shift_and_invoice_layouts():
    shift = {
        "currency": "EUR", "opening_float": 10000, "gross_sales": 1927, "returns": 0,
        "cash_in": 500, "cash_out": 2000, "rounding": 0, "sales_count": 2, "returns_count": 0,
        "cancelled_count": 0, "by_method": {"cash": 1028}, "taxes": {"7": 8},
        "expected_cash": 9528, "counted_total": 9525, "over_short": -3, "grand_total": 1927,
        "number": "Z-S01-T01-000001", "closed_at": "2026-11-23T18:00:00+00:00",
    }  # fmt: skip
    z = layout("shift_closed", shift)
    columns = {(e.left, e.right) for e in z.elements if isinstance(e, Columns)}
    assert {("Over / short", "-0.03"), ("Grand total", "19.27")} <= columns
    assert z.title == "Z report Z-S01-T01-000001"
    x = layout("x_report", {**shift, "number": None})
    assert ("Over / short", "-0.03") not in {
        (e.left, e.right) for e in x.elements if isinstance(e, Columns)
    }
    invoice = layout(
        "invoice_order",
        {"currency": "EUR", "number": "IO-S01-T01-000001", "receipt_number": "S01-T01-000007",
         "customer": {"name": "Acme GmbH", "tax_id": "DE1"}, "total": 374},
    )  # fmt: skip
    assert invoice.title == "Invoice order IO-S01-T01-000001"
