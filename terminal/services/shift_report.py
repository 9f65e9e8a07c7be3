"""Shift totals as JSON: the X report document and the Z (``shift_closed``) payload."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kassa.core.money import Money
from kassa.terminal.services.events import ShiftTotals


def totals_payload(totals: ShiftTotals) -> dict[str, Any]:
    return {
        "shift_id": str(totals.shift_id),
        "opened_at": totals.opened_at.isoformat(),
        "currency": totals.opening_float.currency.code,
        "opening_float": totals.opening_float.minor,
        "sales_count": totals.sales_count,
        "returns_count": totals.returns_count,
        "cancelled_count": totals.cancelled_count,
        "gross_sales": totals.gross_sales.minor,
        "returns": totals.returns.minor,
        "by_method": {k: v.minor for k, v in sorted(totals.by_method.items())},
        "cash_in": totals.cash_in.minor,
        "cash_out": totals.cash_out.minor,
        "rounding": totals.rounding.minor,
        "expected_cash": totals.expected_cash.minor,
        "taxes": {k: v.minor for k, v in sorted(totals.taxes.items())},
    }


def close_payload(
    totals: ShiftTotals,
    *,
    counted: dict[str, int],
    counted_total: Money,
    over_short: Money,
    grand_total: Money,
    closed_by: dict[str, str],
    approval: dict[str, str] | None,
    closed_at: datetime,
) -> dict[str, Any]:
    return {
        **totals_payload(totals),
        "closed_at": closed_at.isoformat(),
        "counted": counted,
        "counted_total": counted_total.minor,
        "over_short": over_short.minor,
        "grand_total": grand_total.minor,
        "closed_by": closed_by,
        "approval": approval,
    }
