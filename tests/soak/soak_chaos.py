"""The faults of a soak, injected on a schedule while the terminals work.

After every ``every`` seconds of calm the next fault of the cycle (the run
goes on until each kind has happened once, at most three times its length), each a real thing a head
office sees: a server process restarted (SIGTERM), a server process killed
(SIGKILL: requests in flight die with it), both servers down for a few seconds
(the terminals sell offline), PostgreSQL restarted (fast shutdown: sessions cut
off) and PostgreSQL crashed and restarted (immediate shutdown: crash recovery).
Dropped connections come from the fault proxies; they are counted there.
"""

from __future__ import annotations

import itertools
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from soak_postgres import restart_postgres

CYCLE = (
    "server restart",
    "database restart",
    "server kill",
    "both servers down",
    "database crash",
)


@dataclass(frozen=True)
class Injected:
    at: float  # seconds into the run
    kind: str
    down: float  # seconds the server or database was gone


class Chaos(threading.Thread):
    def __init__(
        self,
        *,
        servers: list,  # ServerProcess from the e2e fixtures
        pg_socket_dir: Path | None,
        every: float,
        seconds: float,
        stop: threading.Event,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name="chaos", daemon=True)
        self.servers, self.pg_socket_dir = servers, pg_socket_dir
        self.every, self.seconds, self.stop, self.clock = every, seconds, stop, clock
        self.injected: list[Injected] = []
        self.errors: list[str] = []
        self.done = threading.Event()  # set when the last fault is over and calm again

    def run(self) -> None:
        """A fault, then ``every`` seconds of calm, again; a full cycle at the least."""
        started = self.clock()
        kinds = [k for k in CYCLE if self.pg_socket_dir is not None or "database" not in k]
        try:
            for n in itertools.count():
                if self.stop.wait(self.every):
                    return
                elapsed = self.clock() - started
                if n >= len(kinds) and elapsed > self.seconds - self.every:
                    return
                if elapsed > 3 * self.seconds:
                    self.errors.append(f"only {n} faults in {elapsed:.0f} s: servers too slow?")
                    return
                kind = kinds[n % len(kinds)]
                try:
                    down = self.inject(kind, self.servers[n % len(self.servers)])
                except Exception as exc:
                    self.errors.append(f"{kind} at {elapsed:.0f} s failed: {exc!r}")
                    return
                self.injected.append(Injected(at=round(elapsed, 1), kind=kind, down=round(down, 1)))
        finally:
            self.done.set()

    def inject(self, kind: str, server) -> float:
        started = self.clock()
        if kind == "server restart":
            server.stop()
            server.start(timeout=90)
        elif kind == "server kill":
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(10)
            server.process = None
            server.start(timeout=90)
        elif kind == "both servers down":
            for each in self.servers:
                each.stop()
            self.stop.wait(3.0)
            _all_at_once([lambda each=each: each.start(timeout=90) for each in self.servers])
        else:
            mode = "immediate" if kind == "database crash" else "fast"
            return restart_postgres(self.pg_socket_dir, mode=mode)
        return self.clock() - started

    def ensure_up(self) -> None:
        """After the run: every server answering (a fault may have been cut short)."""
        for server in self.servers:
            if not server.running:
                server.start(timeout=90)

    def count(self, kind: str) -> int:
        return sum(1 for injected in self.injected if injected.kind == kind)


def _all_at_once(calls: list[Callable[[], object]]) -> None:
    """Run ``calls`` in parallel threads (server start-ups); re-raise the first failure."""
    failures: list[BaseException] = []

    def call(each: Callable[[], object]) -> None:
        try:
            each()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=call, args=(each,)) for each in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
