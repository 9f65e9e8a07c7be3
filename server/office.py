"""Head-office accounts: argon2 passwords, session tokens with admin/viewer roles."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from kassa.server.enrollment import TOKEN_PREFIX, digest
from kassa.server.errors import ServiceError
from kassa.server.tables import OFFICE_ROLES, OfficeSession, OfficeUser

SESSION_PREFIX = "ks_"
SESSION_TTL = timedelta(hours=12)
_hasher = PasswordHasher()


def hash_secret(secret: str) -> str:
    """A slow, salted argon2id hash (passwords and device PINs)."""
    return _hasher.hash(secret)


def verify_secret(hashed: str, secret: str) -> bool:
    try:
        return _hasher.verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def create_user(session: Session, *, username: str, password: str, role: str) -> OfficeUser:
    if role not in OFFICE_ROLES:
        raise ServiceError(
            "bad_role", f"role must be one of {', '.join(OFFICE_ROLES)}, not {role!r}"
        )
    if len(password) < 8:
        raise ServiceError("weak_password", "the password needs at least 8 characters")
    if not username.strip():
        raise ServiceError("bad_username", "the user name must not be empty")
    existing = session.exec(select(OfficeUser).where(OfficeUser.username == username)).first()
    if existing is not None:
        raise ServiceError("user_exists", f"user {username!r} already exists", status=409)
    user = OfficeUser(username=username, password_hash=hash_secret(password), role=role)
    session.add(user)
    return user


def sign_in(
    session: Session, *, username: str, password: str, now: datetime
) -> tuple[str, OfficeUser]:
    user = session.exec(select(OfficeUser).where(OfficeUser.username == username)).first()
    if user is None or user.disabled or not verify_secret(user.password_hash, password):
        raise ServiceError("bad_credentials", "wrong user name or password", status=401)
    return open_session(session, user=user, now=now), user


def open_session(session: Session, *, user: OfficeUser, now: datetime) -> str:
    """A new session token for ``user`` (shown once; only its hash is kept)."""
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    session.add(
        OfficeSession(token_hash=digest(token), user_id=user.id, expires_at=now + SESSION_TTL)
    )
    return token


def authenticate_office(session: Session, token: str, *, now: datetime) -> OfficeUser:
    if token.startswith(TOKEN_PREFIX):
        raise ServiceError(
            "device_token_refused",
            "device tokens cannot use head-office endpoints; sign in as a head-office user",
            status=403,
        )
    row = session.exec(
        select(OfficeSession).where(OfficeSession.token_hash == digest(token))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise ServiceError(
            "unauthorized", "session unknown, expired or signed out; sign in again", status=401
        )
    user = session.get(OfficeUser, row.user_id)
    if user is None or user.disabled:
        raise ServiceError("unauthorized", "this account is disabled", status=401)
    return user


def sign_out(session: Session, token: str, *, now: datetime) -> None:
    row = session.exec(
        select(OfficeSession).where(OfficeSession.token_hash == digest(token))
    ).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
