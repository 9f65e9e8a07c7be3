"""Shift arithmetic, cash counted by denomination, over/short, the Z figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kassa.core.denomination import denominations
from kassa.core.discount import Discount
from kassa.core.document import DocumentKind, Line, compute_totals
from kassa.core.money import Money
from kassa.core.payment import Tender, TenderKind, settle
from kassa.core.refund import plan_refund
from kassa.core.shift import (
    CASH,
    CashCount,
    CashMovement,
    MovementKind,
    expected_per_tender,
    reconcile,
)
from kassa.core.tax import PriceMode, TaxRate, TaxRounding
from kassa.core.z_report import GrandTotal, z_report

R19, R7 = TaxRate("A", Decimal(19)), TaxRate("B", Decimal(7))
VISA = (TenderKind.CARD, "visa")


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def receipt(*lines: Line):
    return compute_totals(
        lines,
        kind=DocumentKind.RECEIPT,
        code="EUR",
        mode=PriceMode.GROSS,
        rounding=TaxRounding.PER_LINE,
    )


def test_denominations_are_data_highest_first():
    eur_pieces = denominations("EUR")
    assert eur_pieces[0] == eur("500") and eur_pieces[-1] == eur("0.01")
    assert list(eur_pieces) == sorted(eur_pieces, reverse=True)
    assert denominations("CHF")[-1] == Money.of("0.05", "CHF")  # no 1 or 2 Rappen
    assert Money.of("0.005", "KWD") in denominations("KWD")
    assert denominations("TND") == ()  # not listed: count a total instead


def test_cash_count_by_denomination():
    # 3 x 50 + 20 + 10 + 2 + 0.50 + 2 x 0.20 + 0.05 = 182.95
    count = CashCount.of(
        "EUR", {"50": 3, "20": 1, "10": 1, "2": 1, "0.50": 1, "0.20": 2, "0.05": 1, "1": 0}
    )
    assert count.total == eur("182.95")
    with pytest.raises(ValueError, match=r"0\.03 EUR is not a EUR note or coin"):
        CashCount.of("EUR", {"0.03": 1})
    with pytest.raises(ValueError, match="whole number of pieces"):
        CashCount.of("EUR", {"50": -1})
    with pytest.raises(ValueError, match="must be positive"):
        CashMovement(MovementKind.CASH_OUT, eur("0"))


def test_a_shift_from_float_to_z():
    float_ = eur("150.00")
    movements = [
        CashMovement(MovementKind.CASH_IN, eur("50.00"), "change from the bank"),
        CashMovement(MovementKind.CASH_OUT, eur("20.00"), "milk for the staff room"),
    ]
    # receipt 1: 2 x 1.49 (7%) + 11.90 (19%) = 14.88, paid with a 20 note: change 5.12
    r1 = receipt(Line(Decimal(2), eur("1.49"), R7), Line(Decimal(1), eur("11.90"), R19))
    s1 = settle(total=r1.total, tenders=[Tender(TenderKind.CASH, eur("20"))])
    # receipt 2: 25.00 by card
    r2 = receipt(Line(Decimal(1), eur("25.00"), R19))
    s2 = settle(total=r2.total, tenders=[Tender(TenderKind.CARD, eur("25"), "visa", "A1")])
    # receipt 3: the 11.90 item of receipt 1 comes back; refunded in cash
    r3 = receipt(Line(Decimal(-1), eur("11.90"), R19))
    back = plan_refund(amount=-r3.total, paid=s1.tenders)
    assert (s1.change, [t.amount for t in back.tenders]) == (eur("5.12"), [eur("11.90")])

    expected = expected_per_tender(
        opening_float=float_,
        movements=movements,
        taken=s1.tenders + s2.tenders,
        refunded=back.tenders,
    )
    # cash: 150.00 + 50.00 - 20.00 + 14.88 - 11.90 = 182.98; visa: 25.00
    assert expected == {CASH: eur("182.98"), VISA: eur("25.00")}
    counted_cash = CashCount.of(
        "EUR", {"50": 3, "20": 1, "10": 1, "2": 1, "0.50": 1, "0.20": 2, "0.05": 1}
    )
    balances = reconcile(expected=expected, counted={CASH: counted_cash.total, VISA: eur("25.00")})
    # counted 182.95: 0.03 short in cash; the card batch matches
    assert [(b.method, b.difference) for b in balances] == [
        (CASH, eur("-0.03")),
        (VISA, eur("0.00")),
    ]

    z = z_report(
        receipts=[r1, r2, r3],
        opening_float=float_,
        movements=movements,
        balances=balances,
        grand_total_before=GrandTotal(eur("1000.00"), eur("100.00")),
    )
    # sales 14.88 + 25.00 = 39.88; returns 11.90; net 27.98
    assert (z.receipts, z.sales, z.returns, z.net) == (3, eur("39.88"), eur("11.90"), eur("27.98"))
    assert (z.cash_in, z.cash_out, z.over_short[CASH]) == (eur("50"), eur("20"), eur("-0.03"))
    # 19%: 11.90 + 25.00 - 11.90 = 25.00 gross, tax 1.90 + 3.99 - 1.90 = 3.99
    #      (2500 * 19 / 119 = 399.16 -> 3.99); 7%: 2.98 gross, tax 0.19
    assert [(r.rate, r.gross, r.tax) for r in z.breakdown] == [
        (R19, eur("25.00"), eur("3.99")),
        (R7, eur("2.98"), eur("0.19")),
    ]
    # the grand total only grows: 1000.00 + 39.88 sales, 100.00 + 11.90 returns
    assert z.grand_total_after == GrandTotal(eur("1039.88"), eur("111.90"))
    assert z.grand_total_after.net == eur("927.98")


def test_reconcile_needs_every_count_and_reports_unexpected_ones():
    expected = {CASH: eur("10"), VISA: eur("5")}
    with pytest.raises(ValueError, match=r"no count for card 'visa'.*terminal's total"):
        reconcile(expected=expected, counted={CASH: eur("10")})
    voucher = (TenderKind.OTHER, "voucher")
    balances = reconcile(
        expected=expected, counted={CASH: eur("10.50"), VISA: eur("5"), voucher: eur("2")}
    )
    # 0.50 over in cash; a voucher nobody expected shows as 2.00 over
    assert [b.difference for b in balances] == [eur("0.50"), eur("0"), eur("2.00")]


def test_grand_total_never_goes_down():
    with pytest.raises(ValueError, match="only grows"):
        GrandTotal.zero("EUR").add(sales=eur("-1"), returns=eur("0"))


@given(
    float_minor=st.integers(0, 100_000),
    moves=st.lists(st.tuples(st.sampled_from(MovementKind), st.integers(1, 50_000)), max_size=5),
    cash=st.lists(st.integers(1, 20_000), max_size=8),
    refunds=st.lists(st.integers(1, 20_000), max_size=3),
    over=st.integers(-500, 500),
)
def test_cash_over_short_is_counted_minus_the_drawer_arithmetic(
    float_minor, moves, cash, refunds, over
):
    movements = [CashMovement(kind, Money(m, "EUR")) for kind, m in moves]
    expected = expected_per_tender(
        opening_float=Money(float_minor, "EUR"),
        movements=movements,
        taken=[Tender(TenderKind.CASH, Money(m, "EUR")) for m in cash],
        refunded=[Tender(TenderKind.CASH, Money(m, "EUR")) for m in refunds],
    )
    signed = sum(m if kind is MovementKind.CASH_IN else -m for kind, m in moves)
    drawer = float_minor + signed + sum(cash) - sum(refunds)
    assert expected == {CASH: Money(drawer, "EUR")}
    (balance,) = reconcile(expected=expected, counted={CASH: Money(drawer + over, "EUR")})
    assert balance.difference == Money(over, "EUR")


def test_z_discounts_are_net_of_returns():
    ten_off = Discount.percent_off(10)
    sale = receipt(Line(Decimal(2), eur("10.00"), R19, discount=ten_off))  # 20.00 - 2.00
    back = receipt(Line(Decimal(-1), eur("10.00"), R19, discount=ten_off))  # -10.00 + 1.00
    z = z_report(
        receipts=[sale, back],
        opening_float=eur("0"),
        movements=[],
        balances=[],
        grand_total_before=GrandTotal.zero("EUR"),
    )
    # discounts 2.00 given, 1.00 taken back: 1.00; sales 18.00, returns 9.00
    assert (z.discounts, z.sales, z.returns) == (eur("1.00"), eur("18.00"), eur("9.00"))
