"""A serial barcode scanner behind a pty: ``sim.scan("4006381333931")`` sends a
code with the configured suffix, as a scanner in serial (or USB-CDC) mode does."""

from __future__ import annotations

from kassa.devices.sim.pty_port import PtyPort

SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n"}


class PtyScannerSimulator:
    def __init__(self, *, suffix: str = "CR") -> None:
        if suffix.upper() not in SUFFIXES:
            raise ValueError(f"scanner suffix {suffix!r}: use one of CR, LF, CRLF")
        self.suffix = SUFFIXES[suffix.upper()]
        self.port = PtyPort()
        self.path = self.port.path

    def scan(self, code: str, *, chunks: int = 1) -> None:
        """Send ``code`` + suffix; ``chunks`` > 1 splits it like a slow UART."""
        data = code.encode("latin-1") + self.suffix
        step = max(1, len(data) // chunks)
        for start in range(0, len(data), step):
            self.port.write(data[start : start + step])

    def stop(self) -> None:
        self.port.close()

    def __enter__(self) -> PtyScannerSimulator:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
