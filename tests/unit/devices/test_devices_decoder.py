"""The ESC/POS decoder reads back what python-escpos sends."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy

from kassa.devices.decoder import DecodeError, decode
from kassa.devices.receipt_text import Barcode, Cut, DrawerKick, QrCode, StatusQuery


def _printer() -> Dummy:
    printer = Dummy(profile="TM-T20II")
    printer.hw("INIT")
    printer.charcode("CP858")
    return printer


def test_text_in_the_chosen_code_page_comes_back_with_euro_and_umlauts():
    printer = _printer()
    printer.textln("Müller Straße Ø 1,50 € ñ ø ß")
    result = decode(printer.output, profile="TM-T20II")
    assert result.text_lines == ["Müller Straße Ø 1,50 € ñ ø ß"]
    assert result.code_pages == ["CP858"]


def test_the_same_bytes_read_in_another_code_page_are_wrong():
    printer = Dummy(profile="TM-T20II")
    printer.charcode("CP437")
    printer.textln("Ø €")
    assert decode(printer.output).text_lines == ["? ?"]


def test_styles_and_alignment_are_per_line():
    printer = _printer()
    printer.set_with_default(align="center", bold=True, double_height=True, double_width=True)
    printer.textln("TOTAL")
    printer.set_with_default()
    printer.textln("thanks")
    first, second = decode(printer.output).lines
    assert first.align == "center" and first.has(bold=True, double_width=True, double_height=True)
    assert second.align == "left" and second.has(bold=False, double_height=False)


def test_cuts_kicks_barcodes_qr_and_status_queries_are_events():
    printer = _printer()
    printer.cashdraw(5)
    printer.cashdraw([27, 112, 0, 25, 250])
    printer.barcode("4006381333931", "EAN13")
    printer.qr("S1-T2-000042", native=True)
    printer.cut(mode="PART")
    printer._raw(b"\x10\x04\x01\x10\x14\x01\x00\x03")
    printer.cut()
    result = decode(printer.output)
    assert result.of(DrawerKick) == [
        DrawerKick(pin=5, on_ms=100, off_ms=100),
        DrawerKick(pin=2, on_ms=50, off_ms=500),
        DrawerKick(pin=2, on_ms=300, off_ms=300, realtime=True),
    ]
    assert result.of(Barcode) == [Barcode("EAN13", "4006381333931")]
    assert result.of(QrCode) == [QrCode("S1-T2-000042")]
    assert result.of(StatusQuery) == [StatusQuery(1)]
    assert result.of(Cut) == [Cut(partial=True), Cut(partial=False)]


def test_pages_split_at_cuts():
    printer = _printer()
    printer.textln("first")
    printer.cut()
    printer.textln("second")
    printer.cut()
    assert decode(printer.output).pages() == [["first"], ["second"]]


def test_unknown_command_names_its_offset():
    with pytest.raises(DecodeError, match="unknown command ESC b'Z' at byte 2"):
        decode(b"ab\x1bZ")


def test_stream_cut_off_mid_command_is_an_error_unless_partial_is_accepted():
    data = b"\x1b@hello\n\x1dV"
    with pytest.raises(DecodeError, match="ends inside a command"):
        decode(data)
    assert decode(data, partial_ok=True).text_lines == ["hello"]


def test_underline_bold_and_font_parameters_both_forms():
    printer = _printer()
    printer._raw(b"\x1b-\x02thick\n\x1b-0\x1bE1bold\n\x1bE\x00\x1bM\x01small\n")
    thick, bold, small = decode(printer.output).lines
    assert thick.has(underline=True) and not bold.has(underline=True)
    assert bold.has(bold=True) and small.has(font_b=True, bold=False)
