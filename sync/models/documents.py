"""Sales orders as head office holds them, replicated back to the store's devices.

A rep's tablet records a ``sales_order`` fact (``kassa.sync.field_facts``);
head office stores it here with ``id`` = the fact payload's ``order_id`` and
``status`` ``entered``. Head office then moves it on (``confirmed``,
``delivered``, ``cancelled``; ``invoiced`` once its invoice is issued), and the
tablet pulls the row to show where its order stands. A rep's
``order_cancelled`` fact cancels it too. ``lines`` is the order's lines as the
fact carried them (money in integer minor units, quantities as decimal text).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import JSON, Field, SQLModel

from kassa.sync.models.row import ReplicatedRow

ORDER_STATUSES = ("entered", "confirmed", "delivered", "cancelled", "invoiced")


class SalesOrderBase(SQLModel):
    number: str = Field(default="", max_length=60)
    customer_id: uuid.UUID = Field(index=True)
    deal_id: uuid.UUID | None = Field(default=None, index=True)
    offer_id: uuid.UUID | None = Field(default=None, index=True)
    offer_revision: int | None = None
    rep_user_id: uuid.UUID | None = Field(default=None, index=True)
    terminal_id: uuid.UUID | None = Field(default=None, index=True)
    store_id: uuid.UUID | None = Field(default=None, index=True)
    fact_id: uuid.UUID | None = None  # the sales_order fact it came from
    ordered_at: datetime  # the tablet's time of the order
    status: str = Field(default="entered", max_length=20, index=True)  # ORDER_STATUSES
    status_at: datetime | None = None
    status_note: str = Field(default="", max_length=500)
    currency: str = Field(min_length=3, max_length=3)
    net_minor: int = 0
    tax_minor: int = 0
    total_minor: int = 0
    lines: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)


class SalesOrder(ReplicatedRow, SalesOrderBase, table=True):
    __tablename__ = "sales_orders"
