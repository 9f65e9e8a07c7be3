"""A terminal on real parts for the UI tests, built by the terminal's composition root
(``kassa.terminal.bootstrap.build_pos``): the device database in tmp_path seeded with
the demo catalog, the durable print queue printing through the ESC/POS adapter to the
TCP printer simulator on 127.0.0.1, and the cash drawer on that printer. No server:
sync runs offline (the status bar says so).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.sync.client.credentials import database_path
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.demo_catalog import seed_demo


@dataclass
class Rig:
    pos: Any
    printer: TcpPrinterSimulator
    ids: Any
    folder: Path
    config: dict[str, Any]

    def restart(self) -> Any:
        """Close the terminal's services and build them again on the same files,
        as after switching the till off and on."""
        self.pos.close()
        self.pos = build_pos(self.config, data_dir=self.folder)
        return self.pos

    @property
    def facts(self) -> Any:
        return self.pos.sale.ctx.facts

    @property
    def queue(self) -> Any:
        return self.pos.extras["devices"].queue

    def printed(self, *, timeout: float = 10.0) -> list[list[str]]:
        """The pieces of paper the simulated printer produced (text lines each), once
        every queued job is printed (``pending`` counts the one printing, too)."""
        deadline = time.monotonic() + timeout
        while self.queue.pending():
            assert time.monotonic() < deadline, [(j.title, j.status) for j in self.queue.jobs()]
            time.sleep(0.02)
        return self.printer.decoded().pages()

    def close(self) -> None:
        self.pos.close()
        self.printer.stop()


def build_rig(folder: Path, *, currency: str = "EUR", terminal: dict | None = None) -> Rig:
    """``currency``: the demo store's prices in it; ``terminal``: more ``[terminal]``
    settings (``cash_rounding_step``, ``busy_timeout_seconds`` ...)."""
    replica = open_replica(database_path(folder))
    ids = seed_demo(replica, currency=currency)
    replica.dispose()
    sim = TcpPrinterSimulator().start()
    config = {
        "printer": {
            "connection": "network",
            "host": sim.host,
            "port": sim.port,
            "status_timeout": 1.0,
        },
        "terminal": {"receipt_header": ["Kassa Demo Store"], **(terminal or {})},
    }
    pos = build_pos(config, data_dir=folder)
    return Rig(pos=pos, printer=sim, ids=ids, folder=folder, config=config)
