"""The open sale's lines and totals (state only; rules and limits are in ``sale``).

Totals come from ``kassa.core.document.compute_totals`` in gross price mode
(shelf prices include tax): quantity x unit price rounded half up, minus the line
discount, minus the line's share of the sale discount (spread exactly over the
lines), with the per-rate tax breakdown. A price-embedded label (GS1 variable
measure) is one line of quantity 1 at the label's amount; the weight it implies
is kept in ``measure`` for the receipt.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from kassa.core.discount import Discount
from kassa.core.document import DocumentKind, Line, LineTotal, Totals, compute_totals
from kassa.core.ids import new_id
from kassa.core.money import Money
from kassa.core.tax import PriceMode, TaxRate, TaxRounding, TaxRow
from kassa.terminal.services.ports import CustomerRecord


@dataclass(frozen=True)
class CartLine:
    line_id: str
    product_id: uuid.UUID
    sku: str
    name: str
    unit: str
    quantity: Decimal
    catalog_price: Money  # unit price the catalog resolved
    unit_price: Money  # after a price override
    tax: TaxRate
    discount: Discount | None = None
    weighed: bool = False
    barcode: str = ""
    measure: Decimal | None = None  # weight read from a price-embedded label
    approvals: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class ViewLine:
    """A line as the screen shows it: before and after its discounts."""

    line: CartLine
    base: Money  # quantity x unit price
    discount: Money  # line discount + its share of the sale discount
    total: Money


@dataclass(frozen=True)
class CartView:
    """A snapshot for the screen."""

    sale_id: uuid.UUID
    lines: tuple[ViewLine, ...]
    subtotal: Money  # sum of line totals before the sale discount
    sale_discount: Money
    total: Money
    taxes: tuple[TaxRow, ...]
    customer: CustomerRecord | None

    @property
    def is_empty(self) -> bool:
        return not self.lines


@dataclass
class Cart:
    currency: str
    rounding: TaxRounding = TaxRounding.PER_DOCUMENT
    sale_id: uuid.UUID = field(default_factory=new_id)
    started_at: datetime | None = None
    lines: list[CartLine] = field(default_factory=list)
    sale_discount: Discount | None = None
    customer: CustomerRecord | None = None
    approvals: list[dict[str, str]] = field(default_factory=list)
    # the last totals and what they were computed from (a view after a change reuses them)
    _last: tuple[tuple, Totals] | None = field(default=None, repr=False, compare=False)

    def line(self, line_id: str) -> CartLine:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise KeyError(line_id)

    def replace_line(self, line_id: str, **changes: Any) -> CartLine:
        for i, line in enumerate(self.lines):
            if line.line_id == line_id:
                self.lines[i] = replace(line, **changes)
                return self.lines[i]
        raise KeyError(line_id)

    def totals(self, *, sale_discount: Discount | bool | None = True) -> Totals:
        """The core document totals (``sale_discount=None`` leaves the sale discount out)."""
        discount = self.sale_discount if sale_discount is True else sale_discount
        # lines are frozen: the very same line objects give the very same totals
        key = (*self.lines, discount or None, self.currency, self.rounding)
        last = self._last
        if last is not None and len(last[0]) == len(key) and all(map(_same, last[0], key)):
            return last[1]
        totals = compute_totals(
            [self._core_line(line) for line in self.lines],
            kind=DocumentKind.RECEIPT,
            code=self.currency,
            mode=PriceMode.GROSS,
            rounding=self.rounding,
            document_discount=discount or None,
        )
        self._last = (key, totals)
        return totals

    def view(self) -> CartView:
        totals = self.totals()
        return CartView(
            sale_id=self.sale_id,
            lines=tuple(
                _view_line(line, t) for line, t in zip(self.lines, totals.lines, strict=True)
            ),
            subtotal=totals.gross + totals.document_discount,
            sale_discount=totals.document_discount,
            total=totals.gross,
            taxes=totals.breakdown,
            customer=self.customer,
        )

    @staticmethod
    def _core_line(line: CartLine) -> Line:
        return Line(
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_rate=line.tax,
            discount=line.discount,
            ref=line.line_id,
        )


def _same(a: object, b: object) -> bool:
    return a is b or (isinstance(a, str | TaxRounding) and a == b)


def _view_line(line: CartLine, total: LineTotal) -> ViewLine:
    return ViewLine(
        line=line,
        base=total.base,
        discount=total.line_discount + total.document_discount,
        total=total.gross,
    )
