"""The open shift's running sums in the replica's ``shift_totals`` table.

``keep`` runs inside the unit of work that records a fact (``ReplicaFactLog``),
so a receipt and the sums that count it are committed together or not at all.
A ``shift_opened`` fact starts a row (and drops the rows of earlier shifts); a
fact of the shift folds in every fact of the shift after the row's
``through_seq`` (normally just itself: also any recorded without ``keep``).
The row is derived data: ``ShiftLedger`` reads it and folds in whatever facts
came after it, and recomputes from the opening fact when there is no row. If
folding ever fails (a payload the sums cannot read), the row is dropped rather
than the fact: a sale is never refused for its sums. A storage fault is another
matter: SQLite may already have rolled the whole transaction back, fact included,
so it is raised for the fact log to report the sale as not saved.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import DBAPIError

from kassa.sync.replica.schema import fact, shift_totals
from kassa.terminal.services.ports import StoredShiftSums
from kassa.terminal.services.shift_sums import IN_SHIFT, ShiftSums

log = logging.getLogger(__name__)


def keep(connection: Connection, *, seq: int, type: str, payload: dict[str, Any]) -> None:
    """Bring the shift's row up to the fact ``seq`` just inserted in this transaction."""
    try:
        _keep(connection, seq=seq, type=type, payload=payload)
    except (DBAPIError, sqlite3.Error):
        raise  # the storage failed: the fact itself may be gone (storage_guard: NotSaved)
    except Exception:
        shift_id = str(payload.get("shift_id"))
        log.exception("shift %s: running sums dropped, recomputed from the facts", shift_id)
        connection.execute(delete(shift_totals).where(shift_totals.c.shift_id == shift_id))


def _keep(connection: Connection, *, seq: int, type: str, payload: dict[str, Any]) -> None:
    if type == "shift_opened":
        connection.execute(delete(shift_totals))
        shift_id = str(payload["shift_id"])
        connection.execute(
            insert(shift_totals).values(
                shift_id=shift_id,
                opened_seq=seq,
                through_seq=seq,
                sums=ShiftSums(shift_id).to_json(),
            )
        )
        return
    shift_id = payload.get("shift_id")
    if type not in IN_SHIFT or not shift_id:
        return
    row = connection.execute(
        select(shift_totals.c.through_seq, shift_totals.c.sums).where(
            shift_totals.c.shift_id == str(shift_id)
        )
    ).first()
    if row is None:  # a shift opened before this table: the ledger recomputes it
        return
    sums = ShiftSums.from_json(str(shift_id), row.sums)
    missed = connection.execute(
        select(fact.c.type, fact.c.payload)
        .where(fact.c.seq > row.through_seq, fact.c.seq < seq, fact.c.type.in_(IN_SHIFT))
        .order_by(fact.c.seq)
    )
    for other in missed:
        sums.add(other.type, json.loads(other.payload))
    sums.add(type, payload)
    connection.execute(
        update(shift_totals)
        .where(shift_totals.c.shift_id == str(shift_id))
        .values(through_seq=seq, sums=sums.to_json())
    )


def read(connection: Connection, shift_id: str) -> StoredShiftSums | None:
    row = connection.execute(
        select(shift_totals).where(shift_totals.c.shift_id == shift_id)
    ).first()
    if row is None:
        return None
    return StoredShiftSums(row.opened_seq, row.through_seq, row.sums)
