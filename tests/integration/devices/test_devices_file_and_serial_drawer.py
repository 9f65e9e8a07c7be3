"""A printer behind a file or device node, and a drawer on its own serial port."""

from __future__ import annotations

import pytest

from kassa.devices.decoder import decode
from kassa.devices.drawer import SerialDrawer
from kassa.devices.layout import samples
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.settings import DrawerSettings, PrinterSettings
from kassa.devices.sim.pty_port import PtyPort
from kassa.devices.status import PrinterState

pytestmark = pytest.mark.timeout(30)


def test_file_printer_writes_the_receipt_and_cannot_report_status(tmp_path):
    node = tmp_path / "lp0"
    printer = EscposPrinter(PrinterSettings(connection="file", device=str(node), model="tm-t88v"))
    status = printer.print_document(samples.all_documents()["receipt"])
    assert status.state == PrinterState.UNKNOWN and status.can_print
    lines = decode(node.read_bytes(), profile="TM-T88V").text_lines
    assert "Bäckerei Müller" in lines and "Königstraße 12" in lines


def test_file_printer_in_a_missing_folder_is_unreachable(tmp_path):
    printer = EscposPrinter(PrinterSettings(connection="file", device=str(tmp_path / "no/lp0")))
    assert printer.status().state == PrinterState.UNREACHABLE


def test_serial_drawer_receives_its_open_bytes():
    port = PtyPort()
    try:
        result = SerialDrawer(
            DrawerSettings(via="serial", device=port.path, open_bytes="1b7000")
        ).open()
        assert result.sent and result.is_open is None
        assert port.read_available(2.0) == b"\x1bp\x00"
    finally:
        port.close()


def test_serial_drawer_on_a_missing_port_says_so(tmp_path):
    result = SerialDrawer(DrawerSettings(via="serial", device=str(tmp_path / "ttyS4"))).open()
    assert not result.sent and "ttyS4" in result.message and "Check the cable" in result.message
