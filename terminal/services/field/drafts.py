"""Offer and order drafts on the tablet, and their amounts (``core.document``).

A draft is a plain value the screen holds while the rep builds it; nothing is
recorded until it is saved. Lines carry the customer's unit price (in the
draft's price mode) taken when the line was added; ``priced`` turns the draft
into ``field_facts.DocLine``/``TaxLine`` rows whose amounts add up exactly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from kassa.core.document import DocumentKind, Line, compute_totals
from kassa.core.money import Money
from kassa.core.tax import PriceMode, TaxRate, TaxRounding
from kassa.sync.field_facts import CustomerRef, DocLine, TaxLine
from kassa.terminal.services.errors import InvalidInput


@dataclass(frozen=True)
class DraftLine:
    line_id: str
    product_id: uuid.UUID
    sku: str
    name: str
    unit: str
    quantity: Decimal
    unit_price_minor: int  # in the draft's price mode
    tax_code: str
    tax_rate: Decimal
    optional: bool = False


@dataclass
class Draft:
    """An offer (``kind`` "offer") or a sales order being built."""

    kind: str
    customer: CustomerRef
    price_list_id: uuid.UUID | None
    currency: str
    price_mode: str  # "gross" | "net"
    lines: list[DraftLine] = field(default_factory=list)
    valid_until: date | None = None  # offers
    delivery_date: date | None = None  # orders
    notes: str = ""
    deal_id: uuid.UUID | None = None
    offer_id: uuid.UUID | None = None  # a revision: the offer it revises
    revision: int = 1
    first_number: str = ""  # a revision's offer number

    def next_line_id(self) -> str:
        used = {line.line_id for line in self.lines}
        n = len(self.lines) + 1
        while f"L{n}" in used:
            n += 1
        return f"L{n}"

    def line(self, line_id: str) -> DraftLine:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise InvalidInput(f"There is no line {line_id} on this draft")

    def change(self, line_id: str, **values: Any) -> None:
        self.lines = [replace(ln, **values) if ln.line_id == line_id else ln for ln in self.lines]


@dataclass(frozen=True)
class Priced:
    lines: list[DocLine]
    taxes: list[TaxLine]
    net_minor: int
    tax_minor: int
    total_minor: int
    optional_total_minor: int


def priced(
    lines: list[DraftLine],
    *,
    kind: str,
    currency: str,
    price_mode: str,
    rounding: TaxRounding = TaxRounding.PER_DOCUMENT,
) -> Priced:
    """Amounts of every line (optional ones on their own) and the document's totals."""
    if not lines:
        raise InvalidInput("Add at least one product line first")
    mode = PriceMode.GROSS if price_mode == "gross" else PriceMode.NET
    core_lines = [
        Line(
            quantity=ln.quantity,
            unit_price=Money(ln.unit_price_minor, currency),
            tax_rate=TaxRate(ln.tax_code, ln.tax_rate),
            optional=ln.optional,
            ref=ln.line_id,
        )
        for ln in lines
    ]
    doc_kind = DocumentKind(kind)
    try:
        totals = compute_totals(
            core_lines, kind=doc_kind, code=currency, mode=mode, rounding=rounding
        )
    except ValueError as exc:
        raise InvalidInput(f"{exc}; correct the line and try again") from None
    amounts = {t.line.ref: t for t in (*totals.lines, *totals.optional)}
    doc_lines = []
    for ln in lines:
        t = amounts[ln.line_id]
        doc_lines.append(
            DocLine(
                line_id=ln.line_id,
                product_id=ln.product_id,
                sku=ln.sku,
                name=ln.name,
                unit=ln.unit,
                quantity=ln.quantity,
                unit_price_minor=ln.unit_price_minor,
                tax_code=ln.tax_code,
                tax_rate=ln.tax_rate,
                optional=ln.optional,
                net_minor=t.net.minor,
                tax_minor=t.tax.minor,
                total_minor=t.gross.minor,
            )
        )
    taxes = [
        TaxLine(
            tax_code=row.rate.code,
            tax_rate=row.rate.percent,
            net_minor=row.net.minor,
            tax_minor=row.tax.minor,
            gross_minor=row.gross.minor,
        )
        for row in totals.breakdown
    ]
    return Priced(
        lines=doc_lines,
        taxes=taxes,
        net_minor=totals.net.minor,
        tax_minor=totals.tax.minor,
        total_minor=totals.gross.minor,
        optional_total_minor=sum(t.gross.minor for t in totals.optional),
    )
