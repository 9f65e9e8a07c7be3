"""A fact PostgreSQL itself refuses (a NUL character in text) is quarantined and
acknowledged, never a 500 that blocks the device's queue; later facts go through."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.server.app import create_app
from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import enroll, make_enroll_code
from kassa.server.schema import upgrade
from kassa.server.settings import ServerSettings
from kassa.server.store import Database
from kassa.server.tables import Fact
from kassa.sync.models import Customer, Store, utc_now
from kassa.sync.protocol import journal_fact

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


class Chain:
    def __init__(self) -> None:
        self.seq, self.last = 0, GENESIS

    def next(self, type: str, payload: dict) -> dict:
        self.seq += 1
        fact_id, when = new_id(), datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
        body = journal_fact(id=fact_id, type=type, seq=self.seq, device_time=when, payload=payload)
        digest = chain_hash(self.last, body)
        fact = {
            "id": str(fact_id),
            "type": type,
            "seq": self.seq,
            "prev_hash": self.last,
            "hash": digest,
            "device_time": when.isoformat(),
            "payload": payload,
        }
        self.last = digest
        return fact


@pytest.fixture
def head_office(postgres_url):
    db = Database(postgres_url)
    upgrade(db)
    with db.write() as session:
        store = ChangeWriter(session).save(Store(code="S1", name="Main"))
        customer = ChangeWriter(session).save(Customer(code="C1", name="Acme"))
        code, _ = make_enroll_code(session, store=store, now=utc_now())
    with db.write() as session:
        till = enroll(ChangeWriter(session), code=code, device_name="till", now=utc_now())
    app = create_app(ServerSettings(database_url=db.url), database=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {till.token}"
        yield client, db, customer
    db.dispose()


def test_nul_characters_are_quarantined_and_the_queue_moves_on(head_office):
    client, db, customer = head_office
    chain = Chain()
    batch = [
        chain.next("receipt", {"total_minor": 350, "currency": "EUR", "note": "a\x00b"}),
        chain.next("receipt", {"total_minor": 1, "currency": "EUR", "bad\x00key": 1}),
        chain.next(
            "customer_edit",
            {
                "row_id": str(customer.id),
                "base_version": customer.version,
                "changes": {"name": "Ac\x00me"},
            },
        ),
        chain.next("receipt\x00", {"total_minor": 2, "currency": "EUR"}),
        chain.next("receipt", {"total_minor": 400, "currency": "EUR"}),
        # longer than the columns hold: quarantined too, not a 500
        chain.next("x" * 300, {"total_minor": 3, "currency": "EUR"}),
        chain.next(
            "customer_edit",
            {
                "row_id": str(customer.id),
                "base_version": customer.version,
                "changes": {"name": "A" * 5000},
            },
        ),
        chain.next("receipt", {"total_minor": 500, "currency": "EUR"}),
    ]
    answer = client.post("/api/v1/push", json={"facts": batch})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["quarantined"] * 4 + ["stored"] + [
        "quarantined",
        "quarantined",
        "stored",
    ]
    assert all("NUL" in r["reason"] for r in results[:4]), results
    assert "unknown fact type" in results[5]["reason"]
    assert answer.json()["last_seq"] == 8

    replay = client.post("/api/v1/push", json={"facts": batch})  # a resend after a timeout
    assert [r["status"] for r in replay.json()["results"]] == ["duplicate"] * 8

    with db.read() as session:
        facts = session.exec(select(Fact).order_by(Fact.seq)).all()
        name = session.get(Customer, customer.id).name
    assert [f.seq for f in facts] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [f.status for f in facts] == ["quarantined"] * 4 + ["stored"] + ["quarantined"] * 2 + [
        "stored"
    ]
    assert name == "Acme"  # the edit was not applied
    assert "\\u0000" in facts[0].payload["unstorable"]  # kept, escaped, for review


def test_a_value_the_database_refuses_while_applying_is_quarantined(postgres_url, monkeypatch):
    """Whatever an applier writes that PostgreSQL refuses rolls back to the fact alone."""
    db = Database(postgres_url)
    upgrade(db)
    with db.write() as session:
        store = ChangeWriter(session).save(Store(code="S1", name="Main"))
        code, _ = make_enroll_code(session, store=store, now=utc_now())
    with db.write() as session:
        till = enroll(ChangeWriter(session), code=code, device_name="till", now=utc_now())

    def names_a_customer(changes, *, terminal, fact, now):  # passes the model, not PostgreSQL
        changes.save(Customer(code=fact.payload["code"], name=fact.payload["name"]))
        changes.session.flush()

    app = create_app(
        ServerSettings(database_url=db.url), database=db, appliers={"receipt": names_a_customer}
    )
    chain = Chain()
    batch = [
        chain.next("receipt", {"code": "C1", "name": "Acme"}),
        chain.next("receipt", {"code": "C2", "name": "Ac\x00me"}),
        chain.next("receipt", {"code": "C3", "name": "Zeta"}),
    ]
    # the NUL check before applying is bypassed here to reach the database itself
    from kassa.server import journal_check

    monkeypatch.setattr(journal_check, "nul_problem", lambda **_kw: None)
    with TestClient(app, raise_server_exceptions=False) as client:
        headers = {"Authorization": f"Bearer {till.token}"}
        answer = client.post("/api/v1/push", json={"facts": batch}, headers=headers)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["stored", "quarantined", "stored"]
    assert "the database refused a value" in results[1]["reason"]
    assert "NUL" in results[1]["reason"]
    with db.read() as session:
        codes = sorted(c.code for c in session.exec(select(Customer)))
    assert codes == ["C1", "C3"]
    db.dispose()


def test_head_office_text_with_nul_is_refused_as_bad_input_on_postgres(postgres_url):
    from kassa.server.office import create_user, open_session
    from kassa.sync.models import Unit

    db = Database(postgres_url)
    upgrade(db)
    with db.write() as session:
        user = create_user(session, username="boss", password="correct horse", role="admin")
        session.flush()
        token = open_session(session, user=user, now=utc_now())
    app = create_app(ServerSettings(database_url=db.url), database=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        answer = client.post("/api/v1/units", json={"code": "pc", "name": "pie\x00ce"})
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "invalid_request"
        assert "NUL character" in answer.json()["message"]
        assert client.post("/api/v1/units", json={"code": "pc", "name": "piece"}).is_success
    with db.read() as session:
        assert [u.name for u in session.exec(select(Unit))] == ["piece"]
    db.dispose()
