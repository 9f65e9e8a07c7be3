"""Checking a device's records: the journal chain and gapless number series.

Used by ``kassa verify`` and the crash test. A series is the numbers of one
kind (receipts, ``Z-`` reports, ``IO-`` invoice orders) in sequence order; it
must run 1, 2, 3 ... with no gap and no repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from kassa.sync.replica.engine import Replica
from kassa.sync.replica.journal import verify_journal
from kassa.sync.replica.schema import fact
from kassa.sync.replica.unit_of_work import reading


@dataclass(frozen=True)
class AuditReport:
    facts: int
    series: dict[str, int]  # series prefix -> how many numbers
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def series_problems(name: str, numbers: Sequence[str]) -> list[str]:
    problems = []
    for expected, number in enumerate(numbers, start=1):
        seq = int(number.rsplit("-", 1)[1])
        if seq != expected:
            problems.append(f"{name}: expected number {expected}, found {number}")
            break
    return problems


def audit(replica: Replica) -> AuditReport:
    with reading(replica) as connection:
        broken = verify_journal(connection)
        rows = connection.execute(
            select(fact.c.type, fact.c.number, fact.c.payload).order_by(fact.c.seq)
        ).all()
    series: dict[str, list[str]] = {}
    for row in rows:
        if row.number:  # receipts: S01-T01-000001; other kinds: Z-S01-T01-000001 ...
            parts = row.number.split("-")
            name = "receipt" if len(parts) == 3 else parts[0]
            series.setdefault(name, []).append(row.number)
    problems = [f"journal: {broken.reason}"] if broken else []
    for name, numbers in series.items():
        problems += series_problems(name, numbers)
    return AuditReport(
        facts=len(rows), series={k: len(v) for k, v in series.items()}, problems=tuple(problems)
    )
