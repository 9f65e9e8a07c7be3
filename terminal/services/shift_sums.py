"""A shift's running sums, folded fact by fact: what the X and Z reports show.

``ShiftSums.add`` folds one fact of the shift (a receipt or return, a cancelled
sale, a cash movement) into plain integers (minor units), so the same sums can
be kept up to date in the transaction that records each fact (the replica's
``shift_totals`` row) and recomputed from the facts at any time; both give the
same figures. ``totals`` turns them into ``ShiftTotals``: cash expected in the
drawer is the float, plus cash taken (net of change) minus cash refunded, plus
cash in, minus cash out (core's ``expected_per_tender`` for cash).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kassa.core.money import Money
from kassa.core.payment import TenderKind
from kassa.terminal.services.events import ShiftTotals

SHIFT_EDGES = ("shift_opened", "shift_closed")
IN_SHIFT = ("receipt", "receipt_cancelled", "cash_movement")
_COUNTS = (
    "sales",
    "returns_count",
    "cancelled",
    "gross",
    "returns",
    "cash_in",
    "cash_out",
    "rounding",
    "cash",
)


@dataclass
class ShiftSums:
    """The shift's figures so far, in minor units of the shift's currency."""

    shift_id: str
    sales: int = 0
    returns_count: int = 0
    cancelled: int = 0
    gross: int = 0  # sales' totals
    returns: int = 0  # returns' totals
    cash_in: int = 0
    cash_out: int = 0
    rounding: int = 0  # cash rounding booked on sales
    cash: int = 0  # cash tenders taken (net of change) minus cash refunded
    by_method: dict[str, int] = field(default_factory=dict)  # net taken per method
    taxes: dict[str, int] = field(default_factory=dict)  # tax per rate text, returns off

    def add(self, type: str, payload: Mapping[str, Any]) -> None:
        """Fold one fact in; facts of other shifts (or none) are left out."""
        if payload.get("shift_id") != self.shift_id:
            return
        if type == "receipt_cancelled":
            self.cancelled += 1
        elif type == "cash_movement":
            amount = int(payload["amount"])
            if amount > 0:
                self.cash_in += amount
            else:
                self.cash_out -= amount
        elif type == "receipt":
            self._receipt(payload)

    def _receipt(self, payload: Mapping[str, Any]) -> None:
        sign = -1 if payload["kind"] == "return" else 1
        if sign > 0:
            self.sales += 1
            self.gross += int(payload["total"])
            self.rounding += int(payload.get("rounding", 0))
        else:
            self.returns_count += 1
            self.returns += int(payload["total"])
        for tender in payload["tenders"]:
            amount = int(tender["amount"])
            method = tender["method"]
            self.by_method[method] = self.by_method.get(method, 0) + amount * sign
            if TenderKind(str(tender["kind"])) is TenderKind.CASH:
                self.cash += amount * sign
        for row in payload.get("taxes", ()):
            rate = str(row["rate"])
            self.taxes[rate] = self.taxes.get(rate, 0) + int(row["tax"]) * sign

    def totals(self, opened: Mapping[str, Any], currency: str) -> ShiftTotals:
        """``ShiftTotals`` of the shift opened with the ``shift_opened`` payload ``opened``."""

        def money(minor: int) -> Money:
            return Money(minor, currency)

        opening_float = money(int(opened["opening_float"]))
        return ShiftTotals(
            shift_id=uuid.UUID(self.shift_id),
            opened_at=datetime.fromisoformat(opened["opened_at"]),
            opening_float=opening_float,
            sales_count=self.sales,
            returns_count=self.returns_count,
            cancelled_count=self.cancelled,
            gross_sales=money(self.gross),
            returns=money(self.returns),
            by_method={method: money(v) for method, v in self.by_method.items()},
            cash_in=money(self.cash_in),
            cash_out=money(self.cash_out),
            rounding=money(self.rounding),
            expected_cash=opening_float + money(self.cash + self.cash_in - self.cash_out),
            taxes={rate: money(v) for rate, v in self.taxes.items()},
        )

    def to_json(self) -> str:
        body: dict[str, Any] = {name: getattr(self, name) for name in _COUNTS}
        return json.dumps({**body, "by_method": self.by_method, "taxes": self.taxes})

    @classmethod
    def from_json(cls, shift_id: str, text: str) -> ShiftSums:
        body = json.loads(text)
        sums = cls(shift_id, **{name: int(body[name]) for name in _COUNTS})
        sums.by_method = {str(k): int(v) for k, v in body["by_method"].items()}
        sums.taxes = {str(k): int(v) for k, v in body["taxes"].items()}
        return sums
