"""What one sync run did: facts pushed (by the server's answer) and rows pulled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kassa.sync.client.state import RejectedFact
from kassa.sync.protocol import FactResult


@dataclass
class PushReport:
    stored: int = 0
    duplicate: int = 0
    quarantined: int = 0
    batches: int = 0
    resent_from: int | None = None  # the server had lost facts from this seq on (a restore)

    def count(self, results: Iterable[FactResult]) -> list[RejectedFact]:
        """Tally one answered batch; returns the quarantined facts."""
        self.batches += 1
        rejected = []
        for result in results:
            if result.status == "stored":
                self.stored += 1
            elif result.status == "duplicate":
                self.duplicate += 1
            else:
                self.quarantined += 1
                rejected.append(RejectedFact(result.id, result.seq, result.reason or ""))
        return rejected


@dataclass
class PullReport:
    rows: int = 0
    pages: int = 0
    resets: int = 0
    snapshot: bool = False  # the catalog came as a prebuilt snapshot (first sync)
