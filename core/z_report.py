"""The Z report's figures: a shift's totals and the never-reset grand total.

``GrandTotal`` is the terminal's perpetual total since it was first used: it
only ever grows by each closed shift's sales and returns (both counted as
positive amounts), so deleting or editing a receipt would show as a break
between one Z report's "after" and the next one's "before". Where it is stored
is the terminal's business; here it is a value.

Sales and returns are counted by line: a line with a positive gross amount is a
sale, a negative one a return, so an exchange receipt adds to both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .currency import Currency, currency
from .document import Totals
from .money import Money
from .shift import CashMovement, Method, MovementKind, TenderBalance
from .tax import TaxRow, merge_breakdowns


@dataclass(frozen=True)
class GrandTotal:
    sales: Money
    returns: Money

    @classmethod
    def zero(cls, code: str | Currency) -> GrandTotal:
        return cls(Money.zero(code), Money.zero(code))

    @property
    def net(self) -> Money:
        return self.sales - self.returns

    def add(self, *, sales: Money, returns: Money) -> GrandTotal:
        """The grand total after a shift; it never goes down."""
        if sales.minor < 0 or returns.minor < 0:
            raise ValueError(
                f"the grand total only grows: sales {sales} and returns {returns} must be >= 0"
            )
        return GrandTotal(self.sales + sales, self.returns + returns)


@dataclass(frozen=True)
class ZReport:
    currency: Currency
    receipts: int
    sales: Money  # positive lines, gross
    returns: Money  # negative lines, gross, as a positive amount
    discounts: Money  # line and document discounts, net of those taken back by returns
    breakdown: tuple[TaxRow, ...]
    opening_float: Money
    cash_in: Money
    cash_out: Money
    balances: tuple[TenderBalance, ...]  # expected, counted, over/short per tender
    grand_total_before: GrandTotal
    grand_total_after: GrandTotal

    @property
    def net(self) -> Money:
        return self.sales - self.returns

    @property
    def over_short(self) -> dict[Method, Money]:
        return {b.method: b.difference for b in self.balances}


def z_report(
    *,
    receipts: Sequence[Totals],
    opening_float: Money,
    movements: Sequence[CashMovement],
    balances: Sequence[TenderBalance],
    grand_total_before: GrandTotal,
) -> ZReport:
    """The figures of a shift's Z report (``balances`` from ``shift.reconcile``)."""
    cur = currency(opening_float.currency)
    lines = [line for r in receipts for line in r.lines]
    sales = Money.sum((t.gross for t in lines if t.gross.minor > 0), cur)
    returns = -Money.sum((t.gross for t in lines if t.gross.minor < 0), cur)
    discounts = Money.sum((t.line_discount + t.document_discount for t in lines), cur)
    moved = {
        kind: Money.sum((m.amount for m in movements if m.kind is kind), cur)
        for kind in MovementKind
    }
    return ZReport(
        currency=cur,
        receipts=len(receipts),
        sales=sales,
        returns=returns,
        discounts=discounts,
        breakdown=merge_breakdowns((r.breakdown for r in receipts), cur.code),
        opening_float=opening_float,
        cash_in=moved[MovementKind.CASH_IN],
        cash_out=moved[MovementKind.CASH_OUT],
        balances=tuple(balances),
        grand_total_before=grand_total_before,
        grand_total_after=grand_total_before.add(sales=sales, returns=returns),
    )
