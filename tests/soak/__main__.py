"""``python -m tests.soak`` (``make soak``): the long soak, its figures into docs/RELIABILITY.md.

Runs tests/soak/test_soak.py through pytest (so it uses the same e2e fixtures:
a throwaway PostgreSQL cluster, server processes) with the long plan
(``soak_plan.LONG_FORM``; any ``KASSA_SOAK_*`` variable already set wins), then
replaces the "Soak" section of docs/RELIABILITY.md with the run's figures,
whether it passed or not. ``--short`` runs the CI form; ``--no-write`` leaves
the document alone. The exit status is pytest's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCUMENT = ROOT / "docs" / "RELIABILITY.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__)
    parser.add_argument("--short", action="store_true", help="run the short (CI) form")
    parser.add_argument("--no-write", action="store_true", help="do not touch RELIABILITY.md")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from soak_plan import LONG_FORM

    if not args.short:
        for name, value in LONG_FORM.items():
            os.environ.setdefault(name, value)
    report = Path(tempfile.mkdtemp(prefix="kassa-soak-")) / "soak-section.md"
    os.environ["KASSA_SOAK_REPORT"] = str(report)
    code = pytest.main(
        [str(HERE / "test_soak.py"), "-q", "-s", "-p", "no:cacheprovider", "--rootdir", str(ROOT)]
    )
    if not report.exists():
        print("the soak stopped before it had figures; RELIABILITY.md left alone", file=sys.stderr)
        return int(code) or 1
    if not args.no_write:
        from soak_report import write_section  # its imports need the e2e helpers on the path

        write_section(DOCUMENT, report.read_text(encoding="utf-8"))
        print(f"figures written to {DOCUMENT} (section 'Soak')")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
