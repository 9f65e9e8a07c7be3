"""Tampering found on the device becomes a ``security_event`` fact head office receives.

``report_tampering`` records what an ``audit`` found as one ``security_event``
fact (``event`` "journal_tampered", the problems, the first broken sequence
number, who found it), pushed like every fact; the same findings are recorded
once, however often they are found again. ``IntegrityCheck`` runs the full audit
when the terminal starts (a year of facts takes seconds to re-hash; selling does
not wait for it) and reports what it finds.

The audit runs in a child process at a lower priority (``nice`` 10; it prints the
report as JSON), watched by a background thread. Re-hashing
is seconds of pure-Python work: in a thread of the terminal it held the GIL
against the first searches and scans and the window's first frame (the first
search of a cold start took 0.5-0.7 s instead of 0.15 s on the big replica).
When no child can be started (a frozen build) or it fails, the thread audits
in the terminal's process as before.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from kassa.sync.replica.engine import Replica, connect_replica
from kassa.terminal.services.adapters.audit import AuditReport, audit
from kassa.terminal.services.ports import FactLog, RecordedFact

log = logging.getLogger(__name__)
EVENT = "journal_tampered"


def already_reported(facts: FactLog, report: AuditReport) -> RecordedFact | None:
    """The earlier security event with exactly these findings, if any."""
    for earlier in facts.referring(type="security_event", key="event", value=EVENT):
        if list(earlier.payload.get("problems", ())) == list(report.problems):
            return earlier
    return None


def report_tampering(facts: FactLog, report: AuditReport, *, found_by: str) -> RecordedFact | None:
    """Record ``report``'s problems as a security event (once); None when all is well."""
    if report.ok:
        return None
    earlier = already_reported(facts, report)
    if earlier is not None:
        return earlier
    log.error("device records fail their audit (%s): %s", found_by, "; ".join(report.problems))
    return facts.record(
        type="security_event",
        payload={
            "event": EVENT,
            "found_by": found_by,
            "problems": list(report.problems),
            "broken_at": report.broken_at,
            "facts": report.facts,
        },
    )


class ChildAudit:
    """``audit`` of the device database in a child process; ``stop`` ends the child."""

    def __init__(self) -> None:
        self._child: subprocess.Popen | None = None
        self._stopped = False
        self._lock = threading.Lock()

    def __call__(self, replica: Replica) -> AuditReport:
        if getattr(sys, "frozen", False):  # sys.executable is the app, not a Python
            return audit(replica)
        try:
            with self._lock:
                if self._stopped:
                    raise AuditStopped()
                self._child = subprocess.Popen(
                    [sys.executable, "-c", _CHILD, str(replica.path)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            out, err = self._child.communicate()
        except OSError as exc:
            log.warning("the integrity check runs in this process: %s", exc)
            return audit(replica)
        if self._stopped:
            raise AuditStopped()
        if self._child.returncode != 0 or not out.strip():
            log.warning("the integrity check's child failed; auditing here: %s", err[-2000:])
            return audit(replica)
        return _report_from(json.loads(out))

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._child is not None and self._child.poll() is None:
                self._child.terminate()


class AuditStopped(Exception):
    """The terminal closed before its integrity check finished (it runs again next start)."""


# niced before its imports: on a busy machine the terminal's own work goes first
_CHILD = f"import os, sys; os.nice(10); from {__name__} import _child; _child(sys.argv[1])"


def _report_from(data: dict) -> AuditReport:
    return AuditReport(
        facts=data["facts"],
        series=data["series"],
        problems=tuple(data["problems"]),
        broken_at=data["broken_at"],
    )


class IntegrityCheck:
    """The startup audit (in a child process, see above), watched by a daemon thread;
    ``wait`` for its report (tests, status). ``check`` replaces the child."""

    def __init__(
        self,
        *,
        replica: Replica,
        facts: FactLog,
        check: Callable[[Replica], AuditReport] | None = None,
    ) -> None:
        self._replica, self._facts = replica, facts
        self._check = check or ChildAudit()
        self._done = threading.Event()
        self.report: AuditReport | None = None
        self.event: RecordedFact | None = None
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)

    def start(self) -> IntegrityCheck:
        self._thread.start()
        return self

    def wait(self, timeout: float) -> AuditReport | None:
        self._done.wait(timeout)
        return self.report

    def stop(self) -> None:
        stop = getattr(self._check, "stop", None)  # a child process; the in-process audit has none
        if stop is not None:
            stop()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        try:
            self.report = self._check(self._replica)
            self.event = report_tampering(self._facts, self.report, found_by="startup")
        except AuditStopped:
            pass
        except Exception:
            log.exception("the startup integrity check could not run")
        finally:
            self._done.set()


def _child(path: str) -> None:
    replica = connect_replica(Path(path))
    try:
        print(json.dumps(asdict(audit(replica))))
    finally:
        replica.dispose()
