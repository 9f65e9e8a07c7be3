"""Print documents (``kassa.devices.layout``) for the terminal's facts.

``layout(kind, document)`` turns what the services queue (a receipt, return,
X or Z report, invoice order — the fact payload plus ``number``,
``device_time`` and ``copy``) into a ``PrintDocument``. A receipt ends with a
CODE128 barcode of its number, which the return screen scans to find it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from kassa.core.money import Money
from kassa.core.money_format import format_amount
from kassa.devices.layout.document import Barcode, Columns, Cut, PrintDocument, Separator, Text

TITLES = {"receipt": "Receipt", "shift_closed": "Z report", "x_report": "X report"}
TITLES |= {"invoice_order": "Invoice order", "cash_movement": "Cash movement"}


def layout(kind: str, doc: Mapping[str, Any], *, header: tuple[str, ...] = ()) -> PrintDocument:
    cur = doc.get("currency", "EUR")

    def amount(minor: Any) -> str:
        return format_amount(Money(int(minor), cur))

    is_return = kind == "receipt" and doc.get("kind") == "return"
    title = "Return" if is_return else TITLES.get(kind, kind)
    out = PrintDocument(f"{title} {doc.get('number') or ''}".strip())
    if doc.get("copy"):
        out.add(Text("*** COPY ***", align="center", bold=True))
    for line in header:
        out.add(Text(line, align="center"))
    out.add(Text(title.upper(), align="center", bold=True, size="tall"))
    if doc.get("number"):
        out.add(Text(f"No. {doc['number']}", align="center"))
    when = doc.get("device_time") or doc.get("at") or doc.get("closed_at")
    if when:
        out.add(Text(datetime.fromisoformat(when).strftime("%Y-%m-%d %H:%M UTC"), align="center"))
    out.add(Separator())
    if kind == "receipt":
        _receipt(out, doc, amount, is_return)
    elif kind in ("shift_closed", "x_report"):
        _shift(out, doc, amount, z=kind == "shift_closed")
    elif kind == "cash_movement":
        into = int(doc["amount"]) > 0
        out.add(
            Columns("CASH IN" if into else "CASH OUT", amount(abs(int(doc["amount"]))), bold=True)
        )
        out.add(Text(f"Reason: {doc['reason']}"))
        out.add(Text(f"By {(doc.get('cashier') or {}).get('name', '')}"))
        out.add(Text("Signature: ________________"))
    elif kind == "invoice_order":
        customer = doc.get("customer") or {}
        out.add(Text(f"For receipt {doc['receipt_number']}"))
        out.add(Text(f"{customer.get('name', '')} {customer.get('tax_id', '')}".strip()))
        out.add(Columns("TOTAL " + cur, amount(doc["total"]), bold=True))
    out.add(Cut())
    return out


def _receipt(out: PrintDocument, doc: Mapping[str, Any], amount, is_return: bool) -> None:
    if is_return:
        out.add(Text(f"Return of receipt {doc['original_number']}"))
        out.add(Text(f"Reason: {doc.get('reason', '')}"))
    for line in doc["lines"]:
        out.add(Columns(line["name"], amount(line["total"])))
        qty = Decimal(line["quantity"])
        if qty != 1 or line.get("unit") != "pc":
            out.add(Text(f"  {qty.normalize():f} {line['unit']} x {amount(line['unit_price'])}"))
        off = int(line.get("line_discount", 0)) + int(line.get("document_discount", 0))
        if off:
            out.add(Text(f"  discount -{amount(off)}"))
    out.add(Separator())
    label = "REFUND" if is_return else "TOTAL"
    out.add(Columns(f"{label} {doc['currency']}", amount(doc["total"]), bold=True, size="large"))
    if int(doc.get("rounding", 0)):
        out.add(Columns("Cash rounding", amount(doc["rounding"])))
    for tender in doc["tenders"]:
        ref = f" {tender['reference']}" if tender.get("reference") else ""
        out.add(Columns(f"{tender['method']}{ref}".strip(), amount(tender["amount"])))
    if int(doc.get("change", 0)):
        out.add(Columns("Change", amount(doc["change"])))
    for row in doc.get("taxes", ()):
        out.add(Columns(f"Tax {row['rate']}% of {amount(row['gross'])}", amount(row["tax"])))
    cashier = (doc.get("cashier") or {}).get("name")
    if cashier:
        out.add(Text(f"Served by {cashier}"))
    if doc.get("number"):
        out.add(Barcode(doc["number"], symbology="CODE128"))


def _shift(out: PrintDocument, doc: Mapping[str, Any], amount, *, z: bool) -> None:
    rows = [
        ("Opening float", doc["opening_float"]),
        ("Sales", doc["gross_sales"]),
        ("Returns", doc["returns"]),
        ("Cash in", doc["cash_in"]),
        ("Cash out", doc["cash_out"]),
        ("Cash rounding", doc["rounding"]),
    ]
    out.add(Text(f"Sales {doc['sales_count']}  returns {doc['returns_count']}  "
                 f"cancelled {doc['cancelled_count']}"))  # fmt: skip
    for label, value in rows:
        out.add(Columns(label, amount(value)))
    for method, value in doc["by_method"].items():
        out.add(Columns(f"  by {method}", amount(value)))
    for rate, value in doc["taxes"].items():
        out.add(Columns(f"  tax {rate}%", amount(value)))
    out.add(Columns("Expected cash", amount(doc["expected_cash"]), bold=True))
    if z:
        out.add(Columns("Counted cash", amount(doc["counted_total"]), bold=True))
        out.add(Columns("Over / short", amount(doc["over_short"]), bold=True))
        out.add(Separator())
        out.add(Columns("Grand total", amount(doc["grand_total"]), bold=True))
