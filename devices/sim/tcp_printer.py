"""A network receipt printer on 127.0.0.1 (raw port, like 9100) for tests and demos.

with TcpPrinterSimulator() as sim:
    printer = Network(host="127.0.0.1", port=sim.port)
    ...
    sim.state.paper = "out"          # the next status query reports it
    sim.state.drop_after = 100       # hang up after 100 more bytes
    sim.decoded().text_lines         # what the paper shows
"""

from __future__ import annotations

import socket
import threading

from kassa.devices.sim.printer_engine import PrinterEngine


class TcpPrinterSimulator:
    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, profile: str | None = None, on_data=None
    ) -> None:
        self.engine = PrinterEngine(profile=profile, on_data=on_data)
        self._server = socket.create_server((host, port), reuse_port=False)
        self._server.settimeout(0.1)
        self.host, self.port = self._server.getsockname()[:2]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.connections = 0

    # The engine's surface, for brevity in tests.
    @property
    def state(self):
        return self.engine.state

    @property
    def received(self) -> bytes:
        return bytes(self.engine.received)

    def decoded(self):
        return self.engine.decoded()

    def start(self) -> TcpPrinterSimulator:
        thread = threading.Thread(target=self._accept_loop, name="tcp-printer-sim", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._server.close()

    def __enter__(self) -> TcpPrinterSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.1)
        with conn:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                limit = self.state.drop_after
                if limit is not None:
                    chunk = chunk[:limit]
                    self.state.drop_after = limit - len(chunk)
                reply = self.engine.receive(chunk)
                if limit is not None and self.state.drop_after <= 0:
                    self.state.drop_after = None
                    conn.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    return  # hang up (RST) mid-job, like a printer switched off
                if reply:
                    conn.sendall(reply)
