"""The process the shift-close test kills: a manager counts and closes the shift,
and the process SIGKILLs itself at one step of the close.

Run as ``python close_child.py DATA_DIR STEP``. The adapters are the real ones
(device database, terminal-state file, durable print queue with no printer),
each wrapped so that the step named kills the process right there:

- ``counted``: the count is saved, the close not started;
- ``in_commit``: inside the Z fact's transaction, rows written, not committed;
- ``committed``: the Z fact is committed, its printout not queued;
- ``printed``: the Z report is queued, the saved count not yet forgotten;
- ``cleared``: the saved count is forgotten, sync not yet nudged;
- ``nudged``: after the close returned.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from kassa.devices.print_queue import PrintQueue
from kassa.devices.status import PrinterState, PrinterStatus
from kassa.sync.replica.engine import connect_replica
from kassa.sync.replica.facts import record_fact
from kassa.sync.replica.unit_of_work import UnitOfWork
from kassa.terminal.bootstrap import SystemClock, build_pos
from kassa.terminal.services.adapters.local_state import SqliteLocalState
from kassa.terminal.services.adapters.printing import LayoutPrintQueue
from kassa.terminal.services.adapters.replica_facts import ReplicaFactLog

COUNT = {10000: 1, 500: 1}  # 105.00 in the drawer


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class Wrapped:
    def __init__(self, inner: Any, step: str) -> None:
        self.inner, self.step = inner, step

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class KillingFacts(Wrapped):
    def __init__(self, inner: ReplicaFactLog, step: str, clock) -> None:
        super().__init__(inner, step)
        self.clock = clock

    def record(self, *, type: str, payload: dict, number_kind: str | None = None):
        if type == "shift_closed" and self.step == "in_commit":
            with UnitOfWork(self.inner.replica, clock=self.clock) as uow:
                record_fact(uow, type=type, payload=payload, number_kind=number_kind)
                die()  # the transaction is open, its rows written
        stored = self.inner.record(type=type, payload=payload, number_kind=number_kind)
        if type == "shift_closed" and self.step == "committed":
            die()
        return stored


class KillingPrinter(Wrapped):
    def submit(self, *, kind: str, document: dict) -> str:
        job = self.inner.submit(kind=kind, document=document)
        if kind == "shift_closed" and self.step == "printed":
            die()
        return job


class KillingState(Wrapped):
    def take(self, *, kind: str, key: str):
        value = self.inner.take(kind=kind, key=key)
        if kind == "shift_close" and self.step == "cleared":
            die()
        return value


class NoSync:
    def nudge(self) -> None:
        return None


def no_printer(_document) -> PrinterStatus:
    return PrinterStatus(PrinterState.DISCONNECTED, detail="no printer in this test")


def main() -> None:
    data_dir, step = Path(sys.argv[1]), sys.argv[2]
    clock = SystemClock()
    replica = connect_replica(data_dir / "device.sqlite3")
    queue = PrintQueue(data_dir / "print_queue.sqlite3", send=no_printer)  # jobs wait
    overrides = {
        "sync": NoSync(),
        "clock": clock,
        "facts": KillingFacts(ReplicaFactLog(replica, clock=clock.now), step, clock.now),
        "state": KillingState(SqliteLocalState(data_dir / "terminal-state.sqlite3"), step),
        "printer": KillingPrinter(LayoutPrintQueue(queue), step),
    }
    pos = build_pos({}, data_dir=data_dir, overrides=overrides)
    pos.auth.login("9999")
    pos.shift.count(COUNT)
    if step == "counted":
        die()
    pos.shift.close()
    die()


if __name__ == "__main__":
    main()
