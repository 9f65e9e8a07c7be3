"""Reprint any receipt (sale or return), invoice order or Z report by its number
(marked as a copy), and the current X report."""

from __future__ import annotations

from kassa.terminal.services.errors import NotFound
from kassa.terminal.services.events import Reprinted
from kassa.terminal.services.sale_context import SaleContext

PRINTABLE = ("receipt", "shift_closed", "invoice_order")


class Reprints:
    def __init__(self, ctx: SaleContext) -> None:
        self.ctx = ctx

    def reprint(self, number: str) -> Reprinted:
        """Queue a copy of the document with this number (receipt, Z report, invoice order)."""
        self.ctx.auth.require()
        fact = self.ctx.facts.by_number(number.strip())
        if fact is None or fact.type not in PRINTABLE:
            raise NotFound(f"No receipt or report numbered {number.strip()!r} on this terminal")
        job = self.ctx.outputs.print_fact(fact, copy=True)
        return Reprinted(number=fact.number or "", kind=fact.type, print_job=job)

    def last_receipt(self) -> Reprinted:
        """Reprint the latest receipt (the usual 'reprint' key)."""
        fact = self.ctx.facts.last(("receipt",))
        if fact is None or fact.number is None:
            raise NotFound("No receipt yet on this terminal")
        return self.reprint(fact.number)
