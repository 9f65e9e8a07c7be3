"""Invoices: made at head office from invoice orders, numbered per legal series.

Devices that serve the customer pull them read-only. ``lines`` and
``tax_lines`` are JSON lists with money as integer minor units.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import JSON, Field, SQLModel

from kassa.sync.models.row import ReplicatedRow


class InvoiceBase(SQLModel):
    series: str = Field(min_length=1, max_length=20)
    number: int = Field(ge=1)  # gapless within the series
    invoice_order_id: uuid.UUID | None = Field(default=None, index=True)  # the fact's id
    customer_id: uuid.UUID = Field(index=True)
    store_id: uuid.UUID | None = Field(default=None, index=True)
    issued_at: datetime
    due_date: date | None = None
    currency: str = Field(min_length=3, max_length=3)
    price_mode: str = Field(default="net", max_length=10)  # lines' unit prices: gross or net
    net_minor: int
    tax_minor: int
    total_minor: int
    lines: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    tax_lines: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)


class Invoice(ReplicatedRow, InvoiceBase, table=True):
    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("series", "number", name="uq_invoice_number"),)
