"""``Catalog`` and ``Customers`` over the device replica, queried on demand.

Barcodes by the unique index on ``barcodes.code``; search through the replica's
``search_products`` (FTS5 trigram index over the accent-folded name and SKU).
The price is the store's: the item at quantity 1 from the applicable price
list with the highest priority (valid now, in the store's currency, this
store's or every store's), turned into a gross price when the list is net.

The hot paths (a scan, a search) are plain SQL on the driver connection, as
``sync/replica/catalog`` does: one read transaction per call, the product and
every price that may apply to it read at once (``PriceBreaks``), so the scan
prices its line without asking again. A list some customer is assigned to is a
customer list; that is checked per candidate list through the index on
``customers.price_list_id`` (``NOT EXISTS``), so it is never stale.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, or_, select

from kassa.core.money import Money
from kassa.core.pricing import UnitPrice
from kassa.core.tax import PriceMode, TaxRate
from kassa.sync.models import Customer, PriceList, ProductGroup
from kassa.sync.replica.catalog import search_products
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.fold import fold
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import NotFound
from kassa.terminal.services.ports import (
    BarcodeHit,
    CatalogItem,
    CustomerRecord,
    GroupRecord,
    PriceBreak,
    PriceBreaks,
)

G, C = (m.__table__ for m in (ProductGroup, Customer))  # type: ignore[attr-defined]
_VALID_FROM = PriceList.__table__.c.valid_from  # type: ignore[attr-defined]

_ITEM = (
    "SELECT p.id, p.sku, p.name, p.group_id, p.weighed, t.code, t.rate, u.code{extra} "
    "FROM {source} JOIN taxes t ON t.id = p.tax_id JOIN units u ON u.id = p.unit_id "
    "WHERE {where} AND p.active IS 1"
)
_BY_BARCODE = _ITEM.format(
    extra=", b.quantity",
    source="barcodes b JOIN products p ON p.id = b.product_id",
    where="b.code = ?",
)
_BY_ID = _ITEM.format(extra="", source="products p", where="p.id = ?")
_TAX = "SELECT t.code, t.rate FROM products p JOIN taxes t ON t.id = p.tax_id WHERE p.id = ?"

# Every item of the products that may price them here: the customer's own list
# (``mine``), and the store's lists (``shelf``: this store's or every store's, and no
# customer's). Valid now, in the store's currency. Lists are few: SQLite walks them
# and probes the unique index (price_list_id, product_id, min_qty) for each product.
_SHELF = (
    "((l.store_id IS NULL OR l.store_id = ?) AND NOT EXISTS "
    "(SELECT 1 FROM customers c WHERE c.price_list_id = l.id))"
)
_PRICES = (
    "SELECT i.product_id, i.price_minor, l.includes_tax, CAST(i.min_qty AS REAL), "
    f"l.id = ?, l.priority, l.store_id IS NULL, {_SHELF} "
    "FROM price_lists l CROSS JOIN price_list_items i ON i.price_list_id = l.id "
    "WHERE i.product_id IN ({marks}) AND l.currency = ? "
    "AND (l.valid_from IS NULL OR l.valid_from <= ?) AND (l.valid_to IS NULL OR l.valid_to >= ?) "
    f"AND (l.id = ? OR {_SHELF})"
)


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
        self._store = store_id.hex if store_id else None
        dialect = replica.engine.dialect  # how SQLAlchemy writes a datetime in SQLite
        self._when = _VALID_FROM.type.dialect_impl(dialect).bind_processor(dialect)

    def by_barcode(self, code: str, *, price_list_id: uuid.UUID | None = None) -> BarcodeHit | None:
        """The product of ``code`` at the shelf price, with every price that may apply to
        it for a customer with ``price_list_id`` (``hit.prices``), in one read."""
        with _snapshot(self.replica) as db:
            row = db.execute(_BY_BARCODE, (code,)).fetchone()
            if row is None:
                return None
            found = self._priced(db, [row], price_list_id)
        if not found:
            raise NotFound(f"{row[2]} has no price in this store: ask head office")
        item, breaks = found[0]
        return BarcodeHit(item, Decimal(row[8]), prices=breaks)

    def by_id(self, product_id: uuid.UUID) -> CatalogItem | None:
        with _snapshot(self.replica) as db:
            row = db.execute(_BY_ID, (product_id.hex,)).fetchone()
            if row is None:
                return None
            found = self._priced(db, [row], None)
        if not found:
            raise NotFound(f"{row[2]} has no price in this store: ask head office")
        return found[0][0]

    def search(self, text_: str, *, limit: int = 50) -> Sequence[CatalogItem]:
        """The replica's FTS5 search (every word, accents folded), at this store's prices."""
        with reading(self.replica) as connection:
            found = search_products(connection, text_, limit=limit)
            if not found:
                return ()
            ids = [item.id.hex for item in found]  # search_products caps them at limit
            db = connection.connection.driver_connection  # the same snapshot, used directly
            rows = db.execute(
                _ITEM.format(
                    extra="",
                    source="products p",
                    where=f"p.id IN ({', '.join('?' * len(ids))})",
                ),
                ids,
            ).fetchall()
            priced = self._priced(db, rows, None)
        order = {item.id: i for i, item in enumerate(found)}
        return sorted((item for item, _ in priced), key=lambda item: order[item.product_id])

    def groups(self) -> Sequence[GroupRecord]:
        with reading(self.replica) as connection:
            rows = connection.execute(select(G.c.id, G.c.name).order_by(G.c.name))
            return [GroupRecord(row.id, row.name) for row in rows]

    def in_group(self, group_id: uuid.UUID, *, limit: int = 100) -> Sequence[CatalogItem]:
        with _snapshot(self.replica) as db:
            rows = db.execute(
                _ITEM.format(extra="", source="products p", where="p.group_id = ?")
                + " ORDER BY p.name LIMIT ?",
                (group_id.hex, limit * 2),
            ).fetchall()
            priced = self._priced(db, rows, None)
        return [item for item, _ in priced][:limit]

    def price(
        self,
        product_id: uuid.UUID,
        *,
        quantity: Decimal,
        price_list_id: uuid.UUID | None = None,
    ) -> Money | None:
        """Precedence as ``kassa.core.pricing``: the customer's list, then the store's
        (highest priority, this store's before every store's); in a list, the highest
        quantity break not above ``quantity``. Lists some customer is assigned to are
        customer lists: they price only that customer's sales."""
        with _snapshot(self.replica) as db:
            row = db.execute(_TAX, (product_id.hex,)).fetchone()
            if row is None:
                return None
            rate = TaxRate(row[0], Decimal(row[1]))
            rows = self._price_rows(db, [product_id.hex], price_list_id)
        return _breaks(product_id, rows, rate, self.currency, price_list_id).at(quantity)

    # -- internals ------------------------------------------------------------------
    def _priced(
        self, db: sqlite3.Connection, rows: Sequence, price_list_id: uuid.UUID | None
    ) -> list[tuple[CatalogItem, PriceBreaks]]:
        """Items (rows of ``_ITEM``) at the shelf price, each with its price breaks;
        items without a shelf price are left out."""
        if not rows:
            return []
        by_product: dict[str, list] = {}
        for price in self._price_rows(db, [row[0] for row in rows], price_list_id):
            by_product.setdefault(price[0], []).append(price)
        found = []
        for row in rows:
            product_id = uuid.UUID(hex=row[0])
            rate = Decimal(row[6])
            prices = by_product.get(row[0], ())
            tax = TaxRate(row[5], rate)
            breaks = _breaks(product_id, prices, tax, self.currency, price_list_id)
            if price_list_id is not None:  # the shelf price leaves the customer's list out
                shelf = _breaks(product_id, prices, tax, self.currency, None).at(Decimal(1))
            else:
                shelf = breaks.at(Decimal(1))
            if shelf is None:
                continue
            item = CatalogItem(
                product_id=product_id,
                sku=row[1],
                name=row[2],
                price=shelf,
                tax_rate=rate,
                tax_code=row[5],
                group_id=uuid.UUID(hex=row[3]) if row[3] else None,
                unit=row[7],
                weighed=bool(row[4]),
            )
            found.append((item, breaks))
        return found

    def _price_rows(
        self, db: sqlite3.Connection, products: list[str], price_list_id: uuid.UUID | None
    ) -> list:
        now = self._when(self._clock())
        mine = price_list_id.hex if price_list_id else None
        sql = _PRICES.format(marks=", ".join("?" * len(products)))
        params = (mine, self._store, *products, self.currency, now, now, mine, self._store)
        return db.execute(sql, params).fetchall()


@contextmanager
def _snapshot(replica: Replica) -> Iterator[sqlite3.Connection]:
    """A read snapshot on a pooled connection of the replica, driven through the
    driver itself: a scan's few indexed probes cost less than SQLAlchemy's work
    around each statement. The pool set the device pragmas when it connected."""
    pooled = replica.engine.raw_connection()
    try:
        db = pooled.driver_connection
        db.execute("BEGIN")
        try:
            yield db
        finally:
            if db.in_transaction:  # SQLite may have rolled back already (a storage fault)
                db.execute("ROLLBACK")
    finally:
        pooled.close()  # back to the pool


def _breaks(
    product_id: uuid.UUID,
    rows: Iterable,
    rate: TaxRate,
    currency: str,
    price_list_id: uuid.UUID | None,
) -> PriceBreaks:
    """The product's applicable items in precedence order: the customer's list first
    (when ``price_list_id``), then the highest priority, this store's list before every
    store's, then the highest quantity break; a shelf price only without a list."""
    if price_list_id is None:
        usable = sorted((r for r in rows if r[7]), key=lambda r: (-r[5], r[6], -r[3]))
    else:
        usable = sorted(
            (r for r in rows if r[4] or r[7]), key=lambda r: (-bool(r[4]), -r[5], r[6], -r[3])
        )
    return PriceBreaks(
        product_id,
        price_list_id,
        tuple(
            PriceBreak(
                r[3], UnitPrice(Money(r[1], currency), bool(r[2])).in_mode(PriceMode.GROSS, rate)
            )
            for r in usable
        ),
    )


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
