"""The first sync through the prebuilt catalog snapshot, against real server processes.

A fresh terminal enrolls and syncs with ``kassa sync``: head office builds the
store's snapshot (a ready device database), the device downloads it, checks
it, swaps it in keeping its own sales, and pulls from the snapshot's cursor,
so prices head office changes after the snapshot still arrive. On SQLite and
PostgreSQL server databases. A corrupted or truncated file is refused with the
device's database untouched; a server that offers no snapshot (turned off)
gets the paged pull, with the same catalog in the end.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from server_processes import ServerProcess, free_port
from sync_devices import Device, server_prices
from sync_head_office import HeadOffice

from kassa.server.store import sqlite_url
from kassa.sync.client.credentials import load_credentials
from kassa.sync.client.snapshot import SnapshotLoader
from kassa.sync.client.transport import HttpTransport
from kassa.sync.models import utc_now
from kassa.sync.replica.identity import load_identity
from kassa.sync.replica.journal import verify_journal
from kassa.sync.replica.snapshot_file import BadSnapshot
from kassa.sync.replica.sync_state import load_sync_state
from kassa.sync.replica.unit_of_work import reading

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office(request, tmp_path):
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "server.db")
    else:
        url = request.getfixturevalue("postgres_url")
    head_office = HeadOffice(url, workdir=tmp_path)
    head_office.catalog(store="S01", products=150, price_minor=100, cli=False)
    yield head_office
    head_office.close()


def snapshots(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "server-data" / "snapshots").glob("*.sqlite"))


def test_a_fresh_terminal_gets_the_snapshot_then_every_later_price(
    tmp_path, office, server_process
):
    server = server_process(office.database_url)
    first, second = Device(tmp_path / "first"), Device(tmp_path / "second")
    try:
        first.enroll(server_url=server.url, code=office.enroll_code("S01"))
        sold = first.sell(2)  # before any catalog: the device's own rows must survive the swap
        done = first.sync()
        assert done.returncode == 0, done.stderr
        assert "prebuilt snapshot" in done.stdout
        assert "received 305 catalog change(s)" in done.stdout  # 150 + 150 + 5
        assert len(snapshots(tmp_path)) == 1
        assert first.prices() == server_prices(office.database_url, first.store_id)
        assert first.pending() == 0
        with reading(first.replica) as connection:
            assert verify_journal(connection) is None
            assert load_identity(connection).terminal_id == first.terminal_id
            state = load_sync_state(connection)
            facts = connection.exec_driver_sql("SELECT id FROM fact ORDER BY seq").all()
        assert state.catalog_ready and state.cursor
        assert [row[0] for row in facts] == [str(fact_id) for fact_id in sold]
        first.sell(1)  # numbering goes on from the device's own counter
        with reading(first.replica) as connection:
            numbers = connection.exec_driver_sql("SELECT number FROM fact ORDER BY seq").all()
        assert [n[0][-6:] for n in numbers] == ["000001", "000002", "000003"]

        # Head office reprices after the snapshot: the cached snapshot is served to the
        # next new terminal, whose pull from the snapshot's cursor brings the 40 changes.
        office.reprice(store="S01", products=40, price_minor=900, cli=False)
        second.enroll(server_url=server.url, code=office.enroll_code("S01"))
        done = second.sync()
        assert done.returncode == 0, done.stderr
        assert "prebuilt snapshot" in done.stdout
        assert len(snapshots(tmp_path)) == 1  # the same file: 40 rows behind is close enough
        prices = server_prices(office.database_url, second.store_id)
        assert sorted(prices.values())[-40:] == [900 + n for n in range(40)]
        assert second.prices() == prices
        assert first.sync().returncode == 0
        assert first.prices() == prices
    finally:
        first.close()
        second.close()


def test_a_corrupted_or_truncated_snapshot_is_refused_and_nothing_swapped(
    tmp_path, office, server_process
):
    server = server_process(office.database_url)
    built, fresh = Device(tmp_path / "built"), Device(tmp_path / "fresh")
    try:
        built.enroll(server_url=server.url, code=office.enroll_code("S01"))
        assert built.sync().returncode == 0
        (cached,) = snapshots(tmp_path)
        fresh.enroll(server_url=server.url, code=office.enroll_code("S01"))
        fresh.sell(1)
        original = cached.read_bytes()

        def damage(content: bytes) -> None:
            cached.write_bytes(content)  # the server still announces the original sha256/size

        middle = len(original) // 2
        for content in (
            original[:middle] + bytes([original[middle] ^ 0xFF]) + original[middle + 1 :],
            original[:middle],
        ):
            damage(content)
            credentials = load_credentials(fresh.data_dir)
            with HttpTransport(base_url=server.url, token=credentials.token) as transport:
                loader = SnapshotLoader(transport=transport, replica=fresh.replica, clock=utc_now)
                assert loader.wanted()
                with pytest.raises(BadSnapshot):
                    loader.load()
            assert not loader.staging.exists()
            with reading(fresh.replica) as connection:
                assert not load_sync_state(connection).catalog_ready
                assert connection.exec_driver_sql("SELECT count(*) FROM products").scalar() == 0
                assert connection.exec_driver_sql("SELECT count(*) FROM fact").scalar() == 1

        # ``kassa sync`` refuses it the same way and falls back to the paged pull.
        done = fresh.sync()
        assert done.returncode == 0, done.stderr
        assert "prebuilt snapshot" not in done.stdout
        assert fresh.prices() == server_prices(office.database_url, fresh.store_id)
        assert fresh.pending() == 0
    finally:
        built.close()
        fresh.close()


def test_a_server_without_snapshots_gets_the_paged_pull(tmp_path, office):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KASSA_SERVER__")},
        "KASSA_DATA_DIR": str(tmp_path / "server-data"),
        "KASSA_CONFIG": str(tmp_path / "no-config.toml"),
        "KASSA_SERVER__SNAPSHOT_DIR": "",
    }
    server = ServerProcess(
        database_url=office.database_url, port=free_port(), workdir=tmp_path, env=env
    ).start()
    device = Device(tmp_path / "device")
    try:
        device.enroll(server_url=server.url, code=office.enroll_code("S01"))
        done = device.sync()
        assert done.returncode == 0, done.stderr
        assert "prebuilt snapshot" not in done.stdout
        assert "received 305 catalog change(s)" in done.stdout
        assert device.prices() == server_prices(office.database_url, device.store_id)
        assert not (tmp_path / "server-data" / "snapshots").exists()
        database = sqlite3.connect(device.data_dir / "device.sqlite3")
        assert database.execute("SELECT catalog_ready FROM sync_state").fetchone() == (1,)
        database.close()
    finally:
        server.stop()
        device.close()
