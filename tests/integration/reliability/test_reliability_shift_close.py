"""Shift close can never deadlock (issue 8, item 8).

A process closing the shift is SIGKILLed at each step of the close; the restarted
terminal either still has the shift open with its count saved (close again) or
has it closed with exactly one Z fact, the Z report queued for printing and the
saved count gone. Either way the next shift opens and sells, numbers stay
gapless and the journal verifies. A Z report the server will not take (it
answers 500 to every push) leaves the next shift free to open and sell.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from reliability_rig import eur, open_shift, seeded, start

from kassa.sync.client.credentials import Credentials, save_credentials
from kassa.terminal.services.adapters.audit import audit

pytestmark = pytest.mark.timeout(120)

CHILD = Path(__file__).with_name("close_child.py")
STEPS = ("counted", "in_commit", "committed", "printed", "cleared", "nudged")
Z1 = "Z-S01-T01-000001"


def _saved_counts(data_dir: Path) -> int:
    db = sqlite3.connect(data_dir / "terminal-state.sqlite3")
    try:
        query = "SELECT count(*) FROM local_state WHERE kind = 'shift_close'"
        return db.execute(query).fetchone()[0]
    finally:
        db.close()


def _z_jobs(till) -> int:
    return sum(job.title == f"Z report {Z1}" for job in till.pos.extras["devices"].queue.jobs())


@pytest.mark.slow  # a child process per step, ~3 s each
@pytest.mark.parametrize("step", STEPS)
def test_a_close_killed_at_any_step_resumes_and_the_next_shift_opens(tmp_path, step):
    seeded(tmp_path)
    till = start(tmp_path)
    open_shift(till)
    till.sell()
    till.sell("036000291452", cash="10")
    till.close()

    child = subprocess.run(
        [sys.executable, str(CHILD), str(tmp_path), step],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -9, child.stderr  # killed where we said, not crashed

    after = start(tmp_path)  # the restart
    try:
        pos = after.pos
        if step in ("counted", "in_commit"):  # not closed: the count waits
            progress = pos.shift.close_in_progress()
            assert progress is not None and progress.counted == {"10000": 1, "500": 1}
            assert _z_jobs(after) == 0
            pos.auth.login("9999")
            closed = pos.shift.close()
            assert closed.z_number == Z1  # the killed commit gave its number back
            assert closed.counted_cash == eur("105")
        else:  # closed: resumed at start-up
            assert pos.shift.current() is None and pos.shift.close_in_progress() is None
            assert _z_jobs(after) == (2 if step == "printed" else 1)  # never lost
        assert _saved_counts(tmp_path) == 0
        pos.auth.login("9999")
        pos.shift.open(opening_float=eur("100"))
        pos.auth.login("1111")
        assert after.sell().number == "S01-T01-000003"
        report = audit(after.replica)
        assert report.ok, report.problems
        assert report.series == {"receipt": 3, "Z": 1}
    finally:
        after.close()


class Refusing(BaseHTTPRequestHandler):
    """A head office that answers 500 to everything."""

    requests: ClassVar[list[str]] = []

    def _refuse(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        Refusing.requests.append(f"{self.command} {self.path} {body}")
        body = json.dumps({"code": "internal", "message": "database restarting"}).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _refuse

    def log_message(self, *args) -> None:
        return None


@pytest.fixture
def refusing_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Refusing.requests.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _wait(predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow  # waits for the sync engine's backoff to reach the push
def test_a_z_report_the_server_refuses_does_not_block_the_next_shift(tmp_path, refusing_server):
    ids = seeded(tmp_path)
    save_credentials(
        tmp_path,
        Credentials(
            server_url=refusing_server,
            token="device-token",
            terminal_id=uuid.uuid4(),
            terminal_code="T01",
            store_id=ids.store_id,
            store_code="S01",
        ),
    )
    till = start(tmp_path, real_sync=True, config={"sync": {"interval": 1}})
    try:
        open_shift(till)
        till.sell()
        till.pos.auth.login("9999")
        till.pos.shift.count({10000: 1, 200: 1, 50: 1})
        closed = till.pos.shift.close()
        assert closed.z_number == Z1
        pushed_z = lambda: any("/push" in r and Z1 in r for r in Refusing.requests)  # noqa: E731
        assert _wait(pushed_z, timeout=30)  # the Z report was sent and refused
        assert _wait(lambda: till.pos.sync_status().last_error is not None)
        assert "500" in till.pos.sync_status().last_error
        assert till.pos.sync_status().pending >= 3  # the Z report is among them
        till.pos.shift.open(opening_float=eur("100"))  # the next shift does not wait
        till.pos.auth.login("1111")
        assert till.sell().number == "S01-T01-000002"
        assert _wait(lambda: till.pos.sync_status().pending >= 5)
        assert audit(till.replica).ok
    finally:
        till.close()
