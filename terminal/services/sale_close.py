"""How a sale ends: parked, cancelled (recorded as a fact), or paid.

``checkout`` commits the ``receipt`` fact (number, journal and outbox in one
durable transaction) before anything else happens; only then is the receipt
queued for printing, the drawer kicked for cash and sync nudged. A failure
after the commit never undoes or fails the sale; a failure to commit (storage
full, database busy) raises ``NotSaved`` and keeps the cart, so Pay can be
pressed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kassa.core.ids import new_id
from kassa.core.money import Money
from kassa.terminal.services import approvals
from kassa.terminal.services.cart import Cart, CartView
from kassa.terminal.services.cart_codec import (
    cart_from_dict,
    cart_to_dict,
    customer_to_dict,
    receipt_lines,
)
from kassa.terminal.services.errors import InvalidInput, NotFound, NotSaved
from kassa.terminal.services.events import (
    ParkedSummary,
    SaleCancelled,
    SaleCompleted,
    SaleParked,
    Tender,
)
from kassa.terminal.services.free_text import short_text
from kassa.terminal.services.payment_balance import PaymentTerms
from kassa.terminal.services.roles import Approval
from kassa.terminal.services.tenders import cash_rounding, settle, tenders_payload

if TYPE_CHECKING:
    from kassa.terminal.services.sale_context import SaleContext

PARKED = "parked_sale"


class SaleClosing:
    ctx: SaleContext
    cart: Cart

    def _new_cart(self) -> Cart:  # pragma: no cover - provided by SaleDesk
        raise NotImplementedError

    # -- parking --------------------------------------------------------------
    def park(self, *, label: str = "") -> SaleParked:
        """Put the cart aside (kept across restarts) and start an empty one."""
        operator = self.ctx.auth.require()
        if not self.cart.lines:
            raise InvalidInput("The sale is empty: nothing to park")
        now, total = self.ctx.clock.now(), self.cart.view().total
        park_id = str(new_id())
        # No time in the label: the screen shows ``at`` in the store's zone (this is UTC).
        label = short_text(label, what="The label")
        self.ctx.state.put(
            kind=PARKED,
            key=park_id,
            value={
                "label": label,
                "at": now.isoformat(),
                "cashier": operator.name,
                "total": total.minor,
                "cart": cart_to_dict(self.cart),
            },
        )
        self.cart = self._new_cart()
        return SaleParked(park_id=park_id, label=label, total=total, at=now)

    def parked(self) -> Sequence[ParkedSummary]:
        self.ctx.auth.require()
        found = []
        for key, value in self.ctx.state.list(kind=PARKED):
            found.append(
                ParkedSummary(
                    park_id=key,
                    label=_typed_label(value),
                    total=Money(int(value["total"]), value["cart"]["currency"]),
                    lines=len(value["cart"]["lines"]),
                    at=datetime.fromisoformat(value["at"]),
                    cashier=value["cashier"],
                )
            )
        return sorted(found, key=lambda p: p.at)

    def recall(self, park_id: str) -> CartView:
        """Bring a parked sale back (only into an empty cart)."""
        self.ctx.auth.require()
        if self.cart.lines:
            raise InvalidInput("Finish or park the current sale before recalling another")
        value = self.ctx.state.take(kind=PARKED, key=park_id)
        if value is None:
            raise NotFound("That parked sale is gone (recalled already?): refresh the list")
        self.cart = cart_from_dict(dict(value["cart"]))
        return self.cart.view()

    # -- cancelling ------------------------------------------------------------
    def cancel(self, *, approval: Approval | None = None) -> SaleCancelled:
        """Abandon the sale: recorded as a ``receipt_cancelled`` fact, then cleared."""
        operator = self.ctx.auth.require()
        if not self.cart.lines:
            raise InvalidInput("The sale is empty: nothing to cancel")
        _, record = approvals.require(
            self.ctx.auth,
            allowed=operator.limits.can_cancel_sale,
            action="cancel_sale",
            reason="Cancelling a sale needs a manager",
            approval=approval,
        )
        opened = self.ctx.ledger.open_fact()
        view = self.cart.view()
        payload = {
            **self._header(operator),
            "shift_id": opened.payload["shift_id"] if opened else None,
            "lines": receipt_lines(self.cart),
            "total": view.total.minor,
            "approvals": [*self.cart.approvals, *([record] if record else [])],
        }
        fact = self.ctx.facts.record(type="receipt_cancelled", payload=payload)
        self.cart = self._new_cart()
        self.ctx.outputs.nudge_sync()
        return SaleCancelled(
            fact_id=fact.id,
            seq=fact.seq,
            lines=len(view.lines),
            total=view.total,
            at=fact.device_time,
        )

    # -- paying ----------------------------------------------------------------
    def amount_due(self, *, cash: bool) -> Money:
        """What the customer owes now; with ``cash`` the cash-rounded amount."""
        total = self.cart.view().total
        return cash_rounding(self.ctx.currency, self.ctx.cash_step).apply(total) if cash else total

    def payment_terms(self) -> PaymentTerms:
        """The total, the cash rounding and the cash methods, for the payment screen."""
        self.ctx.auth.require()
        cash = frozenset(code for code, m in self.ctx.methods().items() if m.kind == "cash")
        return PaymentTerms(
            total=self.cart.view().total,
            rounding=cash_rounding(self.ctx.currency, self.ctx.cash_step),
            cash_methods=cash or frozenset({"cash"}),
        )

    def checkout(self, tenders: Sequence[Tender]) -> SaleCompleted:
        """Pay and complete: durable receipt fact first, then print and open the drawer.

        Cash may exceed what is due (change is given); other tenders may not.
        """
        operator = self.ctx.auth.require()
        if not self.cart.lines:
            raise InvalidInput("The sale is empty: scan or pick an item first")
        opened = self.ctx.ledger.require_open()
        view = self.cart.view()
        settlement = settle(
            view.total, tenders, methods=self.ctx.methods(), cash_step=self.ctx.cash_step
        )
        payload = {
            **self._header(operator),
            "kind": "sale",
            "shift_id": opened.payload["shift_id"],
            "lines": receipt_lines(self.cart),
            "sale_discount": view.sale_discount.minor,
            "subtotal": view.subtotal.minor,
            "total": view.total.minor,
            "taxes": [
                {
                    "code": r.rate.code,
                    "rate": str(r.rate.percent),
                    "net": r.net.minor,
                    "tax": r.tax.minor,
                    "gross": r.gross.minor,
                }
                for r in view.taxes
            ],
            "rounding": settlement.rounding.minor,
            "due": settlement.due.minor,
            "tenders": tenders_payload(settlement.applied),
            "given": [{"method": t.method, "amount": t.amount.minor} for t in settlement.tenders],
            "change": settlement.change.minor,
            "approvals": list(self.cart.approvals),
        }
        try:
            fact = self.ctx.facts.record(type="receipt", payload=payload, number_kind="receipt")
        except NotSaved as exc:  # nothing stored: the cart stays for another try
            raise NotSaved.of(
                "The sale",
                reason=exc.reason,
                advice=exc.advice,
                then="press Pay again: the sale is still on screen",
            ) from exc
        # Durable from here on: nothing below may fail the sale.
        self.cart = self._new_cart()
        job = self.ctx.outputs.print_fact(fact)
        drawer = self.ctx.outputs.open_drawer() if settlement.opens_drawer else False
        self.ctx.outputs.nudge_sync()
        return SaleCompleted(
            fact_id=fact.id,
            number=fact.number or "",
            seq=fact.seq,
            total=view.total,
            rounding=settlement.rounding,
            due=settlement.due,
            tenders=settlement.tenders,
            change=settlement.change,
            at=fact.device_time,
            print_job=job,
            drawer_opened=drawer,
        )

    def _header(self, operator) -> dict[str, Any]:
        return {
            "sale_id": str(self.cart.sale_id),
            "currency": self.cart.currency,
            "cashier": operator.as_payload(),
            "customer": customer_to_dict(self.cart.customer),
            "started_at": self.cart.started_at.isoformat() if self.cart.started_at else None,
        }


def _typed_label(value: dict[str, Any]) -> str:
    """The label the cashier typed; "" for the "<name> <UTC HH:MM>" one made before."""
    at = datetime.fromisoformat(value["at"])
    return "" if value["label"] == f"{value['cashier']} {at:%H:%M}" else value["label"]
