"""A push batch against the facts table: one look-up and one insert per batch.

``stored_facts`` reads, in one query, the stored facts whose ids the batch carries
(a replay, or an id reused with other content). ``PendingFacts`` collects the rows
the push decided to store and writes them in one multi-row statement: before
anything else in the transaction reads the facts table (``flush``), and at the end.
A fact is inserted with ``ON CONFLICT (id) DO NOTHING``, as before: a row another
transaction stored first is never overwritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from kassa.server.tables import Fact

FACTS = Fact.__table__  # Core statements: no ORM objects for a batch of plain rows


@dataclass(frozen=True)
class StoredFact:
    """What a resent fact is compared with."""

    terminal_id: uuid.UUID
    seq: int
    hash: str
    type: str
    payload: dict[str, Any]


def stored_facts(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, StoredFact]:
    """The stored facts among ``ids``, by id (one query)."""
    wanted = set(ids)
    if not wanted:
        return {}
    columns = FACTS.c
    rows = session.connection().execute(
        select(
            columns.id,
            columns.terminal_id,
            columns.seq,
            columns.hash,
            columns.type,
            columns.payload,
        ).where(columns.id.in_(wanted))
    )
    return {
        row.id: StoredFact(row.terminal_id, row.seq, row.hash, row.type, row.payload)
        for row in rows
    }


class PendingFacts:
    """Rows to insert into ``facts``, written together by ``flush``."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: list[dict[str, Any]] = []

    def add(self, values: dict[str, Any]) -> None:
        self.rows.append(values)

    def flush(self) -> None:
        if not self.rows:
            return
        self.session.connection().execute(_insert(self.session), self.rows)
        self.rows = []


def _insert(session: Session) -> Insert:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(FACTS).on_conflict_do_nothing(index_elements=["id"])
