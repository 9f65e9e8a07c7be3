"""Returns against a receipt, found by its number or by scanning its barcode.

A return needs a manager (unless the operator's role may return), never takes
back more than was sold (per line, counting earlier returns) and never refunds
more than was paid per tender (counting earlier refunds; ``kassa.core.refund``).
Without explicit refund tenders the money goes back the way it was paid (card
first, then cash, cash-rounded). The refund for
``q`` of a line's ``n`` units is the line's total (after all its discounts)
times ``(returned_before + q) / n`` minus the same for ``returned_before``, each
rounded half up, so returning every unit refunds exactly the line's total.
The return is a new ``receipt`` fact (``kind`` "return", numbered in the
receipt series) naming the original; the original is never changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from kassa.core import payment
from kassa.core.money import Money
from kassa.core.refund import RefundExceedsPayment, check_refund, plan_refund, refundable
from kassa.terminal.services import approvals
from kassa.terminal.services.errors import InvalidInput, NotFound, ReturnRefused
from kassa.terminal.services.events import (
    ReceiptForReturn,
    ReturnableLine,
    ReturnCompleted,
    Tender,
)
from kassa.terminal.services.free_text import short_text
from kassa.terminal.services.ports import RecordedFact
from kassa.terminal.services.roles import Approval
from kassa.terminal.services.sale_context import SaleContext
from kassa.terminal.services.tenders import cash_rounding, tenders_from_payload, tenders_payload


class ReturnDesk:
    def __init__(self, ctx: SaleContext) -> None:
        self.ctx = ctx

    def find(self, number_or_barcode: str) -> ReceiptForReturn:
        """The receipt with what may still be returned; raises ``NotFound``."""
        self.ctx.auth.require()
        original = self._original(number_or_barcode)
        return self._returnable(original)

    def complete(
        self,
        *,
        receipt_number: str,
        quantities: Mapping[str, Decimal],  # line_id -> quantity to take back
        refunds: Sequence[Tender] | None = None,  # None: back the way it was paid
        reason: str,
        approval: Approval | None = None,
    ) -> ReturnCompleted:
        operator = self.ctx.auth.require()
        original = self._original(receipt_number)
        opened = self.ctx.ledger.require_open()
        if not reason.strip():
            raise InvalidInput("Say why the goods come back (e.g. 'damaged')")
        reason = short_text(reason, what="The reason")
        state = self._returnable(original)
        lines, refund = self._lines(original, state, quantities)
        earlier = self._earlier(original)
        applied, rounding = self._refund_tenders(original, earlier, refunds, refund)
        _, record = approvals.require(
            self.ctx.auth,
            allowed=operator.limits.can_return,
            action="return",
            reason=f"A return of {refund} needs a manager",
            approval=approval,
        )
        payload = {
            "kind": "return",
            "currency": self.ctx.currency,
            "shift_id": opened.payload["shift_id"],
            "original_number": original.number,
            "original_id": str(original.id),
            "cashier": operator.as_payload(),
            "customer": original.payload.get("customer"),
            "reason": reason.strip(),
            "lines": lines,
            "total": refund.minor,
            "taxes": _taxes(original, lines),
            "tenders": tenders_payload(applied),
            "change": 0,
            "rounding": rounding.minor,
            "due": (refund + rounding).minor,
            "approvals": [record] if record else [],
        }
        fact = self.ctx.facts.record(type="receipt", payload=payload, number_kind="receipt")
        job = self.ctx.outputs.print_fact(fact)
        cash = any(t.kind is payment.TenderKind.CASH for t in applied)
        drawer = self.ctx.outputs.open_drawer() if cash else False
        self.ctx.outputs.nudge_sync()
        return ReturnCompleted(
            fact_id=fact.id,
            number=fact.number or "",
            original_number=original.number or "",
            refund=refund + rounding,
            tenders=tuple(Tender(t.method, t.amount, t.reference) for t in applied),
            at=fact.device_time,
            print_job=job,
            drawer_opened=drawer,
        )

    # -- internals -------------------------------------------------------------
    def _original(self, code: str) -> RecordedFact:
        code = code.strip()
        fact = self.ctx.facts.by_number(code) if code else None
        if fact is None or fact.type != "receipt" or fact.payload.get("kind") != "sale":
            raise NotFound(f"No sale receipt {code!r} on this terminal: check the number")
        return fact

    def _earlier(self, original: RecordedFact) -> Sequence[RecordedFact]:
        return self.ctx.facts.referring(
            type="receipt", key="original_number", value=original.number or ""
        )

    def _returnable(self, original: RecordedFact) -> ReceiptForReturn:
        earlier = self._earlier(original)
        returned: dict[str, Decimal] = {}
        for fact in earlier:
            for line in fact.payload["lines"]:
                key = line["line_id"]
                returned[key] = returned.get(key, Decimal(0)) + Decimal(line["quantity"])
        cur = self.ctx.currency
        caps = refundable(
            paid=tenders_from_payload(original.payload["tenders"], cur),
            refunded=[t for f in earlier for t in tenders_from_payload(f.payload["tenders"], cur)],
        )
        return ReceiptForReturn(
            number=original.number or "",
            fact_id=original.id,
            at=original.device_time,
            lines=tuple(
                ReturnableLine(
                    line_id=line["line_id"],
                    name=line["name"],
                    sold_qty=Decimal(line["quantity"]),
                    returned_qty=returned.get(line["line_id"], Decimal(0)),
                    line_total=Money(int(line["total"]), cur),
                )
                for line in original.payload["lines"]
            ),
            paid=tuple(Tender(method, amount, ref) for (_, method, ref), amount in caps.items()),
        )

    def _lines(self, original, state: ReceiptForReturn, quantities) -> tuple[list, Money]:
        by_id = {line.line_id: line for line in state.lines}
        sold = {line["line_id"]: line for line in original.payload["lines"]}
        lines: list[dict[str, Any]] = []
        refund = Money.zero(self.ctx.currency)
        for line_id, qty in quantities.items():
            qty = Decimal(qty)
            if qty == 0:
                continue
            line = by_id.get(line_id)
            if line is None:
                raise NotFound("That line is not on the receipt: find the receipt again")
            if qty < 0 or qty > line.returnable_qty:
                raise ReturnRefused(
                    f"{line.name}: at most {line.returnable_qty} can still come back, not {qty}"
                )
            amount = line.refund_for(qty)
            refund += amount
            lines.append({**_line_copy(sold[line_id]), "quantity": str(qty), "total": amount.minor})
        if not lines:
            raise InvalidInput("Choose what comes back: set a quantity on at least one line")
        return lines, refund

    def _refund_tenders(
        self, original: RecordedFact, earlier: Sequence[RecordedFact], refunds, refund: Money
    ) -> tuple[list[payment.Tender], Money]:
        cur = self.ctx.currency
        paid = tenders_from_payload(original.payload["tenders"], cur)
        done = [t for f in earlier for t in tenders_from_payload(f.payload["tenders"], cur)]
        rounding = cash_rounding(cur, self.ctx.cash_step)
        try:
            if refunds is None:
                plan = plan_refund(amount=refund, paid=paid, refunded=done, cash_rounding=rounding)
                return list(plan.tenders), plan.rounding
            by_method = {t.method: t for t in paid}
            asked = []
            for t in refunds:
                if t.method not in by_method:
                    raise ReturnRefused(
                        f"Nothing was paid by {t.method!r}: refund the way it was paid"
                    )
                first = by_method[t.method]
                asked.append(
                    payment.Tender(first.kind, t.amount, method=t.method, reference=first.reference)
                )
            check_refund(requested=asked, paid=paid, refunded=done)
        except (RefundExceedsPayment, payment.PaymentError) as exc:
            raise ReturnRefused(str(exc)) from None
        total = Money.sum((t.amount for t in asked), cur)
        if total != refund:
            raise ReturnRefused(f"The refund is {refund}; the refund payments add up to {total}")
        return asked, Money.zero(cur)


def _line_copy(line: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("line_id", "product_id", "sku", "name", "unit", "unit_price", "tax_code", "tax_rate")
    return {key: line[key] for key in keep}


def _taxes(original: RecordedFact, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tax included in the refund, per rate (gross x rate / (100 + rate), half up)."""
    by_rate: dict[str, int] = {}
    for line in lines:
        by_rate[line["tax_rate"]] = by_rate.get(line["tax_rate"], 0) + int(line["total"])
    cur = original.payload["currency"]
    rows = []
    for rate, gross in sorted(by_rate.items()):
        pct = Decimal(rate)
        tax = Money(gross, cur).times(pct / (100 + pct))
        rows.append({"rate": rate, "gross": gross, "tax": tax.minor, "net": gross - tax.minor})
    return rows
