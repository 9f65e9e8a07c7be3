"""Push: store each fact exactly once, in the terminal's order, after checks.

Runs in one write transaction; the API answers only after it commits. Per fact:

- already stored with the same content -> ``duplicate`` (a replay);
- the same id with different content, or a sequence number already taken by
  another fact -> ``quarantined``: kept in ``fact_collisions``, never overwritten;
- the next sequence number -> stored, or ``quarantined`` (kept in ``facts`` with
  a reason, acknowledged, never blocking the queue) when its journal link is
  broken, its type unknown or it cannot be applied;
- a number beyond the next one -> the whole batch is refused (409
  ``sequence_gap``) and nothing is written: the device must send the missing
  facts first.

Tampering (a changed, reordered or missing fact, an id or number reused with other
content) is also recorded as a security event for head office (``security``); so
is every ``security_event`` fact a device reports.

A batch costs one look-up of the ids it carries and one multi-row insert
(``fact_batch``); the sequence and the journal chain are checked in memory. Rows
decided so far are written before anything reads the facts table in the same
transaction (a collision's holder, a broken link's target, an applier).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, select

from kassa.server import security
from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.fact_batch import PendingFacts, StoredFact, stored_facts
from kassa.server.fact_storage import storable_payload, storable_reason, storable_type
from kassa.server.journal_check import check_fact, note_device_event, note_finding
from kassa.server.missing_facts import link_expected
from kassa.server.tables import Fact, FactCollision, TerminalSyncState
from kassa.sync.models import Terminal
from kassa.sync.protocol import FactResult, PushFact, PushResponse

# fact type -> applies the fact's effect on head-office data (raises ServiceError if it can't)
Applier = Callable[..., None]


def push_facts(
    changes: ChangeWriter,
    *,
    terminal: Terminal,
    facts: list[PushFact],
    now: datetime,
    appliers: Mapping[str, Applier],
) -> PushResponse:
    session = changes.session
    state = session.exec(
        select(TerminalSyncState)
        .where(TerminalSyncState.terminal_id == terminal.id)
        .with_for_update()
    ).first()
    if state is None:
        state = TerminalSyncState(terminal_id=terminal.id)
        session.add(state)
    last_seq, last_hash = state.last_seq, state.last_hash  # the ORM row is set once, below
    stored = stored_facts(session, (fact.id for fact in facts))
    pending = PendingFacts(session)
    results: list[FactResult] = []
    for index, fact in enumerate(facts):
        known = stored.get(fact.id)
        if known is not None and _same(known, fact, terminal):
            results.append(FactResult(id=fact.id, seq=fact.seq, status="duplicate"))
            continue
        if known is not None or fact.seq <= last_seq:
            pending.flush()  # the reason names the stored holder of the number
            reason = _collision_reason(session, known, fact, terminal)
            session.add(_collision(fact, terminal, reason, now))
            kind = security.ID_REUSED if known is not None else security.NUMBER_REUSED
            note_finding(session, security.Finding(kind, reason), fact, terminal, now)
            if fact.seq == last_seq + 1:  # it still takes its place in the sequence
                last_seq, last_hash = fact.seq, fact.hash
            results.append(
                FactResult(id=fact.id, seq=fact.seq, status="quarantined", reason=reason)
            )
            continue
        if fact.seq != last_seq + 1:
            raise ServiceError(
                "sequence_gap",
                f"expected fact number {last_seq + 1} next but got {fact.seq}; "
                "send the missing facts first (nothing from this batch was stored)",
                status=409,
                details=[
                    {
                        "expected_seq": last_seq + 1,
                        "last_seq": last_seq,
                        "got_seq": fact.seq,
                    }
                ],
            )
        link = link_expected(last_hash, fact.prev_hash)  # after a gap accepted as lost
        if fact.prev_hash != link:
            pending.flush()  # the link check looks for the fact it points at
        later = (f.hash for f in facts[index + 1 :])
        finding = check_fact(session, fact, terminal, link, later)
        if finding is not None:
            note_finding(session, finding, fact, terminal, now)
        elif fact.type in appliers:
            pending.flush()  # an applier may read facts stored before this one
        reason = finding.reason if finding else _apply(changes, fact, terminal, now, appliers)
        row = _row(fact, terminal, now, reason)
        pending.add(row)
        stored[fact.id] = StoredFact(terminal.id, fact.seq, fact.hash, row["type"], row["payload"])
        if fact.type == "security_event" and not reason:
            note_device_event(session, fact, terminal, now)
        last_seq, last_hash = fact.seq, fact.hash
        status = "quarantined" if reason else "stored"
        results.append(FactResult(id=fact.id, seq=fact.seq, status=status, reason=reason))
    pending.flush()
    state.last_seq, state.last_hash, state.last_push_at = last_seq, last_hash, now
    session.add(state)
    security.resolve_filled_gaps(session, terminal=terminal, last_seq=last_seq, now=now)
    return PushResponse(results=results, last_seq=state.last_seq)


def _same(known: StoredFact, fact: PushFact, terminal: Terminal) -> bool:
    return (
        known.terminal_id == terminal.id
        and known.seq == fact.seq
        and known.hash == fact.hash
        and known.type == storable_type(fact.type)
        and known.payload == storable_payload(type=fact.type, payload=fact.payload)
    )


def _collision_reason(
    session: Session, known: StoredFact | None, fact: PushFact, terminal: Terminal
) -> str:
    if known is not None:
        return (
            f"fact id {fact.id} is already stored with different content "
            f"(terminal {known.terminal_id}, number {known.seq}); the stored fact is kept"
        )
    holder = session.exec(
        select(Fact.id).where(Fact.terminal_id == terminal.id, Fact.seq == fact.seq)
    ).first()
    return f"number {fact.seq} of this terminal is already taken by fact {holder}"


def _collision(fact: PushFact, terminal: Terminal, reason: str, now: datetime) -> FactCollision:
    return FactCollision(
        fact_id=fact.id,
        terminal_id=terminal.id,
        seq=fact.seq,
        type=storable_type(fact.type),
        hash=fact.hash,
        device_time=fact.device_time,
        received_at=now,
        payload=storable_payload(type=fact.type, payload=fact.payload),
        reason=storable_reason(reason),
    )


def _apply(
    changes: ChangeWriter,
    fact: PushFact,
    terminal: Terminal,
    now: datetime,
    appliers: Mapping[str, Applier],
) -> str | None:
    applier = appliers.get(fact.type)
    if applier is None:
        return None
    _ = changes.version  # take the counter before the savepoint, so a rollback keeps it
    try:
        with changes.session.begin_nested():
            applier(changes, terminal=terminal, fact=fact, now=now)
    except ServiceError as exc:
        return f"cannot be applied: {exc.message}"
    except IntegrityError as exc:  # e.g. a customer code another customer already has
        detail = str(exc.orig).splitlines()[0] if exc.orig else "constraint violated"
        return f"cannot be applied: it clashes with head-office data ({detail})"
    except DataError as exc:  # a value the database refuses (too long, out of range)
        detail = str(exc.orig).splitlines()[0] if exc.orig else "value refused"
        return f"cannot be applied: the database refused a value ({detail})"
    return None


def _row(fact: PushFact, terminal: Terminal, now: datetime, reason: str | None) -> dict:
    return {
        "id": fact.id,
        "terminal_id": terminal.id,
        "store_id": terminal.store_id,
        "seq": fact.seq,
        "type": storable_type(fact.type),
        "prev_hash": fact.prev_hash,
        "hash": fact.hash,
        "device_time": fact.device_time,
        "received_at": now,
        # a fact without a reason passed check_fact: it holds no NUL, stored as sent
        "payload": storable_payload(type=fact.type, payload=fact.payload)
        if reason
        else fact.payload,
        "status": "quarantined" if reason else "stored",
        "reason": storable_reason(reason),
    }
