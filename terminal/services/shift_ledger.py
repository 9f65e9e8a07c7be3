"""The arithmetic of a shift, read from its facts (nothing is kept elsewhere).

A shift runs from its ``shift_opened`` fact to its ``shift_closed`` fact. The
totals sum the receipts (sales and returns), cancellations and cash movements
recorded after the opening. Cash expected in the drawer is core's
``expected_per_tender``: the float, plus cash taken (net of change) minus cash
refunded, plus cash in, minus cash out.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from kassa.core.money import Money
from kassa.core.shift import CASH, CashMovement, MovementKind, expected_per_tender
from kassa.terminal.services.errors import ShiftState
from kassa.terminal.services.events import ShiftTotals
from kassa.terminal.services.ports import FactLog, RecordedFact
from kassa.terminal.services.tenders import tenders_from_payload

SHIFT_EDGES = ("shift_opened", "shift_closed")
IN_SHIFT = ("receipt", "receipt_cancelled", "cash_movement")


class ShiftLedger:
    def __init__(self, *, facts: FactLog, currency: str) -> None:
        self._facts, self._currency = facts, currency

    def open_fact(self) -> RecordedFact | None:
        """The ``shift_opened`` fact of the open shift, or None when none is open."""
        last = self._facts.last(SHIFT_EDGES)
        return last if last is not None and last.type == "shift_opened" else None

    def require_open(self) -> RecordedFact:
        opened = self.open_fact()
        if opened is None:
            raise ShiftState("No shift is open: open a shift with the cash float first")
        return opened

    def grand_total(self) -> Money:
        """The never-reset total of the last Z report (sales minus returns, ever)."""
        last = self._facts.last(("shift_closed",))
        if last is None:
            return Money.zero(self._currency)
        return Money(int(last.payload["grand_total"]), self._currency)

    def totals(self, opened: RecordedFact) -> ShiftTotals:
        zero = Money.zero(self._currency)
        acc: dict[str, Any] = {
            "sales": 0, "returns_n": 0, "cancelled": 0, "gross": zero, "returns": zero,
            "cash_in": zero, "cash_out": zero, "rounding": zero,
        }  # fmt: skip
        by_method: dict[str, Money] = {}
        taxes: dict[str, Money] = {}
        shift_id = opened.payload["shift_id"]
        sales, refunds, movements = [], [], []
        for fact in self._facts.of_types(IN_SHIFT, after_seq=opened.seq):
            if fact.payload.get("shift_id") != shift_id:
                continue
            if fact.type == "receipt_cancelled":
                acc["cancelled"] += 1
            elif fact.type == "cash_movement":
                amount = self._money(fact.payload["amount"])
                acc["cash_in" if amount.minor > 0 else "cash_out"] += abs(amount)
                kind = MovementKind.CASH_IN if amount.minor > 0 else MovementKind.CASH_OUT
                movements.append(CashMovement(kind, abs(amount), fact.payload["reason"]))
            else:
                self._add_receipt(fact.payload, acc, by_method, taxes)
                (refunds if fact.payload["kind"] == "return" else sales).append(fact.payload)
        opening_float = self._money(opened.payload["opening_float"])
        expected = expected_per_tender(
            opening_float=opening_float,
            movements=movements,
            taken=[t for p in sales for t in tenders_from_payload(p["tenders"], self._currency)],
            refunded=[
                t for p in refunds for t in tenders_from_payload(p["tenders"], self._currency)
            ],
        )[CASH]
        return ShiftTotals(
            shift_id=uuid.UUID(shift_id),
            opened_at=datetime.fromisoformat(opened.payload["opened_at"]),
            opening_float=opening_float,
            sales_count=acc["sales"],
            returns_count=acc["returns_n"],
            cancelled_count=acc["cancelled"],
            gross_sales=acc["gross"],
            returns=acc["returns"],
            by_method=by_method,
            cash_in=acc["cash_in"],
            cash_out=acc["cash_out"],
            rounding=acc["rounding"],
            expected_cash=expected,
            taxes=taxes,
        )

    def _add_receipt(
        self,
        payload: Mapping[str, Any],
        acc: dict[str, Any],
        by_method: dict[str, Money],
        taxes: dict[str, Money],
    ) -> None:
        sign = -1 if payload["kind"] == "return" else 1
        if sign > 0:
            acc["sales"] += 1
            acc["gross"] += self._money(payload["total"])
            acc["rounding"] += self._money(payload.get("rounding", 0))
        else:
            acc["returns_n"] += 1
            acc["returns"] += self._money(payload["total"])
        for tender in payload["tenders"]:
            amount = self._money(tender["amount"]) * sign
            by_method[tender["method"]] = by_method.get(tender["method"], self._zero()) + amount
        for row in payload.get("taxes", ()):
            rate = str(row["rate"])
            taxes[rate] = taxes.get(rate, self._zero()) + self._money(row["tax"]) * sign

    def _money(self, minor: int | str) -> Money:
        return Money(int(minor), self._currency)

    def _zero(self) -> Money:
        return Money.zero(self._currency)
