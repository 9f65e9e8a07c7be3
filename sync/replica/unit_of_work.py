"""The unit of work: one ``BEGIN IMMEDIATE`` transaction on the device database.

    with UnitOfWork(replica, clock=clock) as uow:
        ...                      # uow.session (SQLModel) / uow.connection (Core)
        record_fact(uow, type="receipt", payload=..., number_kind="receipt")
        uow.commit()             # durable when this returns (synchronous=FULL)

Leaving the block without ``commit()`` rolls everything back, so an exception
anywhere in a use case leaves nothing half-written. The write lock is taken
when the block is entered, so the facts' sequence and the document numbers
read inside it cannot be taken by another writer. ``reading(replica)`` gives a
consistent read-only snapshot (deferred BEGIN) for queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection
from sqlmodel import Session

from kassa.sync.replica.engine import Replica

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class UnitOfWork:
    """A write transaction on the replica; commit explicitly, else it rolls back."""

    def __init__(self, replica: Replica, *, clock: Clock = utc_now, durable: bool = True) -> None:
        self.replica = replica
        self.clock = clock
        self.durable = durable  # False: synchronous=NORMAL, for re-doable bulk writes only
        self._session: Session | None = None

    def __enter__(self) -> UnitOfWork:
        engine = self.replica.writer if self.durable else self.replica.bulk_writer
        self._session = Session(engine, expire_on_commit=False)
        self._session.connection()  # BEGIN IMMEDIATE now: the write lock, up front
        return self

    def __exit__(self, *exc_info: object) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.rollback()  # a no-op after commit()
            session.close()

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session

    @property
    def connection(self) -> Connection:
        return self.session.connection()

    def now(self) -> datetime:
        """The clock's time in UTC; a naive clock is refused."""
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock gave a naive datetime; give it a time zone (UTC)")
        return moment.astimezone(UTC)

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


@contextmanager
def reading(replica: Replica) -> Iterator[Connection]:
    """A read-only snapshot of the replica (a deferred transaction, rolled back)."""
    with replica.engine.connect() as connection:
        try:
            yield connection
        finally:
            connection.rollback()
