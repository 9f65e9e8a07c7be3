"""Enrollment raced through two server processes on PostgreSQL: one code sent many times
at once enrolls exactly one terminal, and devices enrolling into one store at once get
different terminal codes (the receipt numbers carry them)."""

from __future__ import annotations

import threading

import httpx
import pytest
from sqlmodel import func, select

from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import make_enroll_code
from kassa.server.schema import upgrade
from kassa.server.store import Database
from kassa.server.tables import TerminalCredential
from kassa.sync.models import Store, Terminal, utc_now

pytestmark = [pytest.mark.postgres, pytest.mark.e2e, pytest.mark.slow]

SENDERS = 12


def test_one_code_sent_at_once_through_two_servers_enrolls_one_terminal(
    postgres_url, server_process
):
    db = Database(postgres_url)
    upgrade(db)
    with db.write() as session:
        store = ChangeWriter(session).save(Store(code="S1", name="Main"))
        code, _ = make_enroll_code(session, store=store, now=utc_now())
    servers = [server_process(postgres_url), server_process(postgres_url)]
    start, answers = threading.Barrier(SENDERS), []

    def send(index: int) -> None:
        url = servers[index % 2].url
        start.wait()
        answer = httpx.post(
            f"{url}/api/v1/enroll", json={"code": code, "device_name": f"d{index}"}, timeout=30
        )
        answers.append((answer.status_code, answer.json()))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [403] * (SENDERS - 1), answers
    assert {body["code"] for status, body in answers if status == 403} == {"enroll_code_used"}
    with db.read() as session:
        assert session.exec(select(func.count()).select_from(Terminal)).one() == 1
        assert session.exec(select(func.count()).select_from(TerminalCredential)).one() == 1
    db.dispose()


def test_devices_enrolling_into_one_store_at_once_get_different_terminal_codes(
    postgres_url, server_process
):
    db = Database(postgres_url)
    upgrade(db)
    with db.write() as session:
        store = ChangeWriter(session).save(Store(code="S1", name="Main"))
        codes = [make_enroll_code(session, store=store, now=utc_now())[0] for _ in range(6)]
    servers = [server_process(postgres_url), server_process(postgres_url)]
    start, answers = threading.Barrier(len(codes)), []

    def send(index: int) -> None:
        start.wait()
        answer = httpx.post(
            f"{servers[index % 2].url}/api/v1/enroll",
            json={"code": codes[index], "device_name": f"d{index}"},
            timeout=30,
        )
        answers.append(answer)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(codes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [a.status_code for a in answers] == [200] * len(codes)
    assert sorted(a.json()["terminal_code"] for a in answers) == [
        "T01", "T02", "T03", "T04", "T05", "T06"
    ]  # fmt: skip
    db.dispose()
