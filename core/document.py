"""Document lines and totals: receipts, offers, sales orders, invoice orders, invoices.

One calculator for every kind. For each counted line, in the document's price
mode (``GROSS`` prices include tax, ``NET`` exclude it):

1. ``base`` = quantity x unit price, rounded half up to the minor unit;
2. minus the line discount (percent or amount, ``discount.Discount``);
3. minus the line's share of the document discount, spread over the lines by
   amount (largest remainder) so the shares add up to exactly the discount;
4. tax by ``tax.apply_tax`` with the store's rounding policy.

The document discount is taken in the price mode: in ``GROSS`` mode the grand
total drops by exactly the discount, in ``NET`` mode the net total does (the
tax follows). A percent document discount is first rounded to an amount on the
total of the lines with a positive amount.

Offers may have optional lines: they count only when ``accepted``; the others
are priced on their own (``Totals.optional``) so the offer can show them.

Returns are receipts (or invoices, as credit notes) with negative quantities;
an exchange mixes both signs. Offers and sales orders refuse negative
quantities. Unit prices are never negative: a deposit refund is a negative
quantity too. Lines sum to the totals and the breakdown sums to the tax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from .currency import Currency, currency
from .discount import Discount, spread
from .money import Money, to_decimal
from .tax import (
    PriceMode,
    TaxedAmount,
    TaxRate,
    TaxRounding,
    TaxRow,
    apply_tax,
    breakdown,
)


class DocumentKind(Enum):
    RECEIPT = "receipt"
    OFFER = "offer"
    SALES_ORDER = "sales_order"
    INVOICE_ORDER = "invoice_order"
    INVOICE = "invoice"


class InvalidLine(ValueError):
    """A line the calculator refuses, with the line number (1-based) in the message."""


@dataclass(frozen=True)
class Line:
    """What was sold: ``quantity`` x ``unit_price`` (in the document's price mode)."""

    quantity: Decimal
    unit_price: Money
    tax_rate: TaxRate
    discount: Discount | None = None
    optional: bool = False
    accepted: bool = False
    ref: str = ""  # the caller's key for the line (product id, line id); not used here

    @property
    def counted(self) -> bool:
        return not self.optional or self.accepted


@dataclass(frozen=True)
class LineTotal:
    line: Line
    base: Money
    line_discount: Money
    document_discount: Money
    net: Money
    tax: Money
    gross: Money


@dataclass(frozen=True)
class Totals:
    kind: DocumentKind
    currency: Currency
    mode: PriceMode
    lines: tuple[LineTotal, ...]  # the counted lines, in input order
    optional: tuple[LineTotal, ...]  # optional lines not accepted, priced on their own
    breakdown: tuple[TaxRow, ...]
    line_discounts: Money
    document_discount: Money
    net: Money
    tax: Money
    gross: Money

    @property
    def total(self) -> Money:
        """The grand total the customer pays (gross)."""
        return self.gross


def _check(lines: Sequence[Line], kind: DocumentKind, cur: Currency) -> None:
    for number, line in enumerate(lines, start=1):
        qty = to_decimal(line.quantity, what=f"line {number} quantity")
        problem = ""
        if qty == 0:
            problem = "quantity is zero; remove the line instead"
        elif qty < 0 and kind in (DocumentKind.OFFER, DocumentKind.SALES_ORDER):
            problem = f"negative quantity {qty} in kind {kind.value!r}; returns go on a receipt"
        elif line.unit_price.currency != cur:
            problem = f"price in {line.unit_price.currency.code}, the document is in {cur.code}"
        elif line.unit_price.minor < 0:
            problem = "negative unit price; use a negative quantity for a return or deposit"
        elif line.optional and kind is not DocumentKind.OFFER:
            problem = f"optional line in kind {kind.value!r}; optional lines belong to offers"
        if problem:
            raise InvalidLine(f"line {number}: {problem}")


def _priced(line: Line) -> tuple[Money, Money]:
    base = line.unit_price.times(to_decimal(line.quantity))
    off = line.discount.on(base) if line.discount else Money.zero(base.currency)
    return base, off


def _tax(
    lines: Sequence[Line],
    bases: Sequence[Money],
    offs: Sequence[Money],
    shares: Sequence[Money],
    *,
    mode: PriceMode,
    rounding: TaxRounding,
) -> list[LineTotal]:
    amounts = [b - o - s for b, o, s in zip(bases, offs, shares, strict=True)]
    taxed = apply_tax(
        [(a, line.tax_rate) for a, line in zip(amounts, lines, strict=True)],
        mode=mode,
        rounding=rounding,
    )
    return [
        LineTotal(line, b, o, s, t.net, t.tax, t.gross)
        for line, b, o, s, t in zip(lines, bases, offs, shares, taxed, strict=True)
    ]


def compute_totals(
    lines: Sequence[Line],
    *,
    kind: DocumentKind,
    code: str | Currency,
    mode: PriceMode,
    rounding: TaxRounding,
    document_discount: Discount | None = None,
) -> Totals:
    """Line amounts, per-rate breakdown and totals of a document (see the module docstring)."""
    cur = currency(code)
    _check(lines, kind, cur)
    counted = [line for line in lines if line.counted]
    priced = [_priced(line) for line in counted]
    bases, offs = [p[0] for p in priced], [p[1] for p in priced]
    after_line = [b - o for b, o in priced]
    doc_off = Money.zero(cur)
    if document_discount is not None:
        room = Money(sum(max(a.minor, 0) for a in after_line), cur)
        doc_off = document_discount.on(room)
    shares = spread(doc_off, after_line)
    totals = _tax(counted, bases, offs, shares, mode=mode, rounding=rounding)
    others = [line for line in lines if not line.counted]
    extra = [_priced(line) for line in others]
    optional = _tax(
        others,
        [p[0] for p in extra],
        [p[1] for p in extra],
        [Money.zero(cur)] * len(others),
        mode=mode,
        rounding=TaxRounding.PER_LINE,
    )
    return Totals(
        kind=kind,
        currency=cur,
        mode=mode,
        lines=tuple(totals),
        optional=tuple(optional),
        breakdown=breakdown(
            ((t.line.tax_rate, TaxedAmount(t.net, t.tax, t.gross)) for t in totals), cur.code
        ),
        line_discounts=Money.sum(offs, cur),
        document_discount=doc_off,
        net=Money.sum((t.net for t in totals), cur),
        tax=Money.sum((t.tax for t in totals), cur),
        gross=Money.sum((t.gross for t in totals), cur),
    )
