"""A pseudo-terminal pair: the slave path is the "serial port" the adapter opens,
the simulator reads and writes the master end."""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty


class PtyPort:
    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no newline translation or echo
        self.path = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def read_available(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 4096)
        except OSError:  # EIO while no one holds the slave end
            return b""

    def serve(self, handle) -> None:
        """Call ``handle(chunk) -> reply`` for what the host writes, in a thread."""

        def loop() -> None:
            while not self._stop.is_set():
                chunk = self.read_available(0.05)
                if chunk:
                    reply = handle(chunk)
                    if reply:
                        self.write(reply)

        self._thread = threading.Thread(target=loop, name=f"pty {self.path}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
