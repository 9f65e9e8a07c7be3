"""Head-office sign-in, enrollment codes, revocation, conflicts and facts."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlmodel import select

from kassa.server.api.deps import AdminDep, ClockDep, DbDep, TokenDep, ViewerDep
from kassa.server.changes import ChangeWriter
from kassa.server.duplicates import merge_customers
from kassa.server.enrollment import make_enroll_code, revoke_terminal
from kassa.server.errors import ServiceError, not_found
from kassa.server.office import sign_in, sign_out
from kassa.server.tables import EditConflict, Fact, FactCollision
from kassa.sync.models import Customer, Store, Terminal

router = APIRouter()


class LoginIn(BaseModel):
    username: str
    password: str


class LoginOut(BaseModel):
    token: str
    role: str
    username: str


class EnrollCodeOut(BaseModel):
    code: str
    store_code: str
    expires_at: datetime


class MergeIn(BaseModel):
    into: uuid.UUID


@router.post("/auth/login", tags=["auth"], summary="Sign in; answers a session token")
def login(body: LoginIn, db: DbDep, clock: ClockDep) -> LoginOut:
    with db.write() as session:
        token, user = sign_in(session, username=body.username, password=body.password, now=clock())
    return LoginOut(token=token, role=user.role, username=user.username)


@router.post("/auth/logout", tags=["auth"], summary="End this session")
def logout(db: DbDep, clock: ClockDep, token: TokenDep, _user: ViewerDep) -> dict[str, str]:
    with db.write() as session:
        sign_out(session, token, now=clock())
    return {"status": "signed out"}


@router.get("/auth/me", tags=["auth"], summary="Who this session belongs to")
def me(user: ViewerDep) -> dict[str, str]:
    return {"username": user.username, "role": user.role}


@router.post(
    "/stores/{store_id}/enroll-codes",
    tags=["terminals"],
    status_code=201,
    summary="A one-time enrollment code for a store",
)
def new_enroll_code(
    store_id: uuid.UUID, db: DbDep, clock: ClockDep, request: Request, _admin: AdminDep
) -> EnrollCodeOut:
    hours = request.app.state.settings.enroll_code_hours
    with db.write() as session:
        store = session.get(Store, store_id)
        if store is None or store.deleted:
            raise not_found("store", store_id)
        code, row = make_enroll_code(session, store=store, now=clock(), ttl=timedelta(hours=hours))
    return EnrollCodeOut(code=code, store_code=store.code, expires_at=row.expires_at)


@router.post(
    "/terminals/{terminal_id}/revoke", tags=["terminals"], summary="Revoke a terminal's token"
)
def revoke(terminal_id: uuid.UUID, db: DbDep, clock: ClockDep, _admin: AdminDep) -> Terminal:
    with db.write() as session:
        return revoke_terminal(
            ChangeWriter(session, clock=clock), terminal_id=terminal_id, now=clock()
        )


@router.post(
    "/customers/{customer_id}/merge",
    tags=["customers"],
    summary="Merge a duplicate customer into another one",
)
def merge(
    customer_id: uuid.UUID, body: MergeIn, db: DbDep, clock: ClockDep, _admin: AdminDep
) -> Customer:
    with db.write() as session:
        return merge_customers(
            ChangeWriter(session, clock=clock), duplicate_id=customer_id, survivor_id=body.into
        )


@router.get("/conflicts", tags=["conflicts"], summary="Values that lost a shared-edit merge")
def conflicts(
    db: DbDep,
    _user: ViewerDep,
    table: str | None = None,
    row_id: uuid.UUID | None = None,
    unresolved: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[EditConflict]:
    query = select(EditConflict)
    if table:
        query = query.where(EditConflict.table_name == table)
    if row_id:
        query = query.where(EditConflict.row_id == row_id)
    if unresolved:
        query = query.where(EditConflict.resolved_at.is_(None))
    with db.read() as session:
        return list(session.exec(query.order_by(EditConflict.created_at.desc()).limit(limit)))


@router.post(
    "/conflicts/{conflict_id}/resolve",
    tags=["conflicts"],
    summary="Mark a conflict reviewed (its values stay on record)",
)
def resolve_conflict(
    conflict_id: uuid.UUID, db: DbDep, clock: ClockDep, _admin: AdminDep
) -> EditConflict:
    with db.write() as session:
        conflict = session.get(EditConflict, conflict_id)
        if conflict is None:
            raise not_found("conflict", conflict_id)
        if conflict.resolved_at is None:
            conflict.resolved_at = clock()
            session.add(conflict)
        return conflict


@router.get("/facts", tags=["facts"], summary="Facts pushed by devices (stored or quarantined)")
def facts(
    db: DbDep,
    _user: ViewerDep,
    terminal_id: uuid.UUID | None = None,
    status: str | None = None,
    type: str | None = None,
    after_seq: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[dict[str, Any]]:
    query = select(Fact).where(Fact.seq > after_seq)
    if terminal_id:
        query = query.where(Fact.terminal_id == terminal_id)
    if status:
        if status not in ("stored", "quarantined"):
            raise ServiceError("bad_status", "status is 'stored' or 'quarantined'", status=422)
        query = query.where(Fact.status == status)
    if type:
        query = query.where(Fact.type == type)
    with db.read() as session:
        rows = session.exec(query.order_by(Fact.terminal_id, Fact.seq).limit(limit))
        return [row.model_dump(mode="json") for row in rows]


@router.get(
    "/facts/collisions",
    tags=["facts"],
    summary="Facts refused because their id or number was already taken",
)
def collisions(
    db: DbDep, _user: ViewerDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[dict[str, Any]]:
    with db.read() as session:
        rows = session.exec(
            select(FactCollision).order_by(FactCollision.received_at.desc()).limit(limit)
        )
        return [row.model_dump(mode="json") for row in rows]
