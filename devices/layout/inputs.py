"""What the layouts take besides core documents: the store, the paper format,
and the header facts of each printout (numbers, times, people).

Amounts, lines, tax breakdowns and shift figures are core types
(``Totals``, ``Settlement``, ``ZReport``, ``CashMovement``); names of items
come from the caller keyed by ``Line.ref``, since core lines carry no text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal

from kassa.core.document import Totals
from kassa.core.money import Money
from kassa.core.money_format import format_amount
from kassa.core.payment import Settlement
from kassa.core.refund import RefundPlan
from kassa.core.shift import CashMovement
from kassa.core.z_report import ZReport
from kassa.devices.layout.recorded import RecordedTotals, ShiftFigures


@dataclass(frozen=True)
class StoreInfo:
    name: str
    address: tuple[str, ...] = ()
    phone: str = ""
    tax_id: str = ""  # printed as given, e.g. "VAT DE123456789"
    footer: tuple[str, ...] = ("Thank you for your visit!",)
    logo: str = ""  # an image file; empty for none


@dataclass(frozen=True)
class PaperFormat:
    """How numbers and times are written on paper (a store setting)."""

    decimal: str = ","
    group: str = "."
    zone: tzinfo = UTC  # local time of the store; documents keep UTC
    date_format: str = "%d.%m.%Y"
    time_format: str = "%H:%M"
    labels: Mapping[str, str] = field(default_factory=dict)  # translations of fixed words

    def money(self, m: Money) -> str:
        return format_amount(m, decimal=self.decimal, group=self.group)

    def qty(self, q: Decimal) -> str:
        text = f"{q.normalize():f}" if q == q.to_integral() else f"{q:f}"
        return text.replace(".", self.decimal)

    def percent(self, p: Decimal) -> str:
        return self.qty(p) + " %"

    def when(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        return local.strftime(f"{self.date_format} {self.time_format}")

    def day(self, value: date) -> str:
        return value.strftime(self.date_format)

    def label(self, word: str) -> str:
        return self.labels.get(word, word)


@dataclass(frozen=True)
class ReceiptInput:
    """A receipt (sale), or a return receipt when ``returns`` names the original."""

    number: str
    issued_at: datetime  # UTC
    totals: Totals | RecordedTotals  # recorded: printed as stored, nothing recomputed
    names: Mapping[str, str]  # Line.ref -> text printed (core totals only)
    settlement: Settlement | None = None  # a sale's payment
    refund: RefundPlan | None = None  # a return's pay-back
    cashier: str = ""
    terminal: str = ""
    customer: str = ""
    returns: str = ""  # number of the receipt this one returns
    reason: str = ""  # why the goods came back (returns)
    copy: bool = False


@dataclass(frozen=True)
class ShiftReportInput:
    kind: str  # "X" (mid-shift, nothing closed) or "Z" (closes the shift)
    number: str  # the Z number, or the X report's running number
    opened_at: datetime
    printed_at: datetime
    figures: ZReport | ShiftFigures  # ShiftFigures: as a terminal recorded them
    terminal: str = ""
    cashier: str = ""
    counted: bool = True  # False for an X report taken without a count
    copy: bool = False  # a reprint


@dataclass(frozen=True)
class CashSlipInput:
    number: str  # empty: printed without a number or barcode
    at: datetime
    movement: CashMovement
    cashier: str = ""
    terminal: str = ""
    shift: str = ""


@dataclass(frozen=True)
class Party:
    name: str
    address: tuple[str, ...] = ()
    tax_id: str = ""
    number: str = ""  # customer number


@dataclass(frozen=True)
class CommercialInput:
    """An offer, sales order or invoice: ``totals.kind`` says which."""

    number: str
    issued_at: datetime
    customer: Party
    totals: Totals | RecordedTotals
    names: Mapping[str, str]
    reference: str = ""  # the offer an order follows, the order an invoice bills
    valid_until: date | None = None  # offers
    delivery_date: date | None = None  # sales orders
    due_date: date | None = None  # invoices
    payment_terms: str = ""
    salesperson: str = ""
    notes: tuple[str, ...] = ()
    copy: bool = False
