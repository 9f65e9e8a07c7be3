"""``python -m bench``: every figure of issue 7, a table, and ``docs/PERFORMANCE.md``.

    python -m bench              # full sizes (make bench), about 15 minutes
    python -m bench --quick      # small sizes, a smoke run (writes bench/.data/)
    python -m bench --only terminal,sync

A section that fails (a part of Kassa still being built) is reported as
"not yet measurable" with the reason, and the run goes on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

from bench import machine, report
from bench.run import SECTIONS, Plan, run_all

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--seed", type=int, default=7, help="data generator seed (default 7)")
    parser.add_argument("--only", default="", help=f"comma-separated: {', '.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=None, help="the report file to write")
    parser.add_argument("--work", type=Path, default=None, help="scratch dir (default bench/.data)")
    args = parser.parse_args(argv)
    only = [s for s in args.only.split(",") if s] or list(SECTIONS)
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; use {', '.join(SECTIONS)}")
    plan = Plan.quick(args.seed) if args.quick else Plan.full(args.seed)
    work = args.work or ROOT / "bench" / ".data" / ("work-quick" if args.quick else "work")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out = args.out or (
        ROOT / "bench" / ".data" / "PERFORMANCE-quick.md"
        if args.quick
        else ROOT / "docs" / "PERFORMANCE.md"
    )
    # a terminated run still stops its servers and clusters (the sections' finally blocks)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    result = report.Report(machine=machine.describe(extra={"load average at start": load}))
    start = time.perf_counter()
    try:
        run_all(result, plan=plan, sections=only, work=work, log=_log)
    except KeyboardInterrupt:
        traceback.print_exc()
        result.findings.append("The run was interrupted; the figures above are partial.")
    elapsed = time.perf_counter() - start
    result.machine["load average at end"] = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    result.machine["bench run time"] = (
        f"{elapsed / 60:.1f} min ({'quick' if args.quick else 'full'})"
    )
    findings = ROOT / "bench" / "FINDINGS.md"
    if findings.exists():
        result.findings.append(findings.read_text(encoding="utf-8").strip())
    print()
    print(report.text_table(result.figures))
    for figure in result.figures:
        if figure.profile:
            print(f"\nprofile of {figure.name}: {figure.profile}")
    report.write(result, out, title="Kassa performance" + (" (quick run)" if args.quick else ""))
    print(f"\nwrote {out} in {elapsed / 60:.1f} min")
    return 0


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
