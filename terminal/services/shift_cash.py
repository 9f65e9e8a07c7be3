"""Cash that moves without a sale: cash in and out with a reason (a slip is
printed), and opening the drawer for no sale; each is recorded as a fact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kassa.core.money import Money
from kassa.terminal.services import approvals
from kassa.terminal.services.errors import InvalidInput
from kassa.terminal.services.events import CashMoved
from kassa.terminal.services.free_text import short_text
from kassa.terminal.services.roles import Approval

if TYPE_CHECKING:
    from kassa.terminal.services.sale_context import SaleContext


class CashDrawerOps:
    ctx: SaleContext

    if TYPE_CHECKING:  # provided by ShiftDesk

        def _money(self, amount: Money, *, what: str, allow_zero: bool = False) -> None: ...

    def cash_in(self, amount: Money, *, reason: str, approval: Approval | None = None) -> CashMoved:
        return self._move(amount, reason=reason, approval=approval, sign=1)

    def cash_out(
        self, amount: Money, *, reason: str, approval: Approval | None = None
    ) -> CashMoved:
        return self._move(amount, reason=reason, approval=approval, sign=-1)

    def open_drawer(self, *, reason: str, approval: Approval | None = None) -> bool:
        """Open the drawer without a sale ("no sale"): needs a reason, is recorded."""
        operator = self.ctx.auth.require()
        opened = self.ctx.ledger.require_open()
        if not reason.strip():
            raise InvalidInput("Say why the drawer is opened (e.g. 'change for a note')")
        reason = short_text(reason, what="The reason")
        _, record = approvals.require(
            self.ctx.auth,
            allowed=operator.limits.can_open_drawer,
            action="open_drawer",
            reason="Opening the drawer without a sale needs a manager",
            approval=approval,
        )
        self.ctx.facts.record(
            type="security_event",
            payload={
                "event": "drawer_opened",
                "shift_id": opened.payload["shift_id"],
                "reason": reason.strip(),
                "cashier": operator.as_payload(),
                "approval": record,
            },
        )
        self.ctx.outputs.nudge_sync()
        return self.ctx.outputs.open_drawer()

    def _move(self, amount: Money, *, reason: str, approval: Approval | None, sign: int):
        operator = self.ctx.auth.require()
        opened = self.ctx.ledger.require_open()
        self._money(amount, what="The amount")
        if not reason.strip():
            raise InvalidInput("Say why the cash goes in or out (e.g. 'bank deposit')")
        reason = short_text(reason, what="The reason")
        if sign < 0 and amount > self.ctx.ledger.totals(opened).expected_cash:
            raise InvalidInput("There is not that much cash in the drawer: check the amount")
        _, record = approvals.require(
            self.ctx.auth,
            allowed=operator.limits.can_cash_move,
            action="cash_movement",
            reason="Cash in or out needs a manager",
            approval=approval,
        )
        fact = self.ctx.facts.record(
            type="cash_movement",
            payload={
                "shift_id": opened.payload["shift_id"],
                "amount": sign * amount.minor,
                "currency": self.ctx.currency,
                "reason": reason.strip(),
                "cashier": operator.as_payload(),
                "approval": record,
            },
        )
        self.ctx.outputs.print_fact(fact)  # the slip that goes into the drawer
        drawer = self.ctx.outputs.open_drawer()
        self.ctx.outputs.nudge_sync()
        return CashMoved(fact.id, amount * sign, reason.strip(), fact.device_time, drawer)
