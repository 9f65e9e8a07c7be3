"""Field-sales records head office keeps from pushed facts, and invoicing state.

- ``OfferRevision``: every revision of every offer (``offer`` facts), kept;
- ``StageMove``: each deal stage move with the tablet's time of the move, so
  stage durations can be reported;
- ``FieldActivity``: visits, calls, meetings and tasks (newest revision kept);
- ``InvoiceOrder``: what waits to be invoiced (from a till's receipt, a rep's
  delivered order, or head office delivering an order); ``pending`` until
  ``kassa server invoice`` issues its invoice;
- ``InvoiceSeries``: the last number issued in each legal series; its row is
  locked by the issuing transaction, so numbers are gapless.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import JSON, Field

from kassa.server.tables.base import ServerTable
from kassa.sync.models.row import utc_now


class OfferRevision(ServerTable, table=True):
    __tablename__ = "offer_revisions"
    __table_args__ = (UniqueConstraint("offer_id", "revision", name="uq_offer_revision"),)
    id: uuid.UUID = Field(primary_key=True)  # the offer fact's id
    offer_id: uuid.UUID = Field(index=True)
    revision: int
    number: str = Field(default="", max_length=60)
    terminal_id: uuid.UUID = Field(index=True)
    store_id: uuid.UUID = Field(index=True)
    customer_id: uuid.UUID = Field(index=True)
    deal_id: uuid.UUID | None = Field(default=None, index=True)
    rep_user_id: uuid.UUID = Field(index=True)
    valid_until: date
    currency: str = Field(max_length=3)
    net_minor: int
    tax_minor: int
    total_minor: int
    device_time: datetime
    received_at: datetime = Field(default_factory=utc_now)
    payload: dict[str, Any] = Field(sa_type=JSON)


class StageMove(ServerTable, table=True):
    __tablename__ = "deal_stage_moves"
    id: uuid.UUID = Field(primary_key=True)  # the deal_stage_move fact's id
    deal_id: uuid.UUID = Field(index=True)
    from_stage_id: uuid.UUID | None = None
    to_stage_id: uuid.UUID = Field(index=True)
    outcome: str = Field(max_length=10)  # open | won | lost
    moved_at: datetime = Field(index=True)  # the tablet's time of the move
    received_at: datetime = Field(default_factory=utc_now)
    rep_user_id: uuid.UUID = Field(index=True)
    terminal_id: uuid.UUID
    store_id: uuid.UUID = Field(index=True)
    lost_reason: str | None = Field(default=None, max_length=500)
    order_id: uuid.UUID | None = None


class FieldActivity(ServerTable, table=True):
    __tablename__ = "activities"
    id: uuid.UUID = Field(primary_key=True)  # the activity's own id
    revision: int
    fact_id: uuid.UUID
    kind: str = Field(max_length=20)
    status: str = Field(max_length=20, index=True)
    rep_user_id: uuid.UUID = Field(index=True)
    customer_id: uuid.UUID | None = Field(default=None, index=True)
    deal_id: uuid.UUID | None = Field(default=None, index=True)
    subject: str = Field(max_length=200)
    starts_at: datetime = Field(index=True)
    duration_minutes: int = 0
    location: str = Field(default="", max_length=240)
    outcome: str = Field(default="", max_length=4000)
    follows_id: uuid.UUID | None = None
    terminal_id: uuid.UUID
    store_id: uuid.UUID = Field(index=True)
    received_at: datetime = Field(default_factory=utc_now)


INVOICE_ORDER_SOURCES = ("till", "field", "head_office")


class InvoiceOrder(ServerTable, table=True):
    __tablename__ = "invoice_orders"
    id: uuid.UUID = Field(primary_key=True)
    source: str = Field(max_length=20)  # INVOICE_ORDER_SOURCES
    fact_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = Field(default=None, unique=True)  # a sales order, once
    receipt_id: uuid.UUID | None = Field(default=None, unique=True)  # a till receipt, once
    number: str = Field(default="", max_length=60)
    customer_id: uuid.UUID = Field(index=True)
    store_id: uuid.UUID = Field(index=True)
    terminal_id: uuid.UUID | None = None
    currency: str = Field(max_length=3)
    price_mode: str = Field(default="net", max_length=10)
    net_minor: int
    tax_minor: int
    total_minor: int
    lines: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    tax_lines: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = Field(default_factory=utc_now)
    status: str = Field(default="pending", max_length=20, index=True)  # pending | invoiced
    invoice_id: uuid.UUID | None = None


class InvoiceSeries(ServerTable, table=True):
    __tablename__ = "invoice_series"
    series: str = Field(primary_key=True, max_length=20)
    last_number: int = 0
