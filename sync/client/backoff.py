"""Exponential backoff with full jitter, and a retry loop that uses it.

Delay before retry ``n`` (0-based) is uniform in ``[0, min(cap, base * 2**n)]``
("full jitter"): devices that lost the network together do not come back in
lock step. Randomness and sleeping are passed in so tests can pin them.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from kassa.sync.client.transport import OutcomeUnknown

T = TypeVar("T")


@dataclass
class Backoff:
    base: float = 0.5
    cap: float = 30.0
    attempts: int = 5  # tries per request within one sync run, the first included
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if self.base <= 0 or self.cap < self.base or self.attempts < 1:
            raise ValueError("backoff needs base > 0, cap >= base and attempts >= 1")

    def ceiling(self, retry: int) -> float:
        return min(self.cap, self.base * 2 ** min(retry, 62))

    def delay(self, retry: int) -> float:
        return self.rng.uniform(0.0, self.ceiling(retry))


def retry_unknown(
    call: Callable[[], T],
    *,
    backoff: Backoff,
    wait: Callable[[float], bool],
    on_retry: Callable[[int, OutcomeUnknown], None] | None = None,
) -> T:
    """Run ``call``; on ``OutcomeUnknown`` run the very same call again after a delay.

    ``wait(seconds)`` sleeps and returns True when the caller is shutting down
    (``threading.Event().wait`` has that shape); then the last error is raised.
    Other errors propagate at once.
    """
    for retry in range(backoff.attempts):
        try:
            return call()
        except OutcomeUnknown as exc:
            if retry + 1 == backoff.attempts:
                raise
            if on_retry is not None:
                on_retry(retry + 1, exc)
            if wait(backoff.delay(retry)):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def never_stop(seconds: float) -> bool:
    """A ``wait`` that just sleeps (for one-shot runs such as ``kassa sync``)."""
    threading.Event().wait(seconds)
    return False
