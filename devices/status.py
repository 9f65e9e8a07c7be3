"""Printer status as the UI shows it, read from ``DLE EOT`` replies.

A printer fault is a value, never an exception into the sale: every adapter
call that touches hardware answers with a :class:`PrinterStatus`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PrinterState(StrEnum):
    READY = "ready"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"  # answers, but reports it cannot print (error, feed button...)
    UNREACHABLE = "unreachable"  # cannot connect: switched off, unplugged, wrong address
    NOT_RESPONDING = "not_responding"  # connected, but no answer within the timeout
    DISCONNECTED = "disconnected"  # the connection dropped during a job
    UNKNOWN = "unknown"  # the transport cannot report status (file, device node)


MESSAGES = {
    PrinterState.READY: "Printer ready.",
    PrinterState.PAPER_OUT: "Printer out of paper: load a new roll.",
    PrinterState.COVER_OPEN: "Printer cover open: close the cover.",
    PrinterState.OFFLINE: "Printer offline: check the printer's error light and restart it.",
    PrinterState.UNREACHABLE: "Printer unreachable: check power, cable and address.",
    PrinterState.NOT_RESPONDING: "Printer not responding: switch it off and on again.",
    PrinterState.DISCONNECTED: "Connection to the printer dropped: check the cable or network.",
    PrinterState.UNKNOWN: "Printer status unknown: this connection cannot report it.",
}

# Fixed bits of every DLE EOT reply (bits 1 and 4 set, bits 0 and 7 clear).
FIXED_MASK, FIXED_BITS = 0x93, 0x12


@dataclass(frozen=True)
class PrinterStatus:
    state: PrinterState
    paper_near_end: bool = False
    drawer_open: bool | None = None  # None: not known
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.state in (PrinterState.READY, PrinterState.UNKNOWN)

    @property
    def message(self) -> str:
        text = MESSAGES[self.state]
        if self.paper_near_end and self.state == PrinterState.READY:
            text = "Printer ready; paper roll nearly used up."
        return f"{text} ({self.detail})" if self.detail else text


def valid_reply(byte: int) -> bool:
    return byte & FIXED_MASK == FIXED_BITS


def from_replies(
    *, printer: int, offline_cause: int, paper: int, drawer_open_when_high: bool = True
) -> PrinterStatus:
    """Combine DLE EOT 1 (printer), 2 (offline cause) and 4 (paper sensor) replies."""
    pin3_high = bool(printer & 0x04)
    drawer_open = pin3_high if drawer_open_when_high else not pin3_high
    near_end = bool(paper & 0x0C)
    if paper & 0x60 or offline_cause & 0x20:
        state = PrinterState.PAPER_OUT
    elif offline_cause & 0x04:
        state = PrinterState.COVER_OPEN
    elif printer & 0x08:
        state = PrinterState.OFFLINE
    else:
        state = PrinterState.READY
    return PrinterStatus(state, paper_near_end=near_end, drawer_open=drawer_open)
