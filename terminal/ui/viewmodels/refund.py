"""Returns: find the receipt (number typed or its barcode scanned), pick what comes back,
refund it the way it was paid — cash first, then the other methods — with a reason.

The service checks every limit (no more than sold, no more than paid per method)
and asks for a manager when the cashier's role may not return.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kassa.core.money import Money
from kassa.terminal.services.events import ReceiptForReturn, ReturnCompleted, Tender
from kassa.terminal.ui.viewmodels.base import ViewModel
from kassa.terminal.ui.viewmodels.text import local, money, quantity

REASONS = ("Damaged", "Wrong item", "Not wanted")
LABELS = {"cash": "Cash", "card": "Card"}


def label(method: str) -> str:
    """A tender method as the cashier reads it (codes match without regard to case)."""
    return LABELS.get(method.lower(), method)


class RefundViewModel(ViewModel):
    receipt_text = StringProperty("Type the receipt number or scan its barcode")
    lines = ListProperty([])  # {"line_id", "name", "detail", "qty", "amount"}
    refund_text = StringProperty("")
    plan_text = StringProperty("")
    reason = StringProperty("")
    found = BooleanProperty(False)
    can_refund = BooleanProperty(False)

    def __init__(self, *, desk: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.desk, self.currency = desk, currency
        self.receipt: ReceiptForReturn | None = None
        self._qty: dict[str, Decimal] = {}

    def reset(self) -> None:
        self.receipt, self._qty, self.reason = None, {}, ""
        self.found = False
        self.receipt_text = "Type the receipt number or scan its barcode"
        self._update()

    def find(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.error = "Type the receipt number (as printed on the receipt) or scan its barcode"
            return
        self.info = ""
        self.call(self.desk.find, text, then=self._found)

    def _found(self, receipt: ReceiptForReturn) -> None:
        self.receipt, self._qty, self.reason = receipt, {}, ""
        self.found = True
        when = local(receipt.at)
        paid = ", ".join(f"{label(t.method)} {money(t.amount)}" for t in receipt.paid)
        self.receipt_text = f"Receipt {receipt.number} · {when:%d.%m.%Y %H:%M} · paid {paid}"
        self._update()

    def step(self, line_id: str, delta: int) -> None:
        line = self._line(line_id)
        if line is None:
            return
        wanted = self._qty.get(line_id, Decimal(0)) + delta
        if wanted > line.returnable_qty:
            self.error = f"Only {quantity(line.returnable_qty)} of {line.name} can still come back"
            return
        self.error = ""
        self._qty[line_id] = max(Decimal(0), wanted)
        self._update()

    def set_reason(self, reason: str) -> None:
        self.reason = reason
        self._update()

    def _line(self, line_id: str) -> Any:
        lines = self.receipt.lines if self.receipt else ()
        return next((line for line in lines if line.line_id == line_id), None)

    def _refund(self) -> Money:
        if self.receipt is None:
            return Money.zero(self.currency)
        return Money.sum(
            (
                line.refund_for(self._qty.get(line.line_id, Decimal(0)))
                for line in self.receipt.lines
            ),
            self.currency,
        )

    def _plan(self, refund: Money) -> list[Tender]:
        """The refund spread over what was paid, cash first."""
        plan, left = [], refund
        paid = sorted(
            self.receipt.paid if self.receipt else (), key=lambda t: t.method.lower() != "cash"
        )
        for tender in paid:
            if left.minor <= 0:
                break
            part = min(left, tender.amount)
            if part.minor > 0:
                plan.append(Tender(tender.method, part, tender.reference))
                left = left - part
        return plan

    def _update(self) -> None:
        rows = []
        for line in self.receipt.lines if self.receipt else ():
            qty = self._qty.get(line.line_id, Decimal(0))
            rows.append(
                {
                    "line_id": line.line_id,
                    "name": line.name,
                    "detail": f"sold {quantity(line.sold_qty)}, returned before "
                    f"{quantity(line.returned_qty)}",
                    "qty": quantity(qty),
                    "amount": money(line.refund_for(qty)) if qty else "",
                }
            )
        self.lines = rows
        refund = self._refund()
        self.refund_text = money(refund)
        plan = self._plan(refund)
        self.plan_text = (
            "Back: " + ", ".join(f"{label(t.method)} {money(t.amount)}" for t in plan)
            if plan
            else ""
        )
        self.can_refund = refund.minor > 0 and bool(self.reason)

    def complete(self) -> None:
        if self.receipt is None:
            return
        refund = self._refund()
        if not refund.minor:
            self.error = "Choose what comes back with + on its line"
            return
        if not self.reason:
            self.error = "Choose why the goods come back"
            return
        self.call(
            self.desk.complete,
            receipt_number=self.receipt.number,
            quantities={k: v for k, v in self._qty.items() if v},
            refunds=tuple(self._plan(refund)),
            reason=self.reason,
            then=self._completed,
        )

    def _completed(self, done: ReturnCompleted) -> None:
        back = ", ".join(f"{label(t.method)} {money(t.amount)}" for t in done.tenders)
        self.reset()
        self.info = f"Return {done.number}: refunded {money(done.refund)} ({back})"
