"""The serial printer adapter against the pty printer simulator."""

from __future__ import annotations

import time

import pytest

from kassa.devices.layout import document as d
from kassa.devices.layout.escpos_render import render_escpos
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.settings import PrinterSettings
from kassa.devices.sim.pty_printer import PtyPrinterSimulator
from kassa.devices.status import PrinterState

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def sim():
    with PtyPrinterSimulator(profile="POS-5890") as simulator:
        yield simulator


def _printer(path: str) -> EscposPrinter:
    settings = PrinterSettings(
        connection="serial", device=path, model="pos-5890", baudrate=115200, status_timeout=0.5
    )
    return EscposPrinter(settings)


def test_a_58mm_receipt_prints_over_serial_with_euro_and_umlauts(sim):
    printer = _printer(sim.path)
    doc = d.PrintDocument("Receipt").add(
        d.Text("Café Øresund", align="center", bold=True),
        d.Columns("Äpfel 1,000 kg × 2,99 €", "2,99 €"),
        d.Columns("Summe", "2,99 €", bold=True),
    )
    status = printer.send(render_escpos(doc, model=printer.model))
    assert status.state == PrinterState.READY
    lines = sim.decoded().text_lines
    assert lines[0] == "Café Øresund"
    assert lines[1] == "Äpfel 1,000 kg × 2,99 €   2,99 €"
    assert all(len(line) <= 32 for line in lines)
    assert lines[-1].startswith("Summe") and lines[-1].endswith("2,99 €")


def test_serial_status_answers_quickly_and_reports_paper_out(sim):
    printer = _printer(sim.path)
    started = time.monotonic()
    assert printer.status().state == PrinterState.READY
    assert time.monotonic() - started < 0.5  # one byte read, not the 16-byte wait
    sim.state.paper = "out"
    assert printer.status().state == PrinterState.PAPER_OUT


def test_silent_serial_printer_is_not_responding(sim):
    sim.state.silent = True
    assert _printer(sim.path).status().state == PrinterState.NOT_RESPONDING


def test_stale_reply_waiting_on_the_port_is_drained_before_a_query(sim):
    printer = _printer(sim.path)
    sim.state.paper = "near_end"  # DLE EOT 4 answers 0x1E: read as DLE EOT 1 it means offline
    # Image data that happens to contain DLE EOT 4 makes the printer answer.
    status = printer.send_realtime(b"\x1d\x76\x30\x00\x03\x00\x01\x00\x10\x04\x04")
    assert status.state == PrinterState.READY and status.drawer_open is False


def test_missing_serial_port_is_unreachable(tmp_path):
    status = _printer(str(tmp_path / "ttyUSB9")).status()
    assert status.state == PrinterState.UNREACHABLE
