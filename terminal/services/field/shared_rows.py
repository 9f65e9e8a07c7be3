"""Customers and deals as the rep sees them: the pulled row plus the rep's own
unreflected shared edits (``own_facts.unreflected``) on top, in order.

A row created offline exists only as its ``create`` edit until head office's row
arrives; an edit of a row merged into another follows ``merged_into``.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, Table, select

from kassa.terminal.services.field.own_facts import OwnFact, own_facts, unreflected
from kassa.terminal.services.field.tables import as_dict, as_uuid


def pending_edits(connection: Connection, fact_type: str) -> dict[uuid.UUID, list[OwnFact]]:
    """The unreflected edits of ``fact_type`` by row id, oldest first."""
    edits: dict[uuid.UUID, list[OwnFact]] = {}
    for edit in unreflected(connection, own_facts(connection, [fact_type])):
        row_id = as_uuid(edit.payload["row_id"])
        assert row_id is not None
        edits.setdefault(row_id, []).append(edit)
    return edits


def overlay(row: dict[str, Any] | None, edits: list[OwnFact]) -> dict[str, Any] | None:
    """``row`` with ``edits`` applied (None when there is neither a row nor a create)."""
    current = dict(row) if row is not None else None
    for edit in edits:
        changes = {k: _typed(k, v) for k, v in edit.payload["changes"].items()}
        if current is None:
            if not edit.payload.get("create"):
                continue
            current = {"id": as_uuid(edit.payload["row_id"]), "version": 0, **changes}
        else:
            current.update(changes)
        current["_pending"] = True
    return current


def load_row(
    connection: Connection, table: Table, row_id: uuid.UUID, edits: list[OwnFact]
) -> dict[str, Any] | None:
    """One row by id with its pending edits, following ``merged_into`` links."""
    seen = set()
    while True:
        found = connection.execute(select(table).where(table.c.id == row_id)).first()
        row = as_dict(found) if found is not None else None
        merged = row.get("merged_into") if row else None
        if merged is None or merged in seen:
            return overlay(row, edits)
        seen.add(row_id)
        row_id = merged


def _typed(key: str, value: Any) -> Any:
    if key.endswith("_id") and isinstance(value, str) and value:
        return uuid.UUID(value)
    return value
