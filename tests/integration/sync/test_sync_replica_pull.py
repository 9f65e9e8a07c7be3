"""Applying pull pages: staged first sync, incremental changes, resets, bad pages."""

from __future__ import annotations

import json
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from kassa.sync.protocol import PullPage, RowChange
from kassa.sync.pull_wire import read_pull_page
from kassa.sync.replica import (
    BadRow,
    CatalogPuller,
    UnitOfWork,
    load_sync_state,
    lookup_barcode,
    reading,
    record_fact,
    search_products,
)
from kassa.sync.replica.migrate import include_object, target_metadata


def _catalog_rows(catalog, count: int):
    rows, products = catalog.basics(), []
    for n in range(count):
        product = catalog.product(f"SKU{n:03d}", f"Product {n:03d}")
        products.append(product)
        rows += [product, catalog.barcode(product, f"400{n:010d}"), catalog.price(product, 100 + n)]
    return rows, products


def _initial_sync(replica, catalog, clock, count: int = 4):
    rows, products = _catalog_rows(catalog, count)
    puller = CatalogPuller(replica, clock=clock)
    for page in catalog.pages(rows, size=5):
        puller.apply_page(page)
    return puller, products


def _count(replica, table: str) -> int:
    with reading(replica) as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_the_first_sync_is_invisible_until_its_last_page_then_whole(replica, catalog, clock):
    rows, _ = _catalog_rows(catalog, 4)  # 3 + 12 rows
    pages = catalog.pages(rows, size=5)
    puller = CatalogPuller(replica, clock=clock)
    assert puller.cursor() == ""
    first = puller.apply_page(pages[0])
    second = puller.apply_page(pages[1])
    assert (first.rows_done, first.rows_total, first.staged) == (5, 15, True)
    assert (second.rows_done, second.rows_total, second.finished) == (10, 15, False)
    # nothing of the half-pulled catalog is visible yet
    assert _count(replica, "products") == 0
    with reading(replica) as conn:
        assert lookup_barcode(conn, "4000000000000") is None
        state = load_sync_state(conn)
    assert not state.catalog_ready and state.staged_pull
    assert (state.staged_rows_done, state.staged_rows_total) == (10, 15)
    # the process dies; a new puller resumes from the staged cursor
    again = CatalogPuller(replica, clock=clock)
    assert again.cursor() == pages[1].next_cursor
    assert again.progress() == (10, 15)
    last = again.apply_page(pages[2])
    assert (last.rows_done, last.rows_total, last.finished) == (15, 15, True)
    with reading(replica) as conn:
        item = lookup_barcode(conn, "4000000000003", price_list_ids=[catalog.price_list.id])
        state = load_sync_state(conn)
        assert [hit.sku for hit in search_products(conn, "duct 002")] == ["SKU002"]
    assert item is not None and item.prices[0].price_minor == 103
    assert state.catalog_ready and not state.staged_pull
    assert state.cursor == pages[2].next_cursor and state.last_pull_at is not None
    assert again.cursor() == pages[2].next_cursor
    assert _count(replica, "products") == 4


def test_after_a_swap_the_schema_is_exactly_the_migrated_one(replica, catalog, clock):
    _initial_sync(replica, catalog, clock)
    with replica.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(context, target_metadata()) == []
        triggers = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).scalars()
        assert list(triggers) == [
            "fact_no_delete",
            "fact_no_update",
            "products_search_delete",
            "products_search_insert",
            "products_search_update",
        ]
        leftovers = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'stage%'"
        ).scalar()
    assert leftovers == 0


def test_incremental_pages_update_delete_and_keep_search_in_step(replica, catalog, clock):
    puller, products = _initial_sync(replica, catalog, clock)
    renamed = products[0].model_copy(update={"name": "Crème brûlée"})
    barcode = catalog.barcode(products[1], "4000000000001")
    barcode.id = _barcode_id(replica, "4000000000001")
    new = catalog.product("NEW1", "Tarte tatin")
    progress = puller.apply_page(
        catalog.page(
            [
                catalog.change(renamed),
                catalog.change(barcode, deleted=True),
                catalog.change(new),
            ],
            "c-next",
        )
    )
    assert (progress.staged, progress.finished, progress.rows_done) == (False, True, 3)
    with reading(replica) as conn:
        assert [hit.sku for hit in search_products(conn, "creme")] == ["SKU000"]
        assert search_products(conn, "product 000") == []
        assert [hit.sku for hit in search_products(conn, "tatin")] == ["NEW1"]
        assert lookup_barcode(conn, "4000000000001") is None
        assert load_sync_state(conn).cursor == "c-next"
    assert _count(replica, "product_search") == 5


def test_a_code_moving_to_another_row_within_a_pull_does_not_fail(replica, catalog, clock):
    puller, products = _initial_sync(replica, catalog, clock)
    old = catalog.barcode(products[0], "4000000000000")
    old.id = _barcode_id(replica, "4000000000000")
    moved = catalog.barcode(products[1], "4000000000000")  # head office reassigned the code
    old.code = "4009999999999"
    # in version order the newcomer comes first; the old row's new state follows
    puller.apply_page(catalog.page([catalog.change(moved), catalog.change(old)], "c2"))
    with reading(replica) as conn:
        assert lookup_barcode(conn, "4000000000000").sku == "SKU001"
        assert lookup_barcode(conn, "4009999999999").sku == "SKU000"


def test_a_bad_page_leaves_rows_and_cursor_as_they_were(replica, catalog, clock):
    puller, _ = _initial_sync(replica, catalog, clock)
    cursor = puller.cursor()
    good = catalog.change(catalog.product("OK1", "Fine"))
    data = catalog.product("BAD1", "Broken").model_dump(mode="json")
    del data["tax_id"]
    bad = RowChange(table="products", id=data["id"], version=99, data=data)
    with pytest.raises(BadRow, match=r"products row .* has no 'tax_id'"):
        puller.apply_page(catalog.page([good, bad], "c-bad"))
    unknown = RowChange(table="gift_cards", id=data["id"], version=100, data={})
    with pytest.raises(BadRow, match=r"'gift_cards'.*update it"):
        puller.apply_page(catalog.page([unknown], "c-bad"))
    assert puller.cursor() == cursor
    assert _count(replica, "products") == 4


def test_a_reset_keeps_the_old_catalog_until_the_new_one_is_complete(enrolled, catalog, clock):
    replica = enrolled
    puller, products = _initial_sync(replica, catalog, clock)
    reset = puller.apply_page(PullPage(changes=[], next_cursor="", has_more=True, reset=True))
    assert reset.staged and not reset.finished
    assert puller.cursor() == ""
    fresh = catalog.product("FRESH", "Fresh start")
    rows = [*catalog.basics(), products[0], fresh, catalog.barcode(fresh, "999")]
    pages = catalog.pages(rows, size=3, cursor_prefix="e2-")
    puller.apply_page(pages[0])
    with reading(replica) as conn:  # still selling from the old catalog
        assert lookup_barcode(conn, "4000000000002").sku == "SKU002"
        assert lookup_barcode(conn, "999") is None
    with UnitOfWork(replica, clock=clock) as uow:  # and completing sales meanwhile
        sale = record_fact(uow, type="receipt", payload={"sku": "SKU002"}, number_kind="receipt")
        uow.commit()
    assert sale.number == "S01-T02-000001"
    puller.apply_page(pages[1])
    with reading(replica) as conn:
        assert lookup_barcode(conn, "4000000000002") is None
        assert lookup_barcode(conn, "999").sku == "FRESH"
        assert [hit.sku for hit in search_products(conn, "fresh")] == ["FRESH"]
        assert load_sync_state(conn).cursor == pages[1].next_cursor
    assert _count(replica, "products") == 2


def _barcode_id(replica, code: str):
    with reading(replica) as conn:
        hex_id = conn.execute(
            text("SELECT id FROM barcodes WHERE code = :code"), {"code": code}
        ).scalar_one()
    return uuid.UUID(hex=hex_id)


def test_an_empty_catalog_completes_the_first_sync(replica, clock):
    puller = CatalogPuller(replica, clock=clock)
    done = puller.apply_page(PullPage(changes=[], next_cursor="e1-0", has_more=False))
    assert (done.rows_done, done.rows_total, done.finished) == (0, 0, True)
    with reading(replica) as conn:
        state = load_sync_state(conn)
    assert state.catalog_ready and state.cursor == "e1-0"
    assert puller.progress() == (0, 0)


def test_a_page_off_the_wire_with_one_bad_value_is_not_applied_at_all(replica, catalog, clock):
    puller, products = _initial_sync(replica, catalog, clock)
    cursor = puller.cursor()
    renamed = products[0].model_copy(update={"name": "Renamed"})
    bad = catalog.price(products[1], 250)
    page = catalog.page([catalog.change(renamed), catalog.change(bad)], "c-bad")
    body = json.loads(page.model_dump_json())
    body["changes"][1]["data"]["price_minor"] = "2.50"  # money never as text or a float
    with pytest.raises(BadRow, match=r"price_list_items row .*'2.50' is not a whole number"):
        puller.apply_page(read_pull_page(json.dumps(body).encode()))
    assert puller.cursor() == cursor
    with reading(replica) as conn:
        assert [hit.name for hit in search_products(conn, "renamed")] == []
    body["changes"][1]["data"]["price_minor"] = 250
    progress = puller.apply_page(read_pull_page(json.dumps(body).encode()))
    assert progress.finished and puller.cursor() == "c-bad"
    with reading(replica) as conn:
        assert [hit.name for hit in search_products(conn, "renamed")] == ["Renamed"]
