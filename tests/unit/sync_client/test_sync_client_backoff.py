from __future__ import annotations

import random

import pytest

from kassa.sync.client.backoff import Backoff, retry_unknown
from kassa.sync.client.transport import OutcomeUnknown, RequestRefused
from kassa.sync.protocol import ApiError


def test_delays_grow_exponentially_up_to_the_cap_with_full_jitter():
    backoff = Backoff(base=0.5, cap=8.0, rng=random.Random(1))
    assert [backoff.ceiling(n) for n in range(7)] == [0.5, 1, 2, 4, 8, 8, 8]
    for retry in range(10):
        delays = [backoff.delay(retry) for _ in range(200)]
        assert all(0 <= d <= backoff.ceiling(retry) for d in delays)
        # jitter: spread over the whole range, not one fixed value
        assert max(delays) - min(delays) > backoff.ceiling(retry) * 0.8


def test_huge_retry_numbers_do_not_overflow():
    assert Backoff(cap=30).ceiling(10_000) == 30


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="base > 0"):
        Backoff(base=0)
    with pytest.raises(ValueError, match="attempts"):
        Backoff(attempts=0)


def test_retry_sends_the_same_call_again_until_it_has_an_answer():
    outcomes = [OutcomeUnknown("timeout"), OutcomeUnknown("500"), "answer"]
    calls, waits = [], []

    def call():
        calls.append(1)
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    backoff = Backoff(base=1, cap=4, attempts=5, rng=random.Random(3))
    result = retry_unknown(call, backoff=backoff, wait=lambda s: waits.append(s) or False)
    assert result == "answer"
    assert len(calls) == 3
    assert len(waits) == 2 and 0 <= waits[0] <= 1 and 0 <= waits[1] <= 2


def test_retry_gives_up_after_the_attempts_and_raises_the_last_error():
    errors = iter(OutcomeUnknown(f"try {n}") for n in range(1, 10))

    def call():
        raise next(errors)

    with pytest.raises(OutcomeUnknown, match="try 3"):
        retry_unknown(call, backoff=Backoff(attempts=3), wait=lambda s: False)


def test_retry_stops_waiting_when_told_to_shut_down():
    calls = []

    def call():
        calls.append(1)
        raise OutcomeUnknown("down")

    with pytest.raises(OutcomeUnknown):
        retry_unknown(call, backoff=Backoff(attempts=5), wait=lambda s: True)
    assert len(calls) == 1


def test_a_refusal_is_not_retried():
    calls = []

    def call():
        calls.append(1)
        raise RequestRefused(422, ApiError(code="bad", message="bad batch"))

    with pytest.raises(RequestRefused):
        retry_unknown(call, backoff=Backoff(attempts=5), wait=lambda s: False)
    assert len(calls) == 1
