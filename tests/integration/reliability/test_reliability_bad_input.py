"""Bad input at the terminal (issue 8, item 6, device side): scanner noise and
malformed barcodes, quantities that are negative or not allowed, prices with too
many decimals, unknown or foreign currencies, oversized text. Each is refused
with a message naming what is wrong and what to do, and nothing is written: no
fact, no parked sale, the cart exactly as it was.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from reliability_rig import eur, fact_rows, open_shift, seeded, start

from kassa.core.money import Money
from kassa.terminal.services.errors import (
    InvalidInput,
    NotFound,
    PaymentError,
    ReturnRefused,
    ServiceError,
)
from kassa.terminal.services.events import Tender
from kassa.terminal.ui.viewmodels.text import typed_money

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def till(tmp_path_factory):
    """One till for the module: every case must leave it exactly as it found it."""
    data_dir = tmp_path_factory.mktemp("bad-input")
    seeded(data_dir)
    till = start(data_dir)
    open_shift(till)
    till.sell("036000291452", cash="10")  # receipt S01-T01-000001, for the return cases
    till.pos.sale.scan("4006381333931")  # a cart with one line of milk
    yield till
    till.close()


def _parked(till) -> int:
    db = sqlite3.connect(till.data_dir / "terminal-state.sqlite3")
    try:
        return db.execute("SELECT count(*) FROM local_state WHERE kind = 'parked_sale'").fetchone()[
            0
        ]
    finally:
        db.close()


def refused(till, error: type[ServiceError], match: str, call) -> None:
    facts, cart, parked = fact_rows(till.data_dir), till.pos.sale.view(), _parked(till)
    with pytest.raises(error, match=match):
        call()
    assert fact_rows(till.data_dir) == facts
    assert till.pos.sale.view() == cart
    assert _parked(till) == parked


def _line(till) -> str:
    return till.pos.sale.view().lines[0].line.line_id


SCANS = [
    ("", InvalidInput, "the scan is empty"),
    ("\x1b[A\x00\x07", InvalidInput, "scanner noise"),
    ("4006381\x00333931", InvalidInput, "scanner noise"),
    ("9" * 5000, InvalidInput, "5000 characters long, too long for a barcode"),
    ("4006381333932", InvalidInput, "the check digit is 2, it should be 1"),
    ("03600029145", NotFound, "search it by name"),  # UPC-A missing a digit: not ours
    ("]C1garbage", InvalidInput, "GS1 code"),
    ("(01)123", InvalidInput, "GS1 code"),
    ("2812340", NotFound, "No product has barcode 2812340"),
]


@pytest.mark.parametrize(("raw", "error", "match"), SCANS)
def test_scanner_noise_and_malformed_barcodes(till, raw, error, match):
    refused(till, error, match, lambda: till.pos.sale.scan(raw))


QUANTITIES = [
    (Decimal(-1), "more than 0"),
    (Decimal(0), "more than 0"),
    (Decimal("NaN"), "more than 0"),
    (Decimal("1E+6"), "at most 9999"),
    ("two", "'two' is not a number"),
    (Decimal("1.5"), "sold by the piece: enter a whole number"),
]


@pytest.mark.parametrize(("quantity", "match"), QUANTITIES)
def test_quantities_that_are_not_allowed(till, quantity, match):
    refused(till, InvalidInput, match, lambda: till.pos.sale.set_quantity(_line(till), quantity))
    refused(till, InvalidInput, match, lambda: till.pos.sale.scan("96385074", quantity=quantity))


def test_a_weighed_item_takes_at_most_grams(till):
    refused(
        till,
        InvalidInput,
        "at most 3 decimals",
        lambda: till.pos.sale.add(
            till.pos.sale.search("Apples")[0].product_id, quantity=Decimal("0.1234")
        ),
    )


def test_negative_and_excess_returns(till):
    receipt = till.pos.returns.find("S01-T01-000001")
    line = receipt.lines[0].line_id
    ok = till.pos.auth.approve("9999", action="return")
    for quantity, match in ((Decimal(-1), "at most 1 can still come back"), (Decimal(2), "not 2")):
        refused(
            till,
            ReturnRefused,
            match,
            lambda q=quantity: till.pos.returns.complete(
                receipt_number="S01-T01-000001", quantities={line: q}, reason="x", approval=ok
            ),
        )


@pytest.mark.parametrize(
    ("text", "currency", "match"),
    [
        ("1.234", "EUR", "too many decimals for EUR"),
        ("100.5", "JPY", "too many decimals for JPY"),
        ("1.2345", "KWD", "too many decimals for KWD"),  # three decimals are fine there
        ("abc", "EUR", "Type the price"),
    ],
)
def test_typed_prices_with_too_many_decimals(text, currency, match):
    with pytest.raises(InvalidInput, match=match):
        typed_money(text, currency, what="price")
    assert typed_money("1.234", "KWD", what="price") == Money(1234, "KWD")


def test_money_in_an_unknown_currency_cannot_even_be_made():
    with pytest.raises(ValueError, match="unknown currency code 'XYZ': use an ISO 4217 code"):
        Money.of("1", "XYZ")


def test_foreign_currency_and_excess_decimals_at_the_till(till):
    sale = till.pos.sale
    refused(
        till,
        InvalidInput,
        "Enter a price in EUR",
        lambda: sale.override_price(_line(till), Money.of("1", "USD")),
    )
    refused(
        till,
        InvalidInput,
        "Give the discount in EUR",
        lambda: sale.discount_line(_line(till), amount=Money.of("1", "GBP")),
    )
    refused(
        till,
        InvalidInput,
        "at most 2 decimals",
        lambda: sale.discount_line(_line(till), percent=Decimal("5.125")),
    )
    refused(
        till,
        InvalidInput,
        "from 0 to 100",
        lambda: sale.discount_line(_line(till), percent=Decimal(-5)),
    )
    refused(
        till,
        PaymentError,
        "A USD tender cannot pay a EUR total",
        lambda: sale.checkout([Tender("cash", Money.of("5", "USD"))]),
    )
    refused(
        till,
        PaymentError,
        "Unknown payment method 'bitcoin'",
        lambda: sale.checkout([Tender("bitcoin", eur("5"))]),
    )
    refused(
        till, PaymentError, "more than zero", lambda: sale.checkout([Tender("cash", eur("-5"))])
    )
    till.pos.auth.login("9999")
    try:
        refused(
            till,
            InvalidInput,
            "must be in EUR",
            lambda: till.pos.shift.cash_in(Money.of("5", "CHF"), reason="float"),
        )
        refused(
            till,
            InvalidInput,
            "more than zero",
            lambda: till.pos.shift.cash_out(eur("-5"), reason="bank"),
        )
    finally:
        till.pos.auth.login("1111")


def test_oversized_and_unprintable_text(till):
    huge = "x" * 100_000
    refused(
        till,
        InvalidInput,
        "100000 characters long: keep it under 200",
        lambda: till.pos.sale.park(label=huge),
    )
    refused(till, InvalidInput, "cannot be printed", lambda: till.pos.sale.park(label="a\x1bb"))
    till.pos.auth.login("9999")
    try:
        refused(
            till,
            InvalidInput,
            "keep it under 200",
            lambda: till.pos.shift.cash_in(eur("5"), reason=huge),
        )
        refused(
            till, InvalidInput, "keep it under 200", lambda: till.pos.shift.open_drawer(reason=huge)
        )
        refused(
            till,
            InvalidInput,
            "at most 100000 of one kind",
            lambda: till.pos.shift.count({100: 10**12}),
        )
    finally:
        till.pos.auth.login("1111")


def test_an_unknown_till_currency_stops_the_terminal_with_what_to_fix(tmp_path):
    seeded(tmp_path)
    with pytest.raises(ValueError, match=r"\[terminal\] currency: unknown currency code 'XYZ'"):
        start(tmp_path, config={"terminal": {"currency": "XYZ"}})
