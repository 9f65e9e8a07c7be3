"""A loopback HTTP/1.1 proxy that breaks requests on purpose, for the sync fault tests.

It sits between a device and the server on 127.0.0.1 and, per request, does
what its plan says: pass it on, drop the connection half-way through the
request (the server never gets it whole), drop it half-way through the answer
(the server acted, the device never learns), delay it, send it to the server
twice, or answer 500 (before or after the server acted). Each request runs on
its own connection (``Connection: close`` both ways) so the plan sees every one.
"""

from __future__ import annotations

import contextlib
import enum
import random
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


class Fault(enum.Enum):
    PASS = "pass"
    DROP_REQUEST = "drop mid-request"
    DROP_RESPONSE = "drop mid-response"
    DELAY = "delay"
    DUPLICATE = "send twice"
    ERROR_500 = "500 before the server sees it"
    ERROR_500_AFTER = "500 after the server acted"


Plan = Callable[[int, str, str], Fault]  # (request number, method, path) -> fault

_ERROR_BODY = b'{"code":"injected","message":"injected failure"}'
ERROR_500 = (
    b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_ERROR_BODY), _ERROR_BODY)
)


def scripted(faults: Sequence[Fault], *, then: Fault | Plan = Fault.PASS) -> Plan:
    """The given faults for the first requests, in order, then ``then`` (a fault or a plan)."""

    def plan(index: int, method: str, path: str) -> Fault:
        if index < len(faults):
            return faults[index]
        return then if isinstance(then, Fault) else then(index, method, path)

    return plan


def random_plan(*, seed: int, rate: float, faults: Sequence[Fault], path_prefix: str = "") -> Plan:
    """Each request matching ``path_prefix`` gets a random fault with probability ``rate``."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def plan(index: int, method: str, path: str) -> Fault:
        with lock:
            if not path.startswith(path_prefix) or rng.random() >= rate:
                return Fault.PASS
            return rng.choice(list(faults))

    return plan


@dataclass
class Exchange:
    index: int
    method: str
    path: str
    fault: Fault
    forwarded: int = 0  # complete copies the server was sent


@dataclass
class FaultProxy:
    upstream_port: int
    plan: Plan = field(default=lambda index, method, path: Fault.PASS)
    delay: float = 2.0
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(timeout=self.delay + 5)
        self._listener.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def count(self, fault: Fault) -> int:
        return sum(1 for exchange in self.exchanges if exchange.fault is fault)

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._serve, conn)

    def _serve(self, client: socket.socket) -> None:
        with client:
            client.settimeout(30)
            request = _read_request(client)
            if request is None:
                return
            head, body = request
            method, path = head.split(b" ", 2)[:2]
            with self._lock:
                exchange = Exchange(len(self.exchanges), method.decode(), path.decode(), Fault.PASS)
                self.exchanges.append(exchange)
            exchange.fault = fault = self.plan(exchange.index, exchange.method, exchange.path)
            raw = _with_close(head + b"\r\n\r\n" + body)
            if fault is Fault.ERROR_500:
                return _send(client, ERROR_500)
            if fault is Fault.DROP_REQUEST:
                self._forward(raw[: len(raw) // 2], exchange, complete=False)
                return
            if fault is Fault.DELAY:
                time.sleep(self.delay)
            answer = self._forward(raw, exchange)
            if fault is Fault.DUPLICATE:
                answer = self._forward(raw, exchange) or answer
            if answer is None:
                return  # server down: the device sees a dropped connection
            if fault is Fault.DROP_RESPONSE:
                return _send(client, answer[: _mid_body(answer)])
            if fault is Fault.ERROR_500_AFTER:
                return _send(client, ERROR_500)
            _send(client, _with_close(answer))

    def _forward(self, raw: bytes, exchange: Exchange, *, complete: bool = True) -> bytes | None:
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
                up.sendall(raw)
                if not complete:
                    return None
                exchange.forwarded += 1
                chunks = []
                while chunk := up.recv(65536):
                    chunks.append(chunk)
                return b"".join(chunks)
        except OSError:
            return None


def _read_request(sock: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = _recv(sock)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = _recv(sock)
        if not chunk:
            return None
        body += chunk
    return head, body


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _with_close(message: bytes) -> bytes:
    """The message with ``Connection: close`` instead of keep-alive."""
    head, sep, body = message.partition(b"\r\n\r\n")
    lines = [
        line
        for line in head.split(b"\r\n")
        if line.split(b":", 1)[0].strip().lower() not in (b"connection", b"keep-alive")
    ]
    return b"\r\n".join([*lines, b"connection: close"]) + sep + body


def _mid_body(answer: bytes) -> int:
    head_end = answer.find(b"\r\n\r\n") + 4
    return head_end + max(1, (len(answer) - head_end) // 2)


def _send(sock: socket.socket, data: bytes) -> None:
    with contextlib.suppress(OSError):
        sock.sendall(data)
