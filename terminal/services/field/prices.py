"""Catalogue lines at the customer's prices, offline: ``core.pricing.resolve_price``.

The customer's own price list comes first, then the store's (the applicable list
with the highest priority, this store's before every store's); within a list the
highest quantity break not above the quantity. The store's price is the
product's base price: a product without one cannot be offered.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, select

from kassa.core.currency import currency
from kassa.core.money import Money
from kassa.core.pricing import ListPrices, NoPrice, PriceSource, UnitPrice, resolve_price
from kassa.core.pricing import PriceList as CorePriceList
from kassa.core.pricing import PriceListItem as CoreItem
from kassa.sync.replica.fold import fold
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import NotFound
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.tables import (
    CUSTOMERS,
    PRICE_ITEMS,
    PRICE_LISTS,
    PRODUCTS,
    TAXES,
    UNITS,
)

PL, PI, P, T, U = PRICE_LISTS, PRICE_ITEMS, PRODUCTS, TAXES, UNITS


@dataclass(frozen=True)
class PricedProduct:
    product_id: uuid.UUID
    sku: str
    name: str
    unit: str
    tax_code: str
    tax_rate: Decimal
    price: UnitPrice  # as the list gives it (gross or net)
    source: PriceSource


class CustomerPrices:
    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx

    def price(
        self,
        product_id: uuid.UUID,
        *,
        quantity: Decimal,
        price_list_id: uuid.UUID | None,
        on: date | None = None,
    ) -> PricedProduct:
        on = on or self.ctx.today()
        with reading(self.ctx.replica) as connection:
            product = connection.execute(
                select(P.c.id, P.c.sku, P.c.name, T.c.code, T.c.rate, U.c.code.label("unit"))
                .join_from(P, T, T.c.id == P.c.tax_id)
                .join_from(P, U, U.c.id == P.c.unit_id)
                .where(P.c.id == product_id, P.c.active.is_(True))
            ).first()
            if product is None:
                raise NotFound("That product is not in the catalogue on this tablet: sync")
            mine = _list_prices(connection, price_list_id, product_id) if price_list_id else None
            store = self._store_prices(connection, product_id, on)
        base = (
            store.best(quantity=quantity, on=on, code=currency(self.ctx.currency))
            if store
            else None
        )
        if base is None and (
            mine is None
            or mine.best(quantity=quantity, on=on, code=currency(self.ctx.currency)) is None
        ):
            raise NotFound(f"{product.name} has no {self.ctx.currency} price: ask head office")
        fallback = UnitPrice(base.price, store.price_list.includes_tax) if base and store else None
        try:
            resolved = resolve_price(
                product=product.sku,
                base=fallback or UnitPrice(Money.zero(self.ctx.currency), True),
                quantity=quantity,
                on=on,
                code=self.ctx.currency,
                customer=mine,
            )
        except NoPrice as exc:
            raise NotFound(str(exc)) from None
        source = (
            resolved.source
            if resolved.source is PriceSource.CUSTOMER_LIST
            else PriceSource.STORE_LIST
        )
        return PricedProduct(
            product.id, product.sku, product.name, product.unit, product.code,
            Decimal(product.rate), resolved.unit, source,
        )  # fmt: skip

    def search(self, text: str, *, limit: int = 40) -> list[dict]:
        """Products by name or SKU (accents folded), for the offer's product picker."""
        from kassa.sync.replica.catalog import search_products

        with reading(self.ctx.replica) as connection:
            hits = search_products(connection, text, limit=limit) if fold(text) else []
        return [{"product_id": h.id, "sku": h.sku, "name": h.name} for h in hits]

    def _store_prices(self, connection: Connection, product_id: uuid.UUID, on: date):
        customer_lists = select(CUSTOMERS.c.price_list_id).where(
            CUSTOMERS.c.price_list_id.is_not(None)
        )
        rows = connection.execute(
            select(PL.c.id)
            .where(
                PL.c.currency == self.ctx.currency,
                (PL.c.store_id.is_(None)) | (PL.c.store_id == self.ctx.store_id),
                PL.c.id.not_in(customer_lists),
            )
            .order_by(PL.c.priority.desc(), PL.c.store_id.is_(None))
        ).all()
        for row in rows:
            prices = _list_prices(connection, row.id, product_id)
            if prices and prices.best(quantity=Decimal(1), on=on, code=currency(self.ctx.currency)):
                return prices
        return None


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _list_prices(
    connection: Connection, price_list_id: uuid.UUID, product_id: uuid.UUID
) -> ListPrices | None:
    head = connection.execute(select(PL).where(PL.c.id == price_list_id)).first()
    if head is None:
        return None
    items = connection.execute(
        select(PI.c.price_minor, PI.c.currency, PI.c.min_qty).where(
            PI.c.price_list_id == price_list_id, PI.c.product_id == product_id
        )
    )
    return ListPrices(
        CorePriceList(
            str(head.id), head.currency, bool(head.includes_tax),
            _day(head.valid_from), _day(head.valid_to),
        ),
        tuple(CoreItem(Money(i.price_minor, i.currency), Decimal(i.min_qty)) for i in items),
    )  # fmt: skip
