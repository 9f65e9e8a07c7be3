"""What the status bar shows: sync (pending, last sync, error) and the printer.

When the startup integrity check (``kassa verify``'s audit, run in a niced child
process, off the UI thread) found the records changed, ``integrity`` holds a banner
for the manager; it stays for as long as the terminal runs, and selling is never
blocked by it.

Polled every ``every`` seconds on the UI thread: ``read_sync`` and ``read_printer``
are the ``Pos`` status readers, which only return the last known snapshot (no I/O;
the sync thread and the printer watch, which asks the printer every 10 s and after
each job, keep them current). Times are the store's local time. ``read_sync``
returns a ``SyncState`` and ``read_printer`` a ``PrinterStatus`` (or ``None`` when
no printer is set up).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import StringProperty

from kassa.devices.status import PrinterState, PrinterStatus
from kassa.sync.client.state import SyncState
from kassa.terminal.ui.viewmodels.text import local

PRINTER_SHORT = {
    PrinterState.READY: "Printer ready",
    PrinterState.PAPER_OUT: "Printer: NO PAPER",
    PrinterState.COVER_OPEN: "Printer: COVER OPEN",
    PrinterState.OFFLINE: "Printer OFFLINE",
    PrinterState.UNREACHABLE: "Printer UNREACHABLE",
    PrinterState.NOT_RESPONDING: "Printer NOT RESPONDING",
    PrinterState.DISCONNECTED: "Printer DISCONNECTED",
    PrinterState.UNKNOWN: "Printer: status not reported",
}


def local_hhmm(moment: datetime | None) -> str:
    return "never" if moment is None else local(moment).strftime("%H:%M")


def sync_text(state: SyncState) -> tuple[str, str]:
    """(text, tone) for a sync state; tone is ok | warn | error."""
    waiting = f"{state.pending} waiting" if state.pending else "all sent"
    last = f"last sync {local_hhmm(state.last_success)}"
    if state.last_error:
        return f"Sync: {waiting} · {last} · ERROR: {state.last_error}", "error"
    if state.rejected:
        return f"Sync: {len(state.rejected)} rejected at head office · {waiting}", "error"
    if state.phase != "idle":
        busy = "sending" if state.phase == "pushing" else "updating catalog"
        return f"Sync: {busy} · {waiting} · {last}", "warn" if state.pending else "ok"
    return f"Sync: {waiting} · {last}", "warn" if state.pending else "ok"


def printer_text(status: PrinterStatus | None) -> tuple[str, str]:
    if status is None:
        return "No printer", "warn"
    text = PRINTER_SHORT[status.state]
    if status.state == PrinterState.READY and status.paper_near_end:
        return "Printer: paper low", "warn"
    return text, "ok" if status.can_print else "error"


def integrity_text(check: Any) -> str:
    """The manager's banner when the startup check found the records changed ("" if not)."""
    report = getattr(check, "report", None)
    if report is None or report.ok:
        return ""
    first = report.problems[0] if report.problems else "the journal does not verify"
    more = f" (+{len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
    told = (
        "recorded as a security event; head office gets it with the next sync"
        if getattr(check, "event", None) is not None
        else "it could not be recorded: tell head office"
    )
    return (
        f"MANAGER: this till's records failed their check ({first}{more}). Selling goes on; "
        f"{told}. Call support before the next Z report."
    )


class StatusViewModel(EventDispatcher):
    sync_text = StringProperty("Sync: starting")
    sync_tone = StringProperty("warn")
    printer_text = StringProperty("Printer: checking")
    printer_tone = StringProperty("warn")
    printer_detail = StringProperty("")
    details = StringProperty("")  # everything, for the details dialog
    integrity = StringProperty("")  # the records failed the startup check: a red banner

    def __init__(
        self,
        *,
        read_sync: Callable[[], SyncState],
        read_printer: Callable[[], PrinterStatus | None],
        integrity_check: Any = None,
        every: float = 2.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._read_sync = read_sync
        self._read_printer = read_printer
        self._integrity = integrity_check  # IntegrityCheck: ``report``/``event`` once it ran
        self._event = Clock.schedule_interval(lambda _dt: self.refresh(), every)

    def refresh(self) -> None:
        try:
            sync, printer = self._read_sync(), self._read_printer()
        except Exception as exc:  # a status reader must never take the till down
            self.sync_text, self.sync_tone = f"Status unavailable: {exc}", "error"
            return
        self.integrity = integrity_text(self._integrity)
        self.sync_text, self.sync_tone = sync_text(sync)
        self.printer_text, self.printer_tone = printer_text(printer)
        self.printer_detail = printer.message if printer is not None else "No printer is set up."
        self.details = "\n\n".join(
            part for part in (self.integrity, self.sync_text, self.printer_detail) if part
        )

    def stop(self) -> None:
        self._event.cancel()
