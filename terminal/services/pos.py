"""``Pos``: everything a terminal screen may call, built by ``bootstrap.build_pos``.

Services are synchronous and may touch the database or a device: call them off
the UI thread (e.g. a worker thread) and hand results back with Kivy's Clock.
One ``Pos`` serves one terminal; its methods are not meant to be called from
two threads at once (serialise them through one worker).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kassa.terminal.services.auth import Auth
from kassa.terminal.services.invoices import InvoiceRequests
from kassa.terminal.services.ports import Customers
from kassa.terminal.services.reprint import Reprints
from kassa.terminal.services.returns import ReturnDesk
from kassa.terminal.services.sale import SaleDesk
from kassa.terminal.services.shift import ShiftDesk


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
    # Read-only status for the always-visible bar (no I/O on call; cheap):
    sync_status: Callable[[], Any]  # the sync engine's observable state
    printer_status: Callable[[], Any]  # the print queue's state (pending, last error)
    close: Callable[[], None]  # stop the sync scheduler, close the database
