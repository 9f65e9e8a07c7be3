"""Checking a device's records: journal chain, number series, counters, outbox, guards.

Used by ``kassa verify``, the terminal's startup check (``integrity``) and the
crash test. Everything is read in one snapshot. What each check finds:

- journal: a changed fact (hash mismatch), a deleted or reordered one (the
  sequence skips or steps back), a rewritten hash (the next link breaks);
- series: the numbers of one kind (receipts, ``Z-`` reports, ``IO-`` invoice
  orders) in sequence order must run 1, 2, 3 ... with no gap and no repeat;
- counters: each kind's counter must name the last stored number of that kind,
  so deleting the newest receipts (which the chain alone cannot see) shows;
- outbox: one entry per fact, none for a fact that is gone;
- guards: the fact table's triggers refusing UPDATE and DELETE must be there.

A consistent rewrite of the whole chain from some fact on cannot be told from
the device alone (it holds no secret); head office finds it on push, for
every fact it already has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select, text

from kassa.sync.replica.engine import Replica
from kassa.sync.replica.identity import load_identity
from kassa.sync.replica.journal import verify_journal
from kassa.sync.replica.numbering import format_number
from kassa.sync.replica.schema import document_counter, fact, outbox
from kassa.sync.replica.unit_of_work import reading

GUARDS = ("fact_no_update", "fact_no_delete")


@dataclass(frozen=True)
class AuditReport:
    facts: int
    series: dict[str, int]  # series prefix -> how many numbers
    problems: tuple[str, ...]
    broken_at: int | None = None  # the first sequence number whose link breaks

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
        rows = connection.execute(select(fact.c.seq, fact.c.number).order_by(fact.c.seq)).all()
        problems = [f"journal: {broken.reason}"] if broken else []
        series: dict[str, list[str]] = {}
        for row in rows:
            if row.number:  # receipts: S01-T01-000001; other kinds: Z-S01-T01-000001 ...
                parts = row.number.split("-")
                name = "receipt" if len(parts) == 3 else parts[0]
                series.setdefault(name, []).append(row.number)
        for name, numbers in series.items():
            problems += series_problems(name, numbers)
        stored = {row.number for row in rows if row.number}
        problems += _counter_problems(connection, stored)
        problems += _outbox_problems(connection, {row.seq for row in rows})
        problems += _guard_problems(connection)
    return AuditReport(
        facts=len(rows),
        series={k: len(v) for k, v in series.items()},
        problems=tuple(problems),
        broken_at=broken.seq if broken else None,
    )


def _counter_problems(connection: Connection, stored: set[str]) -> list[str]:
    identity = load_identity(connection)
    if identity is None:
        return []
    problems = []
    for row in connection.execute(select(document_counter).order_by(document_counter.c.kind)):
        last = format_number(
            store_code=identity.store_code,
            terminal_code=identity.terminal_code,
            seq=row.value,
            kind=row.kind,
        )
        if row.value > 0 and last not in stored:
            problems.append(f"{row.kind}: {last} was issued but is not stored (deleted?)")
    return problems


def _outbox_problems(connection: Connection, seqs: set[int]) -> list[str]:
    queued = {row.seq for row in connection.execute(select(outbox.c.seq))}
    problems = []
    if gone := sorted(queued - seqs):
        problems.append(f"outbox: facts {_few(gone)} were queued but are not stored (deleted?)")
    if unqueued := sorted(seqs - queued):
        problems.append(f"outbox: facts {_few(unqueued)} have no entry, so never get pushed")
    return problems


def _guard_problems(connection: Connection) -> list[str]:
    found = {
        row.name
        for row in connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'fact'")
        )
    }
    missing = [name for name in GUARDS if name not in found]
    if not missing:
        return []
    return [f"guards: the fact table's trigger {', '.join(missing)} was removed"]


def _few(seqs: Sequence[int]) -> str:
    shown = ", ".join(str(seq) for seq in seqs[:5])
    return shown + (f" (+{len(seqs) - 5} more)" if len(seqs) > 5 else "")
