"""The cash shift: open with a float, cash in/out, X report, resumable close, Z report.

A shift is open from its ``shift_opened`` fact until its ``shift_closed`` fact;
sales need an open shift. The close is two steps: ``count`` (repeatable, saved
on the device so a restart resumes it) then ``close``, which records the Z fact
(pushed like every fact) and prints the Z report.
"""

from __future__ import annotations

from collections.abc import Mapping

from kassa.core.money import Money
from kassa.terminal.services.events import (
    CashMoved,
    CloseInProgress,
    ShiftClosed,
    ShiftOpened,
    ShiftTotals,
    XReport,
)
from kassa.terminal.services.roles import Approval


class ShiftDesk:
    def current(self) -> ShiftTotals | None:
        """The open shift's totals so far, or None."""
        raise NotImplementedError

    def open(self, *, opening_float: Money) -> ShiftOpened:
        raise NotImplementedError

    def cash_in(self, amount: Money, *, reason: str, approval: Approval | None = None) -> CashMoved:
        raise NotImplementedError

    def cash_out(
        self, amount: Money, *, reason: str, approval: Approval | None = None
    ) -> CashMoved:
        raise NotImplementedError

    def x_report(self) -> XReport:
        """The shift's totals so far, printed; changes nothing."""
        raise NotImplementedError

    def count(self, pieces: Mapping[int, int]) -> CloseInProgress:
        """Start/continue the close: pieces per denomination (minor units -> count)."""
        raise NotImplementedError

    def close_in_progress(self) -> CloseInProgress | None:
        raise NotImplementedError

    def close(self, *, approval: Approval | None = None) -> ShiftClosed:
        """Record the Z fact from the saved count, print the Z report."""
        raise NotImplementedError
