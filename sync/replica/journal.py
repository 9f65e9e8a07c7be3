"""Checking the device's journal: every fact, in sequence, hashing to its link.

``verify_journal`` recomputes the chain from the stored facts with
``core.journal.verify_chain``; ``None`` means intact, otherwise a
``ChainBreak`` names the first sequence number that does not verify (a changed
payload, a missing or reordered fact, a rewritten hash).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from kassa.core.journal import ChainBreak, verify_chain
from kassa.sync.protocol import journal_fact
from kassa.sync.replica.schema import fact


def verify_journal(connection: Connection) -> ChainBreak | None:
    """Recompute the whole hash chain of this device's facts."""
    return verify_chain(_entries(connection))


def _entries(connection: Connection) -> Iterator[tuple[int, dict[str, Any], str]]:
    rows = connection.execute(
        select(fact.c.seq, fact.c.id, fact.c.type, fact.c.device_time, fact.c.payload, fact.c.hash)
        .order_by(fact.c.seq)
        .execution_options(yield_per=1000)
    )
    for row in rows:
        entry = journal_fact(
            id=uuid.UUID(row.id),
            type=row.type,
            seq=row.seq,
            device_time=datetime.fromisoformat(row.device_time),
            payload=json.loads(row.payload),
        )
        yield row.seq, entry, row.hash
