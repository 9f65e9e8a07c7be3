"""Price resolution: which unit price a line gets.

Precedence, first that applies wins:

1. the customer's price list (``customer``),
2. the store's price list (``store``),
3. the product's base price.

A list *applies* when it is valid on the sale date (its own ``valid_from`` ..
``valid_to``, both inclusive, ``None`` = open), is in the document's currency
(lists in another currency are never converted; they simply do not apply), and
has at least one item for the product that is valid on the date with
``min_quantity <= |quantity|``. Among those items the quantity break wins: the
highest ``min_quantity``; at equal ``min_quantity`` the item with the latest
``valid_from`` (a dated offer beats the open-ended price); then the lower price.

So a customer list that only has a price from 10 pieces gives 9 pieces the store
price. The base price must be in the document's currency; if it is not and no
list applies, resolution fails with ``NoPrice`` naming the product.

Prices carry whether they include tax (``UnitPrice.includes_tax``);
``UnitPrice.in_mode`` converts to the document's price mode with the line's rate,
rounded half up to the minor unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from .currency import Currency, currency
from .money import Money, to_decimal
from .tax import PriceMode, TaxRate


class NoPrice(LookupError):
    """No price list applies and the base price cannot be used."""


class PriceSource(Enum):
    CUSTOMER_LIST = "customer_list"
    STORE_LIST = "store_list"
    BASE = "base"


@dataclass(frozen=True)
class UnitPrice:
    """A price per unit, and whether it includes tax."""

    amount: Money
    includes_tax: bool

    def in_mode(self, mode: PriceMode, rate: TaxRate) -> Money:
        """This price as a gross (``GROSS``) or net (``NET``) unit price at ``rate``."""
        if self.includes_tax == (mode is PriceMode.GROSS):
            return self.amount
        hundred = Decimal(100)
        factor = (
            hundred / (hundred + rate.percent)
            if self.includes_tax
            else (hundred + rate.percent) / hundred
        )
        return Money.rounded(self.amount.amount * factor, self.amount.currency)


def _valid(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


@dataclass(frozen=True)
class PriceListItem:
    """One product's price in a list, from ``min_quantity`` units on."""

    price: Money
    min_quantity: Decimal = Decimal(0)
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        qty = to_decimal(self.min_quantity, what="min_quantity")
        if qty < 0:
            raise ValueError(f"min_quantity {qty} must not be negative")
        object.__setattr__(self, "min_quantity", qty)


@dataclass(frozen=True)
class PriceList:
    """A price list header (head office master data)."""

    id: str
    currency: Currency
    includes_tax: bool
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", currency(self.currency))


@dataclass(frozen=True)
class ListPrices:
    """One product's items in one list (the store queries them per product)."""

    price_list: PriceList
    items: tuple[PriceListItem, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        for item in self.items:
            if item.price.currency != self.price_list.currency:
                raise ValueError(
                    f"price list {self.price_list.id!r} is in {self.price_list.currency.code} "
                    f"but has an item priced in {item.price.currency.code}"
                )

    def best(self, *, quantity: Decimal, on: date, code: Currency) -> PriceListItem | None:
        """The item that applies, or ``None`` (see the module docstring)."""
        head = self.price_list
        if head.currency != code or not _valid(on, head.valid_from, head.valid_to):
            return None
        usable = [
            i
            for i in self.items
            if i.min_quantity <= abs(quantity) and _valid(on, i.valid_from, i.valid_to)
        ]
        if not usable:
            return None
        return max(
            usable,
            key=lambda i: (i.min_quantity, i.valid_from or date.min, -i.price.minor),
        )


@dataclass(frozen=True)
class ResolvedPrice:
    unit: UnitPrice
    source: PriceSource
    price_list_id: str | None = None
    min_quantity: Decimal = Decimal(0)


def resolve_price(
    *,
    product: str,
    base: UnitPrice,
    quantity: Decimal,
    on: date,
    code: str | Currency,
    customer: ListPrices | None = None,
    store: ListPrices | None = None,
) -> ResolvedPrice:
    """The unit price for ``quantity`` of ``product`` on ``on`` in currency ``code``."""
    cur = currency(code)
    qty = to_decimal(quantity, what="quantity")
    for source, prices in ((PriceSource.CUSTOMER_LIST, customer), (PriceSource.STORE_LIST, store)):
        if prices is None:
            continue
        item = prices.best(quantity=qty, on=on, code=cur)
        if item is not None:
            head = prices.price_list
            unit = UnitPrice(item.price, head.includes_tax)
            return ResolvedPrice(unit, source, head.id, item.min_quantity)
    if base.amount.currency != cur:
        raise NoPrice(
            f"product {product!r} has a base price in {base.amount.currency.code} and no "
            f"{cur.code} price list applies on {on.isoformat()}: add a {cur.code} price"
        )
    return ResolvedPrice(base, PriceSource.BASE)
