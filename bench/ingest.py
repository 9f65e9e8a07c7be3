"""Server ingest: terminals pushing sales at once, then a check for loss and duplicates.

``terminals`` enrolled devices each push their share of ``sales`` receipt facts
(``lines`` lines each, a valid journal chain) in batches of the engine's size
(200), all at once from one thread per terminal, to ``processes`` server
processes on the same database (terminal i talks to process i mod n). Bodies
are built and serialised before the clock starts, so the client costs little.
Afterwards the database must hold every fact exactly once, each terminal's
sequence 1..n without a gap, and a replayed batch must change nothing.

``raw_limit`` is the floor beside the figure: the same rows written straight through
the driver (psycopg ``executemany`` / sqlite3 ``executemany``, payloads serialised
beforehand) into a fresh database of the same schema, one durable commit per batch of
``BATCH``, from one connection per terminal on PostgreSQL (one writer on SQLite): what
the database, its indexes and its fsyncs allow with no HTTP, checks or Python model.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from bench import profiles
from bench.device import enroll_code
from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash, verify_chain
from kassa.sync.protocol import journal_fact

BATCH = 200


@dataclass(frozen=True)
class Ingest:
    sales: int
    seconds: float
    resent: int
    verified: str
    profile: str = ""
    raw_rate: float = 0.0  # sales/s of raw_limit, 0 when not measured

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
    """Every fact once and as sent (its payload re-hashes into its terminal's journal chain),
    every sequence gapless, a replay changes nothing; raises otherwise."""
    from sqlalchemy import text
    from sqlmodel import select

    from kassa.server.store import Database
    from kassa.server.tables import Fact

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
            rows = session.exec(
                select(Fact).order_by(Fact.terminal_id, Fact.seq)  # type: ignore[arg-type]
            ).all()
    finally:
        db.dispose()
    expected = per_terminal * len(tokens)
    if total != expected or distinct != expected or bad or terminals != len(tokens) or collisions:
        raise RuntimeError(
            f"ingest check failed: {total} facts ({distinct} distinct) for {expected} sent, "
            f"{terminals} terminals, {len(bad)} with a gap or extra, {collisions} collisions"
        )
    sent = {
        (f["id"], f["hash"]) for batches in bodies for b in batches for f in json.loads(b)["facts"]
    }
    kept = {(str(row.id), row.hash) for row in rows if row.status == "stored"}
    broken = _broken_chains(rows)
    if kept != sent or broken:
        raise RuntimeError(
            f"ingest check failed: {len(sent - kept)} facts sent but not stored as sent, "
            f"{len(kept - sent)} stored but never sent, {broken} journal chains broken"
        )
    return (
        f"{total:,} facts stored once each ({distinct:,} distinct ids), {terminals} "
        "terminals gapless 1..n, every stored payload re-hashed into its journal chain, "
        "a replayed batch answered duplicate"
    )


def _broken_chains(rows) -> int:
    """Terminals whose stored facts (in ``seq`` order) do not re-hash into their chain."""
    entries: dict = {}
    for row in rows:
        body = journal_fact(
            id=row.id, type=row.type, seq=row.seq, device_time=row.device_time, payload=row.payload
        )
        entries.setdefault(row.terminal_id, []).append((row.seq, body, row.hash))
    return sum(verify_chain(chain) is not None for chain in entries.values())


def run_ingest(
    *,
    url: str,
    servers: list,
    terminals: int,
    sales: int,
    lines: int,
    spy_seconds: float = 0,
    raw_url: str | None = None,
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
    raw_rate = 0.0
    if raw_url:
        log("ingest: the same rows straight through the driver (raw limit)")
        raw_rate = raw_limit(raw_url, bodies)
    return Ingest(
        per_terminal * terminals, pushed.seconds, pushed.resent, checked, profile, raw_rate
    )


FACT_COLUMNS = (
    "id, terminal_id, store_id, seq, type, prev_hash, hash, device_time, received_at, "
    "payload, status, reason"
)
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime keeps a UTC time in SQLite


def _raw_rows(bodies: list[list[bytes]], *, sqlite: bool) -> list[list[list[tuple]]]:
    """Each terminal's batches as driver rows, stored as the server's column types store them."""
    store, now = uuid.uuid4(), datetime.now(UTC)
    terminals = []
    for batches in bodies:
        terminal, rows = uuid.uuid4(), []
        for body in batches:
            batch = []
            for fact in json.loads(body)["facts"]:
                ids: list = [uuid.UUID(fact["id"]), terminal, store]
                times: list = [datetime.fromisoformat(fact["device_time"]), now]
                if sqlite:  # Uuid as CHAR(32) hex, DateTime as naive UTC text
                    ids = [i.hex for i in ids]
                    times = [t.astimezone(UTC).strftime(SQLITE_TIME) for t in times]
                batch.append((*ids, fact["seq"], fact["type"], fact["prev_hash"], fact["hash"],
                              *times, json.dumps(fact["payload"]), "stored", None))  # fmt: skip
            rows.append(batch)
        terminals.append(rows)
    return terminals


def raw_limit(url: str, bodies: list[list[bytes]]) -> float:
    """Sales/s of the same rows written straight through the driver (see the module doc);
    ``url`` is a fresh database of the server's schema."""
    sqlite = url.startswith("sqlite")
    terminals = _raw_rows(bodies, sqlite=sqlite)
    sales = sum(len(batch) for rows in terminals for batch in rows)
    marks = ["?" if sqlite else "%s"] * 12
    if not sqlite:
        marks[9] = "%s::json"  # the payload, serialised beforehand
    insert = (
        f"INSERT INTO facts ({FACT_COLUMNS}) VALUES ({', '.join(marks)}) "
        "ON CONFLICT (id) DO NOTHING"
    )
    seconds = _raw_sqlite(url, insert, terminals) if sqlite else _raw_pg(url, insert, terminals)
    _check_raw(url, sales)
    return sales / seconds


def _raw_sqlite(url: str, insert: str, terminals: list[list[list[tuple]]]) -> float:
    import sqlite3

    connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")  # durable, as the server runs it
        start = time.perf_counter()
        for rows in terminals:  # one writer at a time: SQLite's own limit
            for batch in rows:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(insert, batch)
                connection.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        connection.close()


def _raw_pg(url: str, insert: str, terminals: list[list[list[tuple]]]) -> float:
    import psycopg

    errors: list[BaseException] = []
    barrier = threading.Barrier(len(terminals) + 1)

    def writer(rows: list[list[tuple]]) -> None:
        try:
            with psycopg.connect(url) as connection:  # synchronous_commit on: durable
                barrier.wait()
                for batch in rows:
                    with connection.cursor() as cursor:
                        cursor.executemany(insert, batch)
                    connection.commit()
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=writer, args=(rows,)) for rows in terminals]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # a writer failed: raised below
        barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"raw insert failed: {errors[0]!r}")
    return time.perf_counter() - start


def _check_raw(url: str, sales: int) -> None:
    from sqlalchemy import text

    from kassa.server.store import Database

    db = Database(url)
    try:
        with db.read() as session:
            stored = session.connection().execute(text("SELECT count(*) FROM facts")).scalar()
    finally:
        db.dispose()
    if stored != sales:
        raise RuntimeError(f"raw insert stored {stored} rows of {sales}")
