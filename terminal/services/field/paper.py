"""Offers, orders and invoices on paper: the devices' ``commercial_document`` layout
through the durable print queue (a mobile printer, or the store's), and the same
document as a PDF to send (``pdf.write_pdf``).

Amounts are printed as the document recorded them (``RecordedTotals``): the
tablet's offer and order facts and head office's invoices carry every line's net,
tax and gross and the tax table, so nothing is recomputed on paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kassa.core.document import DocumentKind
from kassa.core.money import Money
from kassa.core.tax import PriceMode, TaxRate, TaxRow
from kassa.devices.layout.commercial import commercial_document
from kassa.devices.layout.inputs import CommercialInput, Party, StoreInfo
from kassa.devices.layout.recorded import RecordedLine, RecordedTotals
from kassa.terminal.services.errors import NotAllowed
from kassa.terminal.services.field.context import FieldContext


def recorded_totals(
    lines: Iterable[Mapping[str, Any]],
    taxes: Iterable[Mapping[str, Any]],
    *,
    kind: DocumentKind,
    currency: str,
    mode: str,
    net: int,
    tax: int,
    gross: int,
) -> RecordedTotals:
    """A document's recorded amounts (``DocLine`` / ``TaxLine`` dicts) for the layout."""
    price_mode = PriceMode.GROSS if mode == "gross" else PriceMode.NET
    counted, optional = [], []
    for line in lines:
        amount = line["total_minor"] if price_mode is PriceMode.GROSS else line["net_minor"]
        printed = RecordedLine(
            name=line.get("name") or line.get("sku") or "Item",
            quantity=Decimal(str(line["quantity"])),
            unit_price=Money(int(line["unit_price_minor"]), currency),
            tax_code=str(line.get("tax_code") or ""),
            amount=Money(int(amount), currency),
            discount=Money(0, currency),
        )
        (optional if line.get("optional") else counted).append(printed)
    breakdown = tuple(
        TaxRow(
            rate=TaxRate(str(t["tax_code"]), Decimal(str(t["tax_rate"]))),
            net=Money(int(t["net_minor"]), currency),
            tax=Money(int(t["tax_minor"]), currency),
            gross=Money(int(t["gross_minor"]), currency),
        )
        for t in taxes
    )
    return RecordedTotals(
        lines=tuple(counted),
        breakdown=breakdown,
        document_discount=Money(0, currency),
        net=Money(net, currency),
        tax=Money(tax, currency),
        gross=Money(gross, currency),
        mode=price_mode,
        kind=kind,
        optional=tuple(optional),
    )


class Paper:
    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx

    def document(
        self,
        *,
        number: str,
        issued_at: datetime,
        customer: Mapping[str, Any],
        totals: RecordedTotals,
        reference: str = "",
        valid_until: date | None = None,
        delivery_date: date | None = None,
        due_date: date | None = None,
        salesperson: str = "",
        notes: str = "",
    ):
        party = Party(
            name=customer.get("name", ""),
            address=tuple(customer.get("address_lines", ())),
            tax_id=customer.get("tax_number", "") or "",
            number=customer.get("code", "") or "",
        )
        given = CommercialInput(
            number=number,
            issued_at=issued_at,
            customer=party,
            totals=totals,
            names={},
            reference=reference,
            valid_until=valid_until,
            delivery_date=delivery_date,
            due_date=due_date,
            salesperson=salesperson,
            notes=tuple(n for n in notes.splitlines() if n.strip()),
        )
        return commercial_document(given, store=StoreInfo(name=self.ctx.store_name or "Kassa"))

    def print(self, document) -> str:
        """Queue it for the printer; the queue keeps it until it is printed."""
        if self.ctx.documents is None:
            raise NotAllowed("This tablet has no printer set up: send the PDF instead")
        return self.ctx.documents.submit(document)
