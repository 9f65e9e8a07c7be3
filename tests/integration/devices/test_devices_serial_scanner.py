"""Scans arrive through a pty from the simulated serial scanner."""

from __future__ import annotations

import pytest

from kassa.devices.scanner.serial_scanner import SerialScanner
from kassa.devices.sim.pty_scanner import PtyScannerSimulator

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("suffix", ["CR", "LF", "CRLF"])
def test_scans_arrive_with_each_suffix(suffix):
    with PtyScannerSimulator(suffix=suffix) as sim:
        got = []
        scanner = SerialScanner(device=sim.path, suffix=suffix, on_scan=got.append).start()
        assert scanner.wait_ready(3)
        try:
            sim.scan("4006381333931")
            sim.scan("96385074", chunks=4)  # arrives in pieces, like a slow UART
            assert scanner.read(timeout=3) == "4006381333931"
            assert scanner.read(timeout=3) == "96385074"
            assert got == ["4006381333931", "96385074"]
        finally:
            scanner.stop()


def test_a_scanner_sending_crlf_to_a_till_set_to_cr_gives_clean_codes():
    with PtyScannerSimulator(suffix="CRLF") as sim:
        scanner = SerialScanner(device=sim.path, suffix="CR").start()
        assert scanner.wait_ready(3)
        try:
            sim.scan("4006381333931")
            sim.scan("036000291452")
            assert scanner.read(timeout=3) == "4006381333931"
            assert scanner.read(timeout=3) == "036000291452"
        finally:
            scanner.stop()


def test_gs1_separator_survives_the_serial_line():
    with PtyScannerSimulator(suffix="CR") as sim:
        scanner = SerialScanner(device=sim.path).start()
        assert scanner.wait_ready(3)
        try:
            sim.scan("]C10109506000134352" + "10LOT42\x1d3103000750")
            assert scanner.read(timeout=3) == "]C10109506000134352" + "10LOT42\x1d3103000750"
        finally:
            scanner.stop()


def test_no_scan_within_the_timeout_is_none_and_a_missing_port_is_an_error(tmp_path):
    scanner = SerialScanner(device=str(tmp_path / "ttyACM7")).start()
    try:
        assert scanner.read(timeout=0.3) is None
        assert "ttyACM7" in scanner.error and "check the cable" in scanner.error
    finally:
        scanner.stop()
