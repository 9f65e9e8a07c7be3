"""Catalog queries a cashier notices: scan a barcode, type a few letters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kassa.sync.replica import CatalogPuller, lookup_barcode, lookup_sku, reading, search_products


@pytest.fixture
def shop(replica, catalog, clock):
    products = {
        "creme": catalog.product("DES-001", "Crème Brûlée"),
        "cafe": catalog.product("BEV-100", "Café noir"),
        "smor": catalog.product("SAND-7", "Smørrebrød Łódź"),
        "beer": catalog.product("BEV-200", "Weißbier 6-pack"),
        "old": catalog.product("OLD-1", "Crème ancienne", active=False),
    }
    extra = catalog.price(products["beer"], 1099, min_qty="6")
    rows = [
        *catalog.basics(),
        *products.values(),
        catalog.barcode(products["creme"], "4006381333931"),
        catalog.barcode(products["beer"], "4006381333948", quantity="6"),
        catalog.price(products["creme"], 450),
        catalog.price(products["beer"], 199),
        extra,
        catalog.price(products["cafe"], 250),
    ]
    puller = CatalogPuller(replica, clock=clock)
    for page in catalog.pages(rows, size=50):
        puller.apply_page(page)
    return products


def _skus(hits):
    return [hit.sku for hit in hits]


def test_a_scanned_barcode_finds_the_product_its_pack_size_and_its_prices(replica, catalog, shop):
    with reading(replica) as conn:
        beer = lookup_barcode(conn, " 4006381333948 ", price_list_ids=[catalog.price_list.id])
        creme = lookup_barcode(conn, "4006381333931")
        unknown = lookup_barcode(conn, "4006381333955")
    assert beer.name == "Weißbier 6-pack" and beer.pack_quantity == Decimal(6)
    assert [(p.min_qty, p.price_minor, p.currency) for p in beer.prices] == [
        (Decimal(1), 199, "EUR"),
        (Decimal(6), 1099, "EUR"),
    ]
    assert creme.sku == "DES-001" and creme.barcode == "4006381333931"
    assert creme.prices == ()  # no price list asked for
    assert unknown is None


def test_search_folds_accents_and_finds_any_substring(replica, shop):
    with reading(replica) as conn:
        assert _skus(search_products(conn, "creme")) == ["DES-001"]
        assert _skus(search_products(conn, "BRÛ")) == ["DES-001"]
        assert _skus(search_products(conn, "ulee")) == ["DES-001"]
        assert _skus(search_products(conn, "smorre lodz")) == ["SAND-7"]
        assert _skus(search_products(conn, "weissbier")) == ["BEV-200"]
        assert sorted(_skus(search_products(conn, "bev"))) == ["BEV-100", "BEV-200"]
        assert _skus(search_products(conn, "6-pa")) == ["BEV-200"]
        assert _skus(search_products(conn, "caf no")) == ["BEV-100"]  # a short word narrows
        assert search_products(conn, "xyz") == []
        assert search_products(conn, "   ") == []
        assert search_products(conn, "100%") == []  # % is text here, not a wildcard


def test_search_hides_inactive_products_and_respects_the_limit(replica, shop):
    with reading(replica) as conn:
        assert _skus(search_products(conn, "crème")) == ["DES-001"]
        assert len(search_products(conn, "e", limit=2)) == 2


def test_search_and_sku_lookup_bring_prices_when_asked(replica, catalog, shop):
    lists = [catalog.price_list.id]
    with reading(replica) as conn:
        (cafe,) = search_products(conn, "cafe", price_list_ids=lists)
        sku = lookup_sku(conn, "BEV-100", price_list_ids=lists)
        assert lookup_sku(conn, "NOPE") is None
    assert cafe.prices[0].price_minor == 250
    assert sku == cafe
