"""Two devices, real server processes, offline sales through a server restart.

On SQLite one server process serves both devices over a temporary file; on
PostgreSQL two server processes share one database and each device talks to a
different one. The devices are enrolled and synced with the ``kassa`` commands
a person types; sales are recorded on the devices' own databases while they
cannot reach head office. In the end the server holds every sale exactly once,
in each terminal's gapless order, and both devices hold every current price.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sync_devices import Device, assert_exactly_once, kassa, server_facts, server_prices
from sync_head_office import HeadOffice

from kassa.server.store import sqlite_url

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(480)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def servers(request, tmp_path, server_process):
    """(head office, the server for device A, the server for device B)."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "server.db")
    else:
        url = request.getfixturevalue("postgres_url")
    office = HeadOffice(url, workdir=tmp_path)
    office.catalog(store="S01", products=150, price_minor=100)
    first = server_process(url)
    second = first if request.param == "sqlite" else server_process(url)
    yield office, first, second
    office.close()


def test_offline_sales_and_new_prices_survive_a_server_restart(tmp_path, servers):
    office, server_a, server_b = servers
    url = office.database_url
    a, b = Device(tmp_path / "device-a"), Device(tmp_path / "device-b")
    try:
        enrolled = a.enroll(server_url=server_a.url, code=office.enroll_code("S01"))
        assert "Enrolled as terminal S01-T" in enrolled
        b.enroll(server_url=server_b.url, code=office.enroll_code("S01"))
        for device in (a, b):
            done = device.sync()
            assert done.returncode == 0, done.stderr
            # 150 products and their prices, store, tax, unit, price list, two terminals
            assert "received 306 catalog change(s)" in done.stdout
        first_prices = server_prices(url, a.store_id)
        assert len(first_prices) == 150
        assert a.prices() == first_prices == b.prices()

        # Selling with head office up but no sync yet, then a sync of device A only.
        sold = {a.terminal_id: a.sell(7), b.terminal_id: b.sell(5)}
        assert a.sync().returncode == 0
        assert a.pending() == 0 and b.pending() == 5

        # Head office goes down; both keep selling; a sync says what happened.
        server_a.stop()
        server_b.stop()
        sold[a.terminal_id] += a.sell(4)
        sold[b.terminal_id] += b.sell(6)
        failed = a.sync()
        assert failed.returncode == 1
        assert "cannot be reached" in failed.stderr and "sales are kept" in failed.stderr
        assert a.pending() == 4 and b.pending() == 11
        office.reprice(store="S01", products=40, price_minor=900)  # changed meanwhile

        server_a.start()
        if server_b is not server_a:
            server_b.start()
        for device in (a, b):
            done = device.sync()
            assert done.returncode == 0, done.stderr
            assert device.pending() == 0
        assert_exactly_once(server_facts(url), sold)
        prices = server_prices(url, a.store_id)
        assert sorted(prices.values())[-40:] == [900 + n for n in range(40)]
        assert a.prices() == prices == b.prices()
    finally:
        a.close()
        b.close()


def test_sales_a_restored_server_lost_are_sent_again(tmp_path, server_process):
    """Head office restores yesterday's backup: the device sends what it lost again."""
    db_file = tmp_path / "server.db"
    office = HeadOffice(sqlite_url(db_file), workdir=tmp_path)
    office.catalog(store="S01", products=10, price_minor=100, cli=False)
    server = server_process(office.database_url)
    device = Device(tmp_path / "device")
    try:
        device.enroll(server_url=server.url, code=office.enroll_code("S01"))
        sold = device.sell(3)
        assert device.sync().returncode == 0
        server.stop()
        backup = _sqlite_backup(db_file, tmp_path / "backup.db")
        server.start()
        sold += device.sell(4)
        assert device.sync().returncode == 0
        assert len(server_facts(office.database_url)) == 7

        server.stop()
        _sqlite_backup(backup, db_file)  # the restore: facts 4..7 are gone
        assert len(server_facts(office.database_url)) == 3
        epoch = kassa("server", "new-epoch", "--database-url", office.database_url, env=office.env)
        assert epoch.returncode == 0, epoch.stderr
        server.start()
        sold += device.sell(2)
        done = device.sync()
        assert done.returncode == 0, done.stderr
        assert "Sent 6 new fact(s)" in done.stdout  # 4..7 again, and 8..9
        assert "lost this device's facts from number 4 on" in done.stdout
        assert_exactly_once(server_facts(office.database_url), {device.terminal_id: sold})
        assert device.prices() == server_prices(office.database_url, device.store_id)
    finally:
        device.close()
        office.close()


def _sqlite_backup(source: Path, target: Path) -> Path:
    """Copy a SQLite database through SQLite's online backup (consistent, WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target
