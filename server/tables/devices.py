"""Enrollment codes, terminal credentials and each terminal's push position."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS
from kassa.server.tables.base import ServerTable
from kassa.sync.models.row import utc_now


class EnrollCode(ServerTable, table=True):
    """A one-time, expiring code for a store; only its hash is kept."""

    __tablename__ = "enroll_codes"
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True)
    store_id: uuid.UUID = Field(index=True)
    created_at: datetime = Field(default_factory=utc_now)
    expires_at: datetime
    used_at: datetime | None = None
    terminal_id: uuid.UUID | None = None


class TerminalCredential(ServerTable, table=True):
    """The hash of a terminal's bearer token; revoked terminals are refused."""

    __tablename__ = "terminal_credentials"
    terminal_id: uuid.UUID = Field(primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utc_now)
    revoked_at: datetime | None = None
    last_seen_at: datetime | None = None


class TerminalSyncState(ServerTable, table=True):
    """The last sequence number and journal hash the server holds for a terminal."""

    __tablename__ = "terminal_sync_state"
    terminal_id: uuid.UUID = Field(primary_key=True)
    last_seq: int = 0
    last_hash: str = Field(default=GENESIS, max_length=64)
    last_push_at: datetime | None = None
    last_pull_at: datetime | None = None
