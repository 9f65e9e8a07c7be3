"""The cash shift: open with a float, cash in and out, X report, count and close with Z.

``mode`` tells the screen what to show: "closed" (no shift: the float keypad),
"open" (the shift's totals and its actions) or "count" (the cash count by
denomination, then close). A count is saved on the device at every change, so a
restart resumes it.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, StringProperty

from kassa.core.money import Money
from kassa.terminal.services.events import CloseInProgress, ShiftClosed, ShiftTotals
from kassa.terminal.ui.viewmodels.base import ViewModel, shows_refusals
from kassa.terminal.ui.viewmodels.text import local, money, typed_money

CASH_IN_REASONS = ("Float top-up", "Change from the bank", "Other cash in")
CASH_OUT_REASONS = ("Bank drop", "Supplier paid in cash", "Petty cash")


def totals_rows(totals: ShiftTotals) -> list[tuple[str, str]]:
    rows = [
        ("Opened", f"{local(totals.opened_at):%d.%m.%Y %H:%M}"),
        ("Opening float", money(totals.opening_float)),
        ("Sales", f"{totals.sales_count} · {money(totals.gross_sales)}"),
        ("Returns", f"{totals.returns_count} · {money(totals.returns)}"),
        ("Cancelled sales", str(totals.cancelled_count)),
    ]
    rows += [(f"Taken by {method}", money(amount)) for method, amount in totals.by_method.items()]
    if totals.rounding.minor:
        rows.append(("Cash rounding", money(totals.rounding)))
    rows += [
        ("Cash in / out", f"{money(totals.cash_in)} / {money(totals.cash_out)}"),
        ("Expected in the drawer", money(totals.expected_cash)),
    ]
    return rows


class ShiftViewModel(ViewModel):
    mode = StringProperty("closed")  # closed | open | count
    title = StringProperty("Shift")
    rows = ListProperty([])  # [{"label", "value"}]
    pieces = ListProperty([])  # count mode: [{"minor", "label", "count", "amount"}]
    counted_text = StringProperty("")
    expected_text = StringProperty("")
    difference_text = StringProperty("")

    def __init__(self, *, desk: Any, currency: str, shell: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.desk, self.currency, self.shell = desk, currency, shell
        self._counts: dict[int, int] = {}
        self._denominations: tuple[int, ...] = ()

    def refresh(self) -> None:
        self.call(self._load, then=self._loaded)

    def _load(self) -> tuple[ShiftTotals | None, CloseInProgress | None, tuple[int, ...]]:
        totals = self.desk.current()
        close = self.desk.close_in_progress() if totals is not None else None
        return totals, close, tuple(self.desk.denominations())

    def _loaded(self, result: tuple[ShiftTotals | None, Any, tuple[int, ...]]) -> None:
        totals, close, self._denominations = result
        if totals is None:
            self.mode, self.title, self.rows = "closed", "No shift open", []
            return
        self._show_totals(totals, title="Shift open")
        if close is not None:
            self._counts = {int(k): v for k, v in close.counted.items()}
            self._show_count(close)
            self.mode = "count"
        else:
            self.mode = "open"

    def _show_totals(self, totals: ShiftTotals, *, title: str) -> None:
        self.title = title
        self.rows = [{"label": label, "value": value} for label, value in totals_rows(totals)]

    # -- open, cash in/out, X -------------------------------------------------
    @shows_refusals
    def open(self, text: str) -> None:
        opening = typed_money(text or "0", self.currency, what="opening float")
        self.call(self.desk.open, opening_float=opening, then=self._opened)

    def _opened(self, opened: Any) -> None:
        """The shift is opened to sell: straight on to the sale screen."""
        self.info = f"Shift open with a float of {money(opened.opening_float)}"
        self.refresh()
        self.shell.go("sell")

    @shows_refusals
    def move_cash(self, text: str, *, out: bool, reason: str) -> None:
        amount = typed_money(text, self.currency, what="amount")
        move = self.desk.cash_out if out else self.desk.cash_in
        self.call(move, amount, reason=reason, then=self._moved)

    def _moved(self, moved: Any) -> None:
        what = "Cash out" if moved.amount.minor < 0 else "Cash in"
        self.info = f"{what} {money(abs(moved.amount))}: {moved.reason}"
        self.refresh()

    def x_report(self) -> None:
        self.call(self.desk.x_report, then=self._x_done)

    def _x_done(self, report: Any) -> None:
        self._show_totals(report.totals, title="Shift open · X report printed")
        self.info = "X report printed" if report.print_job else "X report could not be queued"

    # -- count and close ------------------------------------------------------
    def start_count(self) -> None:
        self.error, self.info = "", ""
        self.title = "Closing the shift: count the cash in the drawer"
        self.call(self.desk.count, dict(self._counts), then=self._counted)
        self.mode = "count"

    def set_count(self, minor: int, text: str) -> None:
        if not text.strip().isdigit():
            self.error = "Count whole pieces: type a number such as 12"
            return
        self._counts[minor] = int(text)
        self.call(self.desk.count, dict(self._counts), then=self._counted)

    def step(self, minor: int, delta: int) -> None:
        self._counts[minor] = max(0, self._counts.get(minor, 0) + delta)
        self.call(self.desk.count, dict(self._counts), then=self._counted)

    def _counted(self, close: CloseInProgress) -> None:
        self._show_count(close)

    def _show_count(self, close: CloseInProgress) -> None:
        self.pieces = [
            {
                "minor": minor,
                "label": money(Money(minor, self.currency)),
                "count": str(self._counts.get(minor, 0)),
                "amount": money(Money(minor * self._counts.get(minor, 0), self.currency)),
            }
            for minor in self._denominations
        ]
        self.counted_text = money(close.counted_total)
        self.expected_text = money(close.expected_cash)
        diff = close.counted_total - close.expected_cash
        word = "OVER" if diff.minor > 0 else "SHORT"
        self.difference_text = f"{money(abs(diff))} {word}" if diff.minor else "EXACT"

    def back_to_shift(self) -> None:
        self.refresh()  # the count stays saved; the totals may have moved

    def close(self) -> None:
        self.call(self.desk.close, then=self._closed)

    def _closed(self, closed: ShiftClosed) -> None:
        self._counts = {}
        self._show_totals(closed.totals, title=f"Shift closed · Z report {closed.z_number}")
        self.rows = [
            *self.rows,
            {"label": "Counted", "value": money(closed.counted_cash)},
            {"label": "Over / short", "value": money(closed.over_short)},
            {"label": "Grand total", "value": money(closed.grand_total)},
        ]
        printed = "printed" if closed.print_job else "NOT queued: reprint it"
        self.info = f"Z report {closed.z_number} {printed}"
        self.mode = "closed"
