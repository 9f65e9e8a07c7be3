"""A snapshot built while head office writes: the pull from its cursor misses nothing.

The snapshot's rows and its cursor come from one read snapshot of the server
database; the cursor is where a complete initial pull in that snapshot would
end. Here head office reprices the store again and again while the snapshot is
built; a device installs it, pulls from its cursor (the server's own pull
code), and ends with exactly head office's prices. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlmodel import Session, select
from sync_devices import server_prices
from sync_head_office import HeadOffice

from kassa.server.pull import pull_page
from kassa.server.snapshot import build_snapshot
from kassa.server.store import sqlite_url
from kassa.sync.models import PriceListItem, Store
from kassa.sync.replica import CatalogPuller, open_replica
from kassa.sync.replica.snapshot_file import check_snapshot, install_snapshot
from kassa.sync.replica.unit_of_work import utc_now

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office(request, tmp_path):
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "server.db")
    else:
        url = request.getfixturevalue("postgres_url")
    head_office = HeadOffice(url, workdir=tmp_path)
    head_office.catalog(store="S01", products=300, price_minor=100, cli=False)
    yield head_office
    head_office.close()


def store_id(office: HeadOffice):
    with office.db.read() as session:
        return session.exec(select(Store.id).where(Store.code == "S01")).one()


def test_the_snapshot_cursor_is_where_a_complete_initial_pull_ends(office, tmp_path):
    store = store_id(office)
    built = build_snapshot(office.db, store_id=store, folder=tmp_path / "snapshots")
    with office.db.read() as session:
        page = pull_page(session, store_id=store, cursor="", limit=5000)
    assert not page.has_more
    assert built.cursor == page.next_cursor
    assert built.rows == len(page.changes)


def test_prices_written_during_the_build_all_arrive(office, tmp_path):
    store = store_id(office)
    done, started = threading.Event(), threading.Event()
    rounds: list[tuple[float, float]] = []  # (start, committed) of each reprice

    def reprice() -> None:
        while not done.is_set():
            began = time.monotonic()
            office.reprice(
                store="S01", products=300, price_minor=1000 * (len(rounds) + 2), cli=False
            )
            rounds.append((began, time.monotonic()))
            started.set()

    writer = threading.Thread(target=reprice)
    writer.start()
    windows = []  # (start, end) of each build
    try:
        assert started.wait(60), "the writer never committed a round"
        built = []
        for _ in range(3):
            began = time.monotonic()
            built.append(build_snapshot(office.db, store_id=store, folder=tmp_path / "snapshots"))
            windows.append((began, time.monotonic()))
    finally:
        done.set()
        writer.join()
    first, last = windows[1]
    assert any(b < last and c > first for b, c in rounds), "no price round overlapped build 1"
    device = open_replica(tmp_path / "device.sqlite")
    try:
        snapshot = built[1]  # built while prices kept changing
        copy = tmp_path / "download.sqlite"
        copy.write_bytes(snapshot.path.read_bytes())
        install_snapshot(
            device.path,
            check_snapshot(copy, size=snapshot.size, sha256=snapshot.sha256),
            at=utc_now(),
        )
        puller, pulled = CatalogPuller(device), 0
        while True:
            with office.db.read() as session:
                page = pull_page(session, store_id=store, cursor=puller.cursor(), limit=100)
            assert not page.reset
            puller.apply_page(page)
            pulled += len(page.changes)
            if not page.has_more:
                break
        assert pulled > 0  # rounds committed after the snapshot came by the pull
        with Session(device.engine) as session:
            prices = {row.id: row.price_minor for row in session.exec(select(PriceListItem))}
        assert prices == server_prices(office.database_url, store)
        assert max(prices.values()) >= 1000 * (len(rounds) + 1)
    finally:
        device.dispose()
