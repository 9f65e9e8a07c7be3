"""The payment screen when the rest rounds to nothing in cash (CHF 10.02, card 10.00):
it asks for the 0.02 on the card instead of showing 0.00 due with Complete greyed out."""

from __future__ import annotations

from kassa.core.cash_rounding import CashRounding
from kassa.core.money import Money
from kassa.terminal.services.payment_balance import PaymentTerms
from kassa.terminal.ui.viewmodels.payment import PaymentViewModel


def test_a_rest_cash_rounds_away_is_asked_for_on_the_card():
    vm = PaymentViewModel(desk=None, shift=None, currency="CHF", shell=None, worker=None)
    vm._terms = PaymentTerms(
        total=Money.of("10.02", "CHF"), rounding=CashRounding(Money.of("0.05", "CHF"))
    )
    vm.add_card("10.00", "R1")
    assert (vm.rest_label, vm.rest_text) == ("STILL DUE BY CARD", "0.02 CHF")
    assert "put it on the card" in vm.rest_note and not vm.can_complete
    vm.add_cash("")  # the empty Cash key cannot pay it
    assert "left for the card" in vm.error and len(vm.tenders) == 1
    vm.add_card("", "R2")  # the empty Card key pays the exact rest
    assert vm.can_complete and vm.rest_label == "PAID IN FULL"
