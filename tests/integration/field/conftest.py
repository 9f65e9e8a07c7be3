"""A rep's tablet on real parts: the device database (a SQLite file in tmp_path) seeded
with the demo catalog, stages and a target, built by the terminal's composition root,
with the TCP printer simulator as its printer. No server: facts wait in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.sync.client.credentials import database_path
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.demo_catalog import seed_demo
from kassa.terminal.services.field import field_sales_for
from kassa.terminal.services.field.demo_field import seed_field_demo


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@dataclass
class Tablet:
    pos: Any
    field: Any
    ids: Any
    stages: dict
    clock: Clock
    printer: TcpPrinterSimulator
    folder: Path


@pytest.fixture
def tablet(tmp_path):
    clock = Clock(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    replica = open_replica(database_path(tmp_path))
    ids = seed_demo(replica)
    stages = seed_field_demo(
        replica, store_id=ids.store_id, rep_id=ids.users["rita"], today=clock.now().date()
    )
    replica.dispose()
    sim = TcpPrinterSimulator().start()
    config = {"printer": {"connection": "network", "host": sim.host, "port": sim.port}}
    pos = build_pos(config, data_dir=tmp_path, overrides={"clock": clock})
    pos.auth.login("5555")  # Rita, the rep
    built = Tablet(pos, field_sales_for(pos), ids, stages, clock, sim, tmp_path)
    yield built
    pos.close()
    sim.stop()
