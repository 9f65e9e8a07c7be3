"""``PrintQueue`` over the devices' durable print queue, with the terminal's layouts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from kassa.devices.layout.document import PrintDocument
from kassa.terminal.services.adapters.receipt_layout import layout


class DocumentQueue(Protocol):
    def submit(self, document: PrintDocument) -> str: ...


class LayoutPrintQueue:
    """Lays a document out and hands it to the durable queue (which never blocks)."""

    def __init__(self, queue: DocumentQueue, *, header: tuple[str, ...] = ()) -> None:
        self.queue, self.header = queue, header

    def submit(self, *, kind: str, document: Mapping[str, Any]) -> str:
        return self.queue.submit(layout(kind, document, header=self.header))
