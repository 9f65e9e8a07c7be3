"""Price resolution: customer list > store list > base price, breaks, dates, currency."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kassa.core.money import Money
from kassa.core.pricing import (
    ListPrices,
    NoPrice,
    PriceList,
    PriceListItem,
    PriceSource,
    UnitPrice,
    resolve_price,
)
from kassa.core.tax import PriceMode, TaxRate

D = date(2026, 3, 15)


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


BASE = UnitPrice(eur("2.00"), includes_tax=True)
STORE = ListPrices(
    PriceList("store-1", "EUR", includes_tax=True),
    (
        PriceListItem(eur("1.90")),
        PriceListItem(eur("1.70"), min_quantity=Decimal(10)),
        PriceListItem(eur("1.50"), min_quantity=Decimal(50)),
        # March offer: beats the open-ended 1.90 at the same min_quantity (0)
        PriceListItem(eur("1.79"), valid_from=date(2026, 3, 1), valid_to=date(2026, 3, 31)),
    ),
)
CUSTOMER = ListPrices(
    PriceList("acme", "EUR", includes_tax=False),
    (PriceListItem(eur("1.20"), min_quantity=Decimal(20)),),  # only from 20 pieces
)


def resolve(quantity: str, *, on: date = D, customer=CUSTOMER, store=STORE, code="EUR"):
    return resolve_price(
        product="P1",
        base=BASE,
        quantity=Decimal(quantity),
        on=on,
        code=code,
        customer=customer,
        store=store,
    )


@pytest.mark.parametrize(
    ("quantity", "on", "source", "price", "list_id"),
    [
        # 1 piece in March: customer list needs 20 -> store list; March offer 1.79 beats 1.90
        ("1", D, PriceSource.STORE_LIST, "1.79", "store-1"),
        # 1 piece in April: the offer has ended -> open-ended 1.90
        ("1", date(2026, 4, 1), PriceSource.STORE_LIST, "1.90", "store-1"),
        # last day of the offer is inclusive
        ("1", date(2026, 3, 31), PriceSource.STORE_LIST, "1.79", "store-1"),
        # 10 pieces: break at 10 (1.70) beats the min-0 offer (1.79): highest break wins
        ("10", D, PriceSource.STORE_LIST, "1.70", "store-1"),
        # 0.750 (weighed) is below 10 -> min-0 items
        ("0.750", D, PriceSource.STORE_LIST, "1.79", "store-1"),
        # 20 pieces: the customer list applies and wins over the store's 1.70
        ("20", D, PriceSource.CUSTOMER_LIST, "1.20", "acme"),
        # 60 pieces: the customer list still wins over the store's cheaper 1.50 break
        ("60", D, PriceSource.CUSTOMER_LIST, "1.20", "acme"),
        # a return of 20 pieces (negative) uses the same break as the sale
        ("-20", D, PriceSource.CUSTOMER_LIST, "1.20", "acme"),
    ],
)
def test_precedence_and_breaks(quantity, on, source, price, list_id):
    got = resolve(quantity, on=on)
    assert (got.source, got.unit.amount, got.price_list_id) == (source, eur(price), list_id)


def test_base_price_when_no_list_applies():
    got = resolve("1", customer=None, store=None)
    assert got == resolve_price(product="P1", base=BASE, quantity=Decimal(1), on=D, code="EUR")
    assert (got.source, got.unit, got.price_list_id) == (PriceSource.BASE, BASE, None)


def test_list_validity_dates():
    expired = ListPrices(
        PriceList("old", "EUR", includes_tax=True, valid_to=date(2026, 3, 14)),
        (PriceListItem(eur("0.10")),),
    )
    future = ListPrices(
        PriceList("new", "EUR", includes_tax=True, valid_from=date(2026, 3, 16)),
        (PriceListItem(eur("0.10")),),
    )
    assert resolve("1", customer=expired, store=future).source is PriceSource.BASE
    # on its first day the future list is valid (inclusive)
    assert resolve("1", on=date(2026, 3, 16), customer=expired, store=future).price_list_id == (
        "new"
    )


def test_list_in_another_currency_does_not_apply():
    chf_list = ListPrices(
        PriceList("ch", "CHF", includes_tax=True), (PriceListItem(Money.of("1.00", "CHF")),)
    )
    assert resolve("1", customer=chf_list).source is PriceSource.STORE_LIST
    # a CHF sale: the CHF list applies, the EUR store list does not
    got = resolve("1", customer=None, store=chf_list, code="CHF")
    assert got.unit.amount == Money.of("1.00", "CHF")


def test_no_price_names_the_product_and_what_to_do():
    with pytest.raises(NoPrice, match=r"'P1'.*EUR.*add a CHF price"):
        resolve("1", customer=None, store=None, code="CHF")


def test_item_currency_must_match_its_list():
    with pytest.raises(ValueError, match="is in EUR but has an item priced in USD"):
        ListPrices(PriceList("x", "EUR", True), (PriceListItem(Money.of("1", "USD")),))
    with pytest.raises(ValueError, match="must not be negative"):
        PriceListItem(eur("1"), min_quantity=Decimal(-1))


def test_equal_breaks_equal_dates_take_the_lower_price():
    both = ListPrices(
        PriceList("d", "EUR", True), (PriceListItem(eur("1.10")), PriceListItem(eur("1.05")))
    )
    assert resolve("1", customer=None, store=both).unit.amount == eur("1.05")


@pytest.mark.parametrize(
    ("amount", "includes_tax", "mode", "expected"),
    [
        ("1.19", True, PriceMode.GROSS, "1.19"),  # already gross
        ("1.19", True, PriceMode.NET, "1.00"),  # 1.19 * 100 / 119 = 1.00
        ("1.00", False, PriceMode.GROSS, "1.19"),  # 1.00 * 119 / 100 = 1.19
        ("0.99", True, PriceMode.NET, "0.83"),  # 0.99 / 1.19 = 0.8319 -> 0.83
        ("1.20", False, PriceMode.NET, "1.20"),  # already net
    ],
)
def test_unit_price_in_mode(amount, includes_tax, mode, expected):
    rate = TaxRate("A", Decimal(19))
    assert UnitPrice(eur(amount), includes_tax).in_mode(mode, rate) == eur(expected)


@given(
    quantity=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=3),
    customer_min=st.integers(0, 100),
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
)
def test_customer_list_wins_whenever_it_applies(quantity, customer_min, day):
    customer = ListPrices(
        PriceList("c", "EUR", False, valid_from=date(2026, 6, 1)),
        (PriceListItem(eur("9.99"), min_quantity=Decimal(customer_min)),),
    )
    got = resolve(str(quantity), on=day, customer=customer)
    applies = quantity >= customer_min and day >= date(2026, 6, 1)
    assert (got.source is PriceSource.CUSTOMER_LIST) == applies
    if not applies:
        assert got.source is PriceSource.STORE_LIST
