"""Simulated terminals: a real device database and the real sync engine each, in a thread.

A terminal enrolls like a new till (a one-time code from head office traded
for an identity and a token by the client's ``enroll_device``), then, until
told to stop or its sales bound is reached: records a few sales the way the
till does (``record_fact`` in one local transaction each, no network needed),
runs one push-then-pull (``SyncEngine.sync_once``), and pauses a little. A
``background`` terminal runs the till's own arrangement instead: the sync
service's APScheduler job on its own thread, on an interval and nudged after
each sale, while the terminal thread keeps selling on the same device database.
A run that gives up (server down, database restarting) leaves the sales queued
for the next one, exactly as on a real till. Anything else the engine raises is
kept as an error: the soak fails on it.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx
from sync_devices import Device

from kassa.server.enrollment import make_enroll_code, store_by_code
from kassa.server.store import Database
from kassa.sync.client.backoff import Backoff
from kassa.sync.client.credentials import load_credentials
from kassa.sync.client.engine import SyncEngine, SyncFailed
from kassa.sync.client.enrollment import enroll_device
from kassa.sync.client.service import build_engine, build_sync_service
from kassa.sync.client.state import SyncState
from kassa.sync.models import utc_now


def enroll(device: Device, *, office: Database, store: str, server_url: str) -> None:
    """Head office makes a one-time code for ``store``; the device trades it."""
    with office.write() as session:
        code, _ = make_enroll_code(session, store=store_by_code(session, store), now=utc_now())
    enroll_device(data_dir=device.data_dir, server_url=server_url, code=code, device_name="soak")


@dataclass
class TerminalFigures:
    sold: list[uuid.UUID] = field(default_factory=list)
    syncs_ok: int = 0
    syncs_failed: int = 0
    errors: list[str] = field(default_factory=list)
    max_pending: int = 0


class Terminal(threading.Thread):
    def __init__(
        self,
        *,
        name: str,
        device: Device,
        store: str,
        server_url: str,
        seed: int,
        max_sales: int,
        stop: threading.Event,
        background: bool = False,
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.device, self.store, self.server_url = device, store, server_url
        self.rng = random.Random(seed)
        self.max_sales, self.stop, self.background = max_sales, stop, background
        self.figures = TerminalFigures()
        self._seen = SyncState()

    def engine(self, *, timeout: float = 5.0, attempts: int = 6) -> SyncEngine:
        return build_engine(
            replica=self.device.replica,
            credentials=load_credentials(self.device.data_dir),
            server_url=self.server_url,
            timeout=httpx.Timeout(timeout, connect=2.0),
            backoff=Backoff(base=0.1, cap=1.0, attempts=attempts),
        )

    def run(self) -> None:
        if self.background:
            return self._run_background()
        engine = self.engine()
        figures = self.figures
        try:
            while not self.stop.is_set() and len(figures.sold) < self.max_sales:
                room = self.max_sales - len(figures.sold)
                figures.sold += self.device.sell(min(room, self.rng.randint(1, 4)))
                figures.max_pending = max(figures.max_pending, self.device.pending())
                try:
                    engine.sync_once()
                    figures.syncs_ok += 1
                except SyncFailed:
                    figures.syncs_failed += 1
                except Exception as exc:  # the soak reports it and fails
                    figures.errors.append(f"{time.strftime('%H:%M:%S')} {exc!r}")
                    if len(figures.errors) > 20:
                        return
                self.stop.wait(self.rng.uniform(0.05, 0.5))
        finally:
            engine.transport.close()

    def _run_background(self) -> None:
        service = build_sync_service(
            replica=self.device.replica,
            credentials=load_credentials(self.device.data_dir),
            server_url=self.server_url,
            interval=1.0,
            timeout=httpx.Timeout(5.0, connect=2.0),
            backoff=Backoff(base=0.1, cap=1.0, attempts=6),
        )
        unsubscribe = service.status.subscribe(self._observe)
        service.start()
        try:
            while not self.stop.is_set() and len(self.figures.sold) < self.max_sales:
                self.figures.sold += self.device.sell(1)
                service.nudge()  # as the till does after each completed sale
                pending = self.device.pending()
                self.figures.max_pending = max(self.figures.max_pending, pending)
                self.stop.wait(self.rng.uniform(0.05, 0.4))
        finally:
            service.stop()
            unsubscribe()

    def _observe(self, state: SyncState) -> None:
        """Count the background job's runs from its state changes (on the sync thread)."""
        seen, self._seen = self._seen, state
        if state.phase != "idle":
            return
        if state.last_success is not None and state.last_success != seen.last_success:
            self.figures.syncs_ok += 1
        elif state.last_error and state.last_error_at != seen.last_error_at:
            self.figures.syncs_failed += 1
            if state.last_error.startswith("sync stopped by an unexpected error"):
                self.figures.errors.append(f"{time.strftime('%H:%M:%S')} {state.last_error}")

    def settle(self, *, attempts: int = 6) -> bool:
        """After the run: sync until nothing is pending (servers up, network healed)."""
        failures = []
        for _ in range(attempts):
            engine = self.engine(timeout=20.0, attempts=8)
            try:
                engine.sync_once()
            except SyncFailed as exc:
                failures.append(str(exc))
                continue
            finally:
                engine.transport.close()
            if self.device.pending() == 0:
                return True
        self.figures.errors += [f"settle: {failure}" for failure in failures]
        return False
