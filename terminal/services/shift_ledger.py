"""The arithmetic of a shift, from its facts.

A shift runs from its ``shift_opened`` fact to its ``shift_closed`` fact. The
totals sum the receipts (sales and returns), cancellations and cash movements
recorded after the opening (``ShiftSums``). The fact log keeps those sums up to
date in the transaction of each fact (``FactLog.shift_sums``); the ledger reads
them and folds in any fact of the shift recorded after them, or folds every
fact of the shift when there are none, so the figures never depend on the
running sums being there.
"""

from __future__ import annotations

from kassa.core.money import Money
from kassa.terminal.services.errors import ShiftState
from kassa.terminal.services.events import ShiftTotals
from kassa.terminal.services.ports import FactLog, RecordedFact
from kassa.terminal.services.shift_sums import IN_SHIFT, SHIFT_EDGES, ShiftSums


class ShiftLedger:
    def __init__(self, *, facts: FactLog, currency: str) -> None:
        self._facts, self._currency = facts, currency

    def open_fact(self) -> RecordedFact | None:
        """The ``shift_opened`` fact of the open shift, or None when none is open."""
        last = self._facts.last(SHIFT_EDGES)
        return last if last is not None and last.type == "shift_opened" else None

    def require_open(self) -> RecordedFact:
        opened = self.open_fact()
        if opened is None:
            raise ShiftState("No shift is open: open a shift with the cash float first")
        return opened

    def grand_total(self) -> Money:
        """The never-reset total of the last Z report (sales minus returns, ever)."""
        last = self._facts.last(("shift_closed",))
        if last is None:
            return Money.zero(self._currency)
        return Money(int(last.payload["grand_total"]), self._currency)

    def totals(self, opened: RecordedFact) -> ShiftTotals:
        """The shift's totals: the running sums plus any fact after them."""
        return self.sums(opened).totals(opened.payload, self._currency)

    def recomputed(self, opened: RecordedFact) -> ShiftTotals:
        """The shift's totals folded from every one of its facts (what the sums must equal)."""
        return self._fold(ShiftSums(str(opened.payload["shift_id"])), opened.seq).totals(
            opened.payload, self._currency
        )

    def sums(self, opened: RecordedFact) -> ShiftSums:
        shift_id = str(opened.payload["shift_id"])
        stored = self._facts.shift_sums(shift_id)
        if stored is not None and stored.opened_seq == opened.seq:
            return self._fold(ShiftSums.from_json(shift_id, stored.sums), stored.through_seq)
        return self._fold(ShiftSums(shift_id), opened.seq)

    def _fold(self, sums: ShiftSums, after_seq: int) -> ShiftSums:
        for fact in self._facts.of_types(IN_SHIFT, after_seq=after_seq):
            sums.add(fact.type, fact.payload)
        return sums
