"""Head office for the sync e2e tests: the server database and its tools.

The catalog arrives the way head office loads it: CSV files imported with
``kassa server import`` (subprocesses), or, where a test reprices many times
and only speed matters, the same importer called in-process. Enrollment codes
come from ``kassa server enroll-code``.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from sync_devices import kassa

from kassa.server.csvio import import_file
from kassa.server.schema import upgrade
from kassa.server.store import Database

_files = itertools.count(1)


class HeadOffice:
    def __init__(self, database_url: str, *, workdir: Path) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.env = {"KASSA_DATA_DIR": str(workdir), "KASSA_CONFIG": str(workdir / "none.toml")}
        self.db = Database(database_url)
        upgrade(self.db)

    def close(self) -> None:
        self.db.dispose()

    def catalog(self, *, store: str, products: int, price_minor: int, cli: bool = True) -> None:
        """A store, a tax and a unit, ``products`` products and the store's price list."""
        self.import_csv(
            "stores", [{"code": store, "name": f"Store {store}", "currency": "EUR"}], cli
        )
        self.import_csv("taxes", [{"code": "STD", "name": "Standard", "rate": "20"}], cli)
        self.import_csv("units", [{"code": "pc", "name": "piece"}], cli)
        rows = [
            {"sku": f"SKU-{n}", "name": f"Product {n}", "tax": "STD", "unit": "pc"}
            for n in range(products)
        ]
        self.import_csv("products", rows, cli)
        price_list = {"code": f"PL-{store}", "name": "Shop", "currency": "EUR", "store": store}
        self.import_csv("price-lists", [price_list], cli)
        self.reprice(store=store, products=products, price_minor=price_minor, cli=cli)

    def reprice(self, *, store: str, products: int, price_minor: int, cli: bool = True) -> None:
        """Prices ``price_minor + n`` cents for products 0..products-1 of ``store``'s list."""
        rows = [
            {"price_list": f"PL-{store}", "sku": f"SKU-{n}", "price": _euros(price_minor + n)}
            for n in range(products)
        ]
        self.import_csv("prices", rows, cli)

    def import_csv(self, kind: str, rows: list[dict[str, str]], cli: bool = True) -> None:
        path = self.workdir / f"{next(_files):03d}-{kind}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        if not cli:
            import_file(self.db, kind=kind, path=path)
            return
        done = kassa(
            "server", "import", kind, str(path), "--database-url", self.database_url, env=self.env
        )
        assert done.returncode == 0, done.stderr

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


def _euros(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"
