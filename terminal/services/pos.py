"""``Pos``: everything a terminal screen may call, and ``build_pos_services`` wiring it.

Services are synchronous and may touch the database or a device: call them off
the UI thread (one worker thread) and hand results back with Kivy's Clock. One
``Pos`` serves one terminal; do not call it from two threads at once.

``kassa.terminal.bootstrap.build_pos`` builds the real adapters from config and
calls ``build_pos_services``; tests call it with their own adapters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from kassa.core.tax import TaxRounding
from kassa.terminal.services.auth import Auth
from kassa.terminal.services.invoices import InvoiceRequests
from kassa.terminal.services.outputs import Outputs
from kassa.terminal.services.ports import (
    BarcodeDecoder,
    CashDrawer,
    Catalog,
    Clock,
    Customers,
    FactLog,
    LocalState,
    PaymentMethods,
    PrintQueue,
    SyncNudge,
    UserDirectory,
)
from kassa.terminal.services.reprint import Reprints
from kassa.terminal.services.returns import ReturnDesk
from kassa.terminal.services.roles import RoleLimits
from kassa.terminal.services.sale import SaleDesk
from kassa.terminal.services.sale_context import SaleContext
from kassa.terminal.services.shift import ShiftDesk
from kassa.terminal.services.shift_ledger import ShiftLedger


def _nothing() -> None:
    return None


@dataclass
class Pos:
    auth: Auth
    sale: SaleDesk
    returns: ReturnDesk
    shift: ShiftDesk
    invoices: InvoiceRequests
    reprints: Reprints
    customers: Customers
    currency: str
    # Read-only status for the always-visible bar (cheap; no device I/O on call):
    sync_status: Callable[[], Any] = _nothing  # the sync engine's observable state
    printer_status: Callable[[], Any] = _nothing  # the print queue's state
    close: Callable[[], None] = _nothing  # stop the sync scheduler, close files
    extras: dict[str, Any] = field(default_factory=dict)  # adapters, for tests and CLI


def build_pos_services(
    *,
    users: UserDirectory,
    catalog: Catalog,
    customers: Customers,
    decoder: BarcodeDecoder,
    facts: FactLog,
    state: LocalState,
    clock: Clock,
    printer: PrintQueue,
    drawer: CashDrawer,
    sync: SyncNudge,
    currency: str,
    payment_methods: PaymentMethods | None = None,
    limits: Mapping[str, RoleLimits] | None = None,
    cash_step: int = 1,
    tax_rounding: TaxRounding = TaxRounding.PER_DOCUMENT,
    max_pin_tries: int = 5,
    lockout: timedelta = timedelta(minutes=1),
) -> Pos:
    auth = Auth(
        users=users,
        state=state,
        facts=facts,
        clock=clock,
        limits=limits,
        max_tries=max_pin_tries,
        lockout=lockout,
    )
    ctx = SaleContext(
        auth=auth,
        catalog=catalog,
        decoder=decoder,
        customers=customers,
        facts=facts,
        state=state,
        clock=clock,
        ledger=ShiftLedger(facts=facts, currency=currency),
        outputs=Outputs(printer=printer, drawer=drawer, sync=sync),
        payment_methods=payment_methods,
        currency=currency,
        cash_step=cash_step,
        tax_rounding=tax_rounding,
    )
    return Pos(
        auth=auth,
        sale=SaleDesk(ctx),
        returns=ReturnDesk(ctx),
        shift=ShiftDesk(ctx),
        invoices=InvoiceRequests(ctx),
        reprints=Reprints(ctx),
        customers=customers,
        currency=currency,
    )
