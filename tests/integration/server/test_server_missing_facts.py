"""A terminal that lost facts is refused until head office accepts them as lost; then
its later sales come in again, still checked link by link after the gap."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kassa.cli import app


@pytest.fixture
def till(office):
    store = office.create("stores", code="S1", name="Main street")
    return office.enroll(store)


def _push(client, headers, facts):
    return client.post("/api/v1/push", json={"facts": facts}, headers=headers)


def _stuck_on_a_gap(client, admin, till, device, chain):
    one, _lost, three, four, five = (chain.next() for _ in range(5))
    assert _push(client, device(till), [one]).status_code == 200
    refused = _push(client, device(till), [three, four])
    assert refused.status_code == 409 and refused.json()["code"] == "sequence_gap"
    [event] = client.get("/api/v1/security-events", headers=admin).json()
    return event, (three, four, five)


def test_accepting_the_missing_fact_as_lost_lets_the_later_sales_in(
    client, admin, viewer, till, device, fact_chain
):
    event, (three, four, five) = _stuck_on_a_gap(client, admin, till, device, fact_chain())
    url = f"/api/v1/security-events/{event['id']}/accept-missing"
    body = {"resolution": "till T01 disk replaced from an old image; ticket 17"}
    assert client.post(url, json=body, headers=viewer).status_code == 403
    assert client.post(url, json=body, headers=device(till)).status_code == 403
    accepted = client.post(url, json=body, headers=admin)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["resolution"] == (
        "number(s) 2 accepted as lost by head office: "
        "till T01 disk replaced from an old image; ticket 17"
    )
    answer = _push(client, device(till), [three, four])
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["stored", "stored"]
    stored = client.get("/api/v1/facts", headers=admin).json()
    assert [f["seq"] for f in stored] == [1, 3, 4]
    # only the fact right after the gap is taken without its link: the chain goes on
    five["prev_hash"] = "f" * 64
    broken = _push(client, device(till), [five]).json()["results"]
    assert broken[0]["status"] == "quarantined" and "chain broken" in broken[0]["reason"]
    again = client.post(url, json=body, headers=admin)
    assert again.status_code == 409 and again.json()["code"] == "already_resolved"


def test_a_gap_filled_meanwhile_cannot_be_accepted_as_lost(client, admin, till, device, fact_chain):
    chain = fact_chain()
    one, two, three = chain.next(), chain.next(), chain.next()
    _push(client, device(till), [one])
    assert _push(client, device(till), [three]).status_code == 409
    [event] = client.get("/api/v1/security-events", headers=admin).json()
    # the missing fact arrives (a lost connection, not tampering) before anyone accepts
    assert _push(client, device(till), [two, three]).status_code == 200
    url = f"/api/v1/security-events/{event['id']}/accept-missing"
    late = client.post(url, json={"resolution": "lost"}, headers=admin)
    assert late.status_code == 409 and late.json()["code"] == "already_resolved"


def test_only_a_missing_facts_event_can_be_accepted_as_lost(
    client, admin, till, device, fact_chain
):
    chain = fact_chain()
    changed = chain.next()
    changed["payload"] = {"total_minor": 0, "currency": "EUR"}  # edited after hashing
    _push(client, device(till), [changed])
    [event] = client.get("/api/v1/security-events", headers=admin).json()
    url = f"/api/v1/security-events/{event['id']}/accept-missing"
    refused = client.post(url, json={"resolution": "lost"}, headers=admin)
    assert refused.status_code == 409 and "only a facts_missing event" in refused.json()["message"]


def test_kassa_server_accept_missing_on_the_servers_database(
    tmp_path, client, server_db, admin, till, device, fact_chain
):
    _event, (three, four, _five) = _stuck_on_a_gap(client, admin, till, device, fact_chain())
    env = {"KASSA_DATA_DIR": str(tmp_path / "data"), "KASSA_CONFIG": str(tmp_path / "none.toml")}
    runner = CliRunner()

    def kassa(*args):
        return runner.invoke(
            app, ["server", *args, "--database-url", server_db.url], env=env, catch_exceptions=False
        )

    blank = kassa("accept-missing", "--store", "S1", "--terminal", "T01", "--reason", " ")
    assert blank.exit_code == 1 and "say why" in blank.output
    assert _push(client, device(till), [three, four]).status_code == 409  # still refused
    done = kassa("accept-missing", "--store", "S1", "--terminal", "T01", "--reason", "old image")
    assert done.exit_code == 0, done.output
    assert "number(s) 2 accepted as lost by head office: old image" in done.output
    nothing = kassa("accept-missing", "--store", "S1", "--terminal", "T01", "--reason", "x")
    assert nothing.exit_code == 1 and "no facts missing" in nothing.output
    assert _push(client, device(till), [three, four]).status_code == 200
