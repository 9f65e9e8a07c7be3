"""Fixtures for the device replica tests: a real SQLite file per test, a clock, a catalog.

``catalog`` builds master-data rows the way head office stores them (SQLModel
objects) and turns them into pull pages the way the server sends them
(``RowChange`` with ``model_dump(mode="json")``), so the replica is fed exactly
the JSON it gets in production.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from kassa.core.ids import new_id
from kassa.sync.models import Barcode, PriceList, PriceListItem, Product, Tax, Unit
from kassa.sync.protocol import PullPage, RowChange
from kassa.sync.replica import DeviceIdentity, UnitOfWork, open_replica, save_identity


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


class Catalog:
    """Master data as head office has it, and pull pages of its changes."""

    def __init__(self) -> None:
        self.versions = itertools.count(1)
        self.tax = Tax(code="VAT20", name="VAT 20%", rate=Decimal("20"))
        self.unit = Unit(code="pc", name="piece")
        self.price_list = PriceList(code="STORE", name="Store prices", currency="EUR")

    def product(self, sku: str, name: str, **fields) -> Product:
        return Product(sku=sku, name=name, tax_id=self.tax.id, unit_id=self.unit.id, **fields)

    def barcode(self, product: Product, code: str, quantity: str = "1") -> Barcode:
        return Barcode(code=code, product_id=product.id, quantity=Decimal(quantity))

    def price(self, product: Product, minor: int, min_qty: str = "1") -> PriceListItem:
        return PriceListItem(
            price_list_id=self.price_list.id,
            product_id=product.id,
            price_minor=minor,
            currency="EUR",
            min_qty=Decimal(min_qty),
        )

    def change(self, row, *, deleted: bool = False) -> RowChange:
        row.version = next(self.versions)
        table = row.__tablename__
        if deleted:
            return RowChange(table=table, id=row.id, version=row.version, deleted=True)
        return RowChange(
            table=table, id=row.id, version=row.version, data=row.model_dump(mode="json")
        )

    def pages(self, rows, *, size: int, cursor_prefix: str = "c") -> list[PullPage]:
        changes = [self.change(row) for row in rows]
        pages = []
        for start in range(0, len(changes), size):
            chunk = changes[start : start + size]
            pages.append(
                PullPage(
                    changes=chunk,
                    next_cursor=f"{cursor_prefix}{chunk[-1].version}",
                    has_more=start + size < len(changes),
                    remaining=max(len(changes) - start - size, 0),
                )
            )
        return pages

    @staticmethod
    def page(changes: list[RowChange], cursor: str, *, has_more: bool = False) -> PullPage:
        return PullPage(changes=changes, next_cursor=cursor, has_more=has_more)

    def basics(self) -> list:
        return [self.tax, self.unit, self.price_list]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def replica(tmp_path):
    replica = open_replica(tmp_path / "device.sqlite")
    yield replica
    replica.dispose()


@pytest.fixture
def enrolled(replica, clock):
    with UnitOfWork(replica, clock=clock) as uow:
        save_identity(
            uow.connection,
            DeviceIdentity(
                terminal_id=new_id(),
                terminal_code="T02",
                store_id=new_id(),
                store_code="S01",
                server_url="http://127.0.0.1:8000",
                enrolled_at=clock(),
            ),
        )
        uow.commit()
    return replica


@pytest.fixture
def catalog() -> Catalog:
    return Catalog()
