"""Security events: what push found wrong with a terminal's journal, for head office.

``record`` adds one finding; ``record_gap`` notes facts missing from a terminal's
sequence in its own transaction (the refused batch itself writes nothing);
``resolve_filled_gaps`` closes such a finding once the missing facts arrived (a
restored server or a lost connection, not tampering). ``link_finding`` tells a
reordered fact from one whose predecessor is missing or was changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from kassa.server.store import Database
from kassa.server.tables import Fact, SecurityEvent
from kassa.sync.models import Terminal

# kinds head office can filter on
FACT_CHANGED = "fact_changed"  # its content no longer matches its journal hash
FACT_REORDERED = "fact_reordered"  # its journal link points at another position
CHAIN_BROKEN = "chain_broken"  # its journal link points at a fact the server never had
FACTS_MISSING = "facts_missing"  # numbers skipped: facts deleted (or not sent yet)
ID_REUSED = "fact_id_reused"  # a stored fact sent again with other content
NUMBER_REUSED = "number_reused"  # a number already taken by another fact
DEVICE_REPORTED = "device_reported"  # the device's own journal check failed
KINDS = (
    FACT_CHANGED,
    FACT_REORDERED,
    CHAIN_BROKEN,
    FACTS_MISSING,
    ID_REUSED,
    NUMBER_REUSED,
    DEVICE_REPORTED,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    reason: str


def record(
    session: Session,
    *,
    kind: str,
    terminal: Terminal,
    message: str,
    now: datetime,
    seq: int | None = None,
    fact_id: uuid.UUID | None = None,
    source: str = "server",
    details: dict[str, Any] | None = None,
) -> SecurityEvent:
    event = SecurityEvent(
        kind=kind,
        source=source,
        terminal_id=terminal.id,
        store_id=terminal.store_id,
        seq=seq,
        fact_id=fact_id,
        message=message[:1000],
        details=details or {},
        found_at=now,
    )
    session.add(event)
    return event


def link_finding(
    session: Session, *, terminal: Terminal, prev_hash: str, later_hashes: Iterable[str]
) -> str:
    """The kind of a broken journal link: reordered, or a predecessor missing/changed."""
    if prev_hash in set(later_hashes):
        return FACT_REORDERED
    earlier = session.exec(
        select(Fact.seq).where(Fact.terminal_id == terminal.id, Fact.hash == prev_hash)
    ).first()
    return FACT_REORDERED if earlier is not None else CHAIN_BROKEN


def record_gap(db: Database, *, terminal: Terminal, expected: int, got: int, now: datetime) -> None:
    """Facts ``expected``..``got - 1`` are missing; noted once until they arrive."""
    with db.write() as session:
        open_one = session.exec(
            select(SecurityEvent.id).where(
                SecurityEvent.terminal_id == terminal.id,
                SecurityEvent.kind == FACTS_MISSING,
                SecurityEvent.seq == expected,
                SecurityEvent.resolved_at.is_(None),
            )
        ).first()
        if open_one is not None:
            return
        missing = f"{expected}" if got == expected + 1 else f"{expected} to {got - 1}"
        record(
            session,
            kind=FACTS_MISSING,
            terminal=terminal,
            seq=expected,
            now=now,
            message=(
                f"terminal {terminal.code} sent fact number {got} but the server holds "
                f"none after {expected - 1}: number(s) {missing} missing (deleted on the "
                "device, or not sent yet); the batch was refused"
            ),
            details={"expected_seq": expected, "got_seq": got},
        )


def resolve_filled_gaps(
    session: Session, *, terminal: Terminal, last_seq: int, now: datetime
) -> None:
    rows = session.exec(
        select(SecurityEvent).where(
            SecurityEvent.terminal_id == terminal.id,
            SecurityEvent.kind == FACTS_MISSING,
            SecurityEvent.resolved_at.is_(None),
            SecurityEvent.seq <= last_seq,
        )
    )
    for event in rows:
        event.resolved_at = now
        event.resolution = "the missing facts arrived later, in order, with their journal links"
        session.add(event)
