"""Taking payment: cash with change, card with its slip reference, any split of them.

Tenders are collected here and sent to ``SaleDesk.checkout`` in one call; the desk
settles them (cash rounding, change) and refuses, with a reason, what does not
add up. After a completed sale the screen shows the change in big type.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kassa.core.money import Money
from kassa.terminal.services.errors import NotSaved
from kassa.terminal.services.events import SaleCompleted, Tender
from kassa.terminal.services.payment_balance import PaymentTerms
from kassa.terminal.ui.viewmodels.base import ViewModel, shows_refusals
from kassa.terminal.ui.viewmodels.text import money, typed_money

LABELS = {"cash": "Cash", "card": "Card"}


def signed(amount: Money) -> str:
    """``+0.02``, ``-0.02``: a rounding shown with its direction."""
    return ("+" if amount.minor > 0 else "") + money(amount)


class PaymentViewModel(ViewModel):
    due_text = StringProperty("")
    due_note = StringProperty("")  # "in cash 10.05" where cash is rounded
    paid_text = StringProperty("")
    rest_label = StringProperty("STILL DUE")  # or "CHANGE", "PAID IN FULL"
    rest_text = StringProperty("")
    rest_note = StringProperty("")  # how the rest may be paid, the rounding booked
    tenders = ListProperty([])  # rows: {"index", "text"}
    notes = ListProperty([])  # quick cash buttons: [{"minor", "text"}]
    can_complete = BooleanProperty(False)
    # after the sale
    change_text = StringProperty("")
    receipt_text = StringProperty("")
    print_text = StringProperty("")
    last_number = StringProperty("")
    # a sale the device could not store: still on screen, Retry commits it again
    not_saved = StringProperty("")  # what happened ("" when all is well)
    not_saved_advice = StringProperty("")  # what to do about it
    not_saved_tries = NumericProperty(0)  # how often saving this sale failed

    def __init__(self, *, desk: Any, shift: Any, currency: str, shell: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.desk, self.shift, self.currency, self.shell = desk, shift, currency, shell
        self._tenders: list[Tender] = []
        self._terms = PaymentTerms(total=Money.zero(currency))

    # -- the amounts ----------------------------------------------------------
    def start(self) -> None:
        self._tenders = []
        self.error = ""
        self.not_saved = ""
        self.call(self._amounts, then=self._show_amounts)

    def _amounts(self) -> tuple[PaymentTerms, tuple[int, ...]]:
        notes = tuple(sorted(d for d in self.shift.denominations() if d >= 500))[:4]
        return self.desk.payment_terms(), notes

    def _show_amounts(self, amounts: tuple[PaymentTerms, tuple[int, ...]]) -> None:
        self._terms, notes = amounts
        self.notes = [{"minor": m, "text": money(Money(m, self.currency))} for m in notes]
        self._update()

    def _paid(self) -> Money:
        return Money.sum((t.amount for t in self._tenders), self.currency)

    def _update(self) -> None:
        terms, now = self._terms, self._terms.balance(self._tenders)
        self.due_text = money(terms.total)
        rounded = terms.cash_total != terms.total
        self.due_note = f"in cash {money(terms.cash_total)}" if rounded else ""
        self.paid_text = money(self._paid())
        self.rest_note = ""
        if now.over.minor:
            self.rest_label, self.rest_text = "CARD TOO HIGH", money(now.over)
            self.rest_note = "Card pays at most the total: change is given only in cash"
        elif now.only_by_card:
            self.rest_label, self.rest_text = "STILL DUE BY CARD", money(now.left_by_card)
            self.rest_note = f"Cash rounds {money(now.cash_part)} to nothing: put it on the card"
        elif not now.complete:
            self.rest_label = "STILL DUE" if not now.cash.minor else "STILL DUE IN CASH"
            self.rest_text = money(now.left_in_cash)
            if now.left_by_card != now.left_in_cash:
                self.rest_note = f"Cash {money(now.left_in_cash)} (rounded) or card " + money(
                    now.left_by_card
                )
        else:
            self.rest_label = "CHANGE" if now.cash.minor else "PAID IN FULL"
            self.rest_text = money(now.change)
            if now.rounding.minor:
                self.rest_note = f"Cash rounding {signed(now.rounding)} is on the receipt"
        self.can_complete = bool(self._tenders) and now.complete
        self.tenders = [
            {"index": i, "text": self._tender_text(t)} for i, t in enumerate(self._tenders)
        ]

    @staticmethod
    def _tender_text(tender: Tender) -> str:
        text = f"{LABELS.get(tender.method.lower(), tender.method)}  {money(tender.amount)}"
        return text + (f"  ·  slip {tender.reference}" if tender.reference else "")

    # -- tenders ----------------------------------------------------------------
    @shows_refusals
    def add_cash(self, text: str = "") -> None:
        """The typed amount in cash, or (nothing typed) the rest, cash-rounded."""
        if text.strip():
            amount = typed_money(text, self.currency, what="amount")
        else:
            now = self._terms.balance(self._tenders)
            if now.only_by_card:
                self.error = f"{money(now.left_by_card)} is left for the card: cash rounds it away"
                return
            amount = now.left_in_cash
        self._add(Tender("cash", amount))

    def add_note(self, minor: int) -> None:
        self._add(Tender("cash", Money(minor, self.currency)))

    @shows_refusals
    def add_card(self, text: str, reference: str) -> None:
        """The typed amount by card, or (nothing typed) the rest, exact."""
        if text.strip():
            amount = typed_money(text, self.currency, what="amount")
        else:
            amount = self._terms.balance(self._tenders).left_by_card
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
        self.not_saved, self.not_saved_tries = "", 0
        self._commit()

    def retry(self) -> None:
        """Commit the same sale with the same tenders again (after a ``NotSaved``)."""
        self._commit()

    def _commit(self) -> None:
        self.call(
            self.desk.checkout, tuple(self._tenders), then=self._completed, failed=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotSaved):  # nothing stored: the dialog offers Try again
            self.error = ""
            self.not_saved_tries += 1
            advice = exc.advice[:1].upper() + exc.advice[1:]
            if "restart" in advice:  # the cart on screen lives in memory; parked ones do not
                advice += " (park the sale first: a restart clears the sale on screen)"
            self.not_saved_advice = advice + "."
            self.not_saved = exc.reason[:1].upper() + exc.reason[1:] + "."

    def keep_on_screen(self) -> None:
        """Close the not-saved dialog: the sale and its tenders stay on the payment screen."""
        self.not_saved = ""
        self.error = "The sale is NOT saved yet: press Complete sale again, or call the manager"

    def _completed(self, sale: SaleCompleted) -> None:
        self._tenders = []
        self.not_saved = ""
        self.change_text = money(sale.change)
        self.last_number = sale.number
        self.receipt_text = f"Receipt {sale.number} · paid {money(sale.due)}"
        if sale.rounding.minor:
            self.receipt_text += f" (cash rounding {signed(sale.rounding)})"
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
