"""Tampering found on the device becomes a ``security_event`` fact head office receives.

``report_tampering`` records what an ``audit`` found as one ``security_event``
fact (``event`` "journal_tampered", the problems, the first broken sequence
number, who found it), pushed like every fact; the same findings are recorded
once, however often they are found again. ``IntegrityCheck`` runs the full audit
in a background thread when the terminal starts (a year of facts takes seconds
to re-hash; selling does not wait for it) and reports what it finds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kassa.sync.replica.engine import Replica
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


class IntegrityCheck:
    """The startup audit in a daemon thread; ``wait`` for its report (tests, status)."""

    def __init__(
        self,
        *,
        replica: Replica,
        facts: FactLog,
        check: Callable[[Replica], AuditReport] = audit,
    ) -> None:
        self._replica, self._facts, self._check = replica, facts, check
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
        self._thread.join(timeout=30)

    def _run(self) -> None:
        try:
            self.report = self._check(self._replica)
            self.event = report_tampering(self._facts, self.report, found_by="startup")
        except Exception:
            log.exception("the startup integrity check could not run")
        finally:
            self._done.set()
