"""Payments: tenders, change only in cash, cash rounding; refunds capped per tender."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kassa.core.cash_rounding import NO_CASH_ROUNDING, CashRounding
from kassa.core.money import CurrencyMismatch, Money
from kassa.core.payment import PaymentError, Tender, TenderKind, settle
from kassa.core.refund import RefundExceedsPayment, check_refund, plan_refund, refundable

CASH, CARD, OTHER = TenderKind.CASH, TenderKind.CARD, TenderKind.OTHER
CHF05 = CashRounding(Money.of("0.05", "CHF"))


def chf(text: str) -> Money:
    return Money.of(text, "CHF")


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


@pytest.mark.parametrize(
    ("step", "amount", "rounded"),
    [
        ("0.05", "9.97", "9.95"),  # 9.97 / 0.05 = 199.4 -> 199 steps
        ("0.05", "9.98", "10.00"),  # 199.6 -> 200
        ("0.05", "0.03", "0.05"),  # 0.6 steps -> 1
        ("0.05", "0.02", "0.00"),  # 0.4 -> 0
        ("0.05", "-9.97", "-9.95"),  # symmetric for negatives
        ("0.10", "1.25", "1.30"),  # 12.5 steps -> half away from zero -> 13
        ("1.00", "99.50", "100.00"),  # SEK-style whole krona: 99.5 -> 100
        ("0.50", "12.24", "12.00"),  # DKK 0.50: 24.48 -> 24 steps
    ],
)
def test_cash_rounding_worked_examples(step, amount, rounded):
    assert CashRounding(chf(step)).apply(chf(amount)) == chf(rounded)
    assert CashRounding(chf(step)).difference(chf(amount)) == chf(rounded) - chf(amount)


def test_cash_rounding_none_and_refusals():
    assert NO_CASH_ROUNDING.apply(chf("9.97")) == chf("9.97")
    with pytest.raises(ValueError, match="must be positive"):
        CashRounding(chf("0"))
    with pytest.raises(ValueError, match="step is in CHF, the amount in EUR"):
        CHF05.apply(eur("1"))


def _applied(settlement):
    return [(t.kind, t.amount) for t in settlement.tenders]


def test_cash_is_rounded_and_change_given():
    s = settle(total=chf("9.97"), tenders=[Tender(CASH, chf("20.00"))], cash_rounding=CHF05)
    # due 9.97 -> 9.95 in cash; rounding -0.02; change 20.00 - 9.95 = 10.05
    assert (s.rounding, s.change, s.paid) == (chf("-0.02"), chf("10.05"), chf("9.95"))
    assert _applied(s) == [(CASH, chf("9.95"))]


def test_card_pays_exactly_and_only_the_cash_part_is_rounded():
    tenders = [Tender(CARD, chf("5.00"), "visa", "A1"), Tender(CASH, chf("10.00"))]
    s = settle(total=chf("9.98"), tenders=tenders, cash_rounding=CHF05)
    # card 5.00 exact; cash due 4.98 -> 5.00 (+0.02); change 10.00 - 5.00 = 5.00
    assert (s.rounding, s.change) == (chf("0.02"), chf("5.00"))
    assert _applied(s) == [(CARD, chf("5.00")), (CASH, chf("5.00"))]
    # a card-only payment is never rounded: 9.98 stays 9.98
    s = settle(total=chf("9.98"), tenders=[Tender(CARD, chf("9.98"))], cash_rounding=CHF05)
    assert s.rounding == chf("0") and s.paid == chf("9.98")


def test_change_comes_from_the_last_cash_tender():
    s = settle(total=eur("12.00"), tenders=[Tender(CASH, eur("5")), Tender(CASH, eur("10"))])
    # given 15.00, change 3.00 taken from the 10.00 note's tender: 5.00 + 7.00 applied
    assert s.change == eur("3.00")
    assert _applied(s) == [(CASH, eur("5.00")), (CASH, eur("7.00"))]
    s = settle(total=eur("4.00"), tenders=[Tender(CASH, eur("5")), Tender(CASH, eur("10"))])
    # change 11.00: the 10.00 tender goes back whole, 1.00 from the 5.00 one
    assert _applied(s) == [(CASH, eur("4.00"))]


def test_a_few_rappen_left_after_card_round_to_nothing():
    tenders = [Tender(CARD, chf("10.00")), Tender(CASH, chf("1.00"))]
    s = settle(total=chf("10.02"), tenders=tenders, cash_rounding=CHF05)
    # cash due 0.02 -> 0.00: rounding -0.02, the whole 1.00 comes back as change
    assert (s.rounding, s.change, _applied(s)) == (chf("-0.02"), chf("1.00"), [(CARD, chf("10"))])
    # returning everything: 10.00 back to the card, the 0.02 rounds away again
    back = plan_refund(amount=chf("10.02"), paid=s.tenders, cash_rounding=CHF05)
    assert (back.paid_back, back.rounding) == (chf("10.00"), chf("-0.02"))
    # without cash rounding nothing explains the 0.02: refused
    with pytest.raises(RefundExceedsPayment, match=r"more than the 10\.00 CHF paid"):
        plan_refund(amount=chf("10.02"), paid=s.tenders)


@pytest.mark.parametrize(
    ("total", "tenders", "message"),
    [
        ("10.00", [Tender(CARD, eur("12.00"))], "change is given only in cash"),
        ("10.00", [Tender(CARD, eur("6.00"))], r"4\.00 EUR is still due; add a tender"),
        ("10.00", [Tender(CARD, eur("6")), Tender(CASH, eur("3"))], r"1\.00 EUR is still due"),
        ("-1.00", [Tender(CASH, eur("1"))], "plan a refund instead"),
    ],
)
def test_tenders_that_do_not_pay_are_refused(total, tenders, message):
    with pytest.raises(PaymentError, match=message):
        settle(total=eur(total), tenders=tenders)


def test_tender_refusals():
    with pytest.raises(PaymentError, match="must be positive"):
        Tender(CASH, eur("0"))
    with pytest.raises(CurrencyMismatch, match="a USD tender cannot pay a EUR total"):
        settle(total=eur("1"), tenders=[Tender(CASH, Money.of("1", "USD"))])
    assert Tender(OTHER, eur("1")).method == "other"  # the kind names the method by default


PAID = (
    Tender(CARD, eur("30.00"), "visa", "A1"),
    Tender(OTHER, eur("10.00"), "voucher", "V9"),
    Tender(CASH, eur("5.00")),
)


def test_partial_refunds_go_to_card_first_then_cash_and_stop_at_what_was_paid():
    first = plan_refund(amount=eur("35.00"), paid=PAID)
    # card 30.00 (all of it), voucher 5.00
    assert [(t.method, t.amount) for t in first.tenders] == [
        ("visa", eur("30.00")),
        ("voucher", eur("5.00")),
    ]
    second = plan_refund(amount=eur("10.00"), paid=PAID, refunded=first.tenders)
    # voucher's remaining 5.00, then 5.00 cash
    assert [(t.method, t.amount) for t in second.tenders] == [
        ("voucher", eur("5.00")),
        ("cash", eur("5.00")),
    ]
    with pytest.raises(RefundExceedsPayment, match=r"refund of 0\.01 EUR is more than"):
        plan_refund(amount=eur("0.01"), paid=PAID, refunded=first.tenders + second.tenders)


def test_cash_refunds_are_rounded_but_never_pass_the_cash_paid():
    paid = settle(total=chf("9.99"), tenders=[Tender(CASH, chf("10"))], cash_rounding=CHF05)
    # three items of 3.33 paid with 10.00 (9.99 rounded up); each return of 3.33 -> 3.35
    one = plan_refund(amount=chf("3.33"), paid=paid.tenders, cash_rounding=CHF05)
    two = plan_refund(
        amount=chf("3.33"), paid=paid.tenders, refunded=one.tenders, cash_rounding=CHF05
    )
    three = plan_refund(
        amount=chf("3.33"),
        paid=paid.tenders,
        refunded=one.tenders + two.tenders,
        cash_rounding=CHF05,
    )
    # 3.35 + 3.35 + 3.30: the last is capped at the 3.30 left of the 10.00 paid
    assert [p.paid_back for p in (one, two, three)] == [chf("3.35"), chf("3.35"), chf("3.30")]
    assert three.rounding == chf("-0.03")


def test_check_refund_names_the_tender():
    check_refund(requested=[Tender(CARD, eur("30.00"), "visa", "A1")], paid=PAID)
    with pytest.raises(RefundExceedsPayment, match=r"card 'visa' \(ref A1\) is more than the"):
        check_refund(requested=[Tender(CARD, eur("30.01"), "visa", "A1")], paid=PAID)
    with pytest.raises(RefundExceedsPayment, match="nothing was paid with card 'visa' \\(ref B2"):
        check_refund(requested=[Tender(CARD, eur("1"), "visa", "B2")], paid=PAID)
    with pytest.raises(RefundExceedsPayment, match="nothing was paid with card"):
        # a card-only receipt is not refunded in cash
        check_refund(requested=[Tender(CARD, eur("1"))], paid=[Tender(CASH, eur("5"))])
    assert refundable(paid=PAID)[(CASH, "cash", "")] == eur("5.00")


tender_strategy = st.tuples(
    st.sampled_from([(CARD, "visa", "A1"), (CARD, "mc", "B2"), (OTHER, "voucher", "")]),
    st.integers(1, 5000),
)
STEPS = [NO_CASH_ROUNDING, CHF05, CashRounding(chf("0.10")), CashRounding(chf("1.00"))]


@given(
    total=st.integers(0, 100_000),
    noncash=st.lists(tender_strategy, max_size=3),
    cash_over=st.lists(st.integers(0, 5000), max_size=2),
    rounding=st.sampled_from(STEPS),
)
def test_settle_and_full_refund_return_exactly_what_was_paid(total, noncash, cash_over, rounding):
    tenders = [Tender(kind, Money(m, "CHF"), method, ref) for (kind, method, ref), m in noncash]
    other = sum(t.amount.minor for t in tenders)
    assume(other <= total)
    due = rounding.apply(Money(total - other, "CHF")).minor
    if cash_over:  # cash covering the rest, split over one or two tenders, with some change
        given = due + sum(cash_over)
        assume(given > 0)
        split = Money(given, "CHF").allocate([1] * len(cash_over))
        tenders += [Tender(CASH, part) for part in split if part.minor]
    else:
        assume(total - other == 0)
    assume(tenders)
    s = settle(total=Money(total, "CHF"), tenders=tenders, cash_rounding=rounding)
    assert Money.sum((t.amount for t in s.tenders), "CHF") == s.paid
    assert s.change.minor >= 0 and (not s.change.minor or cash_over)
    step = rounding.step.minor if rounding.step else 0
    assert 2 * abs(s.rounding.minor) <= step
    if s.paid.minor == 0:
        return
    full = plan_refund(amount=s.total, paid=s.tenders, cash_rounding=rounding)
    # tender by tender, what was paid comes back
    assert refundable(paid=s.tenders, refunded=full.tenders) == {
        key: Money.zero("CHF") for key in refundable(paid=s.tenders)
    }
    assert full.paid_back == s.paid


@given(
    amounts=st.lists(st.integers(1, 3000), min_size=1, max_size=6),
    rounding=st.sampled_from(STEPS),
)
def test_partial_refunds_never_pass_a_tender(amounts, rounding):
    paid = [
        Tender(CARD, chf("20.00"), "visa", "A1"),
        Tender(CASH, chf("10.00")),
        Tender(OTHER, chf("5.00"), "voucher"),
    ]
    done: list[Tender] = []
    for minor in amounts:
        try:
            plan = plan_refund(
                amount=Money(minor, "CHF"), paid=paid, refunded=done, cash_rounding=rounding
            )
        except RefundExceedsPayment:
            break
        done += plan.tenders
        check_refund(requested=done, paid=paid)  # never more than paid, per tender
    # what went back never passes what was paid (35.00), and cash only after card and voucher
    assert sum(t.amount.minor for t in done) <= 3500
    kinds = [t.kind for t in done]
    if CASH in kinds:
        assert sum(t.amount.minor for t in done if t.kind is not CASH) == 2500
