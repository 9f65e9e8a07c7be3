"""The device and sync halves of the composition root (``bootstrap`` uses them).

Devices: the durable print queue (``kassa.devices.print_queue``) printing through
the configured ESC/POS printer, laid out by the devices' layouts with the synced
store's name, address, tax number and time zone (``store_info``; ``[terminal]
receipt_header`` lines are added under the address, ``receipt_footer`` lines
replace the thank-you line); a watch that reads the printer's status every
``[terminal] printer_poll_seconds`` (10) and after each job; the cash drawer
through the printer or its own serial port.
Sync: the background sync service when the device is enrolled (credentials in
the data dir), else a status that says so and a nudge that does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kassa.devices.drawer import PrinterDrawer, SerialDrawer
from kassa.devices.layout.document import PrintDocument
from kassa.devices.print_queue import PrintQueue
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.settings import device_settings
from kassa.devices.status import PrinterState, PrinterStatus
from kassa.sync.client.credentials import CredentialsError, load_credentials
from kassa.sync.client.service import build_sync_service, saved_status
from kassa.sync.client.state import SyncState
from kassa.sync.replica.engine import Replica
from kassa.terminal.services.adapters.printer_watch import PrinterWatch
from kassa.terminal.services.adapters.printing import LayoutPrintQueue
from kassa.terminal.services.adapters.store_info import ReplicaStorePaper, StorePaper

log = logging.getLogger(__name__)


@dataclass
class Devices:
    printer: Any  # the services' PrintQueue port
    drawer: Any  # the services' CashDrawer port
    status: Callable[[], PrinterStatus | None]
    queue: PrintQueue | None = None
    paper: Any = None  # ReplicaStorePaper: the store header and time zone (``.zone``)
    watch: PrinterWatch | None = None


class DrawerPort:
    """The devices' drawer (``open() -> DrawerResult``) as the services' port (bool)."""

    def __init__(self, drawer: Any) -> None:
        self.drawer = drawer

    def open(self) -> bool:
        result = self.drawer.open()
        if not result.sent:
            log.warning("cash drawer: %s", result.message)
        return bool(result.sent)


class NoDrawer:
    def open(self) -> bool:
        return False


def _no_printer(_document: PrintDocument) -> PrinterStatus:
    return PrinterStatus(PrinterState.DISCONNECTED, detail="no printer configured in [printer]")


def build_devices(
    config: Mapping[str, Any],
    *,
    data_dir: Path,
    given: dict[str, Any],
    closers: list,
    replica: Replica | None = None,
    identity: Any = None,  # the DeviceIdentity: whose store row heads the printouts
) -> Devices:
    settings = device_settings(dict(config))
    terminal = config.get("terminal", {})
    header = tuple(terminal.get("receipt_header", ()))
    footer = tuple(terminal.get("receipt_footer", ()))
    paper: Any = StorePaper()
    if replica is not None and identity is not None:
        paper = ReplicaStorePaper(
            replica,
            store_id=identity.store_id,
            terminal_id=identity.terminal_id,
            header=header,
            footer=footer,
        )
    printer = None
    watch = None
    if settings.printer.connection != "none":
        printer = EscposPrinter(
            settings.printer, drawer_open_when_high=settings.drawer.open_when_high
        )
        every = float(terminal.get("printer_poll_seconds", 10))
        watch = PrinterWatch(printer.status, every=every).start()
        closers.append(watch.stop)
    queue = None
    port = given.pop("printer", None)
    if port is None:
        queue = PrintQueue(
            data_dir / "print_queue.sqlite3",
            send=printer.print_document if printer else _no_printer,
            on_change=watch.wake if watch is not None else None,
        ).start()
        closers.append(queue.stop)
        port = LayoutPrintQueue(queue, paper=getattr(paper, "current", lambda: paper))
    drawer = given.pop("drawer", None)
    if drawer is None:
        if settings.drawer.via == "printer" and printer is not None:
            drawer = DrawerPort(PrinterDrawer(printer, settings.drawer))
        elif settings.drawer.via == "serial":
            drawer = DrawerPort(SerialDrawer(settings.drawer))
        else:
            drawer = NoDrawer()

    def status() -> PrinterStatus | None:
        """The latest the printer said: to a status poll, a print job or a drawer kick."""
        return None if printer is None else printer.last_status

    return Devices(
        printer=port, drawer=drawer, status=status, queue=queue, paper=paper, watch=watch
    )


@dataclass
class Sync:
    nudge: Any  # the services' SyncNudge port
    state: Callable[[], SyncState]


class _Offline:
    """Not enrolled: nothing is sent; the state (pending count) is re-read on each nudge
    (the services' worker thread), so reading it from the UI thread does no I/O."""

    def __init__(self, replica: Replica, reason: str) -> None:
        self.replica, self.reason = replica, reason
        self.nudge()

    def nudge(self) -> None:
        saved = saved_status(self.replica).state
        self._state = replace(saved, last_error=saved.last_error or self.reason)

    def state(self) -> SyncState:
        return self._state


def build_sync(
    config: Mapping[str, Any],
    *,
    data_dir: Path,
    replica: Replica,
    given: dict[str, Any],
    closers: list,
) -> Sync:
    if "sync" in given:
        port = given.pop("sync")
        return Sync(nudge=port, state=getattr(port, "state", lambda: saved_status(replica).state))
    try:
        credentials = load_credentials(data_dir)
    except CredentialsError as exc:
        offline = _Offline(replica, f"not enrolled: {exc}")
        return Sync(nudge=offline, state=offline.state)
    interval = float(config.get("sync", {}).get("interval", 60))
    service = build_sync_service(replica=replica, credentials=credentials, interval=interval)
    service.start()
    closers.append(service.stop)
    return Sync(nudge=service, state=service.state)
