"""Terminal cold start, services level: a fresh process to a cashier able to sell.

The parent starts ``python -m bench.cold_start DATA_DIR`` and times it to the
``READY`` line: interpreter start, imports, ``build_pos`` on the big replica
(open and migrate-check the database, wire the adapters), PIN login, the first
search and the first scan priced. The child then sells for a while (scans,
searches, sales) and reports its peak RSS. The Kivy window is measured
separately once the UI lands.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.report import Figure, Report
from bench.timing import summarize

SECTION = "Terminal services (big replica, store S01)"


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


def child(data_dir: Path, codes: list[str], started: float) -> None:
    phases: dict[str, float] = {}

    def mark(name: str) -> None:
        phases[name] = round(time.monotonic() - started - sum(phases.values()), 3)

    mark("interpreter")
    from bench.pos_rig import build
    from kassa.core.money import Money
    from kassa.terminal.bootstrap import build_pos  # noqa: F401  (the import cost)
    from kassa.terminal.services.events import Tender

    mark("imports")
    pos, _ = build(data_dir)
    mark("build_pos")
    pos.auth.login("1111")
    mark("login")
    pos.sale.search("mil")
    mark("first search")
    pos.sale.scan(codes[0])
    mark("first scan")
    print("READY " + json.dumps(phases), flush=True)
    ready_rss = _rss_mb("VmRSS")
    pos.auth.login("9999")
    if pos.shift.current() is None:
        pos.shift.open(opening_float=Money(10_000, pos.currency))
    for n, code in enumerate(codes[1:]):
        pos.sale.scan(code)
        if n % 10 == 9:
            pos.sale.search(code[-3:])
        if n % 20 == 19:
            pos.sale.checkout([Tender("cash", pos.sale.view().total)])
    memory = {"ready_rss": ready_rss, "peak_rss": _rss_mb("VmHWM"), "anon": _rss_mb("RssAnon")}
    memory["file"] = _rss_mb("RssFile")
    print(json.dumps(memory), flush=True)
    pos.close()


def run(report: Report, *, data_dir: Path, codes: list[str], runs: int) -> None:
    samples, rss, phases = [], {}, {}
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.cold_start",
                str(data_dir),
                ",".join(codes),
                repr(time.monotonic()),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        samples.append(time.perf_counter() - start)
        out, err = process.communicate(timeout=300)
        if not line.startswith("READY") or process.returncode != 0:
            raise RuntimeError(f"cold start child failed: {line}{out}{err[-2000:]}")
        rss = json.loads(out.strip().splitlines()[-1])
        phases = json.loads(line.split(" ", 1)[1])
    stats = summarize(samples)
    report.add(
        Figure(
            SECTION,
            "cold start to a ready sell screen (services level)",
            "s",
            judged="p95",
            stats=stats,
            target=3.0,
            note=f"{stats.runs} fresh processes: imports, build_pos, PIN login, first "
            "search and first priced scan; the Kivy window is not included",
            profile="phases of the last start (s): "
            + ", ".join(f"{name} {seconds:.2f}" for name, seconds in phases.items()),
        )
    )
    report.add(
        Figure(
            SECTION,
            "terminal memory (peak RSS) while selling",
            "MB",
            judged="value",
            value=round(rss["peak_rss"], 1),
            target=250.0,
            note=f"RSS at ready {rss['ready_rss']:.0f} MB; peak after "
            f"{len(codes) - 1} scans, searches and sales; at the end {rss['anon']:.0f} MB "
            f"anonymous + {rss['file']:.0f} MB file-backed (mmap of the replica, libraries)",
        )
    )


if __name__ == "__main__":
    child(Path(sys.argv[1]), sys.argv[2].split(","), float(sys.argv[3]))
