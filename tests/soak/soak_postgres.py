"""Restart the soak's PostgreSQL cluster in the middle of a run.

The cluster is the e2e fixture's (``postgres_cluster``): its data directory is
``<socket_dir>/data`` and its log ``<socket_dir>/postgres.log``. ``pg_ctl restart``
starts it again with the options it was started with (``postmaster.opts``), so
the port and socket stay the same and the servers' connection pools reconnect.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("KASSA_PG_BIN", "/usr/lib/postgresql/15/bin"))


def restart_postgres(socket_dir: Path, *, mode: str = "fast") -> float:
    """Stop (``fast``: clients cut off; ``immediate``: a crash) and start; seconds down."""
    if mode not in ("fast", "immediate"):
        raise ValueError(f"unknown shutdown mode {mode!r}: use 'fast' or 'immediate'")
    command = [
        str(PG_BIN / "pg_ctl"),
        "-D",
        str(socket_dir / "data"),
        "-l",
        str(socket_dir / "postgres.log"),
        "-m",
        mode,
        "-w",
        "-t",
        "60",
        "restart",
    ]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    if done.returncode != 0:
        log = socket_dir / "postgres.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL did not restart: {done.stderr}\n{tail}")
    return time.monotonic() - started
