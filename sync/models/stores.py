"""Stores and their terminals (master data, head office writes)."""

from __future__ import annotations

import uuid

from sqlmodel import Field, SQLModel

from kassa.sync.models.row import ReplicatedRow


class StoreBase(SQLModel):
    code: str = Field(min_length=1, max_length=20, regex=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=120)
    currency: str = Field(default="EUR", min_length=3, max_length=3)
    timezone: str = Field(default="UTC", max_length=64)
    address: str = Field(default="", max_length=240)
    tax_number: str = Field(default="", max_length=40)


class Store(ReplicatedRow, StoreBase, table=True):
    __tablename__ = "stores"
    code: str = Field(max_length=20, unique=True, index=True)


class TerminalBase(SQLModel):
    store_id: uuid.UUID = Field(index=True)
    code: str = Field(min_length=1, max_length=20, regex=r"^[A-Za-z0-9_-]+$")
    name: str = Field(default="", max_length=80)
    active: bool = True


class Terminal(ReplicatedRow, TerminalBase, table=True):
    """A device. Its bearer token lives only on the server (server tables)."""

    __tablename__ = "terminals"
