"""Taking payment: cash with change, card with its slip reference, any split of them.

Tenders are collected here and sent to ``SaleDesk.checkout`` in one call; the desk
settles them (cash rounding, change) and refuses, with a reason, what does not
add up. After a completed sale the screen shows the change in big type.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kassa.core.money import Money
from kassa.terminal.services.events import SaleCompleted, Tender
from kassa.terminal.ui.viewmodels.base import ViewModel, shows_refusals
from kassa.terminal.ui.viewmodels.text import money, typed_money

LABELS = {"cash": "Cash", "card": "Card"}


class PaymentViewModel(ViewModel):
    due_text = StringProperty("")
    paid_text = StringProperty("")
    rest_label = StringProperty("STILL DUE")  # or "CHANGE", "PAID IN FULL"
    rest_text = StringProperty("")
    tenders = ListProperty([])  # rows: {"index", "text"}
    notes = ListProperty([])  # quick cash buttons: [{"minor", "text"}]
    can_complete = BooleanProperty(False)
    # after the sale
    change_text = StringProperty("")
    receipt_text = StringProperty("")
    print_text = StringProperty("")
    last_number = StringProperty("")

    def __init__(self, *, desk: Any, shift: Any, currency: str, shell: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.desk, self.shift, self.currency, self.shell = desk, shift, currency, shell
        self._tenders: list[Tender] = []
        self._total = Money.zero(currency)
        self._cash_total = Money.zero(currency)

    # -- the amounts ----------------------------------------------------------
    def start(self) -> None:
        self._tenders = []
        self.error = ""
        self.call(self._amounts, then=self._show_amounts)

    def _amounts(self) -> tuple[Money, Money, tuple[int, ...]]:
        notes = tuple(sorted(d for d in self.shift.denominations() if d >= 500))[:4]
        return self.desk.amount_due(cash=False), self.desk.amount_due(cash=True), notes

    def _show_amounts(self, amounts: tuple[Money, Money, tuple[int, ...]]) -> None:
        self._total, self._cash_total, notes = amounts
        self.notes = [{"minor": m, "text": money(Money(m, self.currency))} for m in notes]
        self._update()

    def _paid(self, kind: str | None = None) -> Money:
        return Money.sum(
            (t.amount for t in self._tenders if kind is None or t.method == kind), self.currency
        )

    def _rest(self) -> Money:
        """What is still to pay (negative: change), cash-rounded when cash pays it all."""
        only_cash = all(t.method == "cash" for t in self._tenders)
        target = self._cash_total if only_cash and self._tenders else self._total
        return target - self._paid()

    def _update(self) -> None:
        rest = self._rest()
        self.due_text = money(self._total)
        if self._cash_total != self._total:
            self.due_text += f"  (cash {money(self._cash_total)})"
        self.paid_text = money(self._paid())
        if rest.minor > 0:
            self.rest_label, self.rest_text = "STILL DUE", money(rest)
        else:
            paid_cash = self._paid("cash")
            self.rest_label = "CHANGE" if paid_cash.minor else "PAID IN FULL"
            self.rest_text = money(-rest)
        self.can_complete = bool(self._tenders) and rest.minor <= 0
        self.tenders = [
            {"index": i, "text": self._tender_text(t)} for i, t in enumerate(self._tenders)
        ]

    @staticmethod
    def _tender_text(tender: Tender) -> str:
        text = f"{LABELS.get(tender.method.lower(), tender.method)}  {money(tender.amount)}"
        return text + (f"  ·  slip {tender.reference}" if tender.reference else "")

    # -- tenders ----------------------------------------------------------------
    def _rest_for(self, text: str) -> Money:
        """The typed amount, or (nothing typed) what is still to pay."""
        if text.strip():
            return typed_money(text, self.currency, what="amount")
        return (self._cash_total if not self._tenders else self._total) - self._paid()

    @shows_refusals
    def add_cash(self, text: str = "") -> None:
        self._add(Tender("cash", self._rest_for(text)))

    def add_note(self, minor: int) -> None:
        self._add(Tender("cash", Money(minor, self.currency)))

    @shows_refusals
    def add_card(self, text: str, reference: str) -> None:
        amount = typed_money(text, self.currency, what="amount") if text.strip() else None
        if amount is None:
            amount = self._total - self._paid()
        self._add(Tender("card", amount, reference.strip()))

    def _add(self, tender: Tender) -> None:
        if tender.amount.minor <= 0:
            self.error = "Nothing left to pay: press Complete sale"
            return
        self.error = ""
        self._tenders.append(tender)
        self._update()

    def remove(self, index: int) -> None:
        if 0 <= index < len(self._tenders):
            del self._tenders[index]
            self._update()

    # -- finishing ---------------------------------------------------------------
    def complete(self) -> None:
        self.call(self.desk.checkout, tuple(self._tenders), then=self._completed)

    def _completed(self, sale: SaleCompleted) -> None:
        self._tenders = []
        self.change_text = money(sale.change)
        self.last_number = sale.number
        self.receipt_text = f"Receipt {sale.number} · paid {money(sale.due)}"
        if sale.print_job is None:
            self.print_text = "The receipt could not be queued for printing: use Reprint"
        else:
            self.print_text = "Receipt printing" + (" · drawer open" if sale.drawer_opened else "")
        self.shell.go("paid")

    def back(self) -> None:
        self._tenders = []
        self.shell.go("sell")

    def next_sale(self) -> None:
        self.change_text = ""
        self.shell.go("sell")
