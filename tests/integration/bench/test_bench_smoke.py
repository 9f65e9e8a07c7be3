"""The benchmark harness on tiny data, so ``make bench`` cannot rot between runs.

Generates a tiny chain into a real server database (its migrations, then the
generator's executemany), loads one store's scope into a real device file,
sells through the terminal's services (scans, searches, a 20-line sale, a Z
report) and writes the report: every figure must carry real numbers.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report, terminal_bench  # noqa: E402
from bench.catalog import TINY, generate  # noqa: E402
from bench.ean import is_valid  # noqa: E402
from bench.replica_load import load, make_ready, scope_rows  # noqa: E402
from bench.timing import measure  # noqa: E402


def _server_db(path: Path) -> Path:
    from kassa.server.schema import upgrade
    from kassa.server.store import Database, sqlite_url

    db = Database(sqlite_url(path))
    upgrade(db)
    db.dispose()
    generate(path, sizes=TINY, seed=3)
    return path


@pytest.mark.slow  # about 10 s on a busy 2-core machine, most of it imports
def test_tiny_bench_run_reports_every_terminal_figure(tmp_path):
    server = _server_db(tmp_path / "server.sqlite")
    db = sqlite3.connect(server)
    codes = [row[0] for row in db.execute("SELECT code FROM barcodes")]
    names = [row[0] for row in db.execute("SELECT name FROM products")]
    store_id = db.execute("SELECT id FROM stores WHERE code = 'S01'").fetchone()[0]
    db.close()
    assert len(codes) == TINY.barcodes and all(is_valid(code) for code in codes)
    assert any(not name.isascii() for name in names)

    data_dir = tmp_path / "terminal"
    data_dir.mkdir()
    raw = load(data_dir / "device.sqlite3", scope_rows(server, store_id=store_id))
    assert raw.per_table["products"] == TINY.products and raw.seconds > 0
    make_ready(data_dir / "device.sqlite3", store_id=store_id, store_code="S01")

    result = report.Report(machine={"CPU": "test"})
    terminal_bench.run(
        result, data_dir=data_dir, sales=2, z_sales=30, profile=False, log=lambda _: None
    )
    by_name = {figure.name.split(" over ")[0]: figure for figure in result.figures}
    assert set(by_name) == {
        "scan -> priced line in the cart",
        "search as you type, 3 letters",
        "complete a 20-line sale durably",
        "Z report",
    }
    for figure in result.figures:
        assert figure.missing is None and figure.result is not None and figure.result > 0
        assert figure.status in ("met", "MISSED") and figure.limit
    assert by_name["scan -> priced line in the cart"].stats.runs == 40

    out = tmp_path / "PERFORMANCE.md"
    report.write(result, out)
    text = out.read_text()
    assert "| CPU | test |" in text and "scan -> priced line in the cart" in text


def test_timing_percentiles_are_nearest_rank():
    samples = iter([0.005, 0.001, 0.002, 0.003, 0.004] * 20)
    stats = measure(lambda _: None, runs=3)
    assert stats.runs == 3 and stats.minimum <= stats.median <= stats.p99
    from bench.timing import summarize

    stats = summarize([next(samples) for _ in range(100)])
    assert (stats.median, stats.p95, stats.p99, stats.maximum) == (0.003, 0.005, 0.005, 0.005)
