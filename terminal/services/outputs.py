"""After a fact is committed: queue its printout, kick the drawer, nudge sync.

None of these may undo or fail what was recorded: each failure is logged and
reported in the result (``print_job`` None, ``drawer_opened`` False), and the
document can be reprinted by its number.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from kassa.terminal.services.ports import CashDrawer, PrintQueue, RecordedFact, SyncNudge

log = logging.getLogger(__name__)


class Outputs:
    def __init__(self, *, printer: PrintQueue, drawer: CashDrawer, sync: SyncNudge) -> None:
        self._printer, self._drawer, self._sync = printer, drawer, sync

    def print_fact(self, fact: RecordedFact, *, copy: bool = False) -> str | None:
        """Queue the printout of a recorded receipt, Z report or invoice order."""
        document = {
            "type": fact.type,
            "number": fact.number,
            "device_time": fact.device_time.isoformat(),
            "copy": copy,
            **fact.payload,
        }
        return self.print_document(kind=fact.type, document=document)

    def print_document(self, *, kind: str, document: Mapping[str, Any]) -> str | None:
        try:
            return self._printer.submit(kind=kind, document=document)
        except Exception:  # a printer problem never fails the sale
            log.exception("could not queue %s %s for printing", kind, document.get("number"))
            return None

    def open_drawer(self) -> bool:
        try:
            return bool(self._drawer.open())
        except Exception:
            log.exception("could not open the cash drawer")
            return False

    def nudge_sync(self) -> None:
        try:
            self._sync.nudge()
        except Exception:
            log.exception("could not nudge the sync engine")
