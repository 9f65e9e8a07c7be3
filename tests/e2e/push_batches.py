"""A terminal's receipts as push batches: gapless numbers, a valid journal chain."""

from __future__ import annotations

from datetime import UTC, datetime

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.sync.protocol import journal_fact


def receipt_batches(terminal: int, *, batches: int = 2, size: int = 20) -> list[list[dict]]:
    facts, previous = [], GENESIS
    for seq in range(1, batches * size + 1):
        fact_id, when = new_id(), datetime(2026, 3, 2, 9, 0, seq % 60, tzinfo=UTC)
        payload = {"total_minor": terminal * 1000 + seq, "currency": "EUR"}
        digest = chain_hash(
            previous,
            journal_fact(id=fact_id, type="receipt", seq=seq, device_time=when, payload=payload),
        )
        facts.append(
            {
                "id": str(fact_id),
                "type": "receipt",
                "seq": seq,
                "prev_hash": previous,
                "hash": digest,
                "device_time": when.isoformat(),
                "payload": payload,
            }
        )
        previous = digest
    return [facts[i : i + size] for i in range(0, len(facts), size)]
