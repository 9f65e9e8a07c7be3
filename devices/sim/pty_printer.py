"""A serial receipt printer behind a pty: open ``sim.path`` as its serial port."""

from __future__ import annotations

from kassa.devices.sim.printer_engine import PrinterEngine
from kassa.devices.sim.pty_port import PtyPort


class PtyPrinterSimulator:
    def __init__(self, *, profile: str | None = None, on_data=None) -> None:
        self.engine = PrinterEngine(profile=profile, on_data=on_data)
        self.port = PtyPort()
        self.path = self.port.path

    @property
    def state(self):
        return self.engine.state

    @property
    def received(self) -> bytes:
        return bytes(self.engine.received)

    def decoded(self):
        return self.engine.decoded()

    def start(self) -> PtyPrinterSimulator:
        self.port.serve(self.engine.receive)
        return self

    def stop(self) -> None:
        self.port.close()

    def __enter__(self) -> PtyPrinterSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
