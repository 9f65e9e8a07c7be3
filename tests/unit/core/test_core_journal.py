"""The journal hash chain: stable hashes, floats refused wherever they hide."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from kassa.core.journal import GENESIS, canonical_json, chain_hash, text_hash, verify_chain

FACT = {
    "id": "0190a1b2-0000-7000-8000-000000000001",
    "type": "receipt",
    "seq": 1,
    "device_time": "2026-03-02T09:30:00+00:00",
    "payload": {
        "total_minor": 350,
        "lines": [{"name": "Crème brûlée", "qty": "2"}],
        "tags": ("a", None, True),
    },
}


def test_a_fact_hashes_the_same_on_every_device_and_release():
    # pinned: a journal written by an earlier release must still verify
    expected = "b4f974eba14e77b817ed6420c18e8c7119f8622fa97a87c5a0232bd05b39f364"
    assert chain_hash(GENESIS, FACT) == expected
    assert text_hash(GENESIS, canonical_json(FACT)) == expected


@pytest.mark.parametrize(
    "payload",
    [
        {"total": 3.5},
        {"lines": [{"qty": 1.5}]},
        {"deep": {"deeper": [[{"x": ("a", 0.1)}]]}},
        OrderedDict(rate=0.2),
        {"tuple": (1, 2.0)},
    ],
)
def test_a_float_anywhere_in_a_fact_is_refused(payload):
    with pytest.raises(TypeError, match="floats are not allowed"):
        chain_hash(GENESIS, {**FACT, "payload": payload})


def test_a_changed_fact_breaks_the_chain_where_it_was_changed():
    second = {**FACT, "seq": 2, "payload": {"total_minor": 100}}
    first_hash = chain_hash(GENESIS, FACT)
    entries = [(1, FACT, first_hash), (2, second, chain_hash(first_hash, second))]
    assert verify_chain(entries) is None
    changed = [entries[0], (2, {**second, "payload": {"total_minor": 1}}, entries[1][2])]
    assert verify_chain(changed).seq == 2
