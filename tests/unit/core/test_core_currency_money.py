"""Currencies, Money and their text forms."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kassa.core.currency import CURRENCIES, Currency, UnknownCurrency, currency
from kassa.core.money import CurrencyMismatch, InvalidAmount, Money
from kassa.core.money_format import format_amount, format_money

EUR, JPY, KWD = currency("EUR"), currency("JPY"), currency("KWD")


@pytest.mark.parametrize(
    ("code", "exponent"),
    [("EUR", 2), ("USD", 2), ("CHF", 2), ("SEK", 2), ("JPY", 0), ("KWD", 3), ("BHD", 3)],
)
def test_iso_4217_exponents(code, exponent):
    assert currency(code).exponent == exponent
    assert currency(code).minor_per_major == 10**exponent


def test_lookup_ignores_case_and_blanks_and_passes_currency_through():
    assert currency(" eur ") is CURRENCIES["EUR"]
    assert currency(EUR) is EUR


@pytest.mark.parametrize("bad", ["EUX", "", "EURO", 978, None])
def test_unknown_currency_names_the_code(bad):
    with pytest.raises(UnknownCurrency, match="currency"):
        currency(bad)


def test_unknown_currency_message_says_what_to_do():
    with pytest.raises(UnknownCurrency, match=r"'EUX'.*ISO 4217"):
        Money.of("1", "EUX")


@pytest.mark.parametrize(
    ("amount", "code", "minor"),
    [
        ("12.50", "EUR", 1250),
        ("12.5", "EUR", 1250),
        ("12.500", "EUR", 1250),  # trailing zeros are still exact
        (Decimal("0.01"), "EUR", 1),
        (7, "EUR", 700),
        ("1500", "JPY", 1500),
        ("1.234", "KWD", 1234),
        ("-3.10", "CHF", -310),
    ],
)
def test_of_is_exact(amount, code, minor):
    assert Money.of(amount, code) == Money(minor, currency(code))


@pytest.mark.parametrize(
    ("amount", "code", "message"),
    [
        (12.5, "EUR", "never a float"),
        (True, "EUR", "truth value, not a number"),
        ("12.505", "EUR", "more decimals than EUR allows"),
        ("1.5", "JPY", "more decimals than JPY allows"),
        ("12,50", "EUR", "not a number"),
        ("NaN", "EUR", "not a finite number"),
        ("Infinity", "EUR", "not a finite number"),
        ([1], "EUR", "expected a str, int or Decimal"),
    ],
)
def test_of_refuses_bad_amounts(amount, code, message):
    with pytest.raises(InvalidAmount, match=message):
        Money.of(amount, code)


def test_minor_must_be_int():
    with pytest.raises(InvalidAmount, match="minor units must be an int"):
        Money(Decimal("1.5"), EUR)
    assert Money(5, "EUR").currency is EUR  # a code is accepted and resolved


def test_amount_and_str():
    assert Money(1250, EUR).amount == Decimal("12.50")
    assert str(Money(1250, EUR).amount) == "12.50"
    assert str(Money(5, KWD)) == "0.005 KWD"
    assert str(Money(1500, JPY)) == "1500 JPY"
    assert repr(Money(-5, EUR)) == "Money.of('-0.05', 'EUR')"


def test_arithmetic_within_one_currency():
    a, b = Money.of("12.50", "EUR"), Money.of("0.75", "EUR")
    assert a + b == Money.of("13.25", "EUR")
    assert a - b == Money.of("11.75", "EUR")
    assert -a == Money.of("-12.50", "EUR")
    assert abs(-a) == a
    assert b < a and a > b and a >= a and b <= a
    assert Money.sum([a, b, b], "EUR") == Money.of("14.00", "EUR")
    assert Money.sum([], "JPY") == Money.zero("JPY")


def test_mixing_currencies_raises():
    eur, usd = Money.of("1", "EUR"), Money.of("1", "USD")
    for combine in (lambda: eur + usd, lambda: eur - usd, lambda: eur < usd):
        with pytest.raises(CurrencyMismatch, match="EUR with USD"):
            combine()
    assert eur != usd  # equality is simply False, never an error
    with pytest.raises(TypeError):
        eur + 1


@pytest.mark.parametrize(
    ("price", "qty", "expected"),
    [
        ("3.99", "0.750", "2.99"),  # 3.99 * 0.750 = 2.9925 -> 2.99
        ("2.50", "0.125", "0.31"),  # 2.50 * 0.125 = 0.3125 -> 0.31
        ("0.25", "0.5", "0.13"),  # 0.125 -> half up -> 0.13
        ("-0.25", "0.5", "-0.13"),  # -0.125 -> half away from zero -> -0.13
        ("1.99", 3, "5.97"),  # 1.99 * 3 = 5.97 exactly
    ],
)
def test_times_rounds_half_up(price, qty, expected):
    assert Money.of(price, "EUR").times(Decimal(qty) if isinstance(qty, str) else qty) == (
        Money.of(expected, "EUR")
    )


def test_times_other_rounding_and_no_floats():
    # 0.125 with banker's rounding goes to the even cent 0.12
    assert Money.of("0.25", "EUR").times(Decimal("0.5"), rounding=ROUND_HALF_EVEN) == Money(12, EUR)
    assert Decimal(2) * Money(3, EUR) == Money(6, EUR)
    with pytest.raises(InvalidAmount, match="float"):
        Money(100, EUR) * 1.5


def test_rounded_from_decimal():
    assert Money.rounded(Decimal("2.345"), "EUR") == Money(235, EUR)  # 2.345 -> 2.35
    assert Money.rounded(Decimal("1499.5"), "JPY") == Money(1500, JPY)  # 1499.5 -> 1500


@pytest.mark.parametrize(
    ("amount", "weights", "parts"),
    [
        ("0.10", [1, 1, 1], ["0.04", "0.03", "0.03"]),  # 10 cents: 3.33 each, first gets 1 extra
        ("100", [1, 1, 1], ["34", "33", "33"]),  # JPY has no cents: 33.33 -> 34/33/33
        ("0.05", [70, 20, 10], ["0.04", "0.01", "0.00"]),  # 3.5/1.0/0.5: 3+1+0, .5 beats .5 later
        ("-0.05", ["0.5", "0.25", "0.25"], ["-0.03", "-0.01", "-0.01"]),  # like 0.05, negated
        ("5.00", [0, 2], ["0.00", "5.00"]),  # a zero weight gets nothing
    ],
)
def test_allocate_worked_examples(amount, weights, parts):
    code = "JPY" if "." not in amount else "EUR"
    got = Money.of(amount, code).allocate(weights)
    assert got == [Money.of(p, code) for p in parts]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
def test_allocate_refuses_bad_weights(weights):
    with pytest.raises(ValueError, match="weights"):
        Money(100, EUR).allocate(weights)


@given(
    minor=st.integers(-(10**12), 10**12),
    weights=st.lists(st.integers(0, 10**6), min_size=1, max_size=20).filter(lambda w: sum(w) > 0),
)
def test_allocate_never_loses_a_minor_unit(minor, weights):
    parts = Money(minor, EUR).allocate(weights)
    assert sum(p.minor for p in parts) == minor
    total = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        # each part is within one minor unit of its exact share
        assert abs(part.minor * total - minor * w) < total
        if w == 0:
            assert part.minor == 0


@given(st.integers(-(10**15), 10**15), st.sampled_from(sorted(CURRENCIES)))
def test_of_and_amount_round_trip(minor, code):
    m = Money(minor, currency(code))
    assert Money.of(m.amount, code) == m
    assert Money.of(format_amount(m), code) == m


@pytest.mark.parametrize(
    ("amount", "code", "plain", "screen", "coded"),
    [
        ("12.50", "EUR", "12.50", "12.50 €", "12.50 EUR"),
        ("-1234.5", "USD", "-1234.50", "-$1,234.50", "-1,234.50 USD"),
        ("1500", "JPY", "1500", "¥1,500", "1,500 JPY"),
        ("1.25", "KWD", "1.250", "1.250 KD", "1.250 KWD"),
        ("-0.05", "CHF", "-0.05", "-0.05 CHF", "-0.05 CHF"),
        ("0", "SEK", "0.00", "0.00 kr", "0.00 SEK"),
    ],
)
def test_formats(amount, code, plain, screen, coded):
    m = Money.of(amount, code)
    assert format_amount(m) == plain
    assert format_money(m) == screen
    assert format_money(m, symbol=False) == coded


def test_format_with_local_separators():
    m = Money.of("1234567.89", "EUR")
    assert format_money(m, decimal=",", group=".") == "1.234.567,89 €"
    assert format_amount(m, decimal=",") == "1234567,89"
    with pytest.raises(ValueError, match="must differ"):
        format_money(m, decimal=",", group=",")


def test_currency_is_a_value():
    assert Currency("EUR", 2, "€") == EUR
    assert str(EUR) == "EUR"
