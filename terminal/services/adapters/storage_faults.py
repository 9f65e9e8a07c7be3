"""SQLite's storage failures as a refusal the cashier can act on (``NotSaved``).

A write that fails because the storage is full (``SQLITE_FULL``), the database
is held by another connection past the busy timeout (``SQLITE_BUSY``), the disk
errs (``SQLITE_IOERR``) or the file cannot be written or is damaged rolls back
whole (one transaction), so nothing half-written remains; ``storage_guard``
turns it into ``NotSaved`` naming the cause and what to do. Other database
errors are bugs and pass through unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from kassa.terminal.services.errors import NotSaved

_BUSY = (
    "the terminal's database is busy (another program is holding it)",
    "wait a moment; if it keeps happening, restart the terminal",
)
_DAMAGED = (
    "the terminal's database file is damaged",
    "stop selling on this terminal and call support",
)
# primary result codes (https://sqlite.org/rescode.html) -> (reason, advice)
FAULTS: dict[int, tuple[str, str]] = {
    13: ("the terminal's storage is full", "ask the manager to free space or call support"),
    5: _BUSY,
    6: _BUSY,
    10: ("the terminal's storage could not be written (disk error)", "if it repeats, call support"),
    8: ("the terminal's database is read-only", "call support: its data folder cannot be written"),
    14: ("the terminal's database cannot be opened", "call support: check the data folder"),
    11: _DAMAGED,
    26: _DAMAGED,
}


def fault_of(error: BaseException) -> tuple[str, str] | None:
    """(reason, advice) when ``error`` is a storage fault, else None."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(original, sqlite3.Error):
        return None
    code = getattr(original, "sqlite_errorcode", None)
    return None if code is None else FAULTS.get(code & 0xFF)


@contextmanager
def storage_guard(what: str) -> Iterator[None]:
    """Raise ``NotSaved`` (about ``what``, e.g. "The sale") for a storage fault inside."""
    try:
        yield
    except (sqlite3.Error, DBAPIError) as exc:
        fault = fault_of(exc)
        if fault is None:
            raise
        raise NotSaved.of(what, reason=fault[0], advice=fault[1]) from exc


WHAT = {
    "receipt": "The receipt",
    "receipt_cancelled": "The cancellation",
    "shift_opened": "The shift opening",
    "shift_closed": "The shift close (Z report)",
    "cash_movement": "The cash movement",
    "security_event": "The security record",
    "invoice_order": "The invoice request",
}


def what_is(fact_type: str, payload: dict) -> str:
    if fact_type == "receipt":
        return "The return" if payload.get("kind") == "return" else "The sale"
    return WHAT.get(fact_type, f"The {fact_type.replace('_', ' ')}")
