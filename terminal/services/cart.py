"""The open sale's lines and totals (state only; rules and limits are in ``sale``).

Prices are gross (tax included), as shelves show them. A line's total is
``unit_price x quantity`` rounded half up to the minor unit, minus its discount;
a sale discount is spread over the lines by ``Money.allocate`` so line totals
always add up to the sale total. ``Cart.to_dict``/``from_dict`` round-trip a
cart for parking.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from kassa.core.ids import new_id
from kassa.core.money import Money
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
    tax_rate: Decimal  # percent
    discount: Money = None  # type: ignore[assignment]  # line discount, positive
    weighed: bool = False
    barcode: str = ""
    fixed_total: Money | None = None  # price-embedded barcode: the label's amount
    approvals: tuple[dict[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.discount is None:
            object.__setattr__(self, "discount", Money.zero(self.unit_price.currency))

    @property
    def gross(self) -> Money:
        """Before discounts."""
        if self.fixed_total is not None:
            return self.fixed_total
        return self.unit_price.times(self.quantity)

    @property
    def total(self) -> Money:
        return self.gross - self.discount


@dataclass(frozen=True)
class CartView:
    """A snapshot for the screen."""

    sale_id: uuid.UUID
    lines: tuple[CartLine, ...]
    subtotal: Money  # sum of line totals before the sale discount
    sale_discount: Money
    total: Money
    taxes: tuple[tuple[Decimal, Money], ...]  # (rate percent, tax included in total)
    customer: CustomerRecord | None


@dataclass
class Cart:
    currency: str
    sale_id: uuid.UUID = field(default_factory=new_id)
    started_at: datetime | None = None
    lines: list[CartLine] = field(default_factory=list)
    sale_discount_percent: Decimal = Decimal("0")
    customer: CustomerRecord | None = None
    approvals: list[dict[str, str]] = field(default_factory=list)

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

    def subtotal(self) -> Money:
        return Money.sum((line.total for line in self.lines), self.currency)

    def sale_discount(self) -> Money:
        return self.subtotal().times(self.sale_discount_percent / 100)

    def final_line_totals(self) -> list[Money]:
        """Each line's total after its share of the sale discount (sums to ``total``)."""
        totals = [line.total for line in self.lines]
        discount = self.sale_discount()
        if discount.is_zero() or not any(t.minor for t in totals):
            return totals
        shares = discount.allocate([max(t.minor, 0) for t in totals])
        return [t - s for t, s in zip(totals, shares, strict=True)]

    def total(self) -> Money:
        return self.subtotal() - self.sale_discount()

    def taxes(self) -> tuple[tuple[Decimal, Money], ...]:
        """Tax included in the total, per rate: gross x rate / (100 + rate)."""
        by_rate: dict[Decimal, Money] = {}
        for line, total in zip(self.lines, self.final_line_totals(), strict=True):
            by_rate[line.tax_rate] = by_rate.get(line.tax_rate, Money.zero(self.currency)) + total
        return tuple(
            (rate, gross.times(rate / (100 + rate))) for rate, gross in sorted(by_rate.items())
        )

    def view(self) -> CartView:
        return CartView(
            sale_id=self.sale_id,
            lines=tuple(self.lines),
            subtotal=self.subtotal(),
            sale_discount=self.sale_discount(),
            total=self.total(),
            taxes=self.taxes(),
            customer=self.customer,
        )
