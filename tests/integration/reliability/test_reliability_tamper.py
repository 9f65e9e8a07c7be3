"""Tamper evidence on the device (issue 8, item 3): a stored fact changed, deleted or
reordered is found by ``kassa verify`` and by the terminal's startup check, and is
recorded as a ``security_event`` fact that goes to head office with the next push.

The fact table refuses UPDATE and DELETE, so each test tampers the way someone
with the file would: editing its bytes, or dropping the guard triggers first.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from reliability_rig import open_shift, seeded, start
from typer.testing import CliRunner

from kassa.cli import app

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def device(tmp_path) -> Path:
    """A device with a shift open and three cash sales of 2.49 (facts 1-4), then shut down."""
    seeded(tmp_path)
    till = start(tmp_path)
    open_shift(till)
    for _ in range(3):
        till.sell()
    till.close()  # the last connection checkpoints the WAL into the file
    return tmp_path


def _verify(data_dir: Path):
    env = {"KASSA_DATA_DIR": str(data_dir), "KASSA_CONFIG": str(data_dir / "none.toml")}
    return CliRunner().invoke(app, ["verify"], env=env)


def _sql(data_dir: Path, *statements: str) -> None:
    db = sqlite3.connect(data_dir / "device.sqlite3")
    try:
        for statement in statements:
            db.execute(statement)
        db.commit()
    finally:
        db.close()


def _events(data_dir: Path) -> list[tuple[int, dict, str]]:
    db = sqlite3.connect(data_dir / "device.sqlite3")
    rows = db.execute(
        "SELECT fact.seq, payload, outbox.state FROM fact JOIN outbox USING (seq) "
        "WHERE type = 'security_event' ORDER BY fact.seq"
    ).fetchall()
    db.close()
    return [(seq, json.loads(payload), state) for seq, payload, state in rows]


def test_the_fact_table_refuses_updates_and_deletes(device):
    for statement in ("UPDATE fact SET payload = '{}' WHERE seq = 2", "DELETE FROM fact"):
        with pytest.raises(sqlite3.IntegrityError, match="facts are immutable"):
            _sql(device, statement)
    assert _verify(device).exit_code == 0


def test_a_changed_fact_edited_in_the_file_bytes_is_found_and_reported_once(device):
    path = device / "device.sqlite3"
    data = path.read_bytes()
    at = data.index(b'"number":"S01-T01-000002"')
    total = data.index(b'"total":249', at)  # the second receipt's total, in its own record
    path.write_bytes(data[:total] + b'"total":149' + data[total + 11 :])  # no SQL, no trigger

    found = _verify(device)
    assert found.exit_code == 1
    assert "PROBLEM: journal: hash mismatch at sequence 3" in found.output
    assert "recorded as security event" in found.output
    [(_seq, event, state)] = _events(device)
    assert event["event"] == "journal_tampered" and event["found_by"] == "kassa verify"
    assert event["broken_at"] == 3 and state == "pending"  # pushed with the next sync

    again = _verify(device)  # still reported as broken, but recorded only once
    assert again.exit_code == 1 and "hash mismatch at sequence 3" in again.output
    assert len(_events(device)) == 1


def test_a_deleted_fact_in_the_middle_is_found(device):
    _sql(
        device,
        "DROP TRIGGER fact_no_delete",
        "DELETE FROM fact WHERE number = 'S01-T01-000002'",
        "DELETE FROM outbox WHERE seq = 3",
    )
    found = _verify(device)
    assert found.exit_code == 1
    assert "PROBLEM: journal: sequence missing: expected 3, found 4" in found.output
    assert "receipt: expected number 2, found S01-T01-000003" in found.output
    assert "trigger fact_no_delete was removed" in found.output
    [(_, event, _)] = _events(device)
    assert event["broken_at"] == 4


def test_the_newest_fact_deleted_is_found_by_its_number_counter(device):
    """Cutting the tail leaves a chain that verifies; the counters still say what was issued."""
    _sql(
        device,
        "DROP TRIGGER fact_no_delete",
        "DELETE FROM fact WHERE seq = 4",
        "DELETE FROM outbox WHERE seq = 4",
        "CREATE TRIGGER fact_no_delete BEFORE DELETE ON fact BEGIN SELECT RAISE(ABORT, 'x'); END",
    )
    found = _verify(device)
    assert found.exit_code == 1
    assert "journal:" not in found.output  # the chain alone cannot see it
    assert "receipt: S01-T01-000003 was issued but is not stored (deleted?)" in found.output


def test_reordered_facts_are_found_at_startup_and_reported_to_head_office(device):
    _sql(
        device,
        "DROP TRIGGER fact_no_update",
        "UPDATE fact SET seq = 100 WHERE seq = 2",
        "UPDATE fact SET seq = 2 WHERE seq = 3",
        "UPDATE fact SET seq = 3 WHERE seq = 100",
    )
    till = start(device)  # the terminal starts on the tampered file
    try:
        report = till.pos.extras["integrity"].wait(timeout=20)
        assert report is not None and not report.ok
        assert report.broken_at == 2
        assert any("hash mismatch at sequence 2" in p for p in report.problems)
        till.pos.auth.login("1111")  # selling goes on; head office decides what to do
        done = till.sell()
        assert done.number == "S01-T01-000004"
    finally:
        till.close()
    [(_seq, event, state)] = _events(device)
    assert event["found_by"] == "startup" and state == "pending"
    assert event["problems"] == list(report.problems)
    restarted = start(device)  # found again at the next start, not recorded again
    try:
        assert restarted.pos.extras["integrity"].wait(timeout=20).broken_at == 2
    finally:
        restarted.close()
    assert len(_events(device)) == 1


def test_a_clean_device_starts_without_a_security_event(device):
    till = start(device)
    try:
        report = till.pos.extras["integrity"].wait(timeout=20)
        assert report.ok and report.facts == 4 and report.series == {"receipt": 3}
    finally:
        till.close()
    assert _events(device) == []
