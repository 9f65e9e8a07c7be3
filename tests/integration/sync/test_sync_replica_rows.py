"""Rows applied from JSON read back through SQLModel exactly as head office wrote them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from kassa.sync.models import Customer, Invoice, PriceList, Promotion, Role
from kassa.sync.protocol import RowChange
from kassa.sync.pull_wire import PulledChange
from kassa.sync.replica import BadRow, CatalogPuller
from kassa.sync.replica.rows import row_plan


def _rows(catalog):
    when = datetime(2026, 3, 1, 8, 30, 15, 120, tzinfo=UTC)
    return [
        catalog.product("P1", "Crème", group_id=uuid.uuid4(), weighed=True, description="ä"),
        PriceList(
            code="B2B",
            name="Trade",
            currency="CHF",
            includes_tax=False,
            store_id=uuid.uuid4(),
            priority=5,
            valid_from=when,
            valid_to=datetime(2026, 4, 1, tzinfo=UTC),  # no microseconds in its ISO text
        ),
        Promotion(
            code="P10",
            name="10% off",
            kind="percent_off",
            percent=Decimal("7.50"),
            min_qty=Decimal("0.5"),
            starts_at=when.astimezone(timezone(timedelta(hours=2))),  # not UTC on the wire
        ),
        Role(code="MGR", name="Manager", permissions=["void", "refund"]),
        Customer(name="Dupont SA", credit_limit_minor=500000, credit_currency="EUR"),
        Invoice(
            series="F2026",
            number=7,
            customer_id=uuid.uuid4(),
            issued_at=when,
            due_date=date(2026, 3, 31),
            currency="EUR",
            net_minor=1000,
            tax_minor=200,
            total_minor=1200,
            lines=[{"sku": "P1", "qty": "2", "total_minor": 1200}],
        ),
    ]


def test_every_kind_of_column_round_trips(replica, catalog, clock):
    originals = [*catalog.basics(), *_rows(catalog)]
    puller = CatalogPuller(replica, clock=clock)
    for page in catalog.pages(originals, size=100):
        puller.apply_page(page)
    with Session(replica.engine) as session:
        for original in originals:
            stored = session.exec(select(type(original)).where(type(original).id == original.id))
            assert stored.one().model_dump() == original.model_dump()


def test_bad_values_are_named_with_their_table_and_row(catalog):
    product = catalog.product("P1", "Thing")
    data = product.model_dump(mode="json") | {"updated_at": "2026-03-01T08:30:00"}
    change = RowChange(table="products", id=product.id, version=1, data=data)
    with pytest.raises(BadRow, match=f"products row {product.id}: time .* has no time zone"):
        row_plan("products").values(change)
    data = product.model_dump(mode="json") | {"tax_id": "not-a-uuid"}
    change = RowChange(table="products", id=product.id, version=1, data=data)
    with pytest.raises(BadRow, match=f"products row {product.id}"):
        row_plan("products").values(change)


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("version", "12", r"'12' is not a whole number \(version\)"),
        ("version", True, r"True is not a whole number \(version\)"),
        ("name", 42, r"42 is not text \(name\)"),
        ("weighed", "yes", r"'yes' is not true or false \(weighed\)"),
        ("sku", None, "sku is null; it needs a value"),
        ("tax_id", 5, r".*\(tax_id\)"),
        ("tax_id", "0190abcd-ef01-7000-8000-00000000beeg", r".*\(tax_id\)"),
        ("updated_at", "2026-02-30T08:30:00Z", r"day is out of range .*\(updated_at\)"),
        ("updated_at", "2026-03-01T08:30:00.000000", r"time .* has no time zone \(updated_at\)"),
    ],
)
def test_values_of_the_wrong_type_are_refused_naming_the_column(catalog, column, value, reason):
    product = catalog.product("P1", "Thing")
    data = product.model_dump(mode="json") | {column: value}
    change = PulledChange("products", str(product.id), 1, False, data)
    with pytest.raises(BadRow, match=f"products row {product.id}: {reason}"):
        row_plan("products").values(change)


def test_a_decimal_sent_as_a_float_is_refused(catalog):
    item = catalog.price(catalog.product("P1", "Thing"), 120)
    data = item.model_dump(mode="json") | {"min_qty": 1.5}
    change = PulledChange("price_list_items", str(item.id), 1, False, data)
    with pytest.raises(BadRow, match=r"decimal 1.5 came as a float; send it as text \(min_qty\)"):
        row_plan("price_list_items").values(change)


def test_times_from_the_server_are_stored_as_sqlalchemy_stores_them(catalog):
    product = catalog.product("P1", "Thing")
    plan = row_plan("products")
    at = plan.columns.index("updated_at")
    for sent, stored in [
        ("2026-03-01T08:30:15.000120Z", "2026-03-01 08:30:15.000120"),
        ("2026-03-01T08:30:15Z", "2026-03-01 08:30:15.000000"),
        ("2026-03-01T10:30:15.5+02:00", "2026-03-01 08:30:15.500000"),
    ]:
        data = product.model_dump(mode="json") | {"updated_at": sent}
        assert plan.values(PulledChange("products", str(product.id), 1, False, data))[at] == stored
