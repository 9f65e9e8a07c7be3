"""Roles and the people who sign in on devices with a PIN (master data).

``pin_hash`` is an argon2 hash made at head office, so a device can check a PIN
offline. Head-office accounts (password + session) are server-only tables.
"""

from __future__ import annotations

import uuid

from sqlmodel import JSON, Field, SQLModel

from kassa.sync.models.row import ReplicatedRow

# What a role may allow on a device (manager approvals, DESIGN.md "Who uses it").
PERMISSIONS = (
    "sell",
    "return",
    "void",
    "refund",
    "discount",
    "price_override",
    "open_shift",
    "close_shift",
    "cash_movement",
    "field_sales",
    "reports",
)


class RoleBase(SQLModel):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=80)
    permissions: list[str] = Field(default_factory=list, sa_type=JSON)


class Role(ReplicatedRow, RoleBase, table=True):
    __tablename__ = "roles"
    code: str = Field(max_length=40, unique=True, index=True)


class UserBase(SQLModel):
    code: str = Field(min_length=1, max_length=40)  # the login on the device
    name: str = Field(min_length=1, max_length=120)
    role_id: uuid.UUID = Field(index=True)
    store_id: uuid.UUID | None = Field(default=None, index=True)  # None: every store
    pin_hash: str = Field(default="", max_length=200)
    active: bool = True


class User(ReplicatedRow, UserBase, table=True):
    __tablename__ = "users"
    code: str = Field(max_length=40, unique=True, index=True)
