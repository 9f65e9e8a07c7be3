"""``LocalState`` in its own small SQLite file: parked sales, a close in progress,
the PIN lockout counter. Device-only, never synced; WAL and synchronous=FULL so a
parked sale survives a power cut; ``take`` reads and deletes in one transaction.
A storage fault on a write raises ``NotSaved`` (nothing changed)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kassa.terminal.services.adapters.storage_faults import storage_guard

WHAT = {"parked_sale": "The parked sale", "shift_close": "The cash count"}


class SqliteLocalState:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS local_state (kind TEXT NOT NULL, key TEXT NOT NULL, "
            "value TEXT NOT NULL, PRIMARY KEY (kind, key))"
        )

    def put(self, *, kind: str, key: str, value: Mapping[str, Any]) -> None:
        with self._lock, storage_guard(WHAT.get(kind, "The terminal's state")):
            self._db.execute(
                "INSERT INTO local_state (kind, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
                (kind, key, json.dumps(value, sort_keys=True)),
            )

    def get(self, *, kind: str, key: str) -> Mapping[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM local_state WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        return None if row is None else json.loads(row[0])

    def take(self, *, kind: str, key: str) -> Mapping[str, Any] | None:
        with self._lock, storage_guard(WHAT.get(kind, "The terminal's state")):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT value FROM local_state WHERE kind = ? AND key = ?", (kind, key)
                ).fetchone()
                self._db.execute("DELETE FROM local_state WHERE kind = ? AND key = ?", (kind, key))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return None if row is None else json.loads(row[0])

    def list(self, *, kind: str) -> Sequence[tuple[str, Mapping[str, Any]]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT key, value FROM local_state WHERE kind = ? ORDER BY key", (kind,)
            ).fetchall()
        return [(key, json.loads(value)) for key, value in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
