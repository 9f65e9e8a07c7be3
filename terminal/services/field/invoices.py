"""Invoices head office issued for this store's customers, pulled read-only.

Numbered per legal series at head office (``series`` + ``number``); the tablet
lists them per customer and prints them (``paper.print_invoice``). The open
balance is what is invoiced and not marked paid (the invoice row's ``paid``
flag, when head office sends one).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from kassa.core.money import Money
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import NotFound
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.tables import INVOICES, as_dict, as_uuid


def invoice_number(row: dict[str, Any]) -> str:
    return f"{row['series']}-{row['number']}"


class InvoiceShelf:
    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx

    def list(self, *, customer_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
        """Invoices, newest first (``label``: series-number)."""
        self.ctx.rep()
        query = select(INVOICES).where(INVOICES.c.deleted.is_(False))
        customer_id = as_uuid(customer_id)
        if customer_id is not None:
            query = query.where(INVOICES.c.customer_id == customer_id)
        with reading(self.ctx.replica) as connection:
            rows = [
                as_dict(r) for r in connection.execute(query.order_by(INVOICES.c.issued_at.desc()))
            ]
        for row in rows:
            row["label"] = invoice_number(row)
        return rows

    def get(self, invoice_id: uuid.UUID) -> dict[str, Any]:
        invoice_id = as_uuid(invoice_id)
        for row in self.list():
            if row["id"] == invoice_id:
                return row
        raise NotFound("That invoice is not on this tablet: sync to pull it")

    def for_order(self, invoice_order_id: uuid.UUID) -> dict[str, Any] | None:
        for row in self.list():
            if row.get("invoice_order_id") == invoice_order_id:
                return row
        return None

    def open_balance(self, customer_id: uuid.UUID, currency: str) -> Money:
        total = sum(
            int(row["total_minor"]) - int(row.get("paid_minor") or 0)
            for row in self.list(customer_id=customer_id)
            if row["currency"] == currency and not row.get("paid")
        )
        return Money(total, currency)
