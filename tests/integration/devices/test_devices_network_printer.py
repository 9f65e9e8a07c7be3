"""The network printer adapter against the TCP simulator: printing and every fault."""

from __future__ import annotations

import socket
import time

import pytest

from kassa.devices.drawer import PrinterDrawer, kick_bytes
from kassa.devices.layout import document as d
from kassa.devices.layout.escpos_render import render_escpos
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.receipt_text import DrawerKick
from kassa.devices.settings import DrawerSettings, PrinterSettings
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.devices.status import PrinterState

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def sim():
    with TcpPrinterSimulator(profile="TM-T20II") as simulator:
        yield simulator


def _printer(port: int, **overrides) -> EscposPrinter:
    values = {"connection": "network", "port": port, "model": "tm-t20ii", "status_timeout": 0.5}
    settings = PrinterSettings(**(values | overrides))
    return EscposPrinter(settings)


def _receipt(printer: EscposPrinter) -> bytes:
    doc = d.PrintDocument("Receipt S1-T1-000007").add(
        d.Text("Bäckerei Müller", align="center", size="large", bold=True),
        d.Columns("2 x Croissant ñ", "3,00 €"),
        d.Columns("Smørrebrød", "4,50 €"),
        d.Separator(),
        d.Columns("TOTAL", "7,50 €", bold=True),
        d.Cut(),
    )
    return render_escpos(doc, model=printer.model)


def test_a_receipt_prints_and_reads_back_with_euro_and_umlauts(sim):
    printer = _printer(sim.port)
    status = printer.send(_receipt(printer))
    assert status.state == PrinterState.READY and status.can_print
    lines = sim.decoded().pages()[0]
    assert lines[0] == "Bäckerei Müller"
    assert "2 x Croissant ñ" in lines[1] and lines[1].endswith("3,00 €")
    assert len(lines[1]) == 48
    assert lines[2].startswith("Smørrebrød")
    assert lines[-1].startswith("TOTAL") and lines[-1].endswith("7,50 €")
    assert sim.decoded().code_pages == ["CP858"]


@pytest.mark.parametrize(
    ("change", "state"),
    [
        ({"paper": "out"}, PrinterState.PAPER_OUT),
        ({"cover_open": True}, PrinterState.COVER_OPEN),
        ({"online": False}, PrinterState.OFFLINE),
    ],
)
def test_a_printer_that_cannot_print_gets_no_job_and_says_why(sim, change, state):
    for key, value in change.items():
        setattr(sim.state, key, value)
    printer = _printer(sim.port)
    status = printer.send(_receipt(printer))
    assert status.state == state and not status.can_print
    assert sim.decoded().lines == []  # status queries only, no text
    assert status.message


def test_paper_near_end_prints_with_a_warning(sim):
    sim.state.paper = "near_end"
    printer = _printer(sim.port)
    status = printer.send(_receipt(printer))
    assert status.can_print and status.paper_near_end
    assert sim.decoded().text_lines[0] == "Bäckerei Müller"


def test_silent_printer_answers_not_responding_within_the_short_timeout(sim):
    sim.state.silent = True
    printer = _printer(sim.port)
    started = time.monotonic()
    status = printer.status()
    assert status.state == PrinterState.NOT_RESPONDING
    assert time.monotonic() - started < 2.0


def test_connection_dropped_mid_receipt_is_reported(sim):
    printer = _printer(sim.port)
    data = _receipt(printer)
    sim.state.drop_after = 9 + 40  # the three status queries, then part of the receipt
    status = printer.send(data)
    assert status.state == PrinterState.DISCONNECTED and not status.can_print
    assert 0 < len(sim.received) < 9 + len(data)


def test_nothing_listening_is_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status = _printer(port, connect_timeout=0.5).status()
    assert status.state == PrinterState.UNREACHABLE
    assert "unreachable" in status.message


def test_drawer_kick_through_the_printer_sends_esc_p_with_the_pulse_settings(sim):
    printer = _printer(sim.port, model="generic-80")
    settings = DrawerSettings(pin=5, on_ms=120, off_ms=240)
    result = PrinterDrawer(printer, settings).open()
    assert result.sent and result.is_open is True
    assert kick_bytes(settings) in sim.received
    assert sim.decoded().of(DrawerKick) == [DrawerKick(pin=5, on_ms=120, off_ms=240)]


def test_realtime_kick_on_models_that_support_it(sim):
    printer = _printer(sim.port)  # TM-T20II supports DLE DC4
    result = PrinterDrawer(printer, DrawerSettings(pin=2, on_ms=200)).open()
    assert result.sent
    assert b"\x10\x14\x01\x00\x02" in sim.received


def test_drawer_sensor_with_inverted_polarity(sim):
    sim.state.drawer_high_when_open = False
    printer = _printer(sim.port)
    drawer = PrinterDrawer(printer, DrawerSettings(open_when_high=False))
    assert drawer.is_open() is False
    sim.state.drawer_open = True
    assert drawer.is_open() is True


def test_drawer_kick_to_an_unreachable_printer_is_reported_not_raised():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = PrinterDrawer(_printer(port), DrawerSettings()).open()
    assert not result.sent and "unreachable" in result.message


def test_stray_reply_after_image_data_is_drained_before_the_confirming_query(sim):
    printer = _printer(sim.port)
    sim.state.paper = "near_end"  # DLE EOT 4 answers 0x1E: read as DLE EOT 1 it means offline
    status = printer.send(b"\x1d\x76\x30\x00\x03\x00\x01\x00\x10\x04\x04")
    assert status.state == PrinterState.READY and status.drawer_open is False
