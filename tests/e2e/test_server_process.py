"""The e2e fixtures themselves: a server process on SQLite and two on one PostgreSQL."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.e2e


def test_a_server_process_serves_restarts_and_keeps_its_data(server_process):
    server = server_process()
    first = httpx.get(f"{server.url}/api/v1/health").json()
    assert first["status"] == "ok"
    docs = httpx.get(f"{server.url}/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    server.restart()
    assert httpx.get(f"{server.url}/api/v1/health").json()["epoch"] == first["epoch"]
    server.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{server.url}/api/v1/health", timeout=1)


@pytest.mark.postgres
def test_two_server_processes_share_one_postgres_database(server_process, postgres_url):
    one, two = server_process(postgres_url), server_process(postgres_url)
    assert one.port != two.port
    epochs = {httpx.get(f"{s.url}/api/v1/health").json()["epoch"] for s in (one, two)}
    assert len(epochs) == 1
