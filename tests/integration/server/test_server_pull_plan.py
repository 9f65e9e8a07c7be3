"""A pull page walks the (version, id) index: no sort of the rest of a table per page.

Without table statistics SQLite used to plan the store-scope test through the
``store_id`` index and sort every remaining row for each page (276 ms for an
empty pull at 1M price rows). The page query must be a range scan of
``ix_<table>_version_id`` on a freshly migrated database, and still after
``ANALYZE`` with data in it.
"""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from kassa.server.pull_rows import AFTER_ROW, FROM_VERSION, table_plans
from kassa.server.schema import upgrade
from kassa.server.store import Database, sqlite_url
from kassa.sync.models import REPLICATED_TABLES


def _plans(raw: sqlite3.Connection, store_id: str | None = None) -> dict[str, str]:
    params = {
        "version": 5,
        "row_id": uuid.uuid4().hex,
        "store_id": store_id or uuid.uuid4().hex,
        "limit": 1001,
    }
    plans = {}
    for after in (AFTER_ROW, FROM_VERSION):
        for table, plan in table_plans("sqlite", initial=False, after=after).items():
            rows = raw.execute(f"EXPLAIN QUERY PLAN {plan.positions.text}", params).fetchall()
            plans[f"{table} {after}"] = " / ".join(row[-1] for row in rows)
    return plans


def _walks_the_version_index(plans: dict[str, str]) -> None:
    for key, plan in plans.items():
        table = key.split()[0]
        if table == "stores":  # a terminal sees one store: its primary key
            assert "USING INDEX sqlite_autoindex_stores_1 (id=?)" in plan
            continue
        assert f"INDEX ix_{table}_version_id (" in plan, key
        assert "TEMP B-TREE" not in plan, key


@pytest.fixture
def migrated(tmp_path):
    path = tmp_path / "server.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    db.dispose()
    raw = sqlite3.connect(path)
    yield raw
    raw.close()


def test_every_table_pages_through_its_version_index_on_a_fresh_database(migrated):
    plans = _plans(migrated)
    assert len(plans) == 2 * len(REPLICATED_TABLES)
    _walks_the_version_index(plans)


def test_and_still_once_statistics_know_most_prices_are_for_every_store(migrated):
    store = uuid.uuid4().hex
    rows = [
        (
            uuid.uuid4().hex,
            n // 1000 + 1,
            uuid.uuid4().hex,
            uuid.uuid4().hex,
            None if n % 50 else store,  # 49 in 50 for every store
        )
        for n in range(5000)
    ]
    migrated.executemany(
        "INSERT INTO price_list_items (id, version, deleted, updated_at, price_list_id, "
        "product_id, min_qty, price_minor, currency, store_id) "
        "VALUES (?, ?, 0, '2026-01-01 00:00:00.000000', ?, ?, '1', 100, 'EUR', ?)",
        rows,
    )
    migrated.commit()
    migrated.execute("ANALYZE")
    _walks_the_version_index(_plans(migrated, store_id=store))


def test_migrating_a_database_leaves_table_statistics_behind(migrated):
    names = {row[0] for row in migrated.execute("SELECT name FROM sqlite_master")}
    assert "sqlite_stat1" in names
