"""Transport security with real processes: head office serves HTTPS from the certificate
files in its config; a device trusts only the CA pinned in ``[sync] ca_file``, refuses
any other certificate, and refuses plain HTTP to anything but loopback."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from server_tls_certs import make_authority, make_server_cert
from sqlmodel import select

from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import make_enroll_code
from kassa.server.schema import upgrade
from kassa.server.store import Database, sqlite_url
from kassa.server.tables import EnrollCode
from kassa.sync.client.enrollment import enroll_device
from kassa.sync.client.tls import TransportSecurity
from kassa.sync.client.transport import HttpTransport, UnsafeServer
from kassa.sync.models import Store, utc_now

pytestmark = [pytest.mark.e2e]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def pki(tmp_path):
    head_office = make_authority(tmp_path, "head-office")
    stranger = make_authority(tmp_path, "stranger")
    cert, key = make_server_cert(tmp_path, head_office)
    return {"ca": head_office.cert_path, "other_ca": stranger.cert_path, "cert": cert, "key": key}


def _server_env(tmp_path: Path, **server: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KASSA_")}
    env |= {"KASSA_DATA_DIR": str(tmp_path / "hq"), "KASSA_CONFIG": str(tmp_path / "none.toml")}
    env |= {f"KASSA_SERVER__{k.upper()}": v for k, v in server.items()}
    return env


@pytest.fixture
def tls_server(tmp_path, pki):
    """`kassa server serve` with [server] tls_cert/tls_key (given as KASSA_SERVER__*)."""
    db_path = tmp_path / "server.db"
    db = Database(sqlite_url(db_path))
    upgrade(db)
    port = _free_port()
    env = _server_env(
        tmp_path, tls_cert=str(pki["cert"]), tls_key=str(pki["key"]), database_url=db.url
    )
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "kassa", "server", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"https://127.0.0.1:{port}"
    trust = ssl.create_default_context(cafile=str(pki["ca"]))
    deadline = time.monotonic() + 30
    try:
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"{url}/api/v1/health", verify=trust, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the TLS server did not come up"
                time.sleep(0.1)
        yield url, db
    finally:
        process.terminate()
        process.wait(10)
        log.close()
        db.dispose()


def _enroll_code(db: Database) -> str:
    with db.write() as session:
        store = session.exec(select(Store).where(Store.code == "S1")).first()
        store = store or ChangeWriter(session).save(Store(code="S1", name="Main"))
        code, _ = make_enroll_code(session, store=store, now=utc_now())
    return code


def _codes_used(db: Database) -> int:
    with db.read() as session:
        return sum(1 for row in session.exec(select(EnrollCode)) if row.used_at is not None)


@pytest.mark.slow
def test_a_device_pinned_to_head_offices_ca_enrolls_and_syncs_over_https(
    tls_server, pki, tmp_path, monkeypatch
):
    url, db = tls_server
    # the device's own config: [sync] ca_file, here through its environment variable
    monkeypatch.setenv("KASSA_CONFIG", str(tmp_path / "device-none.toml"))
    monkeypatch.setenv("KASSA_SYNC__CA_FILE", str(pki["ca"]))
    credentials = enroll_device(
        data_dir=tmp_path / "device", server_url=url, code=_enroll_code(db), device_name="till"
    )
    assert credentials.server_url == url and credentials.terminal_code == "T01"
    with HttpTransport(base_url=url, token=credentials.token) as transport:
        page = transport.pull(cursor="", limit=100)
    assert page.has_more is False and any(r.table == "stores" for r in page.changes)
    assert httpx.get(f"{url}/docs", verify=ssl.create_default_context(cafile=pki["ca"])).is_success


@pytest.mark.slow
def test_a_certificate_from_another_ca_or_the_system_store_is_refused(tls_server, pki):
    url, db = tls_server
    code = _enroll_code(db)
    from kassa.sync.protocol import EnrollRequest

    for security in (TransportSecurity(ca_file=pki["other_ca"]), TransportSecurity()):
        with (
            HttpTransport(base_url=url, security=security) as transport,
            pytest.raises(UnsafeServer) as refused,
        ):
            transport.enroll(EnrollRequest(code=code, device_name="till"))
        assert "certificate of https://127.0.0.1" in str(refused.value)
        assert "not trusted" in str(refused.value) and "[sync] ca_file" in str(refused.value)
    assert _codes_used(db) == 0  # nothing reached head office: the code is still unused
    with HttpTransport(base_url=url, security=TransportSecurity(ca_file=pki["ca"])) as transport:
        assert transport.enroll(EnrollRequest(code=code, device_name="till")).terminal_code == "T01"


@pytest.mark.slow
def test_a_first_sync_to_an_untrusted_certificate_names_the_ca_setting(tls_server, pki, tmp_path):
    """A fresh device's first request is the catalog snapshot: it says what to fix too."""
    from kassa.sync.client.snapshot import SnapshotLoader
    from kassa.sync.replica.migrate import open_replica

    url, _db = tls_server
    replica = open_replica(tmp_path / "device.sqlite3")
    security = TransportSecurity(ca_file=pki["other_ca"])
    try:
        with HttpTransport(base_url=url, token="t0ken", security=security) as transport:
            loader = SnapshotLoader(transport=transport, replica=replica, clock=utc_now)
            with pytest.raises(UnsafeServer) as refused:
                loader.load()
        assert "not trusted" in str(refused.value) and "[sync] ca_file" in str(refused.value)
        assert not loader.staging.exists()
    finally:
        replica.dispose()


def test_the_server_refuses_to_start_with_half_a_tls_config(tmp_path, pki):
    env = _server_env(tmp_path, tls_cert=str(pki["cert"]))
    half = subprocess.run(
        [sys.executable, "-m", "kassa", "server", "serve", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert half.returncode == 1
    assert "tls_cert and tls_key go together" in half.stderr
    env = _server_env(tmp_path, tls_cert=str(pki["cert"]), tls_key=str(tmp_path / "nope.pem"))
    missing = subprocess.run(
        [sys.executable, "-m", "kassa", "server", "serve", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        missing.returncode == 1
        and "tls_key" in missing.stderr
        and "no such file" in (missing.stderr)
    )


class Recorder:
    """An httpx transport that records what would have left the device."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"results": [], "last_seq": 0})


def _transport(url: str, security: TransportSecurity, recorder: Recorder) -> HttpTransport:
    client = httpx.Client(base_url=url + "/api/v1", transport=httpx.MockTransport(recorder))
    return HttpTransport(base_url=url, token="kt_secret", client=client, security=security)


@pytest.mark.parametrize("url", ["http://10.0.0.5:8765", "http://hq.example.com", "ftp://hq"])
def test_plain_http_to_the_network_is_refused_before_anything_is_sent(url):
    recorder = Recorder()
    transport = _transport(url, TransportSecurity(), recorder)
    with pytest.raises(UnsafeServer) as refused:
        transport.push([])
    assert recorder.requests == []  # the token never left the device
    if url.startswith("http:"):
        assert "refusing plain HTTP" in str(refused.value)
        assert "[sync] allow_insecure_http = true" in str(refused.value)
    else:
        assert "not an http:// or https:// URL" in str(refused.value)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"]
)
def test_plain_http_to_loopback_is_allowed(url):
    recorder = Recorder()
    _transport(url, TransportSecurity(), recorder).push([])
    assert len(recorder.requests) == 1


def test_the_config_can_allow_plain_http_on_a_trusted_network():
    security = TransportSecurity.from_config({"sync": {"allow_insecure_http": True}})
    recorder = Recorder()
    _transport("http://10.0.0.5:8765", security, recorder).push([])
    assert [r.url.host for r in recorder.requests] == ["10.0.0.5"]
    with pytest.raises(Exception, match="must be true or false"):
        TransportSecurity.from_config({"sync": {"allow_insecure_http": "yes"}})


def test_a_missing_or_broken_ca_file_refuses_with_what_to_fix(tmp_path):
    broken = tmp_path / "ca.pem"
    broken.write_text("not a certificate")
    for ca_file, expected in ((tmp_path / "gone.pem", "does not exist"), (broken, "not a PEM")):
        recorder = Recorder()
        transport = _transport("https://hq:8443", TransportSecurity(ca_file=ca_file), recorder)
        with pytest.raises(UnsafeServer, match=expected):
            transport.push([])
        assert recorder.requests == []


def test_kassa_enroll_refuses_a_plain_http_server_on_the_network(tmp_path):
    from typer.testing import CliRunner

    from kassa.cli import app

    env = {"KASSA_DATA_DIR": str(tmp_path / "device"), "KASSA_CONFIG": str(tmp_path / "n.toml")}
    result = CliRunner().invoke(
        app, ["enroll", "--server", "http://10.0.0.5:8765", "--code", "ABCDE-FGHJK"], env=env
    )
    assert result.exit_code == 1
    assert "refusing plain HTTP to 10.0.0.5" in result.output
    assert not (tmp_path / "device" / "credentials.json").exists()
