"""Invoice numbers stay gapless with concurrent issuers on PostgreSQL.

Four issuers (each with its own engine, as separate server processes would
have) start while a fifth connection holds the series' counter row locked, so
all of them are waiting inside their issuing transactions at once; when it lets
go they race. Every pending invoice order must be invoiced exactly once, with
numbers 1..n. A transaction that takes a number and then fails gives it back.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from kassa.core.ids import new_id
from kassa.server.changes import ChangeWriter
from kassa.server.field.invoicing import issue_pending, next_number
from kassa.server.schema import upgrade
from kassa.server.store import Database
from kassa.server.tables import InvoiceOrder
from kassa.sync.models import Customer, Invoice, Store

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
ORDERS = 40


def clock() -> datetime:
    return datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def seeded(url: str) -> Database:
    db = Database(url)
    upgrade(db)
    with db.write() as session:
        changes = ChangeWriter(session, clock=clock)
        store = changes.save(Store(code="S1", name="Shop"))
        customer = changes.save(Customer(name="Café", store_id=store.id))
        for n in range(ORDERS):
            session.add(
                InvoiceOrder(
                    id=new_id(), source="head_office", customer_id=customer.id,
                    store_id=store.id, currency="EUR", net_minor=100 + n, tax_minor=20,
                    total_minor=120 + n, created_at=clock(),
                )
            )  # fmt: skip
    return db


def test_concurrent_issuers_share_no_number_and_leave_no_gap(postgres_url):
    db = seeded(postgres_url)
    with db.write() as session:  # the series row exists before the race
        assert next_number(session, "S1-2026") == 1
        session.rollback()
    with db.write() as session:
        assert next_number(session, "S1-2026") == 1  # the rolled-back number came back
        session.rollback()
    blocker = db.engine.connect()
    held = blocker.begin()
    blocker.execute(text("INSERT INTO invoice_series (series, last_number) VALUES ('S1-2026', 0)"))
    held.commit()
    held = blocker.begin()
    blocker.execute(text("SELECT * FROM invoice_series WHERE series = 'S1-2026' FOR UPDATE"))
    results, errors = [], []
    start = threading.Barrier(4)

    def issuer() -> None:
        own = Database(postgres_url)
        try:
            start.wait()
            results.append(issue_pending(own, clock=clock))
        except Exception as exc:  # reported below with the thread's error
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=issuer) for _ in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    with db.engine.connect() as probe:  # wait until the issuers queue on the locked rows
        while time.monotonic() < deadline:
            waiting = probe.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar_one()
            probe.commit()  # pg_stat_activity is a snapshot per transaction: take a new one
            if waiting >= 4:
                break
            time.sleep(0.05)
    assert waiting >= 4, "the issuers never waited on each other"
    held.rollback()
    blocker.close()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(i.number for batch in results for i in batch)
    assert numbers == list(range(1, ORDERS + 1))
    with db.read() as session:
        invoices = session.exec(select(Invoice)).all()
        orders = session.exec(select(InvoiceOrder)).all()
    assert sorted(i.number for i in invoices) == numbers
    assert len({i.invoice_order_id for i in invoices}) == ORDERS
    assert {o.status for o in orders} == {"invoiced"}
    db.dispose()
