"""Head-office changes written straight into the server's SQLite database.

One transaction per change set, stamped like the server stamps writes: the
change counter row is bumped (``BEGIN IMMEDIATE`` holds the lock until commit)
and every changed row gets that version (see ``server/changes.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

STAMP = "2026-06-01 00:00:00.000000"


def change_rows(
    path: Path, *, table: str, ids: Sequence[str], assignment: str, values: Sequence
) -> int:
    """``UPDATE table SET <assignment>`` (one ``?`` per row from ``values``) for ``ids``."""
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("BEGIN IMMEDIATE")
        version = db.execute(
            "UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value"
        ).fetchone()[0]
        db.executemany(
            f'UPDATE "{table}" SET {assignment}, version = ?, updated_at = ? WHERE id = ?',
            [(value, version, STAMP, row_id) for value, row_id in zip(values, ids, strict=True)],
        )
        db.execute("COMMIT")
    finally:
        db.close()
    return version


def base_price_ids(path: Path, *, count: int, offset: int) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [
            row[0]
            for row in db.execute(
                "SELECT i.id FROM price_list_items i JOIN price_lists l ON l.id = i.price_list_id "
                "WHERE l.code = 'BASE' ORDER BY i.product_id LIMIT ? OFFSET ?",
                (count, offset),
            )
        ]
    finally:
        db.close()


def product_ids(path: Path, *, count: int) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("SELECT id FROM products ORDER BY sku LIMIT ?", (count,))]
    finally:
        db.close()
