"""A barcode scanner on a serial port (RS-232 or USB-CDC): codes end with CR, LF or CRLF.

A reader thread splits the byte stream at the suffix and hands each code to
``on_scan`` (and to ``read`` for one-off waits, as in ``kassa devices test``).
An unplugged scanner is reported in ``error`` and reopened every second.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

import serial

log = logging.getLogger(__name__)
SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n"}


class SerialScanner:
    def __init__(
        self,
        *,
        device: str,
        baudrate: int = 9600,
        suffix: str = "CR",
        on_scan: Callable[[str], None] | None = None,
    ) -> None:
        if suffix.upper() not in SUFFIXES:
            raise ValueError(f"[scanner] suffix = {suffix!r}: use CR, LF or CRLF")
        self.device, self.baudrate = device, baudrate
        self.suffix = SUFFIXES[suffix.upper()]
        self.on_scan = on_scan
        self.error = ""
        self._scans: queue.Queue[str] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._buffer = b""
        self._ready = threading.Event()

    def start(self) -> SerialScanner:
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)

    def wait_ready(self, timeout: float) -> bool:
        """True once the port is open (codes sent before that are lost, as on hardware)."""
        return self._ready.wait(timeout)

    def read(self, timeout: float) -> str | None:
        """The next scan, or None after ``timeout`` seconds."""
        try:
            return self._scans.get(timeout=timeout)
        except queue.Empty:
            return None

    def feed(self, data: bytes) -> list[str]:
        """Split ``data`` (appended to what came before) into complete codes."""
        self._buffer += data
        *codes, self._buffer = self._buffer.split(self.suffix)
        # A scanner set to CRLF on a till set to CR (or the reverse) leaves the
        # other half of the pair on the code: drop it rather than look the code up wrongly.
        found = [c.decode("latin-1").strip("\r\n") for c in codes]
        return [code for code in found if code]

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with serial.Serial(self.device, self.baudrate, timeout=0.1) as port:
                    self.error = ""
                    self._ready.set()
                    while not self._stop.is_set():
                        for code in self.feed(port.read(256)):
                            self._deliver(code)
            except (serial.SerialException, OSError) as exc:
                self._ready.clear()
                error = f"scanner on {self.device}: {exc}; check the cable"
                if error != self.error:
                    log.warning("%s", error)
                self.error = error
                self._stop.wait(1.0)

    def _deliver(self, code: str) -> None:
        self._scans.put(code)
        if self.on_scan:
            try:
                self.on_scan(code)
            except Exception:
                log.exception("scan handler failed for %r", code)
