"""The print queue's storage: one small SQLite file, one row per job.

A job is written (and synced to disk) before ``submit`` returns, so a job
survives a crash or a restart; one that was being printed when the process
stopped is printed again.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kassa.core.ids import new_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS print_job (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    document TEXT NOT NULL,
    status TEXT NOT NULL,          -- queued, printing, failed, printed, cancelled
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    reprint_of TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    printed_at TEXT,
    next_attempt REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS print_job_pending ON print_job (status, created_at);
"""
PENDING = ("queued", "failed")


@dataclass(frozen=True)
class PrintJob:
    id: str
    title: str
    document: str  # PrintDocument JSON
    status: str
    attempts: int
    last_error: str
    reprint_of: str | None
    created_at: str
    printed_at: str | None
    next_attempt: float


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class JobStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
            # A job cut off by a crash or restart prints again.
            self._db.execute(
                "UPDATE print_job SET status='failed', updated_at=?, last_error="
                "'interrupted while printing; printing it again' WHERE status='printing'",
                (_now(),),
            )

    def add(self, *, title: str, document: str, reprint_of: str | None = None) -> str:
        job_id, now = str(new_id()), _now()
        with self._lock:
            self._db.execute(
                "INSERT INTO print_job (id, title, document, status, reprint_of, created_at,"
                " updated_at) VALUES (?, ?, ?, 'queued', ?, ?, ?)",
                (job_id, title, document, reprint_of, now, now),
            )
        return job_id

    def get(self, job_id: str) -> PrintJob | None:
        rows = self._select("WHERE id = ?", (job_id,))
        return rows[0] if rows else None

    def next_pending(self) -> PrintJob | None:
        """The oldest job still to print (jobs print in the order they came)."""
        rows = self._select("WHERE status IN ('queued', 'failed') ORDER BY created_at, id LIMIT 1")
        return rows[0] if rows else None

    def recent(self, limit: int = 50) -> list[PrintJob]:
        return self._select("ORDER BY created_at DESC, id DESC LIMIT ?", (limit,))

    def count(self, *statuses: str) -> int:
        marks = ", ".join("?" for _ in statuses)
        with self._lock:
            sql = f"SELECT count(*) FROM print_job WHERE status IN ({marks})"
            return self._db.execute(sql, statuses).fetchone()[0]

    def mark(self, job_id: str, status: str, *, error: str = "", next_attempt: float = 0) -> None:
        now = _now()
        with self._lock:
            self._db.execute(
                "UPDATE print_job SET status=?, last_error=?, next_attempt=?, updated_at=?,"
                " attempts = attempts + (CASE WHEN ? IN ('printed', 'failed') THEN 1 ELSE 0 END),"
                " printed_at = CASE WHEN ? = 'printed' THEN ? ELSE printed_at END WHERE id=?",
                (status, error, next_attempt, now, status, status, now, job_id),
            )

    def make_due(self) -> None:
        """Every failed job may be tried again now."""
        with self._lock:
            self._db.execute("UPDATE print_job SET next_attempt=0 WHERE status='failed'")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _select(self, where: str, params: tuple = ()) -> list[PrintJob]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, title, document, status, attempts, last_error, reprint_of,"
                f" created_at, printed_at, next_attempt FROM print_job {where}",
                params,
            ).fetchall()
        return [PrintJob(*row) for row in rows]
