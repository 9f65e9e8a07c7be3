"""Purging old tombstones (and scope exits) so deletes do not pile up forever.

After a purge up to version V, a device whose cursor is not past V may have
missed a delete, so its next pull answers ``reset`` (``ServerState.purged_version``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import select

from kassa.server.store import Database
from kassa.server.tables import ScopeExit, ServerState
from kassa.sync.models import TABLE_MODELS


def purge_tombstones(db: Database, *, older_than: timedelta, now: datetime) -> tuple[int, int]:
    """Remove tombstones older than ``older_than``; answers (rows removed, purged version)."""
    cutoff = now - older_than
    with db.write() as session:
        highest = 0
        for model in TABLE_MODELS.values():
            found = session.exec(
                select(func.max(model.version)).where(
                    model.deleted.is_(True), model.updated_at < cutoff
                )
            ).one()
            highest = max(highest, found or 0)
        state = session.get(ServerState, 1)
        assert state is not None, "server database not initialised"
        if highest <= state.purged_version:
            return 0, state.purged_version
        last_ids = []
        for model in TABLE_MODELS.values():
            last_ids.append(
                session.exec(
                    select(func.max(model.id)).where(
                        model.deleted.is_(True), model.version == highest
                    )
                ).one()
            )
        last_ids.append(
            session.exec(
                select(func.max(ScopeExit.row_id)).where(ScopeExit.version == highest)
            ).one()
        )
        removed = 0
        for model in TABLE_MODELS.values():
            result = session.execute(
                delete(model).where(model.deleted.is_(True), model.version <= highest)
            )
            removed += result.rowcount or 0
        session.execute(delete(ScopeExit).where(ScopeExit.version <= highest))
        state.purged_version = highest
        state.purged_row_id = max((i for i in last_ids if i is not None), key=lambda i: i.int)
        session.add(state)
    return removed, highest
