"""A pull page as the device reads it: JSON checked in one pass, no model per row.

``PullPage`` and ``RowChange`` (``protocol.py``) document the wire shape, and
the server and tests build them. Validating every row of a page into pydantic
models cost the device about a third of its time in an initial sync, so the
transport reads pages with :func:`read_pull_page` instead: ``json.loads``, then
one pass that checks the page's keys and types and each change's (table text,
version a non-negative integer, deleted a boolean, data an object holding the
change's id, or null for a delete whose id must be a UUID). The column values,
the row's id among them, are checked where they are converted, by the table's
row plan (``sync/replica/rows.py``). Either check failing refuses the whole
page before anything of it is written. (pydantic-core's ``PullPage`` check is
as fast per row; this one also ties each row to its change and builds no
``uuid.UUID`` objects.)

:class:`PulledChange` and :class:`PulledPage` have the attributes of
``RowChange`` and ``PullPage`` (``id`` stays the UUID's text), so the replica
applies either.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch
_PAGE_KEYS = frozenset({"changes", "next_cursor", "has_more", "reset", "remaining"})
_CHANGE_KEYS = frozenset({"table", "id", "version", "deleted", "data"})
_new = tuple.__new__  # a PulledChange without its __new__'s argument handling


class BadPage(ValueError):
    """The answer is not a pull page (cut short, mangled, or from something else)."""


class PulledChange(NamedTuple):
    table: str
    id: str  # the row's UUID as text ("0190...-...")
    version: int
    deleted: bool
    data: dict[str, Any] | None  # every column of the row; None for a delete


@dataclass(frozen=True)
class PulledPage:
    changes: list[PulledChange]
    next_cursor: str
    has_more: bool
    reset: bool = False
    remaining: int = 0


def read_pull_page(body: bytes | str) -> PulledPage:
    """Parse and check a pull answer; raises ``BadPage`` naming the first problem."""
    try:
        page = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadPage(f"not JSON: {exc}") from None
    if type(page) is not dict or not page.keys() <= _PAGE_KEYS:
        raise BadPage(f"not a pull page (keys {sorted(page)[:8] if type(page) is dict else '-'})")
    changes = page.get("changes")
    cursor, more = page.get("next_cursor"), page.get("has_more")
    reset, remaining = page.get("reset", False), page.get("remaining", 0)
    if type(changes) is not list or type(cursor) is not str or type(more) is not bool:
        raise BadPage("changes, next_cursor and has_more must be a list, text and a boolean")
    if type(reset) is not bool or type(remaining) is not int or remaining < 0:
        raise BadPage("reset must be a boolean and remaining a count")
    rows = [_change(n, change) for n, change in enumerate(changes)]
    return PulledPage(rows, cursor, more, reset, remaining)


def _change(n: int, change: Any) -> PulledChange:
    if type(change) is not dict:
        raise BadPage(f"change {n} is not a row change")
    keys = change.keys()
    if not keys <= _CHANGE_KEYS:  # deleted and data may be left out
        raise BadPage(f"change {n} is not a row change (keys {sorted(keys)[:8]})")
    table, row_id, version = change.get("table"), change.get("id"), change.get("version")
    deleted, data = change.get("deleted", False), change.get("data")
    if type(table) is not str or type(version) is not int or version < 0:
        raise BadPage(f"change {n}: table must be text and version a count")
    if type(deleted) is not bool:
        raise BadPage(f"change {n} ({table} {str(row_id)[:40]}): deleted must be a boolean")
    if data is None:  # a delete: its id is all there is
        if type(row_id) is not str or not _UUID(row_id):
            raise BadPage(f"change {n} ({table}): id {str(row_id)[:40]!r} is not a UUID")
    elif type(data) is not dict or type(row_id) is not str or data.get("id") != row_id:
        # an upsert: the row plan checks data["id"] as every other UUID column
        raise BadPage(f"change {n} ({table} {str(row_id)[:40]}): data must be the row with its id")
    return _new(PulledChange, (table, row_id, version, deleted, data))
