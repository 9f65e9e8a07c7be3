"""Security events for head office: tampering found on push, or reported by devices."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlmodel import Session, select

from kassa.server import missing_facts
from kassa.server.api.deps import AdminDep, ClockDep, DbDep, ViewerDep
from kassa.server.errors import ServiceError, not_found
from kassa.server.security import KINDS
from kassa.server.tables import SecurityEvent

router = APIRouter(tags=["security"])


class ResolveIn(BaseModel):
    resolution: str = Field(min_length=1, max_length=300)


@router.get("/security-events", summary="Tampering found on push or reported by devices")
def security_events(
    db: DbDep,
    _user: ViewerDep,
    terminal_id: uuid.UUID | None = None,
    kind: str | None = None,
    unresolved: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[SecurityEvent]:
    query = select(SecurityEvent)
    if terminal_id:
        query = query.where(SecurityEvent.terminal_id == terminal_id)
    if kind:
        if kind not in KINDS:
            raise ServiceError("bad_kind", f"kind is one of: {', '.join(KINDS)}", status=422)
        query = query.where(SecurityEvent.kind == kind)
    if unresolved:
        query = query.where(SecurityEvent.resolved_at.is_(None))
    order = (SecurityEvent.found_at.desc(), SecurityEvent.id.desc())
    with db.read() as session:
        return list(session.exec(query.order_by(*order).limit(limit)))


@router.post(
    "/security-events/{event_id}/resolve",
    summary="Mark a security event reviewed (it stays on record)",
)
def resolve(
    event_id: uuid.UUID, body: ResolveIn, db: DbDep, clock: ClockDep, _admin: AdminDep
) -> SecurityEvent:
    with db.write() as session:
        event = _event(session, event_id)
        if event.resolved_at is None:
            event.resolved_at, event.resolution = clock(), body.resolution
            session.add(event)
        return event


@router.post(
    "/security-events/{event_id}/accept-missing",
    summary="Accept a terminal's missing facts as lost, so its later facts are taken again",
)
def accept_missing(
    event_id: uuid.UUID, body: ResolveIn, db: DbDep, clock: ClockDep, _admin: AdminDep
) -> SecurityEvent:
    with db.write() as session:
        event = _event(session, event_id)
        return missing_facts.accept_missing(session, event, resolution=body.resolution, now=clock())


def _event(session: Session, event_id: uuid.UUID) -> SecurityEvent:
    event = session.get(SecurityEvent, event_id)
    if event is None:
        raise not_found("security event", event_id)
    return event
