"""``kassa devices test`` and ``kassa devices simulate-printer`` as real processes."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal

import pytest

from kassa.devices.layout import samples
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.receipt_text import DrawerKick
from kassa.devices.settings import PrinterSettings
from kassa.devices.sim.pty_port import PtyPort
from kassa.devices.sim.pty_scale import PtyScaleSimulator
from kassa.devices.sim.pty_scanner import PtyScannerSimulator
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator

pytestmark = pytest.mark.timeout(60)


class _Process:
    """A ``kassa`` subprocess whose output lines are read in a thread (never blocks)."""

    def __init__(self, args: list[str], env: dict[str, str], *, stdin=subprocess.DEVNULL) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "kassa.cli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=stdin,
            text=True,
            env={**os.environ, **env},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never appeared; output so far: {self.seen}")

    def finish(self, timeout: float = 20) -> tuple[int, str]:
        code = self.proc.wait(timeout=timeout)
        time.sleep(0.1)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, "\n".join(self.seen)


def _config(tmp_path, text: str) -> dict[str, str]:
    path = tmp_path / "kassa.toml"
    path.write_text(text, encoding="utf-8")
    return {"KASSA_CONFIG": str(path), "KASSA_DATA_DIR": str(tmp_path / "data")}


def test_devices_test_prints_kicks_reports_and_takes_a_scan(tmp_path):
    with TcpPrinterSimulator(profile="TM-T20II") as printer, PtyScannerSimulator() as scanner:
        env = _config(
            tmp_path,
            f"""
[printer]
connection = "network"
port = {printer.port}
model = "tm-t20ii"
[drawer]
via = "printer"
pin = 5
realtime = false
[scanner]
connection = "serial"
device = "{scanner.path}"
rcn_region = "de"
""",
        )
        run = _Process(["devices", "test", "--scan-timeout", "10"], env)
        run.wait_for("scan a barcode")
        scanner.scan("4006381333931")
        code, output = run.finish()
        assert code == 0, output
        assert "Printer status: Printer ready." in output
        assert "Test page: printed." in output
        assert "Drawer: Drawer opened." in output
        assert "Scanned: 4006381333931 (EAN-13, product 4006381333931)" in output
        page = printer.decoded()
        assert "€ ä ö ü ß Ä Ö Ü ñ ø Ø å é ç £" in page.text_lines
        assert page.of(DrawerKick) == [DrawerKick(pin=5, on_ms=100, off_ms=100)]


def test_devices_test_reads_the_scale_and_writes_the_display(tmp_path):
    with PtyScaleSimulator() as scale:
        scale.weight = Decimal("0.750")
        display = PtyPort()
        try:
            env = _config(
                tmp_path,
                f'[scale]\nconnection = "serial"\ndevice = "{scale.path}"\n'
                f'[display]\nconnection = "serial"\ndevice = "{display.path}"\n',
            )
            code, output = _Process(["devices", "test"], env).finish()
            assert code == 0, output
            assert "Scale: 0.750 kg" in output
            assert "Customer display: shows a test text." in output
            assert "Grüße 1,50 €".encode("cp858") in display.read_available(2.0)
        finally:
            display.close()


def test_devices_test_reports_faults_and_exits_non_zero(tmp_path):
    with TcpPrinterSimulator() as printer:
        printer.state.paper = "out"
        env = _config(
            tmp_path,
            f'[printer]\nconnection = "network"\nport = {printer.port}\n[drawer]\nvia = "none"\n',
        )
        code, output = _Process(["devices", "test"], env).finish()
        assert code == 1
        assert "Printer status: Printer out of paper: load a new roll." in output
        assert "Test page NOT printed" in output
        assert printer.decoded().lines == []


def test_devices_test_refuses_a_bad_setting_clearly(tmp_path):
    env = _config(tmp_path, '[printer]\nconnection = "bluetooth"\n')
    code, output = _Process(["devices", "test"], env).finish()
    assert code == 2
    assert "[printer] connection = 'bluetooth': use one of 'network', 'serial'" in output


def test_simulate_printer_process_shows_a_receipt_as_text(tmp_path):
    run = _Process(["devices", "simulate-printer", "--port", "0"], {})
    try:
        port = int(run.wait_for("listening on").split(":")[-1].split()[0])
        settings = PrinterSettings(connection="network", port=port, model="tm-t20ii")
        assert EscposPrinter(settings).print_document(samples.all_documents()["receipt"]).can_print
        run.wait_for("Bäckerei Müller")
        run.wait_for("Smørrebrød Lachs")
        run.wait_for("partial cut")
    finally:
        run.proc.send_signal(signal.SIGINT)
        run.finish()


def test_devices_test_tells_a_wedge_scan_from_typing_on_a_terminal(tmp_path):
    env = _config(
        tmp_path,
        '[scanner]\nconnection = "wedge"\nwedge_threshold_ms = 40\nwedge_min_length = 6\n',
    )
    master, slave = os.openpty()
    try:
        run = _Process(["devices", "test", "--scan-timeout", "10"], env, stdin=slave)
        run.wait_for("scan a barcode")
        time.sleep(0.3)  # the terminal is switched to key-by-key input
        for char in "4711\r":  # a person typing: 150 ms between keys
            os.write(master, char.encode())
            time.sleep(0.15)
        run.wait_for("typed by hand")
        os.write(master, b"96385074\r")  # a scanner: the keys come as one burst
        code, output = run.finish()
        assert code == 0, output
        assert "Scanned: 96385074 (EAN-8, product 96385074)" in output
        assert "4711" not in output.split("Scanned:")[1]
    finally:
        os.close(master)
        os.close(slave)
