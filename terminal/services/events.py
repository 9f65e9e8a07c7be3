"""What happened, as returned by the services (past tense, frozen).

Every ``*Completed``/``*Opened``/``*Closed`` result is returned only after its fact
is committed (durable); printing happened after that and is reported in
``print_job`` (``None`` when the job could not even be queued — the sale stands).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from kassa.core.money import Money
from kassa.terminal.services.roles import Operator


@dataclass(frozen=True)
class SignedIn:
    operator: Operator


@dataclass(frozen=True)
class Tender:
    """One payment: ``method`` ("cash", "card", or a synced payment-method code)."""

    method: str
    amount: Money
    reference: str = ""  # card slip / terminal reference


@dataclass(frozen=True)
class SaleCompleted:
    fact_id: uuid.UUID
    number: str
    seq: int
    total: Money  # after discounts, before cash rounding
    rounding: Money  # cash rounding applied (may be negative)
    due: Money  # total + rounding
    tenders: tuple[Tender, ...]
    change: Money
    at: datetime
    print_job: str | None
    drawer_opened: bool


@dataclass(frozen=True)
class SaleParked:
    park_id: str
    label: str
    total: Money
    at: datetime


@dataclass(frozen=True)
class ParkedSummary:
    park_id: str
    label: str
    total: Money
    lines: int
    at: datetime
    cashier: str


@dataclass(frozen=True)
class SaleCancelled:
    fact_id: uuid.UUID
    seq: int
    lines: int
    total: Money
    at: datetime


@dataclass(frozen=True)
class ReturnableLine:
    """A line of the original receipt and how much of it may still come back."""

    line_id: str
    name: str
    sold_qty: Decimal
    returned_qty: Decimal
    line_total: Money  # what the whole line cost after all its discounts

    @property
    def returnable_qty(self) -> Decimal:
        return self.sold_qty - self.returned_qty

    def refund_for(self, quantity: Decimal) -> Money:
        """The refund for ``quantity`` more units (all units refund exactly the total)."""
        done = self.line_total.times(self.returned_qty / self.sold_qty)
        return self.line_total.times((self.returned_qty + quantity) / self.sold_qty) - done


@dataclass(frozen=True)
class ReceiptForReturn:
    number: str
    fact_id: uuid.UUID
    at: datetime
    lines: tuple[ReturnableLine, ...]
    paid: tuple[Tender, ...]  # per method: paid minus already refunded


@dataclass(frozen=True)
class ReturnCompleted:
    fact_id: uuid.UUID
    number: str
    original_number: str
    refund: Money
    tenders: tuple[Tender, ...]
    at: datetime
    print_job: str | None
    drawer_opened: bool


@dataclass(frozen=True)
class InvoiceOrderCreated:
    fact_id: uuid.UUID
    number: str
    receipt_number: str
    customer_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class ShiftOpened:
    shift_id: uuid.UUID
    fact_id: uuid.UUID
    opening_float: Money
    at: datetime
    drawer_opened: bool


@dataclass(frozen=True)
class CashMoved:
    fact_id: uuid.UUID
    amount: Money  # positive: cash in; negative: cash out
    reason: str
    at: datetime
    drawer_opened: bool


@dataclass(frozen=True)
class ShiftTotals:
    """The arithmetic of a shift so far (X) or at its close (Z)."""

    shift_id: uuid.UUID
    opened_at: datetime
    opening_float: Money
    sales_count: int
    returns_count: int
    cancelled_count: int
    gross_sales: Money
    returns: Money
    by_method: dict[str, Money]  # net taken per tender method (sales - refunds)
    cash_in: Money
    cash_out: Money
    rounding: Money
    expected_cash: Money  # float + cash net + cash in - cash out
    taxes: dict[str, Money] = field(default_factory=dict)  # tax rate text -> tax amount


@dataclass(frozen=True)
class XReport:
    totals: ShiftTotals
    at: datetime
    print_job: str | None


@dataclass(frozen=True)
class CloseInProgress:
    """A close started but not finished: the count so far, kept across restarts."""

    shift_id: uuid.UUID
    counted: dict[str, int]  # denomination minor units (as text) -> number of pieces
    counted_total: Money
    expected_cash: Money


@dataclass(frozen=True)
class ShiftClosed:
    fact_id: uuid.UUID
    z_number: str
    totals: ShiftTotals
    counted_cash: Money
    over_short: Money  # counted - expected: positive over, negative short
    grand_total: Money  # never reset: all sales minus returns ever on this terminal
    at: datetime
    print_job: str | None


@dataclass(frozen=True)
class Reprinted:
    number: str
    kind: str
    print_job: str | None
