"""A Toledo-protocol checkout scale behind a pty: set ``weight`` or ``status``."""

from __future__ import annotations

from decimal import Decimal

from kassa.devices.sim.pty_port import PtyPort


class PtyScaleSimulator:
    def __init__(self) -> None:
        self.port = PtyPort()
        self.path = self.port.path
        self.weight = Decimal("0.000")
        self.status: int | None = None  # a status byte instead of a weight (motion: 0x01)
        self.silent = False

    def _answer(self, chunk: bytes) -> bytes:
        if self.silent or b"W" not in chunk:
            return b""
        if self.status is not None:
            return b"\x02?" + bytes([0x20 | self.status]) + b"\r"
        return b"\x02" + f"{self.weight:06.3f}".encode("ascii") + b"\r"

    def start(self) -> PtyScaleSimulator:
        self.port.serve(self._answer)
        return self

    def stop(self) -> None:
        self.port.close()

    def __enter__(self) -> PtyScaleSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
