"""The heart of a simulated ESC/POS printer: records bytes, answers status.

Like a real printer it reacts to real-time commands wherever they appear in
the stream (``DLE EOT n`` status queries, ``DLE DC4`` drawer pulses), even
inside image data, so the adapters' draining of stray replies is exercised.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kassa.devices.decoder import decode
from kassa.devices.receipt_text import Decoded


@dataclass
class SimulatedState:
    """What the simulated printer reports; tests change it at any time."""

    online: bool = True
    paper: str = "ok"  # ok, near_end, out
    cover_open: bool = False
    drawer_open: bool = False
    drawer_high_when_open: bool = True  # the drawer's switch wiring
    silent: bool = False  # never answers status queries
    drop_after: int | None = None  # close the connection after this many more bytes


class PrinterEngine:
    def __init__(self, *, profile: str | None = None, on_data=None) -> None:
        self.state = SimulatedState()
        self.profile = profile
        self.received = bytearray()
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.on_data = on_data
        self._pending = b""  # an unfinished real-time command from the last chunk

    def receive(self, chunk: bytes) -> bytes:
        """Take bytes from the host; the reply bytes to send back (maybe empty)."""
        with self.lock:
            self.received += chunk
            replies = self._scan(self._pending + chunk)
            self.changed.notify_all()
        if self.on_data:
            self.on_data(chunk)
        return b"" if self.state.silent else replies

    def _scan(self, data: bytes) -> bytes:
        """React to real-time commands; keep an incomplete one for the next chunk."""
        replies, i, self._pending = bytearray(), 0, b""
        while i < len(data):
            if data[i] not in (0x10, 0x1B):
                i += 1
                continue
            need = {b"\x10\x04": 3, b"\x10\x14": 5, b"\x1bp": 5}.get(data[i : i + 2], 2)
            if i + need > len(data):
                self._pending = data[i:]
                break
            head = data[i : i + 2]
            if head == b"\x10\x04":
                replies += self._status(data[i + 2])
            elif head in (b"\x10\x14", b"\x1bp"):
                self.state.drawer_open = True
            i += need if head in (b"\x10\x04", b"\x10\x14", b"\x1bp") else 1
        return bytes(replies)

    def _status(self, kind: int) -> bytes:
        s = self.state
        out = s.paper == "out"
        if kind == 1:
            pin3 = s.drawer_open == s.drawer_high_when_open
            offline = not s.online or s.cover_open or out
            return bytes([0x12 | (0x04 if pin3 else 0) | (0x08 if offline else 0)])
        if kind == 2:
            error = not s.online
            return bytes(
                [
                    0x12
                    | (0x04 if s.cover_open else 0)
                    | (0x20 if out else 0)
                    | (0x40 if error else 0)
                ]
            )
        if kind == 3:
            return bytes([0x12])
        if kind == 4:
            near = s.paper in ("near_end", "out")
            return bytes([0x12 | (0x0C if near else 0) | (0x60 if out else 0)])
        return b""

    def decoded(self) -> Decoded:
        with self.lock:
            data = bytes(self.received)
        return decode(data, profile=self.profile, partial_ok=True)

    def wait_for(self, needle: bytes, *, timeout: float = 5.0) -> bool:
        """Wait until ``needle`` has been received (for tests)."""
        with self.changed:
            return self.changed.wait_for(lambda: needle in self.received, timeout=timeout)

    def clear(self) -> None:
        with self.lock:
            self.received.clear()
            self._pending = b""
