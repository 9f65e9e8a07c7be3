"""UUIDv7 identifiers, made where a record is born (RFC 9562, section 5.7).

48 bits of Unix milliseconds, then random bits, so ids sort by creation time
and index well. Python 3.11 has no ``uuid.uuid7``; this is the standard's
layout built from the standard library. Within one process the millisecond
part never goes backwards, even if the wall clock does.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0


def new_id(*, now_ns: int | None = None) -> uuid.UUID:
    """A new UUIDv7."""
    global _last_ms
    ms = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    with _lock:
        ms = max(ms, _last_ms)
        _last_ms = ms
    rand = int.from_bytes(os.urandom(10), "big")
    rand_a = rand >> 68  # 12 bits
    rand_b = rand & ((1 << 62) - 1)  # 62 bits
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)
