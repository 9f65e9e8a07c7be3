"""The first sync through a prebuilt catalog snapshot (``GET /api/v1/snapshot``).

A device with no complete catalog asks head office for its store's snapshot
(a ready device database, see ``kassa.server.snapshot``), streams it into a
staging file next to the device database while hashing it, checks its size,
sha256 and schema (``kassa.sync.replica.snapshot_file``) and swaps it in
atomically, keeping the device's own rows. The engine then pulls from the
snapshot's cursor as usual. ``load`` answers None when the server has no
snapshot to offer (404, 501: an older server, snapshots turned off, another
schema): the engine falls back to the paged pull. A file that does not check
out raises ``BadSnapshot`` with nothing swapped; a cut download raises
``OutcomeUnknown`` (sent again by the engine's retry).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx

from kassa.sync.client.transport import HttpTransport, UnsafeServer
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.snapshot_file import (
    BadSnapshot,
    check_snapshot,
    install_snapshot,
    schema_revision,
)
from kassa.sync.replica.sync_state import load_sync_state
from kassa.sync.replica.unit_of_work import reading

log = logging.getLogger(__name__)

# The server may build the snapshot before the first byte (a big catalog: tens of seconds).
DOWNLOAD_TIMEOUT = httpx.Timeout(300.0, connect=5.0)
BLOCK = 1 << 20
NOT_OFFERED = (404, 405, 501)

Progress = Callable[[int, int], None]


class SnapshotLoader:
    """Downloads and installs the catalog snapshot on a device without a catalog."""

    def __init__(
        self, *, transport: HttpTransport, replica: Replica, clock: Callable[[], datetime]
    ) -> None:
        self.transport, self.replica, self.clock = transport, replica, clock
        self.staging = Path(f"{replica.path}.snapshot")

    def wanted(self) -> bool:
        """Only for the first sync: no complete catalog and no staged pull underway."""
        with reading(self.replica) as connection:
            state = load_sync_state(connection)
        return not state.catalog_ready and not state.staged_cursor

    def load(self, *, on_bytes: Progress | None = None) -> int | None:
        """Download, check and install: the snapshot's rows; None when none is offered."""
        try:
            started = time.perf_counter()
            announced = self._download(on_bytes)
            if announced is None:
                return None
            size, digest, rows = announced
            downloaded = time.perf_counter()
            snapshot = check_snapshot(self.staging, size=size)
            if digest != self._digest:
                raise BadSnapshot("the catalog snapshot's sha256 is not the one the server sent")
            install_snapshot(self.replica.path, snapshot, at=self.clock())
        finally:
            self.staging.unlink(missing_ok=True)
            Path(f"{self.staging}-journal").unlink(missing_ok=True)
        log.info(
            "catalog snapshot installed: %d rows, %d bytes downloaded in %.2f s, swapped in %.2f s",
            rows,
            size,
            downloaded - started,
            time.perf_counter() - downloaded,
        )
        return rows

    def _download(self, on_bytes: Progress | None) -> tuple[int, str, int] | None:
        self._digest = ""
        if self.transport.refusal is not None:
            raise UnsafeServer(self.transport.refusal)
        client = self.transport.http
        params = {"schema": schema_revision()}
        try:
            with client.stream(
                "GET", "/snapshot", params=params, timeout=DOWNLOAD_TIMEOUT
            ) as answer:
                if answer.status_code in NOT_OFFERED:
                    answer.read()
                    log.info("no catalog snapshot offered (HTTP %d)", answer.status_code)
                    return None
                if answer.status_code >= 400:
                    answer.read()
                    problem = self.transport.refused(answer, "GET", "/snapshot")
                    if problem is not None:
                        raise problem
                size_text = answer.headers.get("x-kassa-snapshot-size", "")
                digest = answer.headers.get("x-kassa-snapshot-sha256", "")
                if not size_text.isdigit() or len(digest) != 64:
                    raise BadSnapshot("the server's snapshot answer lacks its size or sha256")
                size = int(size_text)
                rows_text = answer.headers.get("x-kassa-snapshot-rows", "0")
                rows = int(rows_text) if rows_text.isdigit() else 0
                hasher, done = hashlib.sha256(), 0
                if on_bytes is not None:
                    on_bytes(0, size)
                with self.staging.open("wb") as out:
                    for block in answer.iter_bytes(BLOCK):
                        out.write(block)
                        hasher.update(block)
                        done += len(block)
                        if on_bytes is not None:
                            on_bytes(done, size)
                self._digest = hasher.hexdigest()
                return size, digest, rows
        except httpx.TransportError as exc:  # an untrusted certificate names [sync] ca_file
            when = "during the download"
            raise self.transport.failure(exc, "GET", "/snapshot", when=when) from exc
