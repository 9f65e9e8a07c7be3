"""Device faults that are not storage (issue 8, item 5): the printer dying mid-receipt
and the clock jumping backwards.

The printer is the TCP ESC/POS simulator on 127.0.0.1, reached through the real
print queue and adapter that ``build_pos`` wires; it hangs up (RST) part-way
through the receipt. The clock is the terminal's clock, set back two hours in
the middle of a shift.
"""

from __future__ import annotations

import time

import pytest
from reliability_rig import RecordingDrawer, eur, open_shift, seeded, start

from kassa.devices.decoder import decode
from kassa.devices.receipt_text import Barcode, Cut
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.terminal.services.adapters.audit import audit
from kassa.terminal.services.events import Tender

pytestmark = pytest.mark.timeout(60)


def _wait(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_printer_dying_mid_receipt_the_sale_stands_and_the_receipt_prints_whole(tmp_path):
    seeded(tmp_path)
    with TcpPrinterSimulator(profile="TM-T20II") as printer:
        config = {"printer": {"connection": "network", "host": "127.0.0.1", "port": printer.port}}
        till = start(tmp_path, config=config, drawer=RecordingDrawer())
        try:
            open_shift(till)
            queue = till.pos.extras["devices"].queue
            till.pos.sale.scan("4006381333931")
            till.pos.sale.scan("036000291452")
            printer.state.drop_after = 9 + 60  # status queries, then part of the receipt
            done = till.pos.sale.checkout([Tender("cash", eur("20"))])

            # the sale is complete and durable whatever the printer does
            assert done.number == "S01-T01-000001" and done.print_job and done.drawer_opened
            assert _wait(lambda: queue.job(done.print_job).attempts >= 1)
            failed = queue.job(done.print_job)
            assert failed.status in ("failed", "queued", "printing") and failed.last_error
            cut_at = len(printer.received)
            assert 9 < cut_at < 9 + 200  # only part of the receipt reached the paper
            assert not decode(printer.received, partial_ok=True).of(Cut)

            # the queue retries by itself (backoff ~2 s) and prints the receipt whole
            assert _wait(lambda: queue.job(done.print_job).status == "printed", timeout=15)
            again = decode(printer.received[cut_at:])
            assert f"No. {done.number}" in again.text and "TOTAL EUR" in again.text
            assert "10.28" in again.text and "9.72" in again.text  # total and change
            assert [b.data for b in again.of(Barcode)] == [done.number]
            assert len(again.of(Cut)) == 1
            assert audit(till.replica).ok
        finally:
            till.close()


def test_the_clock_set_back_mid_shift_keeps_numbers_journal_and_totals_right(tmp_path):
    seeded(tmp_path)
    till = start(tmp_path)
    try:
        open_shift(till)
        first = till.sell()  # 09:00
        till.clock.advance(minutes=30)
        second = till.sell("036000291452", cash="10")  # 09:30
        till.clock.advance(hours=-2)  # NTP fixes a clock that ran ahead: now 07:30
        third = till.sell("4006381333931", cash="2")
        assert third.at < first.at < second.at  # device time goes back, as it was told
        assert [first.number, second.number, third.number] == [
            "S01-T01-000001",
            "S01-T01-000002",
            "S01-T01-000003",
        ]
        facts = till.pos.extras["replica"]
        totals = till.pos.shift.current()
        assert totals.sales_count == 3 and totals.gross_sales == eur("12.77")
        till.pos.auth.login("9999")
        till.pos.shift.count({10000: 1, 1000: 1, 200: 1, 50: 1, 20: 1, 5: 1, 2: 1})  # 112.77
        closed = till.pos.shift.close()
        assert closed.over_short == eur("0") and closed.totals.sales_count == 3
        assert closed.at < totals.opened_at  # closed "before" it opened, by the clock
        till.clock.advance(minutes=-5)
        till.pos.shift.open(opening_float=eur("100"))  # the next shift is not confused
        assert till.pos.shift.current().sales_count == 0
        report = audit(facts)
        assert report.ok, report.problems
        assert report.series == {"receipt": 3, "Z": 1}
    finally:
        till.close()
