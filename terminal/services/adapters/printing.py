"""``PrintQueue`` over the devices' durable print queue, laid out by the devices' layouts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from kassa.devices.layout.document import PrintDocument
from kassa.terminal.services.adapters.receipt_layout import layout
from kassa.terminal.services.adapters.store_info import StorePaper


class DocumentQueue(Protocol):
    def submit(self, document: PrintDocument) -> str: ...


class LayoutPrintQueue:
    """Lays a document out for this store (``paper()``: header, till, time zone) and
    hands it to the durable queue (which never blocks)."""

    def __init__(
        self, queue: DocumentQueue, *, paper: Callable[[], StorePaper] = StorePaper
    ) -> None:
        self.queue, self.paper = queue, paper

    def submit(self, *, kind: str, document: Mapping[str, Any]) -> str:
        return self.queue.submit(layout(kind, document, paper=self.paper()))
