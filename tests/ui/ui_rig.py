"""A terminal on real parts for the UI tests: a device replica (SQLite in tmp_path) seeded
with the demo catalog, the real services, the durable print queue printing through the
ESC/POS adapter to the TCP printer simulator on 127.0.0.1, and the drawer on that printer.

Replace by ``kassa.terminal.bootstrap`` once it builds all of this from settings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kassa.devices.drawer import PrinterDrawer
from kassa.devices.print_queue import PrintQueue
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.settings import DrawerSettings, PrinterSettings
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.sync.client.state import SyncStatus
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.services.adapters.barcodes import Gs1Decoder
from kassa.terminal.services.adapters.demo_catalog import seed_demo
from kassa.terminal.services.adapters.local_state import SqliteLocalState
from kassa.terminal.services.adapters.printing import LayoutPrintQueue
from kassa.terminal.services.adapters.replica_catalog import ReplicaCatalog, ReplicaCustomers
from kassa.terminal.services.adapters.replica_facts import ReplicaFactLog
from kassa.terminal.services.adapters.replica_people import (
    ReplicaPaymentMethods,
    ReplicaUsers,
    limits_from,
)
from kassa.terminal.services.pos import build_pos_services


class UtcClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Drawer:
    """The services' drawer port over the drawer wired to the printer."""

    def __init__(self, drawer: PrinterDrawer) -> None:
        self.drawer = drawer

    def open(self) -> bool:
        return self.drawer.open().sent


class NoSync:
    """No server in the UI tests: the nudge is counted, the state says what is waiting."""

    def __init__(self, facts: ReplicaFactLog) -> None:
        self.status = SyncStatus()
        self.nudges = 0

    def nudge(self) -> None:
        self.nudges += 1


@dataclass
class Rig:
    pos: Any
    facts: ReplicaFactLog
    printer: TcpPrinterSimulator
    queue: PrintQueue
    ids: Any

    def printed(self, *, timeout: float = 10.0) -> list[list[str]]:
        """The pieces of paper the simulated printer produced (text lines each), once
        every queued job is printed (``pending`` counts the one printing, too)."""
        deadline = time.monotonic() + timeout
        while self.queue.pending():
            assert time.monotonic() < deadline, [(j.title, j.status) for j in self.queue.jobs()]
            time.sleep(0.02)
        return self.printer.decoded().pages()

    def close(self) -> None:
        self.queue.stop()
        self.printer.stop()


def build_rig(folder: Path) -> Rig:
    replica = open_replica(folder / "device.sqlite3")
    ids = seed_demo(replica)
    sim = TcpPrinterSimulator().start()
    settings = PrinterSettings(
        connection="network", host=sim.host, port=sim.port, status_timeout=1.0
    )
    printer = EscposPrinter(settings)
    queue = PrintQueue(folder / "print-queue.sqlite3", send=printer.print_document).start()
    facts = ReplicaFactLog(replica, clock=UtcClock().now)
    users = ReplicaUsers(replica)
    sync = NoSync(facts)
    pos = build_pos_services(
        users=users,
        catalog=ReplicaCatalog(
            replica, store_id=ids.store_id, currency="EUR", clock=UtcClock().now
        ),
        customers=ReplicaCustomers(replica),
        decoder=Gs1Decoder(rcn_region="de"),
        facts=facts,
        state=SqliteLocalState(folder / "terminal-state.sqlite3"),
        clock=UtcClock(),
        printer=LayoutPrintQueue(queue, header=("Kassa Demo Store",)),
        drawer=Drawer(PrinterDrawer(printer, DrawerSettings())),
        sync=sync,
        currency="EUR",
        payment_methods=ReplicaPaymentMethods(replica),
        limits=limits_from(users.permissions(), {}),
    )
    pos.sync_status = lambda: sync.status.state
    pos.printer_status = lambda: queue.last_status
    return Rig(pos=pos, facts=facts, printer=sim, queue=queue, ids=ids)
