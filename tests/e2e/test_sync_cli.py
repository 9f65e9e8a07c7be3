"""``kassa enroll`` and ``kassa sync`` as a person uses them, against a real server."""

from __future__ import annotations

import stat

import pytest
from sync_devices import Device, kassa, server_prices
from sync_head_office import HeadOffice

from kassa.server.store import sqlite_url
from kassa.sync.client.credentials import credentials_path
from kassa.sync.replica.identity import load_identity
from kassa.sync.replica.unit_of_work import reading

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture
def head_office(tmp_path, server_process):
    url = sqlite_url(tmp_path / "server.db")
    office = HeadOffice(url, workdir=tmp_path)
    office.catalog(store="S01", products=30, price_minor=100, cli=False)
    yield office, server_process(url)
    office.close()


def test_enroll_saves_the_terminal_and_a_private_token(tmp_path, head_office):
    office, server = head_office
    device = Device(tmp_path / "device")
    out = device.enroll(server_url=server.url, code=office.enroll_code("S01"))
    assert out.startswith("Enrolled as terminal S01-T01 of store S01")
    mode = stat.S_IMODE(credentials_path(device.data_dir).stat().st_mode)
    assert mode == 0o600
    with reading(device.replica) as connection:
        identity = load_identity(connection)
    assert (identity.store_code, identity.terminal_code) == ("S01", "T01")
    again = device.kassa("enroll", "--server", server.url, "--code", office.enroll_code("S01"))
    assert again.returncode == 1
    assert "already enrolled" in again.stderr and "KASSA_DATA_DIR" in again.stderr
    device.close()


def test_enroll_with_a_bad_code_or_url_says_what_to_do(tmp_path, head_office):
    office, server = head_office
    device = Device(tmp_path / "device")
    unknown = device.kassa("enroll", "--server", server.url, "--code", "AAAAA-BBBBB")
    assert unknown.returncode == 1
    assert "not known; ask head office for a new one" in unknown.stderr
    assert not credentials_path(device.data_dir).exists()
    not_url = device.kassa("enroll", "--server", "hq:8000", "--code", "AAAAA-BBBBB")
    assert not_url.returncode == 1 and "is not a URL" in not_url.stderr
    too_short = device.kassa("enroll", "--server", server.url, "--code", "AB")
    assert too_short.returncode == 1 and "not an enrollment code" in too_short.stderr
    # the code was not spent by the failed tries
    code = office.enroll_code("S01")
    assert device.enroll(server_url=server.url, code=code).startswith("Enrolled")
    device.close()


def test_sync_before_enrolling_says_to_enroll(tmp_path):
    done = kassa("sync", env=Device(tmp_path / "device").env)
    assert done.returncode == 1
    assert "not enrolled" in done.stderr and "kassa enroll --server URL --code CODE" in done.stderr


def test_sync_shows_progress_and_a_summary(tmp_path, head_office):
    office, server = head_office
    device = Device(tmp_path / "device")
    device.enroll(server_url=server.url, code=office.enroll_code("S01"))
    device.sell(3)
    done = device.kassa("sync", env_extra={"TTY_COMPATIBLE": "1", "COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert "Sending facts" in done.stdout  # the progress bars, drawn on a terminal
    assert "Pulling catalog" in done.stdout
    assert "Sent 3 new fact(s); received 65 catalog change(s); 0 waiting." in done.stdout
    device.close()


def test_a_revoked_terminal_is_told_to_enroll_again(tmp_path, head_office):
    office, server = head_office
    device = Device(tmp_path / "device")
    device.enroll(server_url=server.url, code=office.enroll_code("S01"))
    revoke = ("server", "revoke-terminal", "--store", "S01", "--terminal", "T01")
    done = kassa(*revoke, "--database-url", office.database_url, env=office.env)
    assert done.returncode == 0, done.stderr
    device.sell(1)
    failed = device.sync()
    assert failed.returncode == 1
    assert "run `kassa enroll` again" in failed.stderr
    assert device.pending() == 1  # the sale is kept
    device.close()


def test_after_head_office_restores_its_database_a_sync_pulls_everything_again(
    tmp_path, head_office
):
    office, server = head_office
    device = Device(tmp_path / "device")
    device.enroll(server_url=server.url, code=office.enroll_code("S01"))
    assert device.sync().returncode == 0
    done = kassa("server", "new-epoch", "--database-url", office.database_url, env=office.env)
    assert done.returncode == 0, done.stderr
    office.reprice(store="S01", products=5, price_minor=700, cli=False)
    device.sell(2)
    again = device.sync()
    assert again.returncode == 0, again.stderr
    # the old cursor is refused (reset): the whole catalog comes again, staged
    assert "Sent 2 new fact(s); received 65 catalog change(s); 0 waiting." in again.stdout
    assert device.prices() == server_prices(office.database_url, device.store_id)
    assert sorted(device.prices().values())[-5:] == [700, 701, 702, 703, 704]
    device.close()
