"""Head office during the soak: changes prices while the terminals sell.

Every few seconds one store's price list gets new prices for a random run of
products, through the real importer: mostly in-process (``import_file``, what
``kassa server import`` calls), every third time as the ``kassa server import
prices`` command. An import that fails (the database is restarting) is tried
again with the same file until it goes in, so ``expected`` is always what head
office last set: {store code: {sku: price in minor units}}.
"""

from __future__ import annotations

import random
import threading
import time

from sync_head_office import HeadOffice


class PriceChanges(threading.Thread):
    def __init__(
        self,
        *,
        office: HeadOffice,
        stores: list[str],
        products: int,
        every: float,
        seed: int,
        stop: threading.Event,
    ) -> None:
        super().__init__(name="head-office", daemon=True)
        self.office, self.stores, self.products = office, stores, products
        self.every, self.stop = every, stop
        self.rng = random.Random(seed)
        self.expected = {store: {} for store in stores}
        self.changes = self.by_command = self.retries = 0
        self.errors: list[str] = []

    def set_initial(self, *, price_minor: int) -> None:
        for store in self.stores:
            self._expect(store, count=self.products, price_minor=price_minor)

    def run(self) -> None:
        while not self.stop.wait(self.rng.uniform(0.5, 1.5) * self.every):
            store = self.rng.choice(self.stores)
            count = self.rng.randint(1, self.products)
            price_minor = 100 * self.rng.randint(1, 500)
            cli = self.changes % 3 == 2
            if self._reprice(store=store, count=count, price_minor=price_minor, cli=cli):
                self.changes += 1
                self.by_command += cli

    def _reprice(self, *, store: str, count: int, price_minor: int, cli: bool) -> bool:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.office.reprice(store=store, products=count, price_minor=price_minor, cli=cli)
            except Exception as exc:  # the database is restarting: the same file again
                self.retries += 1
                last = repr(exc)
                time.sleep(0.5)
                continue
            self._expect(store, count=count, price_minor=price_minor)
            return True
        self.errors.append(f"prices for {store} could not be imported in 120 s: {last}")
        return False

    def _expect(self, store: str, *, count: int, price_minor: int) -> None:
        self.expected[store].update({f"SKU-{n}": price_minor + n for n in range(count)})
