"""The order of a bench run, its sizes, and the sections it can skip."""

from __future__ import annotations

import shutil
import sqlite3
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import cold_start, ingest, peer_bench, sync_bench, terminal_bench, window_start
from bench.catalog import FULL, QUICK, Sizes
from bench.dataset import server_database
from bench.processes import KassaServer, Postgres
from bench.replica_load import load, make_ready, scope_rows
from bench.report import Figure, Report

SECTIONS = ("sync", "terminal", "peer", "ingest")


@dataclass(frozen=True)
class Plan:
    seed: int
    sizes: Sizes
    sync_cap: float  # seconds before the initial sync is stopped and projected
    runs: int  # many-run figures
    sales: int  # 20-line sales through the services
    z_sales: int
    cold_starts: int
    peer_products: int
    ingest_sales: int
    ingest_terminals: int
    postgres_processes: int
    spy_seconds: float

    @classmethod
    def full(cls, seed: int) -> Plan:
        return cls(seed, FULL, 90.0, 50, 100, 5000, 3, 100_000, 20_000, 50, 2, 8.0)

    @classmethod
    def quick(cls, seed: int) -> Plan:
        return cls(seed, QUICK, 30.0, 20, 10, 300, 2, 2_000, 1_000, 10, 2, 1.0)

    def describe(self) -> list[str]:
        s = self.sizes
        return [
            f"seed {self.seed}; generated straight into the server database (schema from its "
            "migrations, executemany), cached under bench/.data by seed, sizes and schema",
            f"{s.products:,} products with {s.barcodes:,} EAN-13 barcodes (valid check digits; "
            "the second code of a product is its 6-pack), names in Latin with diacritics, "
            "English, Greek, Cyrillic and CJK",
            f"{s.price_rows:,} price-list rows over {s.price_lists} lists: BASE (all stores, all "
            f"products), one list per store, the rest customer lists for every store",
            f"{s.customers:,} customers, {s.stores} stores, {s.terminals} terminals; staff PINs "
            "hashed with cheap argon2 parameters (bench only)",
            "a terminal of store S01 sees the global rows plus S01's: the initial sync scope",
        ]


Section = Callable[[], None]


def _guard(report: Report, name: str, section: str, body: Section, log) -> None:
    try:
        body()
    except Exception as exc:  # a part still being built: report it, go on
        traceback.print_exc()
        log(f"{name} failed: {exc!r}")
        report.add(Figure(section, name, "", missing=f"failed: {type(exc).__name__}: {exc}"[:300]))


def run_all(report: Report, *, plan: Plan, sections: list[str], work: Path, log=print) -> None:
    report.dataset = plan.describe()
    raw_file = work / "raw" / "device.sqlite3"
    server_db = work / "server.sqlite"
    state: dict = {}
    if "sync" in sections or "terminal" in sections:

        def prepare() -> None:
            server_database(sizes=plan.sizes, seed=plan.seed, into=server_db, log=log)
            db = sqlite3.connect(server_db)
            store_id = db.execute("SELECT id FROM stores WHERE code = 'S01'").fetchone()[0]
            db.close()
            rows = scope_rows(server_db, store_id=store_id)
            raw_file.parent.mkdir(parents=True, exist_ok=True)
            state["raw"] = load(raw_file, rows)
            state["store_id"] = store_id
            log(f"raw local load: {state['raw'].rows:,} rows in {state['raw'].seconds:.1f} s")

        _guard(report, "prepare data", sync_bench.SECTION, prepare, log)
    if "sync" in sections and "raw" in state:
        _guard(
            report, "sync", sync_bench.SECTION, lambda: _sync(report, plan, work, state, log), log
        )
    if "terminal" in sections and "raw" in state:
        _guard(
            report,
            "terminal services",
            terminal_bench.SECTION,
            lambda: _terminal(report, plan, work, state, raw_file, log),
            log,
        )
    if "peer" in sections:
        _guard(
            report,
            "peer",
            peer_bench.SECTION,
            lambda: peer_bench.run(
                report, products=plan.peer_products, seed=plan.seed, work=work / "peer", log=log
            ),
            log,
        )
    if "ingest" in sections:
        _guard(
            report, "ingest (SQLite)", INGEST, lambda: _ingest_sqlite(report, plan, work, log), log
        )
        _guard(
            report, "ingest (PostgreSQL)", INGEST, lambda: _ingest_pg(report, plan, work, log), log
        )


def _sync(report: Report, plan: Plan, work: Path, state: dict, log) -> None:
    url = f"sqlite:///{work / 'server.sqlite'}"
    server = KassaServer(url, work / "server-process").start()
    try:
        sync_bench.run(
            report,
            server=server,
            server_db=work / "server.sqlite",
            url=url,
            raw=state["raw"],
            raw_file=work / "raw" / "device.sqlite3",
            work=work / "devices",
            cap=plan.sync_cap,
            runs=plan.runs,
            log=log,
        )
    finally:
        server.stop()


def _terminal(report: Report, plan: Plan, work: Path, state: dict, raw_file: Path, log) -> None:
    from bench.pos_rig import sample_barcodes

    data_dir = work / "terminal"
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(raw_file, data_dir / "device.sqlite3")
    make_ready(data_dir / "device.sqlite3", store_id=state["store_id"], store_code="S01")
    terminal_bench.run(report, data_dir=data_dir, sales=plan.sales, z_sales=plan.z_sales, log=log)
    codes = sample_barcodes(data_dir / "device.sqlite3", count=201, seed=5)
    section = terminal_bench.SECTION
    _guard(
        report,
        "cold start (services)",
        section,
        lambda: cold_start.run(report, data_dir=data_dir, codes=codes, runs=plan.cold_starts),
        log,
    )
    _guard(
        report,
        "cold start (window)",
        section,
        lambda: window_start.run(report, data_dir=data_dir, runs=min(2, plan.cold_starts)),
        log,
    )


INGEST = "Server ingest (50 terminals pushing at once)"


def _ingest_figure(report: Report, kind: str, processes: int, result, plan: Plan) -> None:
    report.add(
        Figure(
            INGEST,
            f"{kind}: {plan.ingest_terminals} terminals x {plan.ingest_sales:,} sales of 5 lines",
            "sales/s",
            judged="value",
            value=round(result.rate),
            target=5000.0 if kind == "PostgreSQL" else None,
            higher_is_better=True,
            limit=f"{result.seconds:.1f} s; {result.verified}{_raw_text(result)}",
            note=f"{processes} server process(es); batches of {ingest.BATCH}; durable commits",
            profile=result.profile,
        )
    )


def _raw_text(result) -> str:
    if not result.raw_rate:
        return ""
    return (
        f"; raw limit (same rows, driver executemany, durable commit per batch): "
        f"{result.raw_rate:,.0f} sales/s, Kassa at {result.rate / result.raw_rate:.0%} of it"
    )


def _ingest_sqlite(report: Report, plan: Plan, work: Path, log) -> None:
    folder = work / "ingest-sqlite"
    url = f"sqlite:///{folder / 'server.sqlite'}"
    raw_url = f"sqlite:///{folder / 'raw.sqlite'}"
    folder.mkdir(parents=True, exist_ok=True)
    ingest.prepare_database(url)
    ingest.prepare_database(raw_url)
    servers = [KassaServer(url, folder).start()]
    try:
        result = ingest.run_ingest(
            url=url,
            servers=servers,
            terminals=plan.ingest_terminals,
            sales=plan.ingest_sales,
            lines=5,
            spy_seconds=plan.spy_seconds,
            raw_url=raw_url,
            log=log,
        )
    finally:
        for server in servers:
            server.stop()
    _ingest_figure(report, "SQLite", len(servers), result, plan)


def _ingest_pg(report: Report, plan: Plan, work: Path, log) -> None:
    why = Postgres.available()
    if why:
        report.add(Figure(INGEST, "PostgreSQL ingest", "sales/s", missing=why))
        return
    cluster = Postgres().start()
    servers: list[KassaServer] = []
    try:
        url = cluster.create_database("kassa_ingest")
        raw_url = cluster.create_database("kassa_raw")
        ingest.prepare_database(url)
        ingest.prepare_database(raw_url)
        servers = [
            KassaServer(url, work / "ingest-pg").start() for _ in range(plan.postgres_processes)
        ]
        result = ingest.run_ingest(
            url=url,
            servers=servers,
            terminals=plan.ingest_terminals,
            sales=plan.ingest_sales,
            lines=5,
            spy_seconds=plan.spy_seconds,
            raw_url=raw_url,
            log=log,
        )
        _ingest_figure(report, "PostgreSQL", len(servers), result, plan)
    finally:
        for server in servers:
            server.stop()
        cluster.stop()
