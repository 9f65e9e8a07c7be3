"""Request dependencies: the database, the clock, and who is calling."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kassa.server.enrollment import authenticate_terminal
from kassa.server.errors import ServiceError
from kassa.server.office import authenticate_office
from kassa.server.settings import ServerSettings
from kassa.server.store import Database
from kassa.server.tables import OfficeUser
from kassa.sync.models import Terminal

_bearer = HTTPBearer(auto_error=False, description="a device token or a head-office session")


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_clock(request: Request) -> Callable[[], datetime]:
    return request.app.state.clock


def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None or not credentials.credentials:
        raise ServiceError(
            "unauthorized", "missing 'Authorization: Bearer <token>' header", status=401
        )
    return credentials.credentials


DbDep = Annotated[Database, Depends(get_db)]
ClockDep = Annotated[Callable[[], datetime], Depends(get_clock)]
TokenDep = Annotated[str, Depends(bearer_token)]


def current_terminal(db: DbDep, token: TokenDep) -> Terminal:
    if token.startswith("ks_"):
        raise ServiceError(
            "forbidden",
            "this endpoint is for enrolled devices, not head-office sessions",
            status=403,
        )
    with db.read() as session:
        return authenticate_terminal(session, token)


def office_user(db: DbDep, token: TokenDep, clock: ClockDep) -> OfficeUser:
    with db.read() as session:
        return authenticate_office(session, token, now=clock())


def office_admin(user: Annotated[OfficeUser, Depends(office_user)]) -> OfficeUser:
    if user.role != "admin":
        raise ServiceError(
            "forbidden", f"user {user.username} is a {user.role}; this needs an admin", status=403
        )
    return user


TerminalDep = Annotated[Terminal, Depends(current_terminal)]
ViewerDep = Annotated[OfficeUser, Depends(office_user)]
AdminDep = Annotated[OfficeUser, Depends(office_admin)]
