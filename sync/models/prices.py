"""Price lists, their items, and promotions (master data).

A price list with ``store_id`` None applies to every store; otherwise only that
store's terminals see it (and its items, whose ``store_id`` copies the list's,
so the server can scope a pull without a join). An item's price holds from
``min_qty`` upwards (quantity breaks). Money is integer minor units + ISO code.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from kassa.sync.models.row import ReplicatedRow
from kassa.sync.models.types import DecimalText


class PriceListBase(SQLModel):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    currency: str = Field(min_length=3, max_length=3)
    includes_tax: bool = True  # gross prices (shop) or net prices (B2B)
    store_id: uuid.UUID | None = Field(default=None, index=True)
    priority: int = 0  # higher wins when several lists apply
    valid_from: datetime | None = None
    valid_to: datetime | None = None


class PriceList(ReplicatedRow, PriceListBase, table=True):
    __tablename__ = "price_lists"
    code: str = Field(max_length=40, unique=True, index=True)


class PriceListItemBase(SQLModel):
    price_list_id: uuid.UUID
    product_id: uuid.UUID = Field(index=True)
    min_qty: Decimal = Field(default=Decimal(1), gt=0, sa_type=DecimalText)
    price_minor: int = Field(ge=0)
    currency: str = Field(min_length=3, max_length=3)
    store_id: uuid.UUID | None = Field(default=None, index=True)  # copied from the list


class PriceListItem(ReplicatedRow, PriceListItemBase, table=True):
    __tablename__ = "price_list_items"
    __table_args__ = (
        UniqueConstraint("price_list_id", "product_id", "min_qty", name="uq_price_list_item"),
    )


PROMOTION_KINDS = ("percent_off", "amount_off", "fixed_price")


class PromotionBase(SQLModel):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    kind: str = Field(max_length=20)  # one of PROMOTION_KINDS
    percent: Decimal | None = Field(default=None, ge=0, le=100, sa_type=DecimalText)
    amount_minor: int | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    product_id: uuid.UUID | None = Field(default=None, index=True)
    product_group_id: uuid.UUID | None = Field(default=None, index=True)
    min_qty: Decimal = Field(default=Decimal(1), gt=0, sa_type=DecimalText)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    store_id: uuid.UUID | None = Field(default=None, index=True)


class Promotion(ReplicatedRow, PromotionBase, table=True):
    __tablename__ = "promotions"
    code: str = Field(max_length=40, unique=True, index=True)
