"""The soak's figures: a one-screen summary and the "Soak" section of docs/RELIABILITY.md.

``write_section`` replaces only the text from the ``## Soak`` heading to the
next ``## `` heading (other engineers own the other sections of that file).
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from soak_run import SoakResult

HEADING = "## Soak"


def figures(result: SoakResult) -> list[tuple[str, str]]:
    plan, ledger = result.plan, result.ledger
    kinds = Counter(injected.kind for injected in result.injected)
    dropped = sum(result.proxy_faults.values())
    return [
        ("terminals / stores / server processes", f"{plan.terminals} / {plan.stores} / 2"),
        ("selling time (planned)", f"{plan.seconds:.0f} s"),
        ("wall time (set-up, run, settle, count)", f"{result.wall_seconds:.0f} s"),
        ("documents recorded on the terminals", str(ledger.recorded)),
        ("documents pushed (on the server)", str(ledger.pushed)),
        ("documents lost", str(ledger.lost)),
        ("documents duplicated (by id / by terminal and seq)",
         f"{ledger.duplicated_by_id} / {ledger.duplicated_by_seq}"),
        ("gaps in a terminal's seq / terminals out of order",
         f"{ledger.gaps} / {ledger.out_of_order}"),
        ("faults injected (restarts, kills, outages, database)", str(len(result.injected))),
        ("  by kind", ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))),
        ("requests broken by the fault proxies",
         f"{dropped} of {result.proxy_requests} ("
         + ", ".join(f"{k} {n}" for k, n in result.proxy_faults.items()) + ")"),
        ("sync runs ok / given up (retried later)", f"{result.syncs_ok} / {result.syncs_failed}"),
        ("most sales waiting on one terminal", str(result.max_pending)),
        ("price changes by head office (of them by `kassa server import`)",
         f"{result.price_changes} ({result.price_changes_by_command})"),
        ("price imports retried (database down)", str(result.price_retries)),
        ("terminals not holding the latest prices", str(len(result.price_mismatches))),
        ("terminals whose journal does not verify", str(len(result.broken_journals))),
        ("time to sync everything after the run", f"{result.settle_seconds:.1f} s"),
        ("machine", f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.0f} at the end"),
    ]  # fmt: skip


def summary(result: SoakResult) -> str:
    width = max(len(name) for name, _ in figures(result))
    lines = [f"soak ({result.plan.form} form):"]
    lines += [f"  {name:<{width}}  {value}" for name, value in figures(result)]
    lines += [f"  fault at {i.at:>6.1f} s: {i.kind} ({i.down:.1f} s)" for i in result.injected]
    lines += [f"  ERROR {error}" for error in result.errors + result.price_mismatches]
    return "\n".join(lines)


def section(result: SoakResult, *, problems: list[str], when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    plan = result.plan
    rows = "\n".join(f"| {name.strip()} | {value} |" for name, value in figures(result))
    verdict = "pass" if not problems else "FAILED: " + "; ".join(problems)
    faults = "\n".join(f"| {i.at:.0f} s | {i.kind} | {i.down:.1f} s |" for i in result.injected)
    return f"""{HEADING}

What it does (`tests/soak/`, issue 8 item 4): {plan.terminals} simulated terminals, each a real
device database (SQLite file) and the real sync engine (`kassa.sync.client`), record sales
the way the till does (`record_fact`, one transaction each) and push and pull (two thirds in
a loop of a few sales then one sync run, one third through the till's background sync job,
nudged after each sale, selling on while it syncs), against two
`kassa server serve` processes sharing one PostgreSQL 15 database (the scale path), half of
them through a loopback proxy that drops connections mid-request and mid-response, sends
requests twice and answers 500 before or after the server acted. Meanwhile head office
changes prices (the CSV importer, every third time as `kassa server import prices`), and on
a schedule a server is restarted (SIGTERM), a server is killed (SIGKILL), both servers go
down for 3 s, PostgreSQL is restarted (`pg_ctl restart -m fast`) and PostgreSQL crashes
(`-m immediate`, crash recovery). The run stops by itself (time and a per-terminal sales
bound), the network heals, each terminal syncs until its outbox is empty, and then the
server's facts are counted by id and by (terminal, seq) against what each terminal recorded,
every terminal's prices are compared with head office's last import, SKU by SKU, and every
terminal's journal hash chain is verified.

- Short form, in CI: `.venv/bin/pytest tests/soak` (6 terminals, about 60 s of selling
  with each fault kind once, about 90 s in all; marked `slow`, `e2e`, `postgres`).
- Long form: `make soak` (`python -m tests.soak`: 20 terminals, 10 minutes, 30 s of calm
  between faults); it rewrites this section with its figures. `KASSA_SOAK_TERMINALS`,
  `KASSA_SOAK_SECONDS`, `KASSA_SOAK_FAULT_EVERY` … override the plan (`tests/soak/soak_plan.py`).

### Latest {plan.form} run ({when:%Y-%m-%d %H:%M} UTC): {verdict}

| figure | value |
|---|---|
{rows}

| fault at | kind | down |
|---|---|---|
{faults}
"""


def write_section(document: Path, text: str) -> None:
    """Replace the ``## Soak`` section of ``document`` (append it if missing)."""
    lines = document.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == HEADING), None)
    if start is None:
        before, after = lines, []
        if before and before[-1].strip():
            before.append("\n")
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        before, after = lines[:start], lines[end:]
    body = text.rstrip("\n") + "\n"
    document.write_text("".join(before) + body + ("\n" if after else "") + "".join(after))
