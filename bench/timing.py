"""Timing many runs: median, p95 and p99 with a monotonic, high-resolution clock."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Stats:
    """Durations in seconds over ``runs`` timed calls."""

    runs: int
    median: float
    p95: float
    p99: float
    minimum: float
    maximum: float

    def get(self, name: str) -> float:
        return {"median": self.median, "p95": self.p95, "p99": self.p99, "max": self.maximum}[name]


def percentile(ordered: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of already sorted samples."""
    if not ordered:
        raise ValueError("no samples")
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(samples: Sequence[float]) -> Stats:
    ordered = sorted(samples)
    return Stats(
        runs=len(ordered),
        median=percentile(ordered, 50),
        p95=percentile(ordered, 95),
        p99=percentile(ordered, 99),
        minimum=ordered[0],
        maximum=ordered[-1],
    )


def measure(
    call: Callable[[int], Any], *, runs: int, warmup: int = 0, collect: bool = True
) -> Stats:
    """Time ``call(i)`` for i in range(runs) after ``warmup`` untimed calls.

    The garbage collector runs before timing starts and stays enabled, so
    its pauses are in the tail (p99) as they would be on a terminal.
    """
    for i in range(warmup):
        call(i)
    if collect:
        gc.collect()
    samples = []
    clock = time.perf_counter
    for i in range(runs):
        start = clock()
        call(i)
        samples.append(clock() - start)
    return summarize(samples)


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    """``(result, seconds)`` of one call."""
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start
