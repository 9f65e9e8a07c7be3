"""Device endpoints: enroll, pull, push (DESIGN.md, "Sync protocol")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from kassa.server.api.deps import ClockDep, DbDep, TerminalDep
from kassa.server.api.json_body import body_schema, parse_body
from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import enroll
from kassa.server.errors import ServiceError
from kassa.server.pull import MAX_LIMIT, encode_body, pull_body
from kassa.server.push import push_facts
from kassa.server.security import record_gap
from kassa.server.store import Database
from kassa.server.tables import ChangeCounter, ServerState
from kassa.sync.models import Terminal
from kassa.sync.protocol import (
    ApiError,
    EnrollRequest,
    EnrollResponse,
    PullPage,
    PushRequest,
    PushResponse,
)

router = APIRouter(tags=["sync"])
PUSH_BODY = body_schema(PushRequest)
Clock = Callable[[], datetime]


@router.get("/health", summary="Liveness and the server's epoch")
def health(db: DbDep) -> dict[str, object]:
    with db.read() as session:
        state = session.get(ServerState, 1)
        counter = session.get(ChangeCounter, 1)
    return {
        "status": "ok",
        "epoch": str(state.epoch) if state else None,
        "version": counter.value if counter else None,
    }


@router.post("/enroll", summary="Trade a one-time code for a terminal id and token")
def enroll_device(body: EnrollRequest, db: DbDep, clock: ClockDep) -> EnrollResponse:
    with db.write() as session:
        return enroll(
            ChangeWriter(session, clock=clock),
            code=body.code,
            device_name=body.device_name,
            now=clock(),
        )


@router.get("/pull", summary="Changes after the cursor, in version order", response_model=PullPage)
def pull(
    terminal: TerminalDep,
    db: DbDep,
    request: Request,
    cursor: str = "",
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT)] = None,
) -> Response:
    size = limit or request.app.state.settings.pull_limit
    with db.read() as session:
        body = pull_body(session, store_id=terminal.store_id, cursor=cursor, limit=size)
    # plain rows straight to JSON bytes: no response model built per row (see server/pull.py)
    return Response(encode_body(body), media_type="application/json")


@router.post(
    "/push",
    summary="Store a batch of facts exactly once, in order",
    response_model=PushResponse,
    responses={422: {"model": ApiError, "description": "The body is not a valid push"}},
    openapi_extra={"requestBody": PUSH_BODY},
)
async def push(request: Request, terminal: TerminalDep, db: DbDep, clock: ClockDep) -> Response:
    raw = await request.body()  # decoded and checked on a worker thread, not the event loop
    appliers = request.app.state.appliers
    return await run_in_threadpool(
        _push, raw, terminal=terminal, db=db, clock=clock, appliers=appliers
    )


def _push(raw: bytes, *, terminal: Terminal, db: Database, clock: Clock, appliers: Any) -> Response:
    body = parse_body(PushRequest, raw)
    try:
        with db.write() as session:
            response = push_facts(
                ChangeWriter(session, clock=clock),
                terminal=terminal,
                facts=list(body.facts),
                now=clock(),
                appliers=appliers,
            )
    except ServiceError as exc:
        if exc.code == "sequence_gap" and exc.details:  # refused whole; noted on its own
            gap = exc.details[0]
            record_gap(
                db, terminal=terminal, expected=gap["expected_seq"], got=gap["got_seq"], now=clock()
            )
        raise
    # only after the commit above
    return Response(response.model_dump_json(), media_type="application/json")
