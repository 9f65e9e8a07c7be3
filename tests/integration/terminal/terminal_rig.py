"""A terminal's services on a real device replica (SQLite file in tmp_path): ``build_rig``.

The replica is created by D1's migrations and seeded with the demo catalog
(``adapters.demo_catalog``); printing goes to a recording queue that lays each
document out with the real layouts; the drawer and the sync nudge record calls.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kassa.core.money import Money
from kassa.sync.replica.engine import connect_replica
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.services.adapters.barcodes import Gs1Decoder
from kassa.terminal.services.adapters.demo_catalog import seed_demo
from kassa.terminal.services.adapters.local_state import SqliteLocalState
from kassa.terminal.services.adapters.receipt_layout import layout
from kassa.terminal.services.adapters.replica_catalog import ReplicaCatalog, ReplicaCustomers
from kassa.terminal.services.adapters.replica_facts import ReplicaFactLog
from kassa.terminal.services.adapters.replica_people import (
    ReplicaPaymentMethods,
    ReplicaUsers,
    limits_from,
)
from kassa.terminal.services.pos import build_pos_services


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, **kw: float) -> None:
        self.at += timedelta(**kw)


@dataclass
class RecordingPrinter:
    """Keeps every queued document and its print layout; can be made to fail."""

    jobs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail: bool = False

    def submit(self, *, kind: str, document: dict[str, Any]) -> str:
        if self.fail:
            raise OSError("printer queue disk is full")
        layout(kind, document)  # the layout must accept every document we queue
        self.jobs.append((kind, dict(document)))
        return f"job-{len(self.jobs)}"


@dataclass
class RecordingDrawer:
    kicks: int = 0

    def open(self) -> bool:
        self.kicks += 1
        return True


@dataclass
class CountingSync:
    nudges: int = 0

    def nudge(self) -> None:
        self.nudges += 1


@dataclass
class Rig:
    pos: Any
    facts: ReplicaFactLog
    printer: RecordingPrinter
    drawer: RecordingDrawer
    sync: CountingSync
    clock: Clock
    ids: Any
    state: SqliteLocalState

    def eur(self, amount: str) -> Money:
        return Money.of(amount, "EUR")


_TEMPLATE: dict[str, Any] = {}


def _seeded_copy(target: Path) -> Any:
    """A migrated, seeded device file at ``target``, copied from one built per session."""
    if "path" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="kassa-terminal-template-"))
        atexit.register(shutil.rmtree, folder, True)
        replica = open_replica(folder / "device.sqlite3")
        _TEMPLATE["ids"] = seed_demo(replica)
        replica.engine.dispose()  # the last connection checkpoints the WAL into the file
        _TEMPLATE["path"] = folder / "device.sqlite3"
    shutil.copyfile(_TEMPLATE["path"], target)
    return _TEMPLATE["ids"]


def build_rig(
    path, *, cash_step: int = 1, seed: bool = True, ids=None, currency: str = "EUR"
) -> Rig:
    """Services on ``path``/device.sqlite3; ``seed=False`` reopens what is there (a restart).
    Another ``currency`` seeds the demo store with its prices in that currency."""
    if seed and currency != "EUR":
        replica = open_replica(path / "device.sqlite3")
        ids = seed_demo(replica, currency=currency)
        replica.engine.dispose()
    elif seed:
        ids = _seeded_copy(path / "device.sqlite3")
    replica = connect_replica(path / "device.sqlite3")
    clock = Clock()
    facts = ReplicaFactLog(replica, clock=clock.now)
    users = ReplicaUsers(replica)
    state = SqliteLocalState(path / "terminal-state.sqlite3")
    printer, drawer, sync = RecordingPrinter(), RecordingDrawer(), CountingSync()
    pos = build_pos_services(
        users=users,
        catalog=ReplicaCatalog(replica, store_id=ids.store_id, currency=currency, clock=clock.now),
        customers=ReplicaCustomers(replica),
        decoder=Gs1Decoder(rcn_region="de"),
        facts=facts,
        state=state,
        clock=clock,
        printer=printer,
        drawer=drawer,
        sync=sync,
        currency=currency,
        payment_methods=ReplicaPaymentMethods(replica),
        limits=limits_from(users.permissions(), {"cashier": {"max_discount_percent": 10}}),
        cash_step=cash_step,
    )
    return Rig(pos, facts, printer, drawer, sync, clock, ids, state)
