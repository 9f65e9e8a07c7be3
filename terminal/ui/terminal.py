"""``Terminal``: the UI's composition for one ``Pos``.

One worker thread for service calls, the view-models, the screens, the frame and
the scan router. Tests build a ``Terminal`` on the real services and put
``terminal.frame`` on the window; ``KassaApp`` does the same for a person.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from kassa.devices.scanner.wedge import WedgeDetector
from kassa.terminal.ui.scanner import ScanRouter
from kassa.terminal.ui.viewmodels.text import use_zone
from kassa.terminal.ui.worker import Worker


def store_zone(pos: Any) -> tzinfo | None:
    """The store's time zone (its synced row, read by the printing adapter), if known."""
    devices = getattr(pos, "extras", {}).get("devices")
    paper = getattr(devices, "paper", None)
    return getattr(paper, "zone", None)


class Terminal:
    """Everything the screens need, wired to one ``Pos``."""

    def __init__(
        self,
        pos: Any,
        *,
        status_every: float = 2.0,
        detector: WedgeDetector | None = None,
        login_note: str = "",
    ) -> None:
        # Imported here: importing the screens loads their kv rules (once, globally).
        from kassa.terminal.ui.frame import Frame
        from kassa.terminal.ui.screens.customer import CustomerScreen, ReprintScreen
        from kassa.terminal.ui.screens.login import LockScreen, LoginScreen
        from kassa.terminal.ui.screens.payment import PaidScreen, PaymentScreen
        from kassa.terminal.ui.screens.returns import ReturnsScreen
        from kassa.terminal.ui.screens.sell import SellScreen
        from kassa.terminal.ui.screens.shift import ShiftScreen
        from kassa.terminal.ui.viewmodels.customer import CustomerViewModel
        from kassa.terminal.ui.viewmodels.payment import PaymentViewModel
        from kassa.terminal.ui.viewmodels.refund import RefundViewModel
        from kassa.terminal.ui.viewmodels.reprint import ReprintViewModel
        from kassa.terminal.ui.viewmodels.sale import SaleViewModel
        from kassa.terminal.ui.viewmodels.session import SessionViewModel
        from kassa.terminal.ui.viewmodels.shell import ShellViewModel
        from kassa.terminal.ui.viewmodels.shift import ShiftViewModel
        from kassa.terminal.ui.viewmodels.status import StatusViewModel

        self.pos = pos
        use_zone(store_zone(pos))
        self.worker = Worker()
        self.shell = ShellViewModel(auth=pos.auth, worker=self.worker)
        common = {"worker": self.worker, "approvals": self.shell.ask_approval}
        self.status = StatusViewModel(
            read_sync=pos.sync_status,
            read_printer=pos.printer_status,
            integrity_check=getattr(pos, "extras", {}).get("integrity"),
            every=status_every,
        )
        self.session = SessionViewModel(
            auth=pos.auth,
            shell=self.shell,
            shift_is_open=lambda: pos.shift.current() is not None,
            login_note=login_note,
            **common,
        )
        self.sale = SaleViewModel(desk=pos.sale, currency=pos.currency, shell=self.shell, **common)
        self.payment = PaymentViewModel(
            desk=pos.sale, shift=pos.shift, currency=pos.currency, shell=self.shell, **common
        )
        self.refund = RefundViewModel(desk=pos.returns, currency=pos.currency, **common)
        self.shift = ShiftViewModel(
            desk=pos.shift, currency=pos.currency, shell=self.shell, **common
        )
        self.customer = CustomerViewModel(
            customers=pos.customers,
            desk=pos.sale,
            invoices=pos.invoices,
            shell=self.shell,
            **common,
        )
        self.reprint = ReprintViewModel(reprints=pos.reprints, **common)
        shell = self.shell
        screens = [
            LoginScreen(vm=self.session),
            LockScreen(vm=self.session),
            SellScreen(vm=self.sale, session=self.session, shell=shell, customer=self.customer),
            PaymentScreen(vm=self.payment),
            PaidScreen(vm=self.payment, customer=self.customer),
            ReturnsScreen(vm=self.refund, shell=shell),
            ShiftScreen(vm=self.shift, shell=shell, session=self.session),
            CustomerScreen(vm=self.customer, shell=shell),
            ReprintScreen(vm=self.reprint, shell=shell),
        ]
        from kassa.terminal.ui.field import attach as attach_field

        screens += attach_field(self)  # a rep's screens (and a rep's sign-in opens them)
        self.frame = Frame(shell=self.shell, status=self.status, screens=screens)
        self.scans = ScanRouter(
            current_screen=lambda: self.frame.manager.current_screen,
            refuse=lambda message: setattr(self.shell, "error", message),
            detector=detector,
        )
        self.status.refresh()

    def screen(self, name: str) -> Any:
        return self.frame.screen(name)

    def attach(self, window: Any, *, serial_scanner: Any = None) -> None:
        """Start taking scans: wedge keys from ``window``, codes from ``serial_scanner``."""
        self.scans.listen(window)
        self._serial = serial_scanner
        if serial_scanner is not None:
            serial_scanner.on_scan = self.scans.from_thread
            serial_scanner.start()

    def close(self) -> None:
        self.scans.stop()
        if getattr(self, "_serial", None) is not None:
            self._serial.stop()
        self.status.stop()
        self.worker.shutdown()
