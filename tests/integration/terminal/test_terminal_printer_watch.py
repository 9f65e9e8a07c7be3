"""The status bar knows the printer's state from the start: the terminal asks the
printer (DLE EOT, through the TCP simulator) every few seconds and after each job,
off the UI thread, so "paper out" shows before the first sale, not after it."""

from __future__ import annotations

import time

from kassa.core.money import Money
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.devices.status import PrinterState
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.demo_catalog import seed_demo


class NoSync:
    def nudge(self) -> None:
        pass


def _until(read, want: PrinterState, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = read()
        if status is not None and status.state == want:
            return status
        time.sleep(0.02)
    raise AssertionError(f"printer status stayed {read()}, expected {want}")


def test_printer_status_is_polled_before_any_job_and_follows_the_printer(tmp_path):
    seed_demo(open_replica(tmp_path / "device.sqlite3"))
    sim = TcpPrinterSimulator().start()
    sim.state.paper = "out"  # the roll ran out overnight
    config = {
        "printer": {"connection": "network", "host": sim.host, "port": sim.port},
        "terminal": {"printer_poll_seconds": 0.2},
    }
    pos = build_pos(config, data_dir=tmp_path, overrides={"sync": NoSync()})
    try:
        assert pos.extras["devices"].queue.jobs() == []  # nothing printed yet
        _until(pos.printer_status, PrinterState.PAPER_OUT)
        sim.state.paper = "near_end"
        assert _until(pos.printer_status, PrinterState.READY).paper_near_end
        sim.state.cover_open = True
        _until(pos.printer_status, PrinterState.COVER_OPEN)
        sim.state.cover_open, sim.state.online = False, False
        _until(pos.printer_status, PrinterState.OFFLINE)
        sim.state.online = True
        _until(pos.printer_status, PrinterState.READY)
        sim.stop()
        _until(pos.printer_status, PrinterState.UNREACHABLE)
    finally:
        pos.close()
        sim.stop()


def test_a_job_wakes_the_watch_without_waiting_for_the_interval(tmp_path):
    seed_demo(open_replica(tmp_path / "device.sqlite3"))
    with TcpPrinterSimulator() as sim:
        config = {
            "printer": {"connection": "network", "host": sim.host, "port": sim.port},
            "terminal": {"printer_poll_seconds": 3600},  # only the first poll and jobs
        }
        pos = build_pos(config, data_dir=tmp_path, overrides={"sync": NoSync()})
        try:
            watch = pos.extras["devices"].watch
            _until(pos.printer_status, PrinterState.READY)
            first = watch.polls
            sim.state.paper = "out"
            pos.auth.login("9999")
            pos.shift.open(opening_float=Money.of("1", "EUR"))
            pos.shift.x_report()  # a job: the watch reads the status soon after
            _until(pos.printer_status, PrinterState.PAPER_OUT)
            deadline = time.monotonic() + 5
            while watch.polls == first and time.monotonic() < deadline:
                time.sleep(0.02)
            assert watch.polls > first
        finally:
            pos.close()
