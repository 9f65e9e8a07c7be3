"""The engine's ``Outbox`` port over the device database (``kassa.sync.replica.outbox``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from kassa.sync.protocol import FactResult, PushFact
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.outbox import pending_batch, pending_count, record_push_results
from kassa.sync.replica.schema import outbox
from kassa.sync.replica.sync_state import clear_error, note_error, note_pull, note_push
from kassa.sync.replica.unit_of_work import UnitOfWork, reading


class DeviceOutbox:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def next_batch(self, *, limit: int) -> list[PushFact]:
        with reading(self.replica) as connection:
            return pending_batch(connection, limit=limit)

    def acknowledge(self, results: Sequence[FactResult]) -> None:
        with UnitOfWork(self.replica) as uow:
            record_push_results(uow, results)
            note_push(uow.connection, at=uow.now())
            uow.commit()

    def pending_count(self) -> int:
        with reading(self.replica) as connection:
            return pending_count(connection)

    def resend_from(self, seq: int) -> None:
        """Answered facts from ``seq`` on go back to ``pending`` (the server lost them)."""
        with UnitOfWork(self.replica) as uow:
            uow.connection.execute(
                outbox.update()
                .where(outbox.c.seq >= seq)
                .where(outbox.c.state.in_(("sent", "quarantined")))
                .values(state="pending", answered_at=None, reason=None)
            )
            uow.commit()


class DeviceSyncLog:
    """Keeps the outcome of each run in the device database, for the next start."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def succeeded(self, at: datetime) -> None:
        with UnitOfWork(self.replica) as uow:
            note_pull(uow.connection, at=at)
            clear_error(uow.connection)
            uow.commit()

    def failed(self, message: str, at: datetime) -> None:
        with UnitOfWork(self.replica) as uow:
            note_error(uow.connection, message=message, at=at)
            uow.commit()
