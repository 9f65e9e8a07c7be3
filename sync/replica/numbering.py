"""Document numbers ``[<kind>-]<store>-<terminal>-<seq>``: gapless per terminal and kind.

A number is taken inside the unit of work that records its document (the
counter row is updated in the same ``BEGIN IMMEDIATE`` transaction), so a sale
that rolls back or a process killed before the commit gives its number back:
the series has no gaps and no number is used twice. Each document kind
(``receipt``, ``offer``, ``sales_order``, ...) counts on its own.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from kassa.sync.replica.identity import require_identity

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_NEXT = text(
    "INSERT INTO document_counter (kind, value) VALUES (:kind, 1) "
    "ON CONFLICT (kind) DO UPDATE SET value = value + 1 RETURNING value"
)


# Receipts carry the bare number; other kinds a prefix, so numbers never collide.
KIND_PREFIXES = {"offer": "OF", "sales_order": "SO", "invoice_order": "IO", "shift": "Z"}


def format_number(*, store_code: str, terminal_code: str, seq: int, kind: str = "receipt") -> str:
    """``S01-T02-000042`` (a receipt), ``SO-S01-T02-000007`` (a sales order).

    The sequence is zero-padded to six digits (more when needed). Kinds without
    a listed prefix use their name in capitals (``return`` -> ``RETURN-...``).
    """
    number = f"{store_code}-{terminal_code}-{seq:06d}"
    if kind == "receipt":
        return number
    return f"{KIND_PREFIXES.get(kind, kind.upper())}-{number}"


def take_number(connection: Connection, *, kind: str) -> str:
    """The next number of ``kind`` for this terminal (inside the caller's transaction)."""
    if not _KIND.match(kind):
        raise ValueError(
            f"document kind {kind!r} is not a lower-case name like 'receipt' or 'sales_order'"
        )
    identity = require_identity(connection)
    seq = connection.execute(_NEXT, {"kind": kind}).scalar_one()
    return format_number(
        store_code=identity.store_code, terminal_code=identity.terminal_code, seq=seq, kind=kind
    )


def last_number(connection: Connection, *, kind: str) -> int:
    """How many numbers of ``kind`` this terminal has given (0 if none)."""
    value = connection.execute(
        text("SELECT value FROM document_counter WHERE kind = :kind"), {"kind": kind}
    ).scalar()
    return value or 0
