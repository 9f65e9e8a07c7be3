"""Reprints: the last receipt with one touch, or any receipt or Z report by its number."""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kassa.terminal.ui.viewmodels.base import ViewModel

KINDS = {"receipt": "Receipt", "shift_closed": "Z report", "invoice_order": "Invoice order"}


class ReprintViewModel(ViewModel):
    last_text = StringProperty("")

    def __init__(self, *, reprints: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reprints = reprints

    def last_receipt(self) -> None:
        self.info = ""
        self.call(self.reprints.last_receipt, then=self._done)

    def reprint(self, number: str) -> None:
        number = number.strip()
        if not number:
            self.error = "Type the number printed on the receipt or report (or scan it)"
            return
        self.info = ""
        self.call(self.reprints.reprint, number, then=self._done)

    def _done(self, reprinted: Any) -> None:
        kind = KINDS.get(reprinted.kind, reprinted.kind)
        if reprinted.print_job is None:
            self.error = f"{kind} {reprinted.number}: the copy could not be queued (printer setup?)"
        else:
            self.info = f"{kind} {reprinted.number}: copy sent to the printer"
        self.last_text = reprinted.number
