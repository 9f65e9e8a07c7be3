"""A pull never misses a change: concurrent writers and a puller on one SQLite file.

Writers stamp several rows per transaction (and hold it open a moment, to
widen every race); a puller pages through meanwhile with a small limit. When
the writers are done and the puller has drained, it must hold exactly the
database's final state: every row, at its last version.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

from sqlmodel import select

from kassa.server.changes import ChangeWriter
from kassa.server.pull import pull_page
from kassa.server.schema import upgrade
from kassa.server.store import Database, sqlite_url
from kassa.sync.models import Product, Store, Tax, Unit

WRITERS, TRANSACTIONS, ROWS = 4, 20, 5


def _seed(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with db.write() as session:
        changes = ChangeWriter(session)
        store = changes.save(Store(code="S1", name="Main"))
        tax = changes.save(Tax.model_validate({"code": "STD", "name": "Std", "rate": "20"}))
        unit = changes.save(Unit(code="pc", name="piece"))
    return store.id, tax.id, unit.id


def _writer(db: Database, n: int, tax_id: uuid.UUID, unit_id: uuid.UUID, errors: list) -> None:
    rng = random.Random(n)
    mine: list[uuid.UUID] = []
    try:
        for t in range(TRANSACTIONS):
            with db.write() as session:
                changes = ChangeWriter(session)
                for r in range(ROWS):
                    if mine and rng.random() < 0.3:  # update an earlier row of ours
                        row = session.get(Product, rng.choice(mine))
                        row.name = f"renamed {n}-{t}-{r}"
                        changes.save(row)
                    else:
                        row = changes.save(
                            Product(sku=f"W{n}-{t}-{r}", name="new", tax_id=tax_id, unit_id=unit_id)
                        )
                        mine.append(row.id)
                time.sleep(rng.random() * 0.005)  # commit a little later
    except BaseException as exc:  # surfaced by the test
        errors.append(exc)


def test_concurrent_writers_and_a_puller_on_sqlite(tmp_path):
    db = Database(sqlite_url(tmp_path / "server.db"))
    upgrade(db)
    store_id, tax_id, unit_id = _seed(db)
    errors: list[BaseException] = []
    writers = [
        threading.Thread(target=_writer, args=(db, n, tax_id, unit_id, errors))
        for n in range(WRITERS)
    ]
    seen: dict[uuid.UUID, int] = {}
    cursor, pulls = "", 0
    for thread in writers:
        thread.start()
    while True:
        writing = any(t.is_alive() for t in writers)
        with db.read() as session:
            page = pull_page(session, store_id=store_id, cursor=cursor, limit=7)
        assert not page.reset
        for change in page.changes:
            assert change.version >= seen.get(change.id, 0), "a row went back in time"
            seen[change.id] = change.version
        cursor, pulls = page.next_cursor, pulls + 1
        if not writing and not page.has_more:
            break
    for thread in writers:
        thread.join()
    assert errors == []
    with db.read() as session:
        final = {p.id: p.version for p in session.exec(select(Product))}
    assert len(final) > WRITERS * TRANSACTIONS  # most rows are new
    products = {k: v for k, v in seen.items() if k in final}
    assert products == final
    assert pulls > 20  # the puller really ran alongside the writers
    db.dispose()
