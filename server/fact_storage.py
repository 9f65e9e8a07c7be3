"""How a pushed fact is kept when the database cannot hold it as sent.

PostgreSQL refuses a NUL character in any text (``PostgreSQL text fields cannot
contain NUL (0x00) bytes``), and a column holds at most its length. Such a fact
must still take its place in the terminal's sequence (quarantined and
acknowledged, never a 500 that blocks the device's queue), so it is stored in a
form every database takes: its payload as escaped JSON text under
``unstorable``, its type escaped and cut to the column. The same transformation
is applied before comparing a resent fact with the stored one, so a replay
still answers ``duplicate``.
"""

from __future__ import annotations

import json
from typing import Any

NUL = "\x00"
TYPE_LENGTH = 40  # Fact.type / FactCollision.type
REASON_LENGTH = 500  # Fact.reason / FactCollision.reason


def nul_problem(*, type: str, payload: Any) -> str | None:
    """Where the fact holds a NUL character, or None."""
    if NUL in type:
        return "its type"
    where = _nul_in(payload, "payload")
    return f"{where}" if where else None


def _nul_in(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                return f"a key of {path}"
            found = _nul_in(item, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in(item, f"{path}[{index}]")
            if found:
                return found
    return None


def storable_type(type: str) -> str:
    return type.replace(NUL, "\\u0000")[:TYPE_LENGTH]


def storable_payload(*, type: str, payload: dict[str, Any]) -> dict[str, Any]:
    if nul_problem(type=type, payload=payload) is None:
        return payload
    return {"unstorable": json.dumps(payload)}  # json escapes NUL as \u0000


def storable_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = reason.replace(NUL, "\\u0000")
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"
