"""X and Z reports and cash in/out slips of the terminal, through the devices' layouts.

The figures are the ones the services recorded (``shift_report.totals_payload``
and the ``shift_closed`` fact): counts, sales, returns, tax per rate, the cash
and each tender's takings, the count and the never-reset grand total. Nothing
is recomputed from the receipts here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kassa.core.money import Money
from kassa.core.shift import CashMovement, MovementKind
from kassa.devices.layout.document import PrintDocument
from kassa.devices.layout.inputs import CashSlipInput, ShiftReportInput
from kassa.devices.layout.recorded import Balance, ShiftFigures
from kassa.devices.layout.reports import cash_slip_document, shift_report_document

if TYPE_CHECKING:
    from kassa.terminal.services.adapters.store_info import StorePaper

Doc = Mapping[str, Any]


def shift_report(kind: str, doc: Doc, paper: StorePaper) -> PrintDocument:
    z = kind == "shift_closed"
    printed = doc.get("closed_at") if z else doc.get("at")
    report = ShiftReportInput(
        kind="Z" if z else "X",
        number=(doc.get("number") or "") if z else "",
        opened_at=datetime.fromisoformat(doc["opened_at"]),
        printed_at=datetime.fromisoformat(printed or doc["device_time"]),
        figures=shift_figures(doc, counted=z),
        terminal=paper.terminal,
        cashier=(doc.get("closed_by") or {}).get("name", ""),
        counted=z,
        copy=bool(doc.get("copy")),
    )
    return shift_report_document(report, store=paper.store, fmt=paper.fmt)


def shift_figures(doc: Doc, *, counted: bool) -> ShiftFigures:
    cur = doc["currency"]

    def money(key: str) -> Money:
        return Money(int(doc[key]), cur)

    cash = Balance("Cash", money("expected_cash"), money("counted_total") if counted else None)
    others = tuple(
        Balance(method.replace("_", " ").title(), Money(int(amount), cur))
        for method, amount in doc["by_method"].items()
        if method != "cash"
    )
    return ShiftFigures(
        counts=(
            ("Sales receipts", int(doc["sales_count"])),
            ("Return receipts", int(doc["returns_count"])),
            ("Cancelled sales", int(doc["cancelled_count"])),
        ),
        sales=money("gross_sales"),
        returns=money("returns"),
        opening_float=money("opening_float"),
        cash_in=money("cash_in"),
        cash_out=money("cash_out"),
        balances=(cash, *others),
        tax_by_rate=tuple(
            (Decimal(rate), Money(int(tax), cur)) for rate, tax in doc["taxes"].items()
        ),
        rounding=money("rounding"),
        grand_total_net=money("grand_total") if counted else None,
    )


def cash_slip(doc: Doc, paper: StorePaper) -> PrintDocument:
    amount = int(doc["amount"])
    kind = MovementKind.CASH_IN if amount > 0 else MovementKind.CASH_OUT
    slip = CashSlipInput(
        number=doc.get("number") or "",
        at=datetime.fromisoformat(doc["device_time"]),
        movement=CashMovement(kind, Money(abs(amount), doc["currency"]), doc.get("reason", "")),
        cashier=(doc.get("cashier") or {}).get("name", ""),
        terminal=paper.terminal,
    )
    return cash_slip_document(slip, store=paper.store, fmt=paper.fmt)
