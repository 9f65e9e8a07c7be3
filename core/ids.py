"""UUIDv7 identifiers, made where a record is born (RFC 9562, section 5.7).

48 bits of Unix milliseconds, a 12-bit counter, then 62 random bits, so ids
sort by creation time and index well. Python 3.11 has no ``uuid.uuid7``; this
is the standard's layout built from the standard library.

Within one process ids are strictly increasing (RFC 9562 section 6.2, method 1:
a fixed-length counter in ``rand_a``): the millisecond part never goes
backwards, even if the wall clock does, and ids made in the same millisecond
count up from a random start below 2048; when the counter runs out the
millisecond part moves on by one.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0
_COUNTER_MAX = (1 << 12) - 1


def new_id(*, now_ns: int | None = None) -> uuid.UUID:
    """A new UUIDv7, greater than every id this process made before."""
    global _last_ms, _counter
    ms = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    with _lock:
        if ms > _last_ms:
            _counter = rand >> 69  # 11 random bits: room to count up within the millisecond
        elif _counter < _COUNTER_MAX:
            ms = _last_ms
            _counter += 1
        else:
            ms = _last_ms + 1
            _counter = rand >> 69
        _last_ms = ms
        rand_a = _counter
    rand_b = rand & ((1 << 62) - 1)  # 62 bits
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)
