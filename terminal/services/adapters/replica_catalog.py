"""``Catalog`` and ``Customers`` over the device replica, queried on demand.

Barcodes by the unique index on ``barcodes.code``; search through the replica's
``search_products`` (FTS5 trigram index over the accent-folded name and SKU).
The price is the store's: the item at quantity 1 from the applicable price
list with the highest priority (valid now, in the store's currency, this
store's or every store's), turned into a gross price when the list is net.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Float, and_, cast, func, or_, select

from kassa.core.money import Money
from kassa.core.pricing import UnitPrice
from kassa.core.tax import PriceMode, TaxRate
from kassa.sync.models import (
    Barcode,
    Customer,
    PriceList,
    PriceListItem,
    Product,
    ProductGroup,
    Tax,
    Unit,
)
from kassa.sync.replica.catalog import search_products
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.fold import fold
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import NotFound
from kassa.terminal.services.ports import BarcodeHit, CatalogItem, CustomerRecord, GroupRecord

P, B, T, U, G = (m.__table__ for m in (Product, Barcode, Tax, Unit, ProductGroup))  # type: ignore[attr-defined]
PL, PI, C = (m.__table__ for m in (PriceList, PriceListItem, Customer))  # type: ignore[attr-defined]

_ITEM = select(
    P.c.id, P.c.sku, P.c.name, P.c.group_id, P.c.weighed, T.c.code, T.c.rate, U.c.code.label("unit")
)
_ITEM = _ITEM.join_from(P, T, T.c.id == P.c.tax_id).join_from(P, U, U.c.id == P.c.unit_id)  # type: ignore[assignment]


class ReplicaCatalog:
    def __init__(
        self,
        replica: Replica,
        *,
        store_id: uuid.UUID | None,
        currency: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.replica, self.store_id, self.currency, self._clock = replica, store_id, currency, clock

    def by_barcode(self, code: str) -> BarcodeHit | None:
        query = _ITEM.add_columns(B.c.quantity).join_from(P, B, B.c.product_id == P.c.id)
        rows = self._items(
            query.where(B.c.code == code, P.c.active.is_(True)), limit=1, strict=True
        )
        return BarcodeHit(rows[0][0], rows[0][1].quantity) if rows else None

    def by_id(self, product_id: uuid.UUID) -> CatalogItem | None:
        rows = self._items(_ITEM.where(P.c.id == product_id, P.c.active.is_(True)), 1, strict=True)
        return rows[0][0] if rows else None

    def search(self, text_: str, *, limit: int = 50) -> Sequence[CatalogItem]:
        """The replica's FTS5 search (every word, accents folded), at this store's prices."""
        with reading(self.replica) as connection:
            found = search_products(connection, text_, limit=limit)
        if not found:
            return ()
        order = {item.id: i for i, item in enumerate(found)}
        query = _ITEM.where(P.c.id.in_(list(order)), P.c.active.is_(True))
        items = [item for item, _ in self._items(query, limit)]
        return sorted(items, key=lambda item: order[item.product_id])

    def groups(self) -> Sequence[GroupRecord]:
        with reading(self.replica) as connection:
            rows = connection.execute(select(G.c.id, G.c.name).order_by(G.c.name))
            return [GroupRecord(row.id, row.name) for row in rows]

    def in_group(self, group_id: uuid.UUID, *, limit: int = 100) -> Sequence[CatalogItem]:
        query = _ITEM.where(P.c.group_id == group_id, P.c.active.is_(True)).order_by(P.c.name)
        return [item for item, _ in self._items(query, limit)]

    # -- internals ------------------------------------------------------------------
    def _items(
        self, query, limit: int, *, strict: bool = False
    ) -> list[tuple[CatalogItem, object]]:
        found = []
        with reading(self.replica) as connection:
            for row in connection.execute(query.limit(limit * 2 if not strict else limit)):
                price = self._price(connection, row.id, TaxRate(row.code, row.rate))
                if price is None:
                    if strict:
                        raise NotFound(f"{row.name} has no price in this store: ask head office")
                    continue
                item = CatalogItem(
                    product_id=row.id,
                    sku=row.sku,
                    name=row.name,
                    price=price,
                    tax_rate=row.rate,
                    tax_code=row.code,
                    group_id=row.group_id,
                    unit=row.unit,
                    weighed=row.weighed,
                )
                found.append((item, row))
                if len(found) == limit:
                    break
        return found

    def price(
        self,
        product_id: uuid.UUID,
        *,
        quantity: Decimal,
        price_list_id: uuid.UUID | None = None,
    ) -> Money | None:
        with reading(self.replica) as connection:
            row = connection.execute(
                select(T.c.code, T.c.rate)
                .join_from(P, T, T.c.id == P.c.tax_id)
                .where(P.c.id == product_id)
            ).first()
            if row is None:
                return None
            return self._price(
                connection,
                product_id,
                TaxRate(row.code, row.rate),
                quantity=quantity,
                customer_list=price_list_id,
            )

    def _price(
        self,
        connection,
        product_id: uuid.UUID,
        rate: TaxRate,
        *,
        quantity: Decimal = Decimal(1),
        customer_list: uuid.UUID | None = None,
    ) -> Money | None:
        """Precedence as ``kassa.core.pricing``: the customer's list, then the store's
        (highest priority, this store's before every store's); in a list, the highest
        quantity break not above ``quantity``. Lists some customer is assigned to are
        customer lists: they price only that customer's sales."""
        now = self._clock()
        customer_lists = select(C.c.price_list_id).where(C.c.price_list_id.is_not(None))
        store_list = and_(
            or_(PL.c.store_id.is_(None), PL.c.store_id == self.store_id),
            PL.c.id.not_in(customer_lists),
        )
        mine = PL.c.id == customer_list if customer_list else None
        first = [mine.desc()] if mine is not None else []
        query = (
            select(PI.c.price_minor, PL.c.includes_tax)
            .join_from(PI, PL, PL.c.id == PI.c.price_list_id)
            .where(
                PI.c.product_id == product_id,
                PL.c.currency == self.currency,
                or_(PL.c.valid_from.is_(None), PL.c.valid_from <= now),
                or_(PL.c.valid_to.is_(None), PL.c.valid_to >= now),
                cast(PI.c.min_qty, Float) <= float(abs(quantity)),  # a count, not money
                or_(mine, store_list) if mine is not None else store_list,
            )
            .order_by(
                *first,
                PL.c.priority.desc(),
                PL.c.store_id.is_(None),
                cast(PI.c.min_qty, Float).desc(),
            )
            .limit(1)
        )
        row = connection.execute(query).first()
        if row is None:
            return None
        unit = UnitPrice(Money(row.price_minor, self.currency), row.includes_tax)
        return unit.in_mode(PriceMode.GROSS, rate)


class ReplicaCustomers:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def search(self, text_: str, *, limit: int = 30) -> Sequence[CustomerRecord]:
        like = f"%{fold(text_.strip())}%"
        query = (
            select(C)
            .where(
                C.c.merged_into.is_(None),
                or_(
                    func.kassa_fold(C.c.name).like(like),
                    func.kassa_fold(C.c.code).like(like),
                    C.c.tax_number.like(like),
                ),
            )
            .order_by(C.c.name)
            .limit(limit)
        )
        with reading(self.replica) as connection:
            return [_customer(row) for row in connection.execute(query)]

    def by_id(self, customer_id: uuid.UUID) -> CustomerRecord | None:
        with reading(self.replica) as connection:
            row = connection.execute(select(C).where(C.c.id == customer_id)).first()
            while row is not None and row.merged_into is not None:  # follow a merge
                row = connection.execute(select(C).where(C.c.id == row.merged_into)).first()
        return None if row is None else _customer(row)


def _customer(row) -> CustomerRecord:
    return CustomerRecord(
        row.id, row.name, row.tax_number or "", bool(row.archived), row.price_list_id
    )
