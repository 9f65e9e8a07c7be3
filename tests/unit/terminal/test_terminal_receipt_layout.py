"""The terminal's stored facts laid out by the devices' layouts: what was recorded is
what is printed (a return's per-line refunds too), in the store's local time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from kassa.devices.layout.document import Barcode
from kassa.devices.layout.inputs import StoreInfo
from kassa.devices.layout.text_render import text_lines
from kassa.terminal.services.adapters.receipt_layout import layout
from kassa.terminal.services.adapters.store_info import StorePaper, address_lines, zone_named

PAPER = StorePaper(
    store=StoreInfo("Kassa Demo Markt", ("Hauptstraße 1", "1010 Wien"), tax_id="Tax no. ATU1"),
    zone=ZoneInfo("Europe/Vienna"),
    terminal="T01",
)
SALE = {
    "kind": "sale", "currency": "EUR", "number": "S01-T01-000007",
    "device_time": "2026-07-01T09:30:00+00:00", "copy": True, "cashier": {"name": "Anna"},
    "lines": [
        {"line_id": "l1", "name": "Apples", "quantity": "1.25", "unit": "kg", "unit_price": 299,
         "tax_code": "B", "tax_rate": "7", "base": 374, "line_discount": 0,
         "document_discount": 0, "total": 374, "discount": None},
        {"line_id": "l2", "name": "Wine", "quantity": "1", "unit": "pc", "unit_price": 1000,
         "tax_code": "A", "tax_rate": "20", "base": 1000, "line_discount": 100,
         "document_discount": 0, "total": 900, "discount": {"percent": "10"}},
    ],
    "sale_discount": 0, "total": 1274, "rounding": 1, "change": 25,
    "tenders": [{"method": "card", "kind": "card", "amount": 500, "reference": "AUTH1"},
                {"method": "cash", "kind": "cash", "amount": 775, "reference": ""}],
    "taxes": [{"code": "A", "rate": "20", "net": 750, "tax": 150, "gross": 900},
              {"code": "B", "rate": "7", "net": 350, "tax": 24, "gross": 374}],
}  # fmt: skip
RETURN = {
    "kind": "return", "currency": "EUR", "number": "S01-T01-000008",
    "device_time": "2026-07-01T10:00:00+00:00", "original_number": "S01-T01-000007",
    "cashier": {"name": "Anna"}, "reason": "corked",
    "lines": [{"line_id": "l2", "name": "Wine", "quantity": "1", "unit": "pc",
               "unit_price": 1000, "tax_code": "A", "tax_rate": "20", "total": 900}],
    "total": 900, "rounding": 0, "change": 0,
    "tenders": [{"method": "card", "kind": "card", "amount": 500, "reference": "AUTH1"},
                {"method": "cash", "kind": "cash", "amount": 400, "reference": ""}],
    "taxes": [{"rate": "20", "gross": 900, "tax": 150, "net": 750}],
}  # fmt: skip
SHIFT = {
    "currency": "EUR", "opening_float": 10000, "gross_sales": 1274, "returns": 900,
    "cash_in": 500, "cash_out": 2000, "rounding": 1, "sales_count": 1, "returns_count": 1,
    "cancelled_count": 0, "by_method": {"card": 0, "cash": 375}, "taxes": {"20": 0, "7": 24},
    "expected_cash": 8875, "counted_total": 8870, "over_short": -5, "grand_total": 374,
    "number": "Z-S01-T01-000001", "opened_at": "2026-07-01T06:00:00+00:00",
    "closed_at": "2026-07-01T18:00:00+00:00", "device_time": "2026-07-01T18:00:00+00:00",
    "closed_by": {"name": "Max"},
}  # fmt: skip


def words(doc) -> list[str]:
    return [" ".join(line.split()) for line in text_lines(doc, 48)]


def test_a_sale_prints_the_store_local_time_and_the_recorded_amounts():
    doc = layout("receipt", SALE, paper=PAPER)
    text = words(doc)
    assert text[:4] == ["Kassa Demo Markt", "Hauptstraße 1", "1010 Wien", "Tax no. ATU1"]
    assert "*** COPY ***" in text
    assert "No. S01-T01-000007 01.07.2026 11:30" in text  # 09:30 UTC, summer time in Vienna
    assert "Cashier: Anna Till T01" in text
    assert "Apples" in text and "1.25 x 2.99 3.74 B" in text
    assert "Wine 10.00 A" in text and "Discount 10 % -1.00" in text
    assert "TOTAL EUR 12.74" in text
    assert "Rounding 0.01" in text and "To pay 12.75" in text
    assert "Card AUTH1 5.00" in text and "Cash 8.00" in text and "Change 0.25" in text
    assert "A 20 % 7.50 1.50 9.00" in text and "B 7 % 3.50 0.24 3.74" in text
    assert [e.data for e in doc.elements if isinstance(e, Barcode)] == ["S01-T01-000007"]


def test_a_return_prints_each_line_refund_as_recorded_not_recomputed():
    text = words(layout("receipt", RETURN, paper=PAPER))
    assert "RETURN" in text and "Returns receipt S01-T01-000007" in text
    assert "Wine 10.00 A" not in text
    assert "Reason: corked" in text
    assert "-1 x 10.00 -10.00 A" in text and "Discount 1.00" in text  # the sale's 10 % stays off
    assert "REFUND EUR -9.00" in text
    assert "Card AUTH1 5.00" in text and "Cash 4.00" in text
    assert "A 20 % -7.50 -1.50 -9.00" in text  # the code comes from the lines


def test_z_and_x_reports_print_the_recorded_figures():
    z = words(layout("shift_closed", SHIFT, paper=PAPER))
    assert "Z REPORT Z-S01-T01-000001" in z
    assert "Opened 01.07.2026 08:00" in z and "Closed 01.07.2026 20:00" in z
    assert "Till T01 Max" in z
    assert "Sales receipts 1" in z and "Return receipts 1" in z and "Cancelled sales 0" in z
    assert "Sales 12.74" in z and "Returns -9.00" in z and "Net sales EUR 3.74" in z
    assert "7 % 0.24" in z and "Cash rounding 0.01" in z
    assert "Cash 88.75 88.70 -0.05" in z and "Card 0.00 -" in z  # cards are not counted
    assert "Grand total (never reset) 3.74" in z
    x = words(layout("x_report", {**SHIFT, "at": SHIFT["closed_at"]}, paper=PAPER))
    assert "X REPORT" in x and "Interim figures - the shift stays open" in x
    assert "Cash 88.75" in x and not any(line.startswith("Grand total") for line in x)


def test_cash_slip_and_invoice_order():
    slip = layout(
        "cash_movement",
        {"currency": "EUR", "amount": -2000, "reason": "Bank", "number": None,
         "device_time": "2026-07-01T12:00:00+00:00", "cashier": {"name": "Max"}},
        paper=PAPER,
    )  # fmt: skip
    text = words(slip)
    assert "CASH OUT" in text and "Amount EUR 20.00" in text and "Reason: Bank" in text
    assert "01.07.2026 14:00" in text and not [e for e in slip.elements if isinstance(e, Barcode)]
    invoice = layout(
        "invoice_order",
        {**SALE, "number": "IO-S01-T01-000001", "receipt_number": "S01-T01-000007",
         "customer": {"name": "Acme GmbH", "tax_id": "DE1"}, "copy": False},
        paper=PAPER,
    )  # fmt: skip
    assert invoice.title == "Invoice Order IO-S01-T01-000001"
    text = words(invoice)
    assert "Acme GmbH" in text and "DE1" in text and "Reference: S01-T01-000007" in text
    assert "TOTAL EUR 12.74" in text


def test_store_row_helpers_and_unknown_documents():
    assert address_lines("Hauptstraße 1, 1010 Wien") == ("Hauptstraße 1", "1010 Wien")
    assert address_lines("Line one\nLine, two") == ("Line one", "Line, two")
    assert zone_named("Nowhere/Else").utcoffset(None) is not None  # UTC, never a crash
    with pytest.raises(ValueError, match="no print layout for 'offer'"):
        layout("offer", SALE)
