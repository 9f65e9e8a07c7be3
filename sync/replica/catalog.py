"""Catalog queries on demand: barcode lookup, SKU lookup, product search.

Nothing is loaded whole: a barcode is one probe of the unique index on
``barcodes.code`` and one of ``price_list_items.product_id``; a search is an
FTS5 trigram index over the accent-folded name and SKU (``product_search``),
so any three letters from anywhere in a name match ("bru" finds "Crème
Brûlée"), and folding makes "creme" match "Crème". Terms shorter than three
letters narrow the result with a substring test. Inactive products are not
found. Prices come from the price lists the caller names (which lists apply
is the price resolution's business, ``kassa.core.pricing``); each item is a
quantity break.

All functions take a SQLAlchemy ``Connection`` (``reading(replica)``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import Connection

from kassa.sync.replica.fold import fold

_PRODUCT = (
    "p.id, p.sku, p.name, p.group_id, p.tax_id, p.unit_id, p.weighed, p.active, p.description"
)


@dataclass(frozen=True)
class CatalogPrice:
    price_list_id: uuid.UUID
    min_qty: Decimal
    price_minor: int
    currency: str


@dataclass(frozen=True)
class CatalogItem:
    id: uuid.UUID
    sku: str
    name: str
    group_id: uuid.UUID | None
    tax_id: uuid.UUID
    unit_id: uuid.UUID
    weighed: bool
    active: bool
    description: str
    barcode: str | None = None  # the code it was found by
    pack_quantity: Decimal = Decimal(1)  # units the barcode stands for (a 6-pack: 6)
    prices: tuple[CatalogPrice, ...] = ()


def lookup_barcode(
    connection: Connection, code: str, *, price_list_ids: Sequence[uuid.UUID] = ()
) -> CatalogItem | None:
    """The product a scanned ``code`` belongs to, with its prices; ``None`` if unknown."""
    row = connection.exec_driver_sql(
        f"SELECT {_PRODUCT}, b.code, b.quantity FROM barcodes b "
        "JOIN products p ON p.id = b.product_id WHERE b.code = ?",
        (code.strip(),),
    ).first()
    if row is None:
        return None
    item = _item(row, barcode=row[9], pack_quantity=Decimal(row[10]))
    return _with_prices(connection, [item], price_list_ids)[0]


def lookup_sku(
    connection: Connection, sku: str, *, price_list_ids: Sequence[uuid.UUID] = ()
) -> CatalogItem | None:
    row = connection.exec_driver_sql(
        f"SELECT {_PRODUCT} FROM products p WHERE p.sku = ?", (sku.strip(),)
    ).first()
    return None if row is None else _with_prices(connection, [_item(row)], price_list_ids)[0]


def search_products(
    connection: Connection,
    text: str,
    *,
    limit: int = 50,
    price_list_ids: Sequence[uuid.UUID] = (),
) -> list[CatalogItem]:
    """Active products whose name or SKU contains every word of ``text`` (accents folded)."""
    terms = fold(text).split()
    if not terms:
        return []
    where, params = ["p.active"], []
    for term in sorted(terms, key=len, reverse=True):
        if len(term) >= 3:  # the trigram index answers LIKE '%term%'
            where.append("s.text LIKE ?")
            params.append(f"%{term}%")
        else:
            where.append("instr(s.text, ?) > 0")
            params.append(term)
    rows = connection.exec_driver_sql(
        f"SELECT {_PRODUCT}, s.text FROM product_search s JOIN products p ON p.rowid = s.rowid "
        f"WHERE {' AND '.join(where)} LIMIT ?",
        (*params, limit),
    ).all()
    # LIKE treats "%" and "_" in a term as wildcards: keep only true substrings
    rows = [row for row in rows if all(term in row[9] for term in terms)]
    query = " ".join(terms)
    items = sorted(
        (_item(row) for row in rows),
        key=lambda item: (
            fold(item.sku) != query,
            not fold(item.name).startswith(query),
            item.name,
        ),
    )
    return _with_prices(connection, items, price_list_ids)


def _item(row, **extra) -> CatalogItem:
    return CatalogItem(
        id=uuid.UUID(hex=row[0]),
        sku=row[1],
        name=row[2],
        group_id=uuid.UUID(hex=row[3]) if row[3] else None,
        tax_id=uuid.UUID(hex=row[4]),
        unit_id=uuid.UUID(hex=row[5]),
        weighed=bool(row[6]),
        active=bool(row[7]),
        description=row[8],
        **extra,
    )


def _with_prices(
    connection: Connection, items: list[CatalogItem], price_list_ids: Sequence[uuid.UUID]
) -> list[CatalogItem]:
    if not items or not price_list_ids:
        return items
    products = [item.id.hex for item in items]
    lists = [list_id.hex for list_id in price_list_ids]
    rows = connection.exec_driver_sql(
        "SELECT product_id, price_list_id, min_qty, price_minor, currency FROM price_list_items "
        f"WHERE product_id IN ({', '.join('?' * len(products))}) "
        f"AND price_list_id IN ({', '.join('?' * len(lists))})",
        (*products, *lists),
    ).all()
    prices: dict[str, list[CatalogPrice]] = {}
    for product_id, list_id, min_qty, price_minor, currency in rows:
        prices.setdefault(product_id, []).append(
            CatalogPrice(uuid.UUID(hex=list_id), Decimal(min_qty), price_minor, currency)
        )
    return [
        replace(item, prices=tuple(sorted(prices.get(item.id.hex, ()), key=_break_order)))
        for item in items
    ]


def _break_order(price: CatalogPrice) -> tuple[str, Decimal]:
    return price.price_list_id.hex, price.min_qty
