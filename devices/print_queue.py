"""The durable print queue: a sale never waits for, or fails because of, a printer.

``submit`` stores the job and returns at once; a worker thread prints jobs in
order, retries a failed one with exponential backoff (the printer's status is
kept as the job's last error, for the UI), and picks up where it left off
after a restart. ``reprint`` queues a copy of an earlier job marked COPY.

    queue = PrintQueue(data_dir / "print_queue.sqlite3", send=printer.print_document)
    queue.start()
    job_id = queue.submit(receipt_document)
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kassa.devices.layout.document import PrintDocument, Text
from kassa.devices.print_jobs import JobStore, PrintJob
from kassa.devices.status import PrinterState, PrinterStatus

log = logging.getLogger(__name__)


class PrintQueue:
    def __init__(
        self,
        path: Path,
        *,
        send: Callable[[PrintDocument], PrinterStatus],
        backoff_first: float = 2.0,
        backoff_max: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.store = JobStore(path)
        self._send, self._clock, self._on_change = send, clock, on_change
        self.backoff_first, self.backoff_max = backoff_first, backoff_max
        self.last_status = PrinterStatus(PrinterState.UNKNOWN)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread: threading.Thread | None = None

    # -- what the sale and the UI call -------------------------------------
    def submit(self, document: PrintDocument) -> str:
        """Store the job durably and return its id; printing happens in the worker."""
        job_id = self.store.add(title=document.title, document=document.to_json())
        self._changed()
        return job_id

    def reprint(self, job_id: str) -> str:
        """Queue a copy of an earlier job (printed or not), marked COPY on paper."""
        job = self.store.get(job_id)
        if job is None:
            raise KeyError(f"no print job {job_id}; pick one from the print queue list")
        doc = PrintDocument.from_json(job.document)
        copy = PrintDocument(
            f"{doc.title} (copy)", [Text("*** COPY ***", align="center", bold=True)]
        )
        copy.add(*doc.elements)
        new_id = self.store.add(title=copy.title, document=copy.to_json(), reprint_of=job_id)
        self._changed()
        return new_id

    def retry_now(self) -> None:
        """Try the waiting jobs now (the user fixed the printer)."""
        self.store.make_due()
        self._changed()

    def cancel(self, job_id: str) -> None:
        self.store.mark(job_id, "cancelled", error="cancelled by the user")
        self._changed()

    def jobs(self, limit: int = 50) -> list[PrintJob]:
        return self.store.recent(limit)

    def job(self, job_id: str) -> PrintJob | None:
        return self.store.get(job_id)

    def pending(self) -> int:
        return self.store.count("queued", "failed", "printing")

    # -- the worker --------------------------------------------------------
    def start(self) -> PrintQueue:
        self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)
        self.store.close()

    def wait_idle(self, timeout: float) -> bool:
        """For tests and shutdown: wait until nothing is due to print."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.store.next_pending()
            if job is None or (job.status == "failed" and job.next_attempt > self._clock()):
                return True
            time.sleep(0.02)
        return False

    def run_once(self) -> PrintJob | None:
        """Print the next due job, if any; returns it as stored afterwards."""
        job = self.store.next_pending()
        if job is None or job.next_attempt > self._clock():
            return None
        self.store.mark(job.id, "printing", error=job.last_error)
        try:
            status = self._send(PrintDocument.from_json(job.document))
        except Exception as exc:  # an adapter bug must not kill the worker
            log.exception("print job %s failed", job.id)
            status = PrinterStatus(PrinterState.OFFLINE, detail=f"{type(exc).__name__}: {exc}")
        self.last_status = status
        if status.can_print:
            self.store.mark(job.id, "printed")
        else:
            delay = min(self.backoff_max, self.backoff_first * 2**job.attempts)
            delay *= random.uniform(0.8, 1.2)
            self.store.mark(
                job.id, "failed", error=status.message, next_attempt=self._clock() + delay
            )
        self._changed(wake=False)
        return self.store.get(job.id)

    def _run(self) -> None:
        while not self._stop.is_set():
            job = self.run_once()
            if job is not None and job.status == "printed":
                continue
            head = self.store.next_pending()
            wait = 1.0 if head is None else max(0.0, min(1.0, head.next_attempt - self._clock()))
            self._wake.wait(wait)
            self._wake.clear()

    def _changed(self, *, wake: bool = True) -> None:
        if wake:
            self._wake.set()
        if self._on_change:
            try:
                self._on_change()
            except Exception:
                log.exception("print queue listener failed")
