"""Terminal figures through the services: scan, search as you type, a 20-line sale, Z report.

Runs on a complete replica of store S01 (the raw load). Each sale scans 20
barcodes (each scan timed), then checks out in cash (timed: the receipt fact,
its outbox entry and journal link committed with ``synchronous=FULL``, the
receipt laid out and rendered to ESC/POS bytes, the print job stored). The Z
figure fills the shift up to 5,000 sales with copies of those receipts
(recorded one by one through the replica's ``record_fact``, each with the
shift's running sums kept in its transaction, as the terminal's fact log does),
then times the services' X report (the Z totals) and one real close.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bench import profiles
from bench.pos_rig import build, sample_barcodes
from bench.report import Figure, Report
from bench.timing import measure, summarize
from bench.vocabulary import SEARCHES

SECTION = "Terminal services (big replica, store S01)"


# barcode -> product -> the store's top price; the device keeps no price index by product
# alone (sync/replica/migrate.py), so the price is probed per applicable list, as it does
LOOKUP = (
    "SELECT p.id, p.name, i.price_minor FROM barcodes b JOIN products p ON p.id = b.product_id "
    "JOIN price_lists l ON (l.store_id IS NULL OR l.store_id = ?) "
    "JOIN price_list_items i ON i.price_list_id = l.id AND i.product_id = p.id "
    "WHERE b.code = ? ORDER BY l.priority DESC LIMIT 1"
)
FTS = "SELECT rowid FROM product_search WHERE product_search MATCH ? LIMIT 50"


def _raw_commit(device_file: Path, runs: int):
    """A raw executemany of 20 rows and a durable commit, beside the device file."""
    scratch = device_file.with_name("raw-insert.sqlite")
    db = sqlite3.connect(scratch, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE IF NOT EXISTS line (sale INTEGER, n INTEGER, body TEXT)")
        rows = [(0, n, "x" * 200) for n in range(20)]

        def commit(_: int) -> None:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT INTO line VALUES (?, ?, ?)", rows)
            db.execute("COMMIT")

        return measure(commit, runs=runs, warmup=5)
    finally:
        db.close()


def _read_through(path: Path) -> None:
    with path.open("rb") as file:
        while file.read(16 << 20):
            pass


def _timed(call, samples: list[float]):
    start = time.perf_counter()
    result = call()
    samples.append(time.perf_counter() - start)
    return result


def _ms(stats, which: str = "p99") -> str:
    return f"{stats.get(which) * 1e3:.3f} ms"


def run(
    report: Report,
    *,
    data_dir: Path,
    sales: int,
    z_sales: int,
    profile: bool = True,
    log=print,
) -> None:
    from kassa.core.money import Money
    from kassa.terminal.services.events import Tender

    device_file = data_dir / "device.sqlite3"
    _read_through(device_file)  # a terminal that sells all day has its catalog in the page cache
    codes = sample_barcodes(device_file, count=sales * 20 + 120)  # the rest for profiles
    pos, printer = build(data_dir)
    raw = sqlite3.connect(device_file)  # the limits, interleaved with the services' calls
    raw_scans: list[float] = []
    store = pos.extras["identity"].store_id.hex
    raw_searches: list[float] = []
    try:
        pos.auth.login("9999")
        pos.shift.open(opening_float=Money(10_000, pos.currency))
        pos.auth.login("1111")
        for i in range(3):  # warm-up
            pos.sale.search(SEARCHES[i])

        service_searches: list[float] = []
        for i in range(max(len(SEARCHES), sales)):
            text = SEARCHES[i % len(SEARCHES)]
            _timed(lambda text=text: raw.execute(FTS, (f'"{text}"',)).fetchall(), raw_searches)
            _timed(lambda text=text: pos.sale.search(text), service_searches)
        searches = summarize(service_searches)
        scans, checkouts = [], []
        clock = time.perf_counter
        for sale in range(sales):
            for line in range(20):
                code = codes[sale * 20 + line]
                _timed(lambda code=code: raw.execute(LOOKUP, (store, code)).fetchall(), raw_scans)
                start = clock()
                pos.sale.scan(code)
                scans.append(clock() - start)
            due = pos.sale.view().total
            start = clock()
            pos.sale.checkout([Tender("cash", due)])
            checkouts.append(clock() - start)
        limits = {
            "scan": summarize(raw_scans),
            "search": summarize(raw_searches),
            "insert": _raw_commit(device_file, runs=max(50, sales)),
        }
        scan, sale_stats = summarize(scans), summarize(checkouts)
        report.add(
            Figure(
                SECTION,
                "scan -> priced line in the cart",
                "ms",
                judged="p99",
                stats=scan,
                target=2.0,
                limit=f"raw SQLite indexed lookup (barcode+product+price) p99 "
                f"{_ms(limits['scan'])}",
                note=f"{scan.runs} scans of random barcodes, 20 per sale",
            )
        )
        report.add(
            Figure(
                SECTION,
                "search as you type, 3 letters",
                "ms",
                judged="p95",
                stats=searches,
                target=15.0,
                limit=f"raw FTS5 trigram MATCH, 50 rows, p95 {_ms(limits['search'], 'p95')}",
                note=f"{searches.runs} searches over {len(SEARCHES)} inputs "
                f"({', '.join(SEARCHES)}), accents folded, up to 50 hits",
            )
        )
        size = sum(printer.sizes) / max(len(printer.sizes), 1)
        report.add(
            Figure(
                SECTION,
                "complete a 20-line sale durably",
                "ms",
                judged="p95",
                stats=sale_stats,
                target=25.0,
                limit=f"raw executemany of 20 rows + durable commit p95 "
                f"{_ms(limits['insert'], 'p95')}",
                note=f"{sale_stats.runs} cash sales: fact+outbox+journal "
                f"(synchronous=FULL), receipt {size:,.0f} ESC/POS bytes, print "
                "job stored",
            )
        )
        if profile:
            _profile_misses(report, pos, codes[sales * 20 :])
        try:
            _z_report(report, pos, z_sales=z_sales, profile=profile, log=log)
        except Exception as exc:  # the other figures stand; say why this one is missing
            name = f"Z report over a shift of {z_sales:,} sales"
            reason = f"failed: {type(exc).__name__}: {exc}"[:300]
            report.add(Figure(SECTION, name, "ms", target=100.0, missing=reason))
    finally:
        raw.close()
        pos.close()


def _profile_misses(report: Report, pos, codes: list[str]) -> None:
    """Profile the missed figures (after the timed runs, so they stay unprofiled)."""
    from kassa.terminal.services.events import Tender

    figures = {f.name: f for f in report.figures if f.section == SECTION}
    scan = figures["scan -> priced line in the cart"]
    if scan.status == "MISSED":
        scan.profile = profiles.in_process(lambda i: pos.sale.scan(codes[i]), runs=20)
        pos.sale.checkout([Tender("cash", pos.sale.view().total)])
    search = figures["search as you type, 3 letters"]
    if search.status == "MISSED":
        search.profile = profiles.in_process(
            lambda i: pos.sale.search(SEARCHES[i % len(SEARCHES)]), runs=2 * len(SEARCHES)
        )
    sale = figures["complete a 20-line sale durably"]
    if sale.status == "MISSED":

        def fill(k: int) -> None:
            for code in codes[20 * k : 20 * k + 20]:
                pos.sale.scan(code)

        sale.profile = profiles.in_process(
            lambda _: pos.sale.checkout([Tender("cash", pos.sale.view().total)]),
            runs=5,
            prepare=fill,
        )


def _z_report(report: Report, pos, *, z_sales: int, profile: bool, log) -> None:
    from kassa.sync.replica.facts import record_fact
    from kassa.sync.replica.unit_of_work import UnitOfWork
    from kassa.terminal.services.adapters import shift_totals

    replica = pos.extras["replica"]
    made = list(pos.sale.ctx.facts.of_types(["receipt"]))
    missing = z_sales - len(made)
    log(f"Z report: adding {missing:,} receipts to the shift (copies of the bench's sales)")
    for first in range(0, missing, 250):
        with UnitOfWork(replica) as uow:
            for n in range(first, min(first + 250, missing)):
                payload = {k: v for k, v in made[n % len(made)].payload.items() if k != "number"}
                done = record_fact(uow, type="receipt", payload=payload, number_kind="receipt")
                shift_totals.keep(
                    uow.connection, seq=done.seq, type=done.type, payload=done.payload
                )
            uow.commit()
    pos.auth.login("9999")
    x = measure(lambda _: pos.shift.x_report(), runs=10 if z_sales >= 1000 else 4, warmup=1)
    totals = pos.shift.x_report().totals
    if totals.sales_count != z_sales:
        raise RuntimeError(f"the shift holds {totals.sales_count} sales, expected {z_sales}")
    where = ""
    if profile and x.p95 * 1e3 > 100.0:
        where = profiles.in_process(lambda _: pos.shift.x_report(), runs=3)
    start = time.perf_counter()
    top = max(pos.shift.denominations() or (10_000,))
    pieces = min(totals.expected_cash.minor // top, 10_000)  # over/short is recorded
    pos.shift.count({top: int(pieces)})
    closed = pos.shift.close()
    close_s = time.perf_counter() - start
    figure = report.add(
        Figure(
            SECTION,
            f"Z report over a shift of {z_sales:,} sales",
            "ms",
            judged="p95",
            stats=x,
            target=100.0,
            limit=f"one real close (count + Z fact + print): {close_s * 1e3:.0f} ms",
            note=f"{x.runs} runs of the Z totals (X report, printed); "
            f"{closed.z_number}: {totals.sales_count:,} sales of 20 lines",
        )
    )
    figure.profile = where
