"""A process completing sales is killed (SIGKILL) again and again: nothing lost or half-written."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from kassa.sync.replica import pending_count, reading, verify_journal

SELLER = """
import sys
from kassa.sync.replica import UnitOfWork, connect_replica, record_fact

replica = connect_replica(sys.argv[1])
while True:
    with UnitOfWork(replica) as uow:
        lines = [{"sku": f"SKU{n}", "qty": "1", "total_minor": 100 + n} for n in range(20)]
        fact = record_fact(
            uow,
            type="receipt",
            payload={"lines": lines, "total_minor": sum(l["total_minor"] for l in lines)},
            number_kind="receipt",
        )
        uow.commit()
    print(fact.seq, fact.number, flush=True)
"""


@pytest.mark.slow
def test_sigkill_while_selling_loses_no_completed_sale_and_leaves_no_gap(enrolled, tmp_path):
    rng = random.Random(7)
    confirmed = 0  # the highest sale the seller saw committed before it died
    kills = 8
    for _ in range(kills):
        seller = subprocess.Popen(
            [sys.executable, "-c", SELLER, str(enrolled.path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        first = seller.stdout.readline()  # it is selling
        assert first, "the seller died before its first sale"
        time.sleep(rng.uniform(0.0, 0.15))  # then it dies somewhere in the middle of a sale
        os.kill(seller.pid, signal.SIGKILL)
        seller.wait()
        for line in [first, *seller.stdout.readlines()]:
            confirmed = max(confirmed, int(line.split()[0]))
        seller.stdout.close()
    assert confirmed >= kills
    raw = sqlite3.connect(enrolled.path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    with reading(enrolled) as conn:
        seqs = conn.execute(text("SELECT seq FROM fact ORDER BY seq")).scalars().all()
        numbers = conn.execute(text("SELECT number FROM fact ORDER BY seq")).scalars().all()
        outboxed = conn.execute(text("SELECT seq FROM outbox ORDER BY seq")).scalars().all()
        assert verify_journal(conn) is None
        assert pending_count(conn) == len(seqs)
    assert len(seqs) >= confirmed  # every sale confirmed to the cashier is there
    assert seqs == list(range(1, len(seqs) + 1))  # no gap, no double
    assert outboxed == seqs  # each with its outbox entry
    assert numbers == [f"S01-T02-{n:06d}" for n in range(1, len(seqs) + 1)]
