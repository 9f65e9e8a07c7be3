"""A terminal's services on a big replica, built by the terminal's own composition root.

``build_pos`` (``kassa.terminal.bootstrap``) opens the device database in the
data dir and wires the real adapters. Two are replaced: the printer port lays
each document out and renders its ESC/POS bytes in the call (so a completed
sale includes its receipt bytes) and stores the job in the devices' durable
print queue (its worker is not started: no printer here); the sync nudge is a
counter, as cheap as the scheduler's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RNG_SEED = 11


@dataclass
class ReceiptBytes:
    """The services' PrintQueue port: layout -> ESC/POS bytes -> durable print job."""

    queue: Any
    model: Any
    sizes: list[int] = field(default_factory=list)

    def submit(self, *, kind: str, document: Mapping[str, Any]) -> str:
        from kassa.devices.layout.escpos_render import render_escpos
        from kassa.terminal.services.adapters.receipt_layout import layout

        doc = layout(kind, document)
        self.sizes.append(len(render_escpos(doc, model=self.model)))
        return self.queue.submit(doc)


@dataclass
class Drawer:
    kicks: int = 0

    def open(self) -> bool:
        self.kicks += 1
        return True


@dataclass
class Nudge:
    count: int = 0

    def nudge(self) -> None:
        self.count += 1


def build(data_dir: Path):
    """(pos, printer port) on ``data_dir/device.sqlite3``."""
    from kassa.devices.print_queue import PrintQueue
    from kassa.devices.printer.models import model_for
    from kassa.devices.status import PrinterState, PrinterStatus
    from kassa.terminal.bootstrap import build_pos

    queue = PrintQueue(
        data_dir / "print_queue.sqlite3", send=lambda _doc: PrinterStatus(PrinterState.READY)
    )
    printer = ReceiptBytes(queue, model_for("tm-t20ii"))
    pos = build_pos(
        {}, data_dir=data_dir, overrides={"printer": printer, "drawer": Drawer(), "sync": Nudge()}
    )
    return pos, printer


def sample_barcodes(device_file: Path, *, count: int, seed: int = RNG_SEED) -> list[str]:
    """``count`` codes of sold-by-piece products, spread over the whole catalog."""
    import random

    db = sqlite3.connect(device_file)
    try:
        total = db.execute("SELECT max(rowid) FROM barcodes").fetchone()[0]
        rng = random.Random(seed)
        found: list[str] = []
        while len(found) < count:
            rowids = [rng.randint(1, total) for _ in range(count)]
            marks = ",".join("?" * len(rowids))
            found += [
                code
                for (code,) in db.execute(
                    f"SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                    f"WHERE b.rowid IN ({marks}) AND NOT p.weighed",
                    rowids,
                )
            ]
        return found[:count]
    finally:
        db.close()
