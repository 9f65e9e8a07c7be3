"""The payment screen's arithmetic: what is still due, in cash (rounded) or by card (exact)."""

from __future__ import annotations

import pytest

from kassa.core.cash_rounding import CashRounding
from kassa.core.money import Money
from kassa.terminal.services.events import Tender
from kassa.terminal.services.payment_balance import PaymentTerms


def chf(text: str) -> Money:
    return Money.of(text, "CHF")


CHF_TERMS = PaymentTerms(total=chf("10.03"), rounding=CashRounding(chf("0.05")))


def test_card_pays_exactly_and_only_the_cash_part_is_rounded():
    assert CHF_TERMS.cash_total == chf("10.05")
    after_card = CHF_TERMS.balance([Tender("card", chf("5.00"), "R1")])
    assert (after_card.cash_part, after_card.cash_due) == (chf("5.03"), chf("5.05"))
    assert (after_card.left_in_cash, after_card.left_by_card) == (chf("5.05"), chf("5.03"))
    assert not after_card.complete
    paid = CHF_TERMS.balance([Tender("card", chf("5.00"), "R1"), Tender("cash", chf("10"))])
    assert paid.complete and paid.change == chf("4.95") and paid.rounding == chf("0.02")
    exact = CHF_TERMS.balance([Tender("card", chf("5.00"), "R1"), Tender("cash", chf("5.05"))])
    assert exact.complete and exact.change == chf("0")
    short = CHF_TERMS.balance([Tender("card", chf("5.00"), "R1"), Tender("cash", chf("5.03"))])
    assert not short.complete and short.left_in_cash == chf("0.02")


def test_a_rest_that_rounds_to_nothing_in_cash_is_left_for_the_card():
    terms = PaymentTerms(total=chf("10.02"), rounding=CashRounding(chf("0.05")))
    short = terms.balance([Tender("card", chf("10.00"), "R1")])
    assert short.only_by_card and not short.complete
    assert (short.cash_due, short.left_by_card) == (chf("0"), chf("0.02"))
    paid = terms.balance([Tender("card", chf("10.00"), "R1"), Tender("card", chf("0.02"), "R2")])
    assert paid.complete and not paid.only_by_card
    assert not terms.balance([Tender("card", chf("5.00"), "R1")]).only_by_card


@pytest.mark.parametrize(
    ("step", "total", "card", "cash_due", "rounding"),
    [
        ("0.05", "10.02", "5.00", "5.00", "-0.02"),  # CHF: 5.02 rounds down
        ("0.50", "100.30", "50.00", "50.50", "0.20"),  # DKK: to half a krone
        ("1.00", "100.49", "20.00", "80.00", "-0.49"),  # SEK: to a whole krona
    ],
)
def test_other_steps_round_the_cash_part_to_the_nearest_coin(step, total, card, cash_due, rounding):
    cur = "CHF"
    terms = PaymentTerms(total=Money.of(total, cur), rounding=CashRounding(Money.of(step, cur)))
    done = terms.balance(
        [Tender("card", Money.of(card, cur), "R"), Tender("cash", Money.of(cash_due, cur))]
    )
    assert done.cash_due == Money.of(cash_due, cur)
    assert done.complete and done.rounding == Money.of(rounding, cur)


def test_card_alone_pays_the_exact_total_and_may_not_exceed_it():
    card = CHF_TERMS.balance([Tender("card", chf("10.03"), "R")])
    assert card.complete and card.rounding == chf("0") and card.change == chf("0")
    over = CHF_TERMS.balance([Tender("card", chf("11.00"), "R")])
    assert not over.complete and over.over == chf("0.97")
