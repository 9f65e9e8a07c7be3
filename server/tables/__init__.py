"""Tables only the head-office server has (see ``base``)."""

from __future__ import annotations

from kassa.server.tables.base import SERVER_METADATA, ServerTable
from kassa.server.tables.conflicts import EditConflict, FieldChange
from kassa.server.tables.counter import ChangeCounter, ScopeExit, ServerState
from kassa.server.tables.devices import EnrollCode, TerminalCredential, TerminalSyncState
from kassa.server.tables.facts import Fact, FactCollision
from kassa.server.tables.field import (
    FieldActivity,
    InvoiceOrder,
    InvoiceSeries,
    OfferRevision,
    StageMove,
)
from kassa.server.tables.office import OFFICE_ROLES, OfficeSession, OfficeUser
from kassa.server.tables.security import SecurityEvent

__all__ = [
    "OFFICE_ROLES",
    "SERVER_METADATA",
    "ChangeCounter",
    "EditConflict",
    "EnrollCode",
    "Fact",
    "FactCollision",
    "FieldActivity",
    "FieldChange",
    "InvoiceOrder",
    "InvoiceSeries",
    "OfferRevision",
    "OfficeSession",
    "OfficeUser",
    "ScopeExit",
    "SecurityEvent",
    "ServerState",
    "ServerTable",
    "StageMove",
    "TerminalCredential",
    "TerminalSyncState",
]
