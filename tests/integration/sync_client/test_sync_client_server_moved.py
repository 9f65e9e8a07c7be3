"""Head office moved: ``[sync] server_url`` in the device's config points the enrolled
device at the new address, under the same transport security as the enrolled one."""

from __future__ import annotations

import uuid

import pytest

from kassa.sync.client.credentials import Credentials
from kassa.sync.client.service import build_engine
from kassa.sync.replica.migrate import open_replica


@pytest.fixture
def enrolled():
    return Credentials(
        server_url="http://127.0.0.1:8765",
        token="t0ken",
        terminal_id=uuid.uuid4(),
        terminal_code="T01",
        store_id=uuid.uuid4(),
        store_code="S01",
    )


@pytest.fixture
def replica(tmp_path):
    made = open_replica(tmp_path / "device.sqlite3")
    yield made
    made.dispose()


def _config(monkeypatch, tmp_path, text: str) -> None:
    path = tmp_path / "kassa.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("KASSA_CONFIG", str(path))
    monkeypatch.delenv("KASSA_SYNC__SERVER_URL", raising=False)


def test_the_enrolled_address_is_used_when_the_config_names_none(
    monkeypatch, tmp_path, enrolled, replica
):
    _config(monkeypatch, tmp_path, "")
    engine = build_engine(replica=replica, credentials=enrolled)
    assert engine.transport.base_url == "http://127.0.0.1:8765"
    engine.transport.close()


def test_the_configured_address_wins_over_the_enrolled_one(
    monkeypatch, tmp_path, enrolled, replica
):
    _config(monkeypatch, tmp_path, '[sync]\nserver_url = "http://127.0.0.1:9001/"\n')
    engine = build_engine(replica=replica, credentials=enrolled)
    assert engine.transport.base_url == "http://127.0.0.1:9001"
    assert engine.transport.refusal is None
    engine.transport.close()


def test_a_moved_address_in_plain_http_on_the_network_is_refused(
    monkeypatch, tmp_path, enrolled, replica
):
    _config(monkeypatch, tmp_path, '[sync]\nserver_url = "http://10.0.0.7:8765"\n')
    engine = build_engine(replica=replica, credentials=enrolled)
    assert engine.transport.refusal is not None
    assert "allow_insecure_http" in engine.transport.refusal
    engine.transport.close()
