"""Head office accepts facts a terminal can no longer send as lost.

A terminal whose journal lost facts (deleted on the device, a disk restored from an
old backup) is refused on every push with ``sequence_gap``: the server never guesses
that a sale is gone. Its later sales then wait on the device. After looking into it,
an admin accepts the missing numbers as lost (``accept_missing``, the API's
``POST /security-events/{id}/accept-missing`` or ``kassa server accept-missing``):

- the ``facts_missing`` event is resolved with who-knows-why in its resolution, and
  stays on record;
- the terminal's sequence moves past the gap, and the next fact's journal link is
  taken as it comes (its predecessor is what was lost) — its own hash is still
  checked, and every fact after it must chain on as usual.

Nothing else changes: no fact is written or removed.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from kassa.server.errors import ServiceError
from kassa.server.security import FACTS_MISSING
from kassa.server.tables import SecurityEvent, TerminalSyncState

# stands in for the lost fact's hash; never a real hash (those are hex)
ACCEPTED_GAP = "accepted-as-lost-by-head-office".ljust(64, "~")


def link_expected(last_hash: str, prev_hash: str) -> str:
    """The journal link the next fact must carry: after an accepted gap, its own."""
    return prev_hash if last_hash == ACCEPTED_GAP else last_hash


def open_gap(session: Session, terminal_id) -> SecurityEvent:  # type: ignore[no-untyped-def]
    """The terminal's unresolved ``facts_missing`` event; refused if there is none."""
    event = session.exec(
        select(SecurityEvent)
        .where(
            SecurityEvent.terminal_id == terminal_id,
            SecurityEvent.kind == FACTS_MISSING,
            SecurityEvent.resolved_at.is_(None),
        )
        .order_by(SecurityEvent.seq)
    ).first()
    if event is None:
        raise ServiceError(
            "no_missing_facts",
            "this terminal has no facts missing: nothing to accept",
            status=409,
        )
    return event


def accept_missing(
    session: Session, event: SecurityEvent, *, resolution: str, now: datetime
) -> SecurityEvent:
    """Accept the event's missing numbers as lost; the terminal's pushes go on."""
    if event.kind != FACTS_MISSING:
        raise ServiceError(
            "not_missing_facts",
            f"only a {FACTS_MISSING} event can be accepted as lost, not {event.kind}",
            status=409,
        )
    if event.resolved_at is not None:
        raise ServiceError(
            "already_resolved", f"this event was resolved: {event.resolution}", status=409
        )
    details = event.details or {}
    expected, got = int(details["expected_seq"]), int(details["got_seq"])
    state = session.exec(  # locked as push locks it: a push storing the facts waits
        select(TerminalSyncState)
        .where(TerminalSyncState.terminal_id == event.terminal_id)
        .with_for_update()
    ).first()
    if state is None or state.last_seq != expected - 1:
        held = state.last_seq if state else 0
        raise ServiceError(
            "gap_moved",
            f"the server now holds facts up to number {held}, not {expected - 1}: "
            "the missing facts may have arrived; look at the terminal's events again",
            status=409,
        )
    state.last_seq, state.last_hash = got - 1, ACCEPTED_GAP
    session.add(state)
    missing = f"{expected}" if got == expected + 1 else f"{expected} to {got - 1}"
    event.resolved_at = now
    event.resolution = f"number(s) {missing} accepted as lost by head office: {resolution}"
    session.add(event)
    return event
