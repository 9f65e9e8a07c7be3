"""Storage faults while committing a sale (issue 8, item 5): the storage fills up,
or another program holds the database's write lock past the busy timeout.

The sale is not shown as done (``checkout`` raises ``NotSaved`` saying what
happened and what to do), nothing is half-written (journal verifies, numbers
stay gapless), and the cart is kept so Pay can be pressed again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from reliability_rig import eur, fact_rows, open_shift, seeded, start
from sqlalchemy import event

from kassa.terminal.services.adapters.audit import audit
from kassa.terminal.services.errors import NotSaved
from kassa.terminal.services.events import Tender

pytestmark = pytest.mark.timeout(60)


class FullDisk:
    """A data dir on a real 4 MiB tmpfs that can be filled to the last byte.

    Mounting needs root (CI runs as root). Where mounting is refused, the
    fallback caps the database's size instead (``PRAGMA max_page_count`` at
    the current size): SQLite answers the same SQLITE_FULL, through the same code.
    """

    def __init__(self, base: Path) -> None:
        self.dir = base / "small-disk"
        self.dir.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(self.dir)],
            capture_output=True,
            text=True,
        )
        self.tmpfs = mounted.returncode == 0
        self.why = "" if self.tmpfs else mounted.stderr.strip()
        self._filler = self.dir / "filler.bin"
        self._capped: list = []

    def fill(self, replica) -> None:
        if not self.tmpfs:
            replica.engine.dispose()  # pooled connections reconnect with the cap
            probe = sqlite3.connect(replica.path)
            pages, free = (
                probe.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count")
            )
            probe.close()
            assert free == 0, "free pages would absorb the sale"

            def cap(dbapi_connection, _record) -> None:
                dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

            event.listen(replica.engine, "connect", cap)
            self._capped = [replica.engine, cap]
            return
        fd = os.open(self._filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for size in (65536, 4096, 512, 1):  # to the last byte
                with contextlib.suppress(OSError):
                    while os.write(fd, b"\0" * size):
                        pass
        finally:
            os.close(fd)
        assert os.statvfs(self.dir).f_bavail == 0

    def free(self, replica) -> None:
        if self._capped:
            event.remove(self._capped[0], "connect", self._capped[1])
            replica.engine.dispose()
        self._filler.unlink(missing_ok=True)

    def unmount(self) -> None:
        if self.tmpfs:
            subprocess.run(["umount", "-l", str(self.dir)], check=False)


@pytest.fixture
def full_disk(tmp_path):
    disk = FullDisk(tmp_path)
    try:
        yield disk
    finally:
        disk.unmount()


def test_disk_full_at_pay_keeps_the_sale_on_screen_and_nothing_is_written(full_disk):
    data_dir = full_disk.dir
    seeded(data_dir)
    till = start(data_dir)
    try:
        open_shift(till)
        first = till.sell()
        for _ in range(15):  # 30 lines: the receipt needs new pages, whatever is free
            till.pos.sale.scan("4006381333931")
            till.pos.sale.scan("036000291452")
        before_view, before_facts = till.pos.sale.view(), fact_rows(data_dir)
        jobs_before = till.pos.extras["devices"].queue.pending()
        kicks_before = till.sync.nudges

        full_disk.fill(till.replica)
        with pytest.raises(NotSaved) as refused:
            till.pos.sale.checkout([Tender("cash", eur("200"))])
        message = str(refused.value)
        assert "The sale was NOT saved: the terminal's storage is full" in message
        assert "free space" in message and "press Pay again" in message
        assert till.pos.sale.view() == before_view  # still on screen, nothing lost
        assert fact_rows(data_dir) == before_facts  # no receipt, no number taken
        assert till.pos.extras["devices"].queue.pending() == jobs_before  # nothing printed
        assert till.sync.nudges == kicks_before
        if full_disk.tmpfs:  # the parked-sales file is on the same full disk
            with pytest.raises(NotSaved, match="The parked sale was NOT saved"):
                till.pos.sale.park(label="later")
            assert till.pos.sale.view() == before_view
        assert till.pos.auth.login("9999").operator.name == "Max"  # a manager gets in
        assert till.pos.auth.login("1111").operator.name == "Anna"

        full_disk.free(till.replica)
        done = till.pos.sale.checkout([Tender("cash", eur("200"))])
        assert done.number == "S01-T01-000002" and first.number == "S01-T01-000001"
        assert done.total == before_view.total
        report = audit(till.replica)
        assert report.ok, report.problems
        assert report.series == {"receipt": 2}
    finally:
        till.close()
    print(f"disk full via {'tmpfs' if full_disk.tmpfs else 'max_page_count: ' + full_disk.why}")


@pytest.fixture
def impatient(tmp_path):
    seeded(tmp_path)
    till = start(tmp_path, config={"terminal": {"busy_timeout_seconds": 0.3}})
    open_shift(till)
    yield till
    till.close()


def _holder(path: Path) -> sqlite3.Connection:
    """Another program's connection holding the write lock (BEGIN IMMEDIATE)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO document_counter (kind, value) VALUES ('held', 1)")
    return other


def test_database_locked_past_the_busy_timeout_refuses_the_sale_and_keeps_it(impatient):
    till = impatient
    till.sell()
    till.pos.sale.scan("4012345000023")
    before_view, before_facts = till.pos.sale.view(), fact_rows(till.data_dir)
    other = _holder(till.data_dir / "device.sqlite3")
    try:
        started = time.monotonic()
        with pytest.raises(NotSaved) as refused:
            till.pos.sale.checkout([Tender("cash", eur("10"))])
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert 0.25 <= waited < 5
    assert "The sale was NOT saved: the terminal's database is busy" in str(refused.value)
    assert "press Pay again" in str(refused.value)
    assert till.pos.sale.view() == before_view
    assert fact_rows(till.data_dir) == before_facts
    done = till.pos.sale.checkout([Tender("cash", eur("10"))])
    assert done.number == "S01-T01-000002"
    assert audit(till.replica).ok


def test_a_lock_held_less_than_the_timeout_only_delays_the_sale(tmp_path):
    seeded(tmp_path)
    till = start(tmp_path, config={"terminal": {"busy_timeout_seconds": 3}})
    try:
        open_shift(till)
        till.pos.sale.scan("96385074")
        other = _holder(tmp_path / "device.sqlite3")
        release = threading.Timer(0.3, lambda: (other.execute("ROLLBACK"), other.close()))
        release.start()
        started = time.monotonic()
        done = till.pos.sale.checkout([Tender("cash", eur("5"))])
        assert time.monotonic() - started >= 0.25  # it waited for the lock, then went through
        release.join()
        assert done.number == "S01-T01-000001" and audit(till.replica).ok
    finally:
        till.close()
