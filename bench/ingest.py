"""Server ingest: terminals pushing sales at once, then a check for loss and duplicates.

``terminals`` enrolled devices each push their share of ``sales`` receipt facts
(``lines`` lines each, a valid journal chain) in batches of the engine's size
(200), all at once from one thread per terminal, to ``processes`` server
processes on the same database (terminal i talks to process i mod n). Bodies
are built and serialised before the clock starts, so the client costs little.
Afterwards the database must hold every fact exactly once, each terminal's
sequence 1..n without a gap, and a replayed batch must change nothing.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from bench import profiles
from bench.device import enroll_code
from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.sync.protocol import journal_fact

BATCH = 200


@dataclass(frozen=True)
class Ingest:
    sales: int
    seconds: float
    resent: int
    verified: str
    profile: str = ""

    @property
    def rate(self) -> float:
        return self.sales / self.seconds


def prepare_database(url: str) -> None:
    """Migrate and create store S01 (as head office would)."""
    from kassa.server.changes import ChangeWriter
    from kassa.server.schema import upgrade
    from kassa.server.store import Database
    from kassa.sync.models import Store

    db = Database(url)
    try:
        upgrade(db)
        with db.write() as session:
            ChangeWriter(session).save(Store(code="S01", name="Ingest store", currency="EUR"))
    finally:
        db.dispose()


def _receipt(n: int, terminal: int, lines: int) -> dict:
    rows = [
        {
            "sku": f"SKU{(n * 7 + k) % 200_000:07d}",
            "name": f"Produkt Nr. {k} Crème",
            "quantity": "1",
            "unit_price": 199 + k,
            "total": 199 + k,
            "tax_code": "A",
            "tax_rate": "20",
        }
        for k in range(lines)
    ]
    total = sum(r["total"] for r in rows)
    return {
        "kind": "sale",
        "number": f"S01-T{terminal:02d}-{n:06d}",
        "currency": "EUR",
        "lines": rows,
        "total": total,
        "subtotal": total,
        "tenders": [{"method": "cash", "kind": "cash", "amount": total}],
        "taxes": [
            {
                "code": "A",
                "rate": "20",
                "net": total * 5 // 6,
                "tax": total - total * 5 // 6,
                "gross": total,
            }
        ],
    }


def facts_for(terminal: int, count: int, lines: int) -> list[bytes]:
    """The terminal's facts as serialised push bodies of ``BATCH`` facts."""
    start = datetime(2026, 11, 23, 8, tzinfo=UTC)
    previous, facts = GENESIS, []
    for seq in range(1, count + 1):
        fid, when, payload = (
            new_id(),
            start + timedelta(seconds=seq),
            _receipt(seq, terminal, lines),
        )
        body = journal_fact(id=fid, type="receipt", seq=seq, device_time=when, payload=payload)
        digest = chain_hash(previous, body)
        facts.append(
            {
                "id": str(fid),
                "type": "receipt",
                "seq": seq,
                "prev_hash": previous,
                "hash": digest,
                "device_time": when.isoformat(),
                "payload": payload,
            }
        )
        previous = digest
    return [
        json.dumps({"facts": facts[i : i + BATCH]}).encode() for i in range(0, len(facts), BATCH)
    ]


def enroll_all(url: str, servers: list, terminals: int) -> list[str]:
    tokens = []
    with httpx.Client(timeout=30) as client:
        for n in range(terminals):
            code = enroll_code(url, store_code="S01")
            answer = client.post(
                f"{servers[0].url}/api/v1/enroll", json={"code": code, "device_name": f"ingest-{n}"}
            )
            answer.raise_for_status()
            tokens.append(answer.json()["token"])
    return tokens


@dataclass
class Pushed:
    seconds: float
    resent: int  # batches sent again after an unknown outcome (5xx, timeout), as a device does
    first_error: str


def push_all(servers: list, tokens: list[str], bodies: list[list[bytes]]) -> Pushed:
    errors: list[str] = []
    unknown: list[str] = []
    barrier = threading.Barrier(len(tokens) + 1)

    def send(client: httpx.Client, n: int, body: bytes, *, resent: bool) -> bool:
        """True when answered; a 5xx or a timeout is an unknown outcome (resend)."""
        try:
            answer = client.post("/api/v1/push", content=body)
        except httpx.TransportError as exc:
            unknown.append(f"terminal {n}: {exc!r}")
            return False
        if answer.status_code >= 500:
            unknown.append(f"terminal {n}: HTTP {answer.status_code} {answer.text[:160]}")
            return False
        if answer.status_code != 200:
            raise RuntimeError(f"terminal {n}: HTTP {answer.status_code} {answer.text[:200]}")
        allowed = {"stored", "duplicate"} if resent else {"stored"}
        bad = [r for r in answer.json()["results"] if r["status"] not in allowed]
        if bad:
            raise RuntimeError(f"terminal {n}: {bad[0]}")
        return True

    def worker(n: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[n]}", "Content-Type": "application/json"}
        with httpx.Client(
            base_url=servers[n % len(servers)].url, headers=headers, timeout=60
        ) as client:
            barrier.wait()
            try:
                for body in bodies[n]:
                    attempt = 0
                    while not send(client, n, body, resent=attempt > 0):
                        attempt += 1
                        if attempt > 30:
                            raise RuntimeError(f"terminal {n}: no answer after 30 resends")
                        time.sleep(min(0.2 * 2**attempt, 5.0))
            except RuntimeError as exc:
                errors.append(str(exc))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(tokens))]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} terminals failed; first: {errors[0]}")
    return Pushed(seconds, len(unknown), unknown[0] if unknown else "")


def verify(url: str, *, servers: list, tokens: list[str], bodies, per_terminal: int) -> str:
    """Every fact once, every sequence gapless, a replay changes nothing; raises otherwise."""
    from sqlalchemy import text

    from kassa.server.store import Database

    with httpx.Client(timeout=60) as client:  # a replayed batch: "duplicate", nothing stored
        answer = client.post(
            f"{servers[0].url}/api/v1/push",
            content=bodies[0][0],
            headers={"Authorization": f"Bearer {tokens[0]}", "Content-Type": "application/json"},
        )
        statuses = {r["status"] for r in answer.json()["results"]}
        if statuses != {"duplicate"}:
            raise RuntimeError(f"replayed batch answered {statuses}, expected only duplicate")
    db = Database(url)
    try:
        with db.read() as session:
            run = session.connection().execute
            total, distinct = run(text("SELECT count(*), count(DISTINCT id) FROM facts")).one()
            bad = run(
                text(
                    "SELECT terminal_id, count(*), min(seq), max(seq), count(DISTINCT seq) "
                    "FROM facts GROUP BY terminal_id HAVING count(*) != :n OR min(seq) != 1 "
                    "OR max(seq) != :n OR count(DISTINCT seq) != :n"
                ),
                {"n": per_terminal},
            ).all()
            terminals = run(text("SELECT count(DISTINCT terminal_id) FROM facts")).scalar_one()
            collisions = run(text("SELECT count(*) FROM fact_collisions")).scalar_one()
    finally:
        db.dispose()
    expected = per_terminal * len(tokens)
    if total != expected or distinct != expected or bad or terminals != len(tokens) or collisions:
        raise RuntimeError(
            f"ingest check failed: {total} facts ({distinct} distinct) for {expected} sent, "
            f"{terminals} terminals, {len(bad)} with a gap or extra, {collisions} collisions"
        )
    return (
        f"{total:,} facts stored once each ({distinct:,} distinct ids), {terminals} "
        "terminals gapless 1..n, a replayed batch answered duplicate"
    )


def run_ingest(
    *,
    url: str,
    servers: list,
    terminals: int,
    sales: int,
    lines: int,
    spy_seconds: float = 0,
    log=print,
) -> Ingest:
    per_terminal = sales // terminals
    tokens = enroll_all(url, servers, terminals)
    log(f"ingest: building {per_terminal * terminals:,} facts for {terminals} terminals")
    bodies = [facts_for(n, per_terminal, lines) for n in range(terminals)]
    spy = profiles.Spy(servers[0].process.pid, seconds=spy_seconds).start() if spy_seconds else None
    pushed = push_all(servers, tokens, bodies)
    profile = spy.summary() if spy else ""
    checked = verify(url, servers=servers, tokens=tokens, bodies=bodies, per_terminal=per_terminal)
    if pushed.resent:
        checked += (
            f"; {pushed.resent} batches had no answer and were resent (first: "
            f"{pushed.first_error[:160]})"
        )
    return Ingest(per_terminal * terminals, pushed.seconds, pushed.resent, checked, profile)
