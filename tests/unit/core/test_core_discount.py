"""Discounts: per line, the document discount spread, approval limits as data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kassa.core.discount import (
    Discount,
    DiscountLimit,
    DiscountPolicy,
    DiscountTooLarge,
    spread,
)
from kassa.core.money import CurrencyMismatch, Money


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


@pytest.mark.parametrize(
    ("discount", "base", "off"),
    [
        (Discount.percent_off("10"), "19.99", "2.00"),  # 1999 * 10% = 199.9 -> 200
        (Discount.percent_off("15"), "0.30", "0.05"),  # 30 * 15% = 4.5 -> half up -> 5
        (Discount.percent_off("100"), "7.49", "7.49"),  # everything
        (Discount.percent_off("0"), "7.49", "0.00"),
        (Discount.percent_off("12.5"), "8.00", "1.00"),  # 800 * 12.5% = 100
        (Discount.amount_off(eur("1.50")), "9.00", "1.50"),
        (Discount.amount_off(eur("9.00")), "9.00", "9.00"),  # the whole line, not more
        (Discount.percent_off("10"), "-19.99", "-2.00"),  # a returned line: same, negative
        (Discount.amount_off(eur("1.50")), "-9.00", "-1.50"),
    ],
)
def test_line_discount_worked_examples(discount, base, off):
    assert discount.on(eur(base)) == eur(off)


def test_line_discount_refusals():
    with pytest.raises(DiscountTooLarge, match=r"discount 5.00 EUR is more than the 3.00 EUR"):
        Discount.amount_off(eur("5.00")).on(eur("3.00"))
    with pytest.raises(ValueError, match="exactly one"):
        Discount()
    with pytest.raises(ValueError, match="exactly one"):
        Discount(percent=Decimal(1), amount=eur("1"))
    with pytest.raises(ValueError, match="from 0 to 100"):
        Discount.percent_off("101")
    with pytest.raises(ValueError, match="must not be negative"):
        Discount.amount_off(eur("-1"))
    with pytest.raises(CurrencyMismatch):
        Discount.amount_off(Money.of("1", "USD")).on(eur("3.00"))


def test_spread_worked_example():
    # 1.00 off lines of 3.00, 2.00, 5.00 (total 10.00): shares 30, 20, 50 cents exactly
    assert spread(eur("1.00"), [eur("3.00"), eur("2.00"), eur("5.00")]) == [
        eur("0.30"),
        eur("0.20"),
        eur("0.50"),
    ]
    # 0.10 off three lines of 1.00: 3.33 each, the leftover cent goes to the first line
    assert spread(eur("0.10"), [eur("1.00")] * 3) == [eur("0.04"), eur("0.03"), eur("0.03")]
    # an exchange: the returned line (-4.00) gets no share of the discount
    assert spread(eur("0.50"), [eur("5.00"), eur("-4.00")]) == [eur("0.50"), eur("0.00")]
    assert spread(eur("0"), [eur("-1")]) == [eur("0")]


def test_spread_refusals():
    with pytest.raises(DiscountTooLarge, match=r"more than the 1\.00 EUR"):
        spread(eur("1.01"), [eur("1.00"), eur("-5.00")])
    with pytest.raises(ValueError, match="must not be negative"):
        spread(eur("-0.01"), [eur("1.00")])


@given(
    lines=st.lists(st.integers(-(10**6), 10**7), min_size=1, max_size=25),
    fraction=st.fractions(min_value=0, max_value=1),
)
def test_spread_never_creates_or_loses_a_cent(lines, fraction):
    amounts = [Money(m, "EUR") for m in lines]
    room = sum(max(m, 0) for m in lines)
    discount = Money(int(room * fraction), "EUR")
    parts = spread(discount, amounts)
    assert sum(p.minor for p in parts) == discount.minor
    for part, amount in zip(parts, amounts, strict=True):
        assert 0 <= part.minor <= max(amount.minor, 0)  # never more than the line


POLICY = DiscountPolicy(
    {
        "cashier": DiscountLimit(Decimal("10"), max_amount=eur("20.00")),
        "manager": DiscountLimit(Decimal("100")),
    }
)


@pytest.mark.parametrize(
    ("role", "discount", "base", "needed", "reason"),
    [
        ("cashier", "5.00", "50.00", False, ""),  # 10% exactly: allowed
        ("cashier", "5.01", "50.00", True, "above 10%"),  # 10.02%
        ("cashier", "25.00", "500.00", True, "above 20.00 EUR"),  # 5% but over the amount cap
        ("cashier", "20.00", "500.00", False, ""),  # 4%, at the cap
        ("manager", "500.00", "500.00", False, ""),
        ("rep", "0.01", "500.00", True, "may not give discounts"),  # no limit for the role
        ("rep", "0.00", "500.00", False, ""),  # no discount needs nothing
        ("cashier", "-5.01", "-50.00", True, "above 10%"),  # a return is judged by size
    ],
)
def test_approval_limits(role, discount, base, needed, reason):
    check = POLICY.check(role=role, discount=eur(discount), base=eur(base))
    assert check.needed is needed
    assert reason in check.reason
