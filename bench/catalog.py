"""The seeded, deterministic chain: stores, staff, catalog, prices, customers.

``generate(path, sizes=FULL, seed=7)`` builds a server database: the schema
from the server's own migrations (``kassa server init``), then every row with
``executemany``. Each table gets its own version, as one import transaction
per table would stamp it (``server/changes.py``). Products come from their
own seeded stream, so the first N products of any size are the same documents
(the PouchDB peer compares on the first 100,000).

Prices: list BASE (every store, all products, priority 0); one list per store
(priority 10, a tenth of the products, 5 % off); the other lists are customer
lists for every store (priority -10, never above BASE at the till) sharing
the remaining rows. Customers are every store's; a quarter have a customer list.
"""

from __future__ import annotations

import math
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher

from bench.ean import ean13
from bench.rows import Ids, insert
from bench.vocabulary import city, customer_name, product_name

_LOW, _HIGH = math.log(49), math.log(99_999)  # prices spread like a shop's (log-uniform)
PINS = {"cashier": "1111", "manager": "9999"}
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # bench staff only


@dataclass(frozen=True)
class Sizes:
    products: int
    barcodes: int
    price_rows: int
    price_lists: int
    customers: int
    stores: int
    terminals: int

    def tag(self) -> str:
        return "-".join(str(v) for v in asdict(self).values())


FULL = Sizes(200_000, 400_000, 1_000_000, 50, 50_000, 20, 100)
QUICK = Sizes(3_000, 6_000, 15_000, 50, 500, 20, 100)
TINY = Sizes(300, 600, 1_500, 10, 50, 2, 4)


def generate(path: Path, *, sizes: Sizes, seed: int) -> dict[str, int]:
    """Write the chain into the (migrated, empty) server database at ``path``."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    db.execute("BEGIN")
    counts = _fill(db, sizes=sizes, seed=seed)
    db.execute("COMMIT")
    db.execute("ANALYZE")  # table statistics, as after any big import (refresh_statistics)
    db.close()
    return counts


def _fill(db: sqlite3.Connection, *, sizes: Sizes, seed: int) -> dict[str, int]:
    ids = Ids(random.Random(f"{seed}-ids"))
    rng = random.Random(f"{seed}-master")
    counts: dict[str, int] = {}
    version = iter(range(1, 100))

    def put(table: str, rows) -> None:
        v = next(version)
        counts[table] = insert(db, table, ({**r, "version": v} for r in rows))

    stores = [
        {"id": ids.next(), "code": f"S{n:02d}", "name": f"Filiale {n:02d} {city(rng)}"}
        for n in range(1, sizes.stores + 1)
    ]
    put("stores", stores)
    put("terminals", _terminals(ids, stores, sizes.terminals))
    roles = {
        "cashier": {
            "id": ids.next(),
            "code": "cashier",
            "name": "Cashier",
            "permissions": ["sell", "discount", "open_shift"],
        },
        "manager": {
            "id": ids.next(),
            "code": "manager",
            "name": "Manager",
            "permissions": [
                "sell",
                "discount",
                "price_override",
                "void",
                "return",
                "refund",
                "open_shift",
                "close_shift",
                "cash_movement",
                "reports",
            ],
        },
    }
    put("roles", roles.values())
    hashes = {role: CHEAP.hash(pin) for role, pin in PINS.items()}
    users = [
        {
            "id": ids.next(),
            "code": f"{s['code']}-{role}",
            "name": f"{role.title()} {s['code']}",
            "role_id": roles[role]["id"],
            "store_id": s["id"],
            "pin_hash": hashes[role],
        }
        for s in stores
        for role in PINS
    ]
    put("users", users)
    taxes = [
        {"id": ids.next(), "code": code, "name": name, "rate": rate}
        for code, name, rate in (("A", "Standard", "20"), ("B", "Reduced", "7"), ("C", "Zero", "0"))
    ]
    put("taxes", taxes)
    units = [
        {"id": ids.next(), "code": "pc", "name": "piece", "decimals": 0},
        {"id": ids.next(), "code": "kg", "name": "kilogram", "decimals": 3},
    ]
    put("units", units)
    groups = [{"id": ids.next(), "code": f"G{n:03d}", "name": f"Group {n}"} for n in range(200)]
    put("product_groups", groups)
    product_ids = [ids.next() for _ in range(sizes.products)]
    put("products", _products(seed, product_ids, groups, taxes, units))
    put("barcodes", _barcodes(ids, product_ids, sizes.barcodes))
    lists, plan = _price_lists(ids, stores, sizes)
    put("price_lists", lists)
    put("price_list_items", _price_items(ids, seed, lists, plan, product_ids))
    put(
        "payment_methods",
        [
            {
                "id": ids.next(),
                "code": "cash",
                "name": "Cash",
                "kind": "cash",
                "opens_drawer": True,
                "position": 1,
            },
            {"id": ids.next(), "code": "card", "name": "Card", "kind": "card", "position": 2},
        ],
    )
    customer_lists = [pl["id"] for pl in lists if pl["priority"] < 0]
    put("customers", _customers(ids, rng, sizes.customers, customer_lists))
    last = next(version) - 1
    db.execute("UPDATE change_counter SET value = ? WHERE id = 1", (last,))
    return counts


def _terminals(ids: Ids, stores: list[dict], count: int) -> Iterator[dict]:
    for n in range(count):
        store = stores[n % len(stores)]
        yield {
            "id": ids.next(),
            "store_id": store["id"],
            "code": f"P{n // len(stores) + 1:02d}",
            "name": f"Till {n + 1}",
        }


def _products(seed: int, product_ids, groups, taxes, units) -> Iterator[dict]:
    rng = random.Random(f"{seed}-products")
    for n, pid in enumerate(product_ids):
        weighed = rng.random() < 0.03
        yield {
            "id": pid,
            "sku": f"SKU{n:07d}",
            "name": product_name(rng, n),
            "group_id": groups[rng.randrange(len(groups))]["id"],
            "tax_id": taxes[rng.randrange(2)]["id"],
            "unit_id": units[1 if weighed else 0]["id"],
            "weighed": weighed,
            "description": "",
        }


def _barcodes(ids: Ids, product_ids: list[str], count: int) -> Iterator[dict]:
    for n in range(count):
        pack = n >= len(product_ids)  # the second code of a product is its 6-pack
        yield {
            "id": ids.next(),
            "code": ean13(n, prefix="40"),
            "product_id": product_ids[n % len(product_ids)],
            "quantity": "6" if pack else "1",
        }


def _price_lists(ids: Ids, stores: list[dict], sizes: Sizes) -> tuple[list[dict], list[int]]:
    """The lists and how many products each covers."""
    p = sizes.products
    lists = [
        {"id": ids.next(), "code": "BASE", "name": "Base prices", "currency": "EUR", "priority": 0}
    ]
    plan = [min(p, sizes.price_rows)]
    store_lists = min(len(stores), sizes.price_lists - 1)
    rest = sizes.price_rows - plan[0]
    per_store = min(p, rest // 2 // max(store_lists, 1))
    for store in stores[:store_lists]:
        code = store["code"]
        lists.append(
            {
                "id": ids.next(),
                "code": f"STORE-{code}",
                "currency": "EUR",
                "name": f"Store {code}",
                "store_id": store["id"],
                "priority": 10,
            }
        )
        plan.append(per_store)
    customer_lists = sizes.price_lists - 1 - store_lists
    rest -= per_store * store_lists
    for n in range(customer_lists):
        lists.append(
            {
                "id": ids.next(),
                "code": f"CUST-{n + 1:02d}",
                "currency": "EUR",
                "name": f"Customer list {n + 1}",
                "priority": -10,
            }
        )
        share = rest // customer_lists + (1 if n < rest % customer_lists else 0)
        plan.append(min(p, share))
    return lists, plan


def _price_items(ids: Ids, seed: int, lists, plan, product_ids) -> Iterator[dict]:
    rng = random.Random(f"{seed}-prices")
    base = [int(math.exp(rng.uniform(_LOW, _HIGH))) for _ in product_ids]  # 0.49-999.99
    total = len(product_ids)
    for k, (price_list, count) in enumerate(zip(lists, plan, strict=True)):
        offset = (k * 7919) % total if k else 0
        factor = 1.0 if k == 0 else 0.95 if price_list["priority"] > 0 else 0.9
        for i in range(count):
            n = (offset + i) % total
            yield {
                "id": ids.next(),
                "price_list_id": price_list["id"],
                "product_id": product_ids[n],
                "min_qty": "1",
                "price_minor": int(base[n] * factor),
                "currency": "EUR",
                "store_id": price_list.get("store_id"),
            }


def _customers(ids: Ids, rng: random.Random, count: int, lists: list[str]) -> Iterator[dict]:
    for n in range(count):
        yield {
            "id": ids.next(),
            "code": f"C{n:06d}",
            "name": customer_name(rng),
            "city": city(rng),
            "email": f"customer{n}@example.com",
            "country": "DE",
            "price_list_id": lists[n % len(lists)] if lists and n % 4 == 0 else None,
        }
