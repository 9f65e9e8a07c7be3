"""Keeps the printer's status fresh for the status bar, off the UI thread.

``PrinterWatch`` asks the printer for its status (``DLE EOT``, a short timeout)
as soon as it starts, every ``every`` seconds, and soon after each print job
(``wake()``, which the print queue calls when a job is queued or done), so the
cashier sees "paper out" or "cover open" before the first sale, not after it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kassa.devices.status import PrinterStatus

log = logging.getLogger(__name__)


class PrinterWatch:
    def __init__(
        self, read: Callable[[], PrinterStatus], *, every: float = 10.0, after_job: float = 0.5
    ) -> None:
        self._read, self.every, self.after_job = read, every, after_job
        self.latest: PrinterStatus | None = None
        self.polls = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PrinterWatch:
        self._thread = threading.Thread(target=self._run, name="printer-watch", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        """Read the status again soon (a job was queued or printed)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.latest = self._read()
            except Exception:  # the adapter answers faults as statuses; this is a bug
                log.exception("reading the printer status failed")
            self.polls += 1
            if self._wake.wait(self.every) and not self._stop.is_set():
                self._stop.wait(self.after_job)  # let the job's own status settle first
            self._wake.clear()
