"""Crash safety: a process completing sales through the terminal's services is
SIGKILLed at random moments, over and over (issue 5, item 5).

After every kill, reading the device database as a restarted terminal would:
every sale number the process printed (it prints only after ``checkout``
returned) is stored, every stored receipt is whole (lines, totals, tenders and
its outbox entry), receipt numbers run 1..n with no gap, and the journal's hash
chain verifies. Then the next run starts on the same files, as a restart would.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kassa.core.journal import GENESIS, verify_chain
from kassa.core.money import Money
from kassa.sync.protocol import journal_fact
from kassa.sync.replica.engine import connect_replica
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.schema import fact, outbox
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.audit import audit
from kassa.terminal.services.adapters.demo_catalog import seed_demo

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = int(os.environ.get("KASSA_CRASH_KILLS", "200"))


class NoSync:
    def nudge(self) -> None:
        return None


def _prepare(data_dir: Path) -> None:
    seed_demo(open_replica(data_dir / "device.sqlite3"))
    pos = build_pos({}, data_dir=data_dir, overrides={"sync": NoSync()})
    try:
        pos.auth.login("9999")
        pos.shift.open(opening_float=Money.of("100", "EUR"))
    finally:
        pos.close()


def _await(stream, lines: list[str], wanted: str, count: int = 1) -> None:
    """Read the child's lines into ``lines`` until ``count`` of them start with ``wanted``."""
    while sum(line.startswith(wanted) for line in lines) < count:
        line = stream.readline()
        assert line, f"the child stopped talking; it said: {lines[-5:]}"
        line = line.strip()
        assert not line.startswith("ERROR"), line
        lines.append(line)


class Restart:
    """What a restarted terminal checks, incrementally from the last verified fact:
    the hash chain continues, receipts are whole and numbered n+1, n+2, ..."""

    def __init__(self, replica) -> None:
        self.replica, self.seq, self.hash = replica, 0, GENESIS
        self.numbers: list[str] = []

    def check(self) -> None:
        with reading(self.replica) as connection:
            rows = connection.execute(
                select(fact, outbox.c.state)
                .join_from(fact, outbox, outbox.c.seq == fact.c.seq, isouter=True)
                .where(fact.c.seq > self.seq)
                .order_by(fact.c.seq)
            ).all()
        entries = []
        for row in rows:
            payload = json.loads(row.payload)
            assert row.state == "pending", f"fact {row.seq}: no outbox entry"
            entries.append((row.seq, self._journal(row, payload), row.hash))
            if row.type == "receipt":
                self._whole(row.number, payload)
        broken = verify_chain(entries, start_seq=self.seq + 1, start_hash=self.hash)
        assert broken is None, broken
        if rows:
            self.seq, self.hash = rows[-1].seq, rows[-1].hash

    @staticmethod
    def _journal(row, payload):
        return journal_fact(
            id=uuid.UUID(row.id),
            type=row.type,
            seq=row.seq,
            device_time=datetime.fromisoformat(row.device_time),
            payload=payload,
        )

    def _whole(self, number: str, sale: dict) -> None:
        expected = f"S01-T01-{len(self.numbers) + 1:06d}"
        assert number == expected == sale["number"], f"gap: {number} after {self.numbers[-1:]}"
        assert sale["lines"], f"{number}: no lines"
        assert sum(line["total"] for line in sale["lines"]) == sale["total"], number
        assert sum(t["amount"] for t in sale["tenders"]) == sale["due"], number
        self.numbers.append(number)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_sigkill_at_random_moments_loses_no_completed_sale(tmp_path):
    _prepare(tmp_path)
    replica = connect_replica(tmp_path / "device.sqlite3")
    zygote = subprocess.Popen(
        [sys.executable, str(CHILD), str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    restart = Restart(replica)
    rng = random.Random(20261123)
    printed: set[str] = set()
    kills, pid = 0, 0
    started = time.monotonic()
    check_time = 0.0
    try:
        while kills < KILLS:
            lines: list[str] = []
            zygote.stdin.write(f"go {rng.randrange(1 << 30)}\n")
            zygote.stdin.flush()
            _await(zygote.stdout, lines, "PID")
            _await(zygote.stdout, lines, "READY")
            pid = int(next(line for line in lines if line.startswith("PID")).split()[1])
            _await(zygote.stdout, lines, "SALE", rng.randint(0, 2))  # a few sales complete
            time.sleep(rng.uniform(0.005, 0.050))  # then it is killed wherever it is
            os.kill(pid, signal.SIGKILL)
            _await(zygote.stdout, lines, "DEAD")
            kills += 1
            t_check = time.monotonic()
            printed |= {line.split()[1] for line in lines if line.startswith("SALE")}
            # the restart: what the next terminal process finds on disk
            restart.check()
            lost = printed - set(restart.numbers)
            assert not lost, f"run {kills}: completed sales lost: {sorted(lost)}"
            check_time += time.monotonic() - t_check
    finally:
        if pid:  # never leave a seller running if an assertion stopped the loop
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        zygote.stdin.close()
        zygote.kill()
        zygote.wait()
        replica.dispose()
    elapsed = time.monotonic() - started
    report = audit(connect_replica(tmp_path / "device.sqlite3"))  # the whole file, once more
    assert report.ok, report.problems
    stored = len(restart.numbers)
    print(f"{kills} kills, {len(printed)} sales confirmed, {stored} stored, {elapsed:.1f} s")
    print(f"restart checks took {check_time:.1f} s")
    assert len(printed) > kills  # the runs really sold before they were killed
