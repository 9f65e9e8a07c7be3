"""The inalterable journal: a SHA-256 hash chain over completed facts.

Every completed fact is appended to its device's journal with
``hash = SHA-256(previous hash + canonical JSON of the fact)`` (DESIGN.md,
"Numbering and inalterability"). The device and the server compute it with
these functions, so a changed, missing or reordered record breaks the chain.

The canonical JSON is UTF-8, keys sorted, no insignificant white space, no
floats (money is integer minor units or decimal strings), datetimes as ISO
8601 UTC strings and UUIDs as their canonical text, all converted by the
caller before hashing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Mapping[str, Any]) -> str:
    """Deterministic JSON text for hashing; refuses floats."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(previous: str, fact: Mapping[str, Any]) -> str:
    """The journal hash of ``fact`` following ``previous`` (hex)."""
    return text_hash(previous, canonical_json(fact))


def text_hash(previous: str, canonical: str) -> str:
    """The journal hash of a fact whose ``canonical_json`` is ``canonical`` (hex)."""
    return hashlib.sha256((previous + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where a journal stops verifying, and why."""

    seq: int
    reason: str


def verify_chain(
    entries: Iterable[tuple[int, Mapping[str, Any], str]],
    *,
    start_seq: int = 1,
    start_hash: str = GENESIS,
) -> ChainBreak | None:
    """Check ``(seq, fact, stored hash)`` entries in order; ``None`` when intact.

    Detects a changed fact (hash mismatch), a missing or reordered one (a gap
    or step back in the sequence) and a rewritten hash (the next link breaks).
    """
    expected_seq, previous = start_seq, start_hash
    for seq, fact, stored in entries:
        if seq != expected_seq:
            kind = "missing" if seq > expected_seq else "out of order"
            return ChainBreak(seq, f"sequence {kind}: expected {expected_seq}, found {seq}")
        if chain_hash(previous, fact) != stored:
            return ChainBreak(seq, f"hash mismatch at sequence {seq}: the record was changed")
        expected_seq, previous = seq + 1, stored
    return None


def _refuse_floats(value: Any) -> None:
    # a loop over plain dicts and lists, leaves checked inline: this runs for every fact
    # a server receives; other mappings and sequences take the general path
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is dict:
            items: Iterable[Any] = item.values()
        elif kind is list:
            items = item
        else:
            _refuse_float(item, pending)
            continue
        for child in items:
            kind = type(child)
            if kind is str or kind is int or child is None or kind is bool:
                continue
            if kind is dict or kind is list:
                pending.append(child)
            else:
                _refuse_float(child, pending)


def _refuse_float(item: Any, pending: list[Any]) -> None:
    if isinstance(item, float):
        raise TypeError("floats are not allowed in journal facts; use minor units or strings")
    if isinstance(item, Mapping):
        pending.append(dict(item))
    elif isinstance(item, list | tuple):
        pending.append(list(item))
