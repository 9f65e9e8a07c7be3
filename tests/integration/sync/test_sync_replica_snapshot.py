"""Swapping a catalog snapshot into a device database: all of it or none of it.

The snapshot here is what head office serves: a device database (made by the
device's migrations) holding a complete catalog and its cursor, in rollback
journal mode. The device installing it keeps its identity, facts, journal,
outbox and counters; an error or a SIGKILL part way leaves the device's
database exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from kassa.sync.replica import (
    CatalogPuller,
    UnitOfWork,
    load_identity,
    load_sync_state,
    pending_count,
    reading,
    record_fact,
    search_products,
    verify_journal,
)
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.snapshot_file import BadSnapshot, check_snapshot, install_snapshot


@pytest.fixture
def snapshot_path(tmp_path, catalog, clock):
    """A device database with 400 products and their prices, as the server builds it."""
    path = tmp_path / "snapshot.sqlite"
    source = open_replica(path)
    products = [catalog.product(f"SKU{n:04d}", f"Crème brûlée {n}") for n in range(400)]
    rows = catalog.basics() + products + [catalog.price(p, 100 + n) for n, p in enumerate(products)]
    puller = CatalogPuller(source, clock=clock)
    for page in catalog.pages(rows, size=500, cursor_prefix="snap-"):
        puller.apply_page(page)
    source.dispose()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.close()
    return path


def sell(replica, count: int) -> None:
    for n in range(count):
        with UnitOfWork(replica) as uow:
            record_fact(
                uow,
                type="receipt",
                payload={"lines": [], "total_minor": 100 + n, "currency": "EUR"},
                number_kind="receipt",
            )
            uow.commit()


def device_rows(replica) -> tuple:
    with reading(replica) as connection:
        state = load_sync_state(connection)
        return (
            connection.exec_driver_sql("SELECT count(*) FROM products").scalar(),
            connection.exec_driver_sql("SELECT seq, hash, number FROM fact").all(),
            pending_count(connection),
            state.catalog_ready,
            state.cursor,
            load_identity(connection),
        )


def test_the_snapshot_goes_in_whole_and_the_device_keeps_its_own_rows(
    enrolled, snapshot_path, clock
):
    sell(enrolled, 3)
    snapshot = check_snapshot(snapshot_path, size=snapshot_path.stat().st_size)
    assert snapshot.cursor == "snap-803"
    _, facts_before, pending_before, *_, identity = device_rows(enrolled)

    install_snapshot(enrolled.path, snapshot, at=clock())

    products, facts, pending, ready, cursor, identity_after = device_rows(enrolled)
    assert products == 400 and ready and cursor == "snap-803"
    assert facts == facts_before and len(facts) == 3 and pending == pending_before == 3
    assert identity_after == identity
    with reading(enrolled) as connection:
        assert verify_journal(connection) is None
        hits = search_products(connection, "creme brulee 12", limit=20)
    assert {hit.sku for hit in hits} >= {"SKU0012", "SKU0120"}
    sell(enrolled, 1)  # numbering goes on from the device's own counter
    with reading(enrolled) as connection:
        assert connection.exec_driver_sql("SELECT max(seq) FROM fact").scalar() == 4


def test_a_snapshot_of_another_size_or_schema_is_refused(snapshot_path):
    size = snapshot_path.stat().st_size
    with pytest.raises(BadSnapshot, match="bytes"):
        check_snapshot(snapshot_path, size=size + 1)
    with pytest.raises(BadSnapshot, match="sha256"):
        check_snapshot(snapshot_path, size=size, sha256="0" * 64)
    raw = sqlite3.connect(snapshot_path)
    raw.execute("UPDATE alembic_version SET version_num = '0099_future'")
    raw.commit()
    raw.close()
    with pytest.raises(BadSnapshot, match="schema"):
        check_snapshot(snapshot_path, size=size)


def test_an_error_part_way_leaves_the_device_as_it_was(enrolled, snapshot_path, clock):
    sell(enrolled, 2)
    before = device_rows(enrolled)
    snapshot = check_snapshot(snapshot_path, size=snapshot_path.stat().st_size)
    steps = []

    def fail_on_the_third_step(remaining: int, total: int) -> None:
        steps.append(remaining)
        if len(steps) == 3:
            raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        install_snapshot(enrolled.path, snapshot, at=clock(), on_step=fail_on_the_third_step)
    assert steps[-1] > 0  # it stopped part way
    assert device_rows(enrolled) == before


KILLED = """
import os, signal, sys
from datetime import UTC, datetime
from pathlib import Path
from kassa.sync.replica.snapshot_file import check_snapshot, install_snapshot

path = Path(sys.argv[2])
snapshot = check_snapshot(path, size=path.stat().st_size)
steps = []

def die(remaining, total):
    steps.append(remaining)
    if len(steps) == 5:
        os.kill(os.getpid(), signal.SIGKILL)

install_snapshot(Path(sys.argv[1]), snapshot, at=datetime.now(UTC), on_step=die)
"""


@pytest.mark.slow
def test_sigkill_during_the_swap_leaves_the_device_as_it_was(enrolled, snapshot_path):
    sell(enrolled, 2)
    before = device_rows(enrolled)
    enrolled.dispose()
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(enrolled.path), str(snapshot_path)],
        env={**os.environ},
        timeout=60,
        check=False,
    )
    assert killed.returncode == -9
    raw = sqlite3.connect(enrolled.path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    assert device_rows(enrolled) == before
