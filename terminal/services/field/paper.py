"""Offers, orders and invoices on paper: the devices' ``commercial_document`` layout
through the durable print queue (a mobile printer, or the store's), and a PDF
(``offer_pdf``) to send. Amounts are rebuilt from the recorded lines with
``core.document`` (the same calculator that made them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kassa.core.document import DocumentKind, Line, Totals, compute_totals
from kassa.core.money import Money
from kassa.core.tax import PriceMode, TaxRate, TaxRounding
from kassa.devices.layout.commercial import commercial_document
from kassa.devices.layout.inputs import CommercialInput, Party, StoreInfo
from kassa.terminal.services.errors import NotAllowed
from kassa.terminal.services.field.context import FieldContext


def totals_of(
    lines: Iterable[Mapping[str, Any]], *, kind: DocumentKind, currency: str, mode: str
) -> tuple[Totals, dict[str, str]]:
    """Core totals and printed names of recorded lines (dicts of ``DocLine`` fields)."""
    core, names = [], {}
    for n, line in enumerate(lines, start=1):
        ref = str(line.get("line_id") or n)
        names[ref] = line.get("name") or line.get("sku") or "Item"
        core.append(
            Line(
                quantity=Decimal(str(line["quantity"])),
                unit_price=Money(int(line["unit_price_minor"]), currency),
                tax_rate=TaxRate(str(line.get("tax_code") or "T"), Decimal(str(line["tax_rate"]))),
                optional=bool(line.get("optional")) and kind is DocumentKind.OFFER,
                ref=ref,
            )
        )
    price_mode = PriceMode.GROSS if mode == "gross" else PriceMode.NET
    totals = compute_totals(
        core, kind=kind, code=currency, mode=price_mode, rounding=TaxRounding.PER_DOCUMENT
    )
    return totals, names


class Paper:
    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx

    def document(
        self,
        *,
        kind: DocumentKind,
        number: str,
        issued_at: datetime,
        customer: Mapping[str, Any],
        lines: Iterable[Mapping[str, Any]],
        currency: str,
        mode: str,
        reference: str = "",
        valid_until: date | None = None,
        delivery_date: date | None = None,
        due_date: date | None = None,
        salesperson: str = "",
        notes: str = "",
    ):
        totals, names = totals_of(lines, kind=kind, currency=currency, mode=mode)
        party = Party(
            name=customer.get("name", ""),
            address=tuple(customer.get("address_lines", ())),
            tax_id=customer.get("tax_number", "") or "",
            number=customer.get("code", "") or "",
        )
        given = CommercialInput(
            number=number, issued_at=issued_at, customer=party, totals=totals, names=names,
            reference=reference, valid_until=valid_until, delivery_date=delivery_date,
            due_date=due_date, salesperson=salesperson,
            notes=tuple(n for n in notes.splitlines() if n.strip()),
        )  # fmt: skip
        return commercial_document(given, store=StoreInfo(name=self.ctx.store_name or "Kassa"))

    def print(self, document) -> str:
        """Queue it for the printer; the queue keeps it until it is printed."""
        if self.ctx.documents is None:
            raise NotAllowed("This tablet has no printer set up: send the PDF instead")
        return self.ctx.documents.submit(document)
