"""UUIDv7 ids when the wall clock jumps backwards (issue 8, item 5).

``core.ids.new_id`` never lets the 48-bit millisecond field go back: after a
jump back it holds the newest time seen until the clock catches up. Ids made
within one such millisecond are unique but not ordered among themselves (their
low bits are random); the device orders its facts by ``seq``, never by id.
"""

from __future__ import annotations

import time

from kassa.core.ids import new_id

HOUR_NS = 3600 * 10**9


def _stamp(uid) -> int:
    return uid.int >> 80  # the 48-bit Unix millisecond field


def test_the_time_in_ids_never_goes_back_when_the_clock_does():
    now = time.time_ns() + 2 * 10**9  # just ahead of every id made so far in this process
    before = [new_id(now_ns=now + i * 10**6) for i in range(3)]
    after = [new_id(now_ns=now - HOUR_NS + i * 10**6) for i in range(200)]  # set back 1 h
    stamps = [_stamp(u) for u in before + after]
    assert stamps == sorted(stamps)
    assert all(_stamp(u) == _stamp(before[-1]) for u in after)  # held, not gone back
    assert len({*before, *after}) == 203  # still unique
    assert all(u.version == 7 and u.variant == "specified in RFC 4122" for u in before + after)
