"""Amounts as a document recorded them, for layouts that must not recompute.

A terminal's receipt or return is a stored fact with per-line totals (a return
refunds each line's share of what was paid, discounts included), and a Z report
stores the shift's sums. The layouts print these values as they are:

- ``RecordedTotals`` / ``RecordedLine``: the lines and totals of a receipt,
  return or order (``from_totals`` turns core ``Totals`` into them);
- ``ShiftFigures`` / ``Balance``: the figures of an X or Z report
  (``from_z_report`` turns core's ``ZReport`` into them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kassa.core.document import DocumentKind, LineTotal, Totals
from kassa.core.money import Money
from kassa.core.tax import PriceMode, TaxRow
from kassa.core.z_report import GrandTotal, ZReport


@dataclass(frozen=True)
class RecordedLine:
    """One printed line: ``amount`` before its own discount, ``discount`` taken off it."""

    name: str
    quantity: Decimal
    unit_price: Money
    tax_code: str
    amount: Money  # quantity x unit price (in the document's price mode)
    discount: Money  # the line's discount, same sign as the amount
    discount_percent: Decimal | None = None


@dataclass(frozen=True)
class RecordedTotals:
    lines: tuple[RecordedLine, ...]
    breakdown: tuple[TaxRow, ...]
    document_discount: Money
    net: Money
    tax: Money
    gross: Money
    mode: PriceMode = PriceMode.GROSS
    kind: DocumentKind = DocumentKind.RECEIPT
    optional: tuple[RecordedLine, ...] = ()  # offers: priced, not counted


def _line(t: LineTotal, names: Mapping[str, str]) -> RecordedLine:
    line = t.line
    percent = line.discount.percent if line.discount is not None else None
    return RecordedLine(
        name=names.get(line.ref) or line.ref or "Item",
        quantity=line.quantity,
        unit_price=line.unit_price,
        tax_code=line.tax_rate.code,
        amount=t.base,
        discount=t.line_discount,
        discount_percent=percent,
    )


def from_totals(totals: Totals | RecordedTotals, names: Mapping[str, str]) -> RecordedTotals:
    """Core totals as printed lines (names by ``Line.ref``); recorded ones pass through."""
    if isinstance(totals, RecordedTotals):
        return totals
    return RecordedTotals(
        lines=tuple(_line(t, names) for t in totals.lines),
        breakdown=totals.breakdown,
        document_discount=totals.document_discount,
        net=totals.net,
        tax=totals.tax,
        gross=totals.gross,
        mode=totals.mode,
        kind=totals.kind,
        optional=tuple(_line(t, names) for t in totals.optional),
    )


@dataclass(frozen=True)
class Balance:
    """A tender at the end of the shift; ``counted`` None where nothing was counted."""

    name: str
    expected: Money
    counted: Money | None = None

    @property
    def difference(self) -> Money | None:
        return None if self.counted is None else self.counted - self.expected


@dataclass(frozen=True)
class ShiftFigures:
    counts: tuple[tuple[str, int], ...]  # ("Receipts", 12), ("Cancelled", 1) ...
    sales: Money
    returns: Money  # a positive amount
    opening_float: Money
    cash_in: Money
    cash_out: Money  # a positive amount
    balances: tuple[Balance, ...]
    discounts: Money | None = None
    breakdown: tuple[TaxRow, ...] = ()  # the full table, when recorded
    tax_by_rate: tuple[tuple[Decimal, Money], ...] = ()  # only the tax per rate
    rounding: Money | None = None  # cash rounding booked in the shift
    grand_total_before: GrandTotal | None = None
    grand_total_after: GrandTotal | None = None
    grand_total_net: Money | None = None  # when only the net grand total is recorded

    @property
    def net(self) -> Money:
        return self.sales - self.returns


def from_z_report(z: ZReport | ShiftFigures) -> ShiftFigures:
    if isinstance(z, ShiftFigures):
        return z
    return ShiftFigures(
        counts=(("Receipts", z.receipts),),
        sales=z.sales,
        returns=z.returns,
        opening_float=z.opening_float,
        cash_in=z.cash_in,
        cash_out=z.cash_out,
        balances=tuple(
            Balance(b.method[1].replace("_", " ").title(), b.expected, b.counted)
            for b in z.balances
        ),
        discounts=z.discounts,
        breakdown=z.breakdown,
        grand_total_before=z.grand_total_before,
        grand_total_after=z.grand_total_after,
    )
