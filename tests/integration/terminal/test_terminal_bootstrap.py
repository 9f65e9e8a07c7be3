"""The composition root with the real adapters: device database in the data dir,
durable print queue over an ESC/POS printer (the TCP simulator), drawer kick
through the printer; the receipt is read back from the simulator's bytes."""

from __future__ import annotations

import time

import pytest
from terminal_rig import Clock, CountingSync

from kassa.core.money import Money
from kassa.devices.receipt_text import Barcode, DrawerKick
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.sync.replica.identity import NotEnrolled
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.demo_catalog import seed_demo
from kassa.terminal.services.events import Tender


def _wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def printer():
    with TcpPrinterSimulator() as sim:
        yield sim


def _config(printer) -> dict:
    return {
        "printer": {"connection": "network", "host": "127.0.0.1", "port": printer.port},
        "drawer": {"via": "printer"},
        "terminal": {"receipt_header": ["Kassa Demo Store"], "limits": {"cashier": {}}},
    }


def test_a_sale_prints_its_receipt_and_kicks_the_drawer(tmp_path, printer):
    ids = seed_demo(open_replica(tmp_path / "device.sqlite3"))
    pos = build_pos(_config(printer), data_dir=tmp_path, overrides={"sync": CountingSync()})
    try:
        assert pos.currency == "EUR"
        pos.auth.login("9999")
        pos.shift.open(opening_float=Money.of("100", "EUR"))
        pos.auth.login("1111")
        pos.sale.scan("4006381333931")
        pos.sale.add(ids.products["CROISS"])
        done = pos.sale.checkout([Tender("cash", Money.of("5", "EUR"))])
        assert done.drawer_opened
        assert _wait_for(lambda: done.number in printer.decoded().text)
        decoded = printer.decoded()
        text = decoded.text
        for expected in (
            "Kassa Demo Store",
            "Milk 1 l",
            "Croissant",
            "TOTAL EUR",
            "2.49",
            "Change",
        ):
            assert expected in text
        assert "2.51" in text  # 5.00 - 2.49
        assert [b.data for b in decoded.of(Barcode)][-1:] == [done.number]
        assert decoded.of(DrawerKick)  # shift opening and this sale
        assert pos.printer_status().can_print
    finally:
        pos.close()


def test_print_failures_queue_and_the_sale_stands(tmp_path):
    seed_demo(open_replica(tmp_path / "device.sqlite3"))
    config = {"printer": {"connection": "network", "host": "127.0.0.1", "port": 9}}
    pos = build_pos(config, data_dir=tmp_path, overrides={"sync": CountingSync(), "clock": Clock()})
    try:
        pos.auth.login("9999")
        pos.shift.open(opening_float=Money.of("0", "EUR"))
        pos.sale.scan("96385074")
        done = pos.sale.checkout([Tender("card", Money.of("2.49", "EUR"), "R1")])
        assert done.number == "S01-T01-000001" and done.print_job
        queue = pos.extras["devices"].queue
        assert _wait_for(lambda: queue.job(done.print_job).status == "failed")
        assert not pos.printer_status().can_print
    finally:
        pos.close()


def test_an_unenrolled_device_is_refused_with_what_to_do(tmp_path):
    with pytest.raises(NotEnrolled, match="kassa enroll"):
        build_pos({}, data_dir=tmp_path)


def test_without_enrollment_sync_says_so_and_counts_pending_facts(tmp_path):
    seed_demo(open_replica(tmp_path / "device.sqlite3"))
    pos = build_pos({}, data_dir=tmp_path)
    try:
        assert pos.printer_status() is None  # no printer configured
        pos.auth.login("9999")
        pos.shift.open(opening_float=Money.of("10", "EUR"))
        state = pos.sync_status()
        assert "not enrolled" in state.last_error and state.pending == 1
    finally:
        pos.close()
