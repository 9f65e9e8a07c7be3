"""The simulators as processes: ``kassa devices simulate-printer`` / ``simulate-scanner``."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

from kassa.devices.receipt_text import Decoded
from kassa.devices.sim.pty_scanner import PtyScannerSimulator
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator

QUIET = 0.3  # seconds without data before the last, unfinished line is shown


class _Console:
    """Echo each decoded line, cut and drawer kick once, in order."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.echo, self.shown, self.last_data = echo, 0, 0.0
        self.lock = threading.Lock()
        self.sim: TcpPrinterSimulator | None = None

    def on_data(self, chunk: bytes) -> None:
        self.last_data = time.monotonic()

    def show(self) -> None:
        with self.lock:
            items = self.sim.decoded().items
            settled = time.monotonic() - self.last_data > QUIET
            upto = len(items) if settled else len(items) - 1  # the last line may still grow
            if upto > self.shown:
                text = Decoded(items[self.shown : upto]).render()
                self.shown = upto
                if text:
                    self.echo(text)
                    sys.stdout.flush()


def serve_printer(
    *, host: str, port: int, profile: str, echo: Callable[[str], None], stop=None
) -> None:
    """Listen until interrupted (or ``stop`` is set), echoing what is printed."""
    console = _Console(echo)
    console.sim = TcpPrinterSimulator(
        host=host, port=port, profile=profile, on_data=console.on_data
    )
    with console.sim as sim:
        echo(f"Simulated printer listening on {sim.host}:{sim.port} (Ctrl+C stops it)")
        sys.stdout.flush()
        try:
            while stop is None or not stop.is_set():
                time.sleep(0.1)
                console.show()
        except KeyboardInterrupt:
            pass
        console.last_data = 0.0
        console.show()


def serve_scanner(*, suffix: str, echo: Callable[[str], None]) -> None:
    """Send each line read from stdin as a scan through a pty until end of input."""
    with PtyScannerSimulator(suffix=suffix) as sim:
        echo(f"Simulated scanner on {sim.path}: type a code and Enter to scan it (Ctrl+D stops)")
        sys.stdout.flush()
        for line in sys.stdin:
            code = line.rstrip("\r\n")
            if code:
                sim.scan(code)
                echo(f"scanned {code}")
                sys.stdout.flush()
