"""UUIDv7 ids: version bits, time order, and strict order within one millisecond."""

from __future__ import annotations

import time

import pytest

from kassa.core import ids
from kassa.core.ids import new_id


@pytest.fixture(autouse=True)
def _restore_the_process_clock(monkeypatch):
    """These tests move the process's last millisecond ahead; later tests get it back."""
    monkeypatch.setattr(ids, "_last_ms", ids._last_ms)
    monkeypatch.setattr(ids, "_counter", ids._counter)


def test_ids_are_version_7_with_the_rfc_variant_and_carry_the_millisecond():
    now_ns = time.time_ns() + 10**12  # ahead of anything made before in this process
    made = new_id(now_ns=now_ns)
    assert made.version == 7
    assert made.variant == "specified in RFC 4122"
    assert made.int >> 80 == now_ns // 1_000_000


def test_ids_made_in_one_millisecond_sort_in_the_order_they_were_made():
    frozen = time.time_ns() + 2 * 10**12
    made = [new_id(now_ns=frozen) for _ in range(10_000)]  # more than the 12-bit counter holds
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert made[0].int >> 80 == frozen // 1_000_000


def test_a_clock_stepping_back_never_makes_a_smaller_id():
    later = new_id(now_ns=time.time_ns() + 3 * 10**12)
    earlier_clock = new_id(now_ns=time.time_ns())
    assert earlier_clock > later
