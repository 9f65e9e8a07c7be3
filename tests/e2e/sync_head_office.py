"""Head office for the sync e2e tests: the server database and its tools.

Enrollment codes come from ``kassa server enroll-code`` (a subprocess, as head
office runs it). The catalog is written with the server's own master-data
services from the test process, while the server processes run.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sync_devices import kassa

from kassa.server import masterdata
from kassa.server.changes import ChangeWriter
from kassa.server.kinds import KINDS
from kassa.server.schema import upgrade
from kassa.server.store import Database


class HeadOffice:
    """The server database, written with the server's own services."""

    def __init__(self, database_url: str, *, workdir: Path) -> None:
        self.database_url = database_url
        self.env = {"KASSA_DATA_DIR": str(workdir), "KASSA_CONFIG": str(workdir / "none.toml")}
        self.db = Database(database_url)
        upgrade(self.db)

    def close(self) -> None:
        self.db.dispose()

    def catalog(self, *, store: str, products: int, price_minor: int) -> None:
        """A store, its tax and unit, ``products`` products and one store price list."""
        with self.db.write() as session:
            changes = ChangeWriter(session)
            shop = self._upsert(changes, "stores", code=store, name=f"Store {store}")
            tax = self._upsert(changes, "taxes", code="VAT20", name="VAT", rate=Decimal(20))
            unit = self._upsert(changes, "units", code="pc", name="piece")
            prices = self._upsert(
                changes,
                "price-lists",
                code=f"PL-{store}",
                name="Shop",
                currency="EUR",
                store_id=shop.id,
            )
            for n in range(products):
                product = self._upsert(
                    changes,
                    "products",
                    sku=f"SKU-{n}",
                    name=f"Product {n}",
                    tax_id=tax.id,
                    unit_id=unit.id,
                )
                self._upsert(
                    changes,
                    "price-list-items",
                    price_list_id=prices.id,
                    product_id=product.id,
                    min_qty=Decimal(1),
                    price_minor=price_minor + n,
                    currency="EUR",
                )

    def reprice(self, *, store: str, products: int, price_minor: int) -> None:
        """New prices for the first ``products`` products of ``store``'s list."""
        self.catalog(store=store, products=products, price_minor=price_minor)

    def enroll_code(self, store: str) -> str:
        done = kassa(
            "server",
            "enroll-code",
            "--store",
            store,
            "--database-url",
            self.database_url,
            env=self.env,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    @staticmethod
    def _upsert(changes: ChangeWriter, kind: str, **values):
        row, _ = masterdata.upsert(changes, KINDS[kind], values)
        return row
