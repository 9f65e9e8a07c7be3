"""Handles on the replicated tables the field services read (SQLAlchemy Core, no ORM)."""

from __future__ import annotations

import uuid
from typing import Any

from kassa.sync.models import (
    Customer,
    Deal,
    Invoice,
    PipelineStage,
    PriceList,
    PriceListItem,
    Product,
    SalesTarget,
    Tax,
    Unit,
    User,
)

CUSTOMERS = Customer.__table__  # type: ignore[attr-defined]
DEALS = Deal.__table__  # type: ignore[attr-defined]
STAGES = PipelineStage.__table__  # type: ignore[attr-defined]
TARGETS = SalesTarget.__table__  # type: ignore[attr-defined]
INVOICES = Invoice.__table__  # type: ignore[attr-defined]
PRICE_LISTS = PriceList.__table__  # type: ignore[attr-defined]
PRICE_ITEMS = PriceListItem.__table__  # type: ignore[attr-defined]
PRODUCTS = Product.__table__  # type: ignore[attr-defined]
TAXES = Tax.__table__  # type: ignore[attr-defined]
UNITS = Unit.__table__  # type: ignore[attr-defined]
USERS = User.__table__  # type: ignore[attr-defined]


def as_dict(row: Any) -> dict[str, Any]:
    """A row as a plain dict (UUIDs stay UUIDs)."""
    return dict(row._mapping)


def as_uuid(value: Any) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
