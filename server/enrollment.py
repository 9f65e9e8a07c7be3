"""Enrollment codes, terminal tokens and revocation.

Head office makes a one-time code for a store; a device trades it for a
terminal id and a bearer token (``POST /api/v1/enroll``). Codes and tokens are
random and high-entropy, so a SHA-256 digest is enough to keep at rest: the
server stores only hashes and shows each secret once.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, select

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError, not_found
from kassa.server.tables import EnrollCode, TerminalCredential, TerminalSyncState
from kassa.sync.models import Store, Terminal
from kassa.sync.protocol import EnrollResponse

TOKEN_PREFIX = "kt_"  # device tokens; head-office session tokens start with "ks_"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _normalize_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def store_by_code(session: Session, code: str) -> Store:
    store = session.exec(select(Store).where(Store.code == code, Store.deleted.is_(False))).first()
    if store is None:
        raise ServiceError(
            "store_not_found", f"no store with code {code!r}; create it first", status=404
        )
    return store


def make_enroll_code(
    session: Session, *, store: Store, now: datetime, ttl: timedelta = timedelta(hours=24)
) -> tuple[str, EnrollCode]:
    """A new one-time code for ``store`` (shown once), valid for ``ttl``."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    row = EnrollCode(code_hash=digest(raw), store_id=store.id, expires_at=now + ttl)
    session.add(row)
    return f"{raw[:5]}-{raw[5:]}", row


def enroll(changes: ChangeWriter, *, code: str, device_name: str, now: datetime) -> EnrollResponse:
    session = changes.session
    # Row locks (PostgreSQL; SQLite writers are serialised anyway): the same code sent
    # twice at once enrolls once, and two devices of a store never get the same code.
    row = session.exec(
        select(EnrollCode)
        .where(EnrollCode.code_hash == digest(_normalize_code(code)))
        .with_for_update()
    ).first()
    if row is None:
        raise ServiceError(
            "enroll_code_unknown",
            "this enrollment code is not known; ask head office for a new one",
            status=403,
        )
    if row.used_at is not None:
        raise ServiceError(
            "enroll_code_used",
            "this enrollment code was already used; each code enrolls one device",
            status=403,
        )
    if row.expires_at <= now:
        raise ServiceError(
            "enroll_code_expired",
            "this enrollment code has expired; ask head office for a new one",
            status=403,
        )
    store = session.exec(select(Store).where(Store.id == row.store_id).with_for_update()).first()
    if store is None or store.deleted:
        raise ServiceError("store_not_found", "the code's store no longer exists", status=403)
    terminal = Terminal(
        store_id=store.id, code=_next_terminal_code(session, store.id), name=device_name
    )
    changes.save(terminal)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        TerminalCredential(terminal_id=terminal.id, token_hash=digest(token), created_at=now)
    )
    session.add(TerminalSyncState(terminal_id=terminal.id))
    row.used_at, row.terminal_id = now, terminal.id
    session.add(row)
    return EnrollResponse(
        terminal_id=terminal.id,
        terminal_code=terminal.code,
        store_id=store.id,
        store_code=store.code,
        token=token,
    )


def _next_terminal_code(session: Session, store_id: uuid.UUID) -> str:
    codes = set(session.exec(select(Terminal.code).where(Terminal.store_id == store_id)))
    number = len(codes) + 1
    while f"T{number:02d}" in codes:
        number += 1
    return f"T{number:02d}"


def authenticate_terminal(session: Session, token: str) -> Terminal:
    credential = session.exec(
        select(TerminalCredential).where(TerminalCredential.token_hash == digest(token))
    ).first()
    if credential is None:
        raise ServiceError(
            "unauthorized", "unknown device token; enroll this device again", status=401
        )
    if credential.revoked_at is not None:
        raise ServiceError(
            "terminal_revoked",
            "this terminal was revoked by head office; enroll it again with a new code",
            status=401,
        )
    terminal = session.get(Terminal, credential.terminal_id)
    if terminal is None or terminal.deleted:
        raise ServiceError("terminal_revoked", "this terminal no longer exists", status=401)
    return terminal


def revoke_terminal(changes: ChangeWriter, *, terminal_id: uuid.UUID, now: datetime) -> Terminal:
    session = changes.session
    terminal = session.get(Terminal, terminal_id)
    credential = session.get(TerminalCredential, terminal_id)
    if terminal is None:
        raise not_found("terminal", terminal_id)
    if credential is not None and credential.revoked_at is None:
        credential.revoked_at = now
        session.add(credential)
    terminal.active = False
    changes.save(terminal)
    return terminal


def find_terminal(session: Session, *, store_code: str, terminal_code: str) -> Terminal:
    store = store_by_code(session, store_code)
    terminal = session.exec(
        select(Terminal).where(Terminal.store_id == store.id, Terminal.code == terminal_code)
    ).first()
    if terminal is None:
        raise not_found("terminal", f"{store_code}/{terminal_code}")
    return terminal
