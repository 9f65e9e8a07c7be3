"""The push's journal checks: is this fact the next link of the terminal's chain?

``check_fact`` returns a ``Finding`` (the reason a fact is quarantined, and the kind of
security event it is, if any) or None for a fact that may be applied.
``note_finding`` and ``note_device_event`` record security events for head office.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from kassa.core.journal import canonical_json, text_hash
from kassa.server import security
from kassa.server.fact_storage import nul_problem, storable_type
from kassa.sync.models import Terminal
from kassa.sync.protocol import FACT_TYPES, PushFact, journal_fact

ESCAPED_NUL = "\\u0000"


def check_fact(
    session: Session, fact: PushFact, terminal: Terminal, last_hash: str, later: Iterable[str]
) -> security.Finding | None:
    if fact.prev_hash != last_hash:
        kind = security.link_finding(
            session, terminal=terminal, prev_hash=fact.prev_hash, later_hashes=later
        )
        what = (
            "it points at another position: facts were reordered"
            if kind == security.FACT_REORDERED
            else "a fact before it is missing or was changed"
        )
        return security.Finding(
            kind,
            f"journal chain broken at number {fact.seq}: its previous hash does not match "
            f"the last fact the server holds ({what})",
        )
    body = journal_fact(
        id=fact.id, type=fact.type, seq=fact.seq, device_time=fact.device_time, payload=fact.payload
    )
    try:
        canonical = canonical_json(body)
    except TypeError as exc:
        return security.Finding(security.FACT_CHANGED, f"fact cannot be hashed: {exc}")
    if text_hash(fact.prev_hash, canonical) != fact.hash:
        return security.Finding(
            security.FACT_CHANGED,
            f"journal hash mismatch at number {fact.seq}: the fact changed after it was hashed",
        )
    # not tampering: kept and acknowledged, but never applied; JSON writes NUL as \u0000,
    # so a fact whose canonical text has no such escape holds none (the usual case)
    nul = nul_problem(type=fact.type, payload=fact.payload) if ESCAPED_NUL in canonical else None
    if nul is not None:
        return security.Finding(
            "",
            f"{nul} holds a NUL character, which the database cannot store in text; "
            "the fact is kept as escaped JSON for review",
        )
    if fact.type not in FACT_TYPES:
        return security.Finding("", f"unknown fact type {fact.type!r}")
    return None


def note_finding(
    session: Session, finding: security.Finding, fact: PushFact, terminal: Terminal, now: datetime
) -> None:
    if not finding.kind:
        return
    security.record(
        session,
        kind=finding.kind,
        terminal=terminal,
        seq=fact.seq,
        fact_id=fact.id,
        now=now,
        message=f"terminal {terminal.code}: {finding.reason}",
        details={"type": storable_type(fact.type), "hash": fact.hash, "prev_hash": fact.prev_hash},
    )


def note_device_event(session: Session, fact: PushFact, terminal: Terminal, now: datetime) -> None:
    event = str(fact.payload.get("event", "security_event"))[:60]
    problems = fact.payload.get("problems")
    told = "; ".join(str(p) for p in problems) if isinstance(problems, list) else ""
    security.record(
        session,
        kind=security.DEVICE_REPORTED,
        source="device",
        terminal=terminal,
        seq=fact.seq,
        fact_id=fact.id,
        now=now,
        message=f"terminal {terminal.code} reported {event}" + (f": {told}" if told else ""),
        details=fact.payload,
    )
