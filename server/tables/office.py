"""Head-office accounts: argon2 password hashes and session tokens (hashed)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

from kassa.core.ids import new_id
from kassa.server.tables.base import ServerTable
from kassa.sync.models.row import utc_now

OFFICE_ROLES = ("admin", "viewer")


class OfficeUser(ServerTable, table=True):
    __tablename__ = "office_users"
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    username: str = Field(max_length=80, unique=True, index=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20)  # one of OFFICE_ROLES
    disabled: bool = False
    created_at: datetime = Field(default_factory=utc_now)


class OfficeSession(ServerTable, table=True):
    __tablename__ = "office_sessions"
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: uuid.UUID = Field(index=True)
    created_at: datetime = Field(default_factory=utc_now)
    expires_at: datetime
    revoked_at: datetime | None = None
