"""A terminal built by the real composition root (``build_pos``) on a data dir.

The device file is a copy of one migrated and seeded (demo catalog, staff with
PINs 1111 cashier Anna, 9999 manager Max, 5555 rep Rita, 7777 admin Ada) once
per session; the print queue is the real durable one (no printer configured
unless the config names one), sync is a counting nudge unless given.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kassa.core.money import Money
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.demo_catalog import seed_demo
from kassa.terminal.services.events import Tender

_TEMPLATE: dict[str, Any] = {}


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, **kw: float) -> None:
        self.at += timedelta(**kw)


class CountingSync:
    def __init__(self) -> None:
        self.nudges = 0

    def nudge(self) -> None:
        self.nudges += 1


class RecordingDrawer:
    """The services' drawer port, counting kicks (the real one needs a printer)."""

    def __init__(self) -> None:
        self.kicks = 0

    def open(self) -> bool:
        self.kicks += 1
        return True


def seeded(data_dir: Path) -> Any:
    """Put a migrated, seeded device database into ``data_dir``; the demo ids."""
    if "path" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="kassa-reliability-template-"))
        atexit.register(shutil.rmtree, folder, True)
        replica = open_replica(folder / "device.sqlite3")
        _TEMPLATE["ids"] = seed_demo(replica)
        replica.engine.dispose()
        _TEMPLATE["path"] = folder / "device.sqlite3"
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_TEMPLATE["path"], data_dir / "device.sqlite3")
    return _TEMPLATE["ids"]


@dataclass
class Till:
    pos: Any
    clock: Clock
    sync: Any
    data_dir: Path

    @property
    def replica(self):
        return self.pos.extras["replica"]

    def close(self) -> None:
        self.pos.close()

    def drawer_kicks(self) -> int:
        return self.pos.extras["devices"].drawer.kicks

    def sell(self, code: str = "96385074", cash: str = "5") -> Any:
        self.pos.sale.scan(code)
        return self.pos.sale.checkout([Tender("cash", eur(cash))])


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def start(
    data_dir: Path,
    *,
    config: dict | None = None,
    clock: Clock | None = None,
    sync: Any = None,
    real_sync: bool = False,
    **overrides: Any,
) -> Till:
    """``build_pos`` on ``data_dir`` (already seeded) with a fake clock and a counting
    sync nudge (``real_sync``: the sync service bootstrap builds from the credentials)."""
    clock = clock or Clock()
    if not real_sync:
        overrides["sync"] = sync if sync is not None else CountingSync()
    pos = build_pos(config or {}, data_dir=data_dir, overrides={"clock": clock, **overrides})
    return Till(pos, clock, overrides.get("sync"), data_dir)


def open_shift(till: Till) -> None:
    """Max (manager) opens a shift with 100.00; Anna (cashier) signs in."""
    till.pos.auth.login("9999")
    till.pos.shift.open(opening_float=eur("100"))
    till.pos.auth.login("1111")


def fact_rows(data_dir: Path) -> list[tuple]:
    """(seq, type, number) of every stored fact, read with a plain sqlite3 connection."""
    db = sqlite3.connect(data_dir / "device.sqlite3")
    try:
        return db.execute("SELECT seq, type, number FROM fact ORDER BY seq").fetchall()
    finally:
        db.close()
