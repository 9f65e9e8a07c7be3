"""Swapping a complete staged pull in: table renames, bulk index builds, one transaction.

For each replicated table the live table is dropped (with its indexes and
triggers) and its ``stage_`` copy renamed into its place; the indexes are then
built again from their saved SQL, under the same names (building an index in
one sort beats inserting into it row by row). The search index is rebuilt from
the new products in one statement and the search triggers come back. All of it
runs inside the caller's ``BEGIN IMMEDIATE`` transaction, together with the
last page and the saved cursor; SQLite DDL is transactional, so a failure or a
crash rolls everything back and the previous catalog stays whole.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from kassa.sync.models import REPLICATED_TABLES
from kassa.sync.replica.changes import STAGE_PREFIX
from kassa.sync.replica.engine import CACHE_KIB
from kassa.sync.replica.schema import SEARCH_TABLE

SWAP_CACHE_KIB = 256_000  # room for the index builds


def swap_in(db: sqlite3.Connection, *, cursor: str, at: datetime) -> None:
    """Replace every replicated table by its staged copy (inside the caller's transaction)."""
    search_sql = _sql(db, "SELECT sql FROM main.sqlite_master WHERE name = ?", SEARCH_TABLE)
    triggers = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name = 'products'"
        ).fetchall()
    ]
    db.execute(f"PRAGMA main.cache_size = {-SWAP_CACHE_KIB}")
    try:
        for name in REPLICATED_TABLES:
            indexes = [
                sql
                for (sql,) in db.execute(
                    "SELECT sql FROM main.sqlite_master "
                    "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                    (name,),
                ).fetchall()
            ]
            db.execute(f'DROP TABLE main."{name}"')
            db.execute(f'ALTER TABLE main."{STAGE_PREFIX}{name}" RENAME TO "{name}"')
            for sql in indexes:
                db.execute(sql)
        db.execute(f"DROP TABLE main.{SEARCH_TABLE}")
        db.execute(search_sql)
        db.execute(
            f"INSERT INTO main.{SEARCH_TABLE} (rowid, text) "
            "SELECT rowid, kassa_fold(name) || ' ' || kassa_fold(sku) FROM main.products"
        )
        for sql in triggers:
            db.execute(sql)
    finally:
        db.execute(f"PRAGMA main.cache_size = {-CACHE_KIB}")
    db.execute(
        "UPDATE main.sync_state SET cursor = ?, catalog_ready = 1, staged_pull = 0, "
        "staged_cursor = '', last_pull_at = ?, last_success_at = ?",
        (cursor, at.isoformat(), at.isoformat()),
    )


def _sql(db: sqlite3.Connection, query: str, name: str) -> str:
    row = db.execute(query, (name,)).fetchone()
    if row is None:
        raise RuntimeError(f"the device database has no {name}; run its migrations")
    return row[0]
