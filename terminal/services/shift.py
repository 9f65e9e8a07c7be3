"""The cash shift: open with a float, cash in/out, X report, resumable close, Z report.

A shift is open from its ``shift_opened`` fact until its ``shift_closed`` fact;
sales need an open shift. The close is two steps: ``count`` (repeatable, saved
on the device so a restart resumes it) then ``close``, which records the Z fact
(numbered ``Z-...``, kind "shift", pushed like every fact), queues the Z report
and only then forgets the saved count.

Closing never needs the network and can never get stuck: a crash before the Z
commit leaves the shift open with its count saved (close again); a crash after
it leaves the shift closed, and ``resume`` (run when the terminal starts and
before a shift opens) queues the Z report the crash may have kept from the
printer (at worst it prints twice) and drops the saved count. A Z fact that
head office has not received yet (server down, push refused) is just pending
in the outbox: the next shift opens and sells as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from kassa.core.denomination import denominations
from kassa.core.ids import new_id
from kassa.core.money import Money
from kassa.terminal.services import approvals
from kassa.terminal.services.errors import InvalidInput, ShiftState
from kassa.terminal.services.events import (
    CloseInProgress,
    ShiftClosed,
    ShiftOpened,
    ShiftTotals,
    XReport,
)
from kassa.terminal.services.roles import Approval
from kassa.terminal.services.sale_context import SaleContext
from kassa.terminal.services.shift_cash import CashDrawerOps
from kassa.terminal.services.shift_report import close_payload, totals_payload

CLOSING = "shift_close"
MAX_PIECES = 100_000
log = logging.getLogger(__name__)


class ShiftDesk(CashDrawerOps):
    def __init__(self, ctx: SaleContext) -> None:
        self.ctx = ctx

    def current(self) -> ShiftTotals | None:
        """The open shift's totals so far, or None."""
        opened = self.ctx.ledger.open_fact()
        return None if opened is None else self.ctx.ledger.totals(opened)

    def denominations(self) -> Sequence[int]:
        """Notes and coins of the currency in minor units, highest first (core's table)."""
        return tuple(m.minor for m in denominations(self.ctx.currency))

    def open(self, *, opening_float: Money) -> ShiftOpened:
        operator = self.ctx.auth.require()
        self.resume()
        if self.ctx.ledger.open_fact() is not None:
            raise ShiftState("A shift is already open: close it before opening another")
        self._money(opening_float, what="The float", allow_zero=True)
        shift_id, now = new_id(), self.ctx.clock.now()
        fact = self.ctx.facts.record(
            type="shift_opened",
            payload={
                "shift_id": str(shift_id),
                "opened_at": now.isoformat(),
                "opening_float": opening_float.minor,
                "currency": self.ctx.currency,
                "cashier": operator.as_payload(),
            },
        )
        drawer = self.ctx.outputs.open_drawer()
        self.ctx.outputs.nudge_sync()
        return ShiftOpened(shift_id, fact.id, opening_float, fact.device_time, drawer)

    def x_report(self) -> XReport:
        """The shift's totals so far, printed; changes nothing."""
        self.ctx.auth.require()
        totals = self.ctx.ledger.totals(self.ctx.ledger.require_open())
        now = self.ctx.clock.now()
        document = {"type": "x_report", "at": now.isoformat(), **totals_payload(totals)}
        job = self.ctx.outputs.print_document(kind="x_report", document=document)
        return XReport(totals=totals, at=now, print_job=job)

    def count(self, pieces: Mapping[int, int]) -> CloseInProgress:
        """Start/continue the close: pieces per denomination (minor units -> count).

        Each call replaces the saved count; it survives a restart until ``close``.
        """
        self.ctx.auth.require()
        opened = self.ctx.ledger.require_open()
        allowed = self.denominations()
        counted: dict[str, int] = {}
        for value, number in sorted(pieces.items(), reverse=True):
            if allowed and value not in allowed:
                raise InvalidInput(f"{Money(value, self.ctx.currency)} is not a note or coin here")
            if value <= 0 or number < 0:
                raise InvalidInput("Count notes and coins as 0 or more pieces")
            if number > MAX_PIECES:
                raise InvalidInput(
                    f"{number} pieces of {Money(value, self.ctx.currency)}? Count again "
                    f"(at most {MAX_PIECES} of one kind)"
                )
            if number:
                counted[str(value)] = int(number)
        shift_id = opened.payload["shift_id"]
        self.ctx.state.put(kind=CLOSING, key=shift_id, value={"counted": counted})
        return self._progress(opened, counted)

    def close_in_progress(self) -> CloseInProgress | None:
        opened = self.ctx.ledger.open_fact()
        if opened is None:
            return None
        saved = self.ctx.state.get(kind=CLOSING, key=opened.payload["shift_id"])
        return None if saved is None else self._progress(opened, dict(saved["counted"]))

    def close(self, *, approval: Approval | None = None) -> ShiftClosed:
        """Record the Z fact from the saved count, print the Z report."""
        operator = self.ctx.auth.require()
        progress = self.close_in_progress()
        if progress is None:
            self.ctx.ledger.require_open()
            raise ShiftState("Count the cash in the drawer first, then close the shift")
        _, record = approvals.require(
            self.ctx.auth,
            allowed=operator.limits.can_close_shift,
            action="close_shift",
            reason="Closing the shift needs a manager",
            approval=approval,
        )
        opened = self.ctx.ledger.require_open()
        totals = self.ctx.ledger.totals(opened)
        over_short = progress.counted_total - totals.expected_cash
        net = totals.gross_sales - totals.returns
        grand_total = self.ctx.ledger.grand_total() + net
        payload = close_payload(
            totals,
            counted=progress.counted,
            counted_total=progress.counted_total,
            over_short=over_short,
            grand_total=grand_total,
            closed_by=operator.as_payload(),
            approval=record,
            closed_at=self.ctx.clock.now(),
        )
        fact = self.ctx.facts.record(type="shift_closed", payload=payload, number_kind="shift")
        # The shift is closed from here on; nothing below may fail the close.
        job = self.ctx.outputs.print_fact(fact)
        self._forget_count(payload["shift_id"])
        self.ctx.outputs.nudge_sync()
        return ShiftClosed(
            fact_id=fact.id,
            z_number=fact.number or "",
            totals=totals,
            counted_cash=progress.counted_total,
            over_short=over_short,
            grand_total=grand_total,
            at=fact.device_time,
            print_job=job,
        )

    def resume(self) -> tuple[str, ...]:
        """Finish closes a crash interrupted after their Z fact was stored: queue the Z
        report and forget the count. The Z numbers printed; never raises."""
        printed: list[str] = []
        try:
            for shift_id, _ in self.ctx.state.list(kind=CLOSING):
                closed = self.ctx.facts.referring(
                    type="shift_closed", key="shift_id", value=shift_id
                )
                if closed:  # else the shift is still open and its count waits for close
                    self.ctx.outputs.print_fact(closed[-1])
                    self._forget_count(shift_id)
                    printed.append(closed[-1].number or "")
        except Exception:
            log.exception("could not finish an interrupted shift close; it is retried later")
        return tuple(printed)

    # -- internals ---------------------------------------------------------------
    def _forget_count(self, shift_id: str) -> None:
        try:
            self.ctx.state.take(kind=CLOSING, key=shift_id)
        except Exception:  # left for ``resume``: the Z fact is what counts
            log.exception("could not clear the saved count of shift %s", shift_id)

    def _progress(self, opened, counted: dict[str, int]) -> CloseInProgress:
        total = Money(sum(int(v) * n for v, n in counted.items()), self.ctx.currency)
        totals = self.ctx.ledger.totals(opened)
        return CloseInProgress(
            shift_id=totals.shift_id,
            counted=counted,
            counted_total=total,
            expected_cash=totals.expected_cash,
        )

    def _money(self, amount: Money, *, what: str, allow_zero: bool = False) -> None:
        if amount.currency.code != self.ctx.currency:
            raise InvalidInput(f"{what} must be in {self.ctx.currency}")
        if amount.minor < 0 or (amount.minor == 0 and not allow_zero):
            raise InvalidInput(f"{what} must be more than zero")
