"""Payment methods a terminal offers (master data)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from kassa.sync.models.row import ReplicatedRow

PAYMENT_KINDS = ("cash", "card", "voucher", "on_account", "other")


class PaymentMethodBase(SQLModel):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=80)
    kind: str = Field(default="other", max_length=20)  # one of PAYMENT_KINDS
    opens_drawer: bool = False
    currency: str | None = Field(default=None, min_length=3, max_length=3)  # None: store's
    position: int = 0  # order on the payment screen


class PaymentMethod(ReplicatedRow, PaymentMethodBase, table=True):
    __tablename__ = "payment_methods"
    code: str = Field(max_length=20, unique=True, index=True)
