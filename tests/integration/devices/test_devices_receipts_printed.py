"""Real receipts, through python-escpos, into the TCP and pty printer simulators."""

from __future__ import annotations

import pytest

from kassa.devices.drawer import PrinterDrawer
from kassa.devices.layout import samples
from kassa.devices.layout.text_render import text_lines
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.receipt_text import Barcode, DrawerKick
from kassa.devices.settings import DrawerSettings, PrinterSettings
from kassa.devices.sim.pty_printer import PtyPrinterSimulator
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator

pytestmark = pytest.mark.timeout(30)


def test_sale_receipt_over_the_network_then_the_drawer_opens():
    with TcpPrinterSimulator(profile="TM-T88V") as sim:
        settings = PrinterSettings(connection="network", port=sim.port, model="tm-t88v")
        printer = EscposPrinter(settings)
        doc = samples.all_documents()["receipt"]
        assert printer.print_document(doc).can_print
        drawer = PrinterDrawer(
            printer, DrawerSettings(pin=2, on_ms=100, off_ms=200, realtime=False)
        )
        assert drawer.open().is_open is True
        decoded = sim.decoded()
        assert _printed(decoded.text_lines) == _printed(text_lines(doc, 42))
        assert "Bäckerei Müller" in decoded.text_lines and "Königstraße 12" in decoded.text_lines
        assert any(line.endswith("25,59") and "€" not in line for line in decoded.text_lines)
        assert decoded.of(DrawerKick) == [DrawerKick(pin=2, on_ms=100, off_ms=200)]
        assert b"\x1bp\x00\x32\x64" in sim.received
        assert decoded.of(Barcode)[0].data == "S1-T2-000042"


def test_return_receipt_over_serial_on_58mm_paper():
    with PtyPrinterSimulator(profile="POS-5890") as sim:
        settings = PrinterSettings(connection="serial", device=sim.path, model="pos-5890")
        doc = samples.all_documents()["return_receipt"]
        assert EscposPrinter(settings).print_document(doc).can_print
        lines = sim.decoded().text_lines
        assert _printed(lines) == _printed(text_lines(doc, 32))
        assert "Smørrebrød Lachs" in lines and "Café crème" in lines
        assert "Danke für Ihren Einkauf!" in lines


def test_euro_sign_in_cp1252_when_that_page_is_configured():
    with TcpPrinterSimulator(profile="TM-T20II") as sim:
        settings = PrinterSettings(
            connection="network", port=sim.port, model="tm-t20ii", code_page="CP1252"
        )
        doc = samples.all_documents()["cash_out"]
        assert EscposPrinter(settings).print_document(doc).can_print
        assert sim.decoded().code_pages == ["CP1252"]
        assert b"\x1bt\x10" in sim.received  # ESC t 16, right after ESC @
        assert sim.received.index(b"\x1bt\x10") == sim.received.index(b"\x1b@") + 2
        assert "Reason: Einzahlung Bank (Sparkasse)" in sim.decoded().text_lines


def _printed(lines: list[str]) -> list[str]:
    return [line for line in lines if line]  # feeds and images leave blank lines
