"""The terminal's printouts through the devices' layouts (``kassa.devices.layout``).

``layout(kind, document, paper=...)`` turns what the services queue — a stored
fact's payload plus ``number``, ``device_time`` and ``copy`` — into a
``PrintDocument``: receipts and returns (``receipt_document``), X and Z reports
and cash in/out slips (``report_layout``), invoice orders
(``commercial_document``). Amounts are printed as the fact recorded them, line
by line (``RecordedTotals``), never recomputed; times in the store's zone
(``StorePaper``). A receipt ends with a CODE128 barcode of its number, which the
return screen scans to find it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from kassa.core.document import DocumentKind
from kassa.core.money import Money
from kassa.core.payment import Settlement, Tender, TenderKind
from kassa.core.refund import RefundPlan
from kassa.core.tax import TaxRate, TaxRow
from kassa.devices.layout.commercial import commercial_document
from kassa.devices.layout.document import PrintDocument
from kassa.devices.layout.inputs import CommercialInput, Party, ReceiptInput
from kassa.devices.layout.receipt import receipt_document
from kassa.devices.layout.recorded import RecordedLine, RecordedTotals
from kassa.terminal.services.adapters.report_layout import cash_slip, shift_report
from kassa.terminal.services.adapters.store_info import StorePaper

Doc = Mapping[str, Any]


def layout(kind: str, document: Doc, *, paper: StorePaper | None = None) -> PrintDocument:
    paper = paper or StorePaper()
    if kind == "receipt":
        return receipt_document(receipt_input(document, paper), store=paper.store, fmt=paper.fmt)
    if kind in ("shift_closed", "x_report"):
        return shift_report(kind, document, paper)
    if kind == "cash_movement":
        return cash_slip(document, paper)
    if kind == "invoice_order":
        return commercial_document(invoice_input(document), store=paper.store, fmt=paper.fmt)
    raise ValueError(f"no print layout for {kind!r} documents")


def receipt_input(doc: Doc, paper: StorePaper) -> ReceiptInput:
    cur = doc["currency"]
    is_return = doc.get("kind") == "return"
    paid = _tenders(doc.get("tenders", ()), cur)
    total = Money(int(doc["total"]), cur)
    rounding = Money(int(doc.get("rounding", 0)), cur)
    return ReceiptInput(
        number=doc.get("number") or "",
        issued_at=datetime.fromisoformat(doc["device_time"]),
        totals=recorded_totals(doc, sign=-1 if is_return else 1),
        names={},
        settlement=None
        if is_return
        else Settlement(total, rounding, Money(int(doc.get("change", 0)), cur), paid),
        refund=RefundPlan(total, rounding, paid) if is_return else None,
        cashier=(doc.get("cashier") or {}).get("name", ""),
        terminal=paper.terminal,
        customer=(doc.get("customer") or {}).get("name", ""),
        returns=doc.get("original_number", "") if is_return else "",
        reason=doc.get("reason", "") if is_return else "",
        copy=bool(doc.get("copy")),
    )


def invoice_input(doc: Doc) -> CommercialInput:
    customer = doc.get("customer") or {}
    return CommercialInput(
        number=doc.get("number") or "",
        issued_at=datetime.fromisoformat(doc["device_time"]),
        customer=Party(customer.get("name", ""), tax_id=customer.get("tax_id", "")),
        totals=recorded_totals(doc, kind=DocumentKind.INVOICE_ORDER),
        names={},
        reference=doc.get("receipt_number", ""),
        copy=bool(doc.get("copy")),
    )


def recorded_totals(
    doc: Doc, *, sign: int = 1, kind: DocumentKind = DocumentKind.RECEIPT
) -> RecordedTotals:
    """Lines and totals as stored; a return's (positive) refunds print negative."""
    cur = doc["currency"]

    def money(minor: Any) -> Money:
        return Money(int(minor) * sign, cur)

    lines = tuple(_line(line, cur, sign) for line in doc["lines"])
    codes = {str(line["tax_rate"]): line["tax_code"] for line in doc["lines"]}
    breakdown = tuple(
        TaxRow(
            TaxRate(row.get("code") or codes.get(str(row["rate"]), "-"), Decimal(row["rate"])),
            money(row["net"]),
            money(row["tax"]),
            money(row["gross"]),
        )
        for row in doc.get("taxes", ())
    )
    gross = money(doc["total"])
    tax = Money.sum((row.tax for row in breakdown), cur)
    discount = doc.get("sale_discount")
    if discount is None:
        discount = sum(int(line.get("document_discount", 0)) for line in doc["lines"])
    return RecordedTotals(
        lines=lines,
        breakdown=breakdown,
        document_discount=money(discount),
        net=gross - tax,
        tax=tax,
        gross=gross,
        kind=kind,
    )


def _line(line: Doc, cur: str, sign: int) -> RecordedLine:
    quantity = Decimal(line["quantity"]) * sign
    unit_price = Money(int(line["unit_price"]), cur)
    total = Money(int(line["total"]) * sign, cur)
    if "base" in line:  # a sale line: its amounts before and after discounts
        amount = Money(int(line["base"]) * sign, cur)
        own = Money(int(line.get("line_discount", 0)) * sign, cur)
    else:  # a return line: only its refund is recorded; the rest is what was given off
        amount = unit_price.times(quantity)
        own = amount - total
    percent = (line.get("discount") or {}).get("percent")
    return RecordedLine(
        name=line["name"],
        quantity=quantity,
        unit_price=unit_price,
        tax_code=line.get("tax_code", ""),
        amount=amount,
        discount=own,
        discount_percent=Decimal(percent) if percent is not None and "base" in line else None,
    )


def _tenders(rows: Sequence[Doc], cur: str) -> tuple[Tender, ...]:
    return tuple(
        Tender(
            TenderKind(row.get("kind", "cash" if row["method"] == "cash" else "other")),
            Money(int(row["amount"]), cur),
            method=row["method"],
            reference=row.get("reference", ""),
        )
        for row in rows
        if int(row["amount"])
    )
