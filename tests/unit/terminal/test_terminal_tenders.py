"""Settling tenders on top of core.payment: methods, references, change, rounding."""

from __future__ import annotations

import pytest

from kassa.core.money import Money
from kassa.terminal.services.errors import PaymentError
from kassa.terminal.services.events import Tender
from kassa.terminal.services.tenders import DEFAULT_METHODS, settle, tenders_payload

METHODS = {m.code: m for m in DEFAULT_METHODS}


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def test_cash_change_comes_off_the_cash_tender():
    done = settle(eur("7.35"), [Tender("cash", eur("10"))], methods=METHODS)
    assert (done.change, done.rounding, done.due, done.opens_drawer) == (
        eur("2.65"),
        eur("0"),
        eur("7.35"),
        True,
    )
    assert tenders_payload(done.applied) == [
        {"method": "cash", "kind": "cash", "amount": 735, "reference": ""}
    ]


def test_cash_part_is_rounded_and_card_pays_exactly():
    done = settle(
        eur("7.37"), [Tender("card", eur("2.00"), "R"), Tender("cash", eur("6"))],
        methods=METHODS, cash_step=5,
    )  # fmt: skip
    assert (done.rounding, done.due, done.change) == (eur("-0.02"), eur("7.35"), eur("0.65"))
    assert sum((t.amount for t in done.applied), eur("0")) == done.due


@pytest.mark.parametrize(
    ("tenders", "message"),
    [
        ([], "Choose how"),
        ([Tender("bitcoin", Money.of("1", "EUR"))], "Unknown payment method 'bitcoin'"),
        ([Tender("card", Money.of("7.35", "EUR"))], "slip reference"),
        ([Tender("cash", Money.of("0", "EUR"))], "more than zero"),
        ([Tender("cash", Money.of("7", "EUR"))], "still due"),
        ([Tender("card", Money.of("8", "EUR"), "R")], "more than the total"),
        ([Tender("cash", Money.of("8", "USD"))], "USD"),
    ],
)
def test_refusals_say_what_to_change(tenders, message):
    with pytest.raises(PaymentError, match=message):
        settle(eur("7.35"), tenders, methods=METHODS)


def test_a_sale_that_costs_nothing_needs_no_payment():
    done = settle(eur("0"), [], methods=METHODS)
    assert (done.due, done.change, done.applied, done.opens_drawer) == (
        eur("0"),
        eur("0"),
        (),
        False,
    )
