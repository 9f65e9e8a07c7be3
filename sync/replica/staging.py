"""A staged full pull: the whole catalog pulled into ``stage_<table>`` copies first.

The first sync, and a full resync after the server answered ``reset``, pull
every replicated table into a ``stage_`` copy of it in the device file (made
from the live table's own ``CREATE TABLE``, without secondary indexes, so
staging is fast). Each page and the staging cursor and progress are saved in
one transaction, so a pull cut off by a crash or the network resumes where it
stopped, while the device keeps selling from its current catalog. The last
page swaps the copies in (``swap.py``) in the same transaction: the catalog is
either the old one or the complete new one, never half of each.
"""

from __future__ import annotations

import sqlite3

from kassa.sync.models import REPLICATED_TABLES
from kassa.sync.protocol import PullPage
from kassa.sync.pull_wire import PulledPage
from kassa.sync.replica.changes import STAGE_PREFIX, apply_changes


def begin_staging(db: sqlite3.Connection) -> None:
    """Start a staged pull from "" (empty copies), inside the caller's transaction."""
    drop_stage_tables(db)
    for name in REPLICATED_TABLES:
        sql = db.execute(
            "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()[0]
        db.execute(f'CREATE TABLE main."{STAGE_PREFIX}{name}" {sql[sql.index("(") :]}')
    db.execute(
        "UPDATE main.sync_state SET staged_pull = 1, staged_cursor = '', "
        "staged_rows_done = 0, staged_rows_total = 0"
    )


def drop_stage_tables(db: sqlite3.Connection) -> None:
    for (name,) in db.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name LIKE 'stage\\_%' "
        "ESCAPE '\\'"
    ).fetchall():
        db.execute(f'DROP TABLE main."{name}"')


def staging_ready(db: sqlite3.Connection) -> bool:
    """Whether every stage table exists (a migration or a crash may have dropped them)."""
    names = {f"{STAGE_PREFIX}{name}" for name in REPLICATED_TABLES}
    found = db.execute(
        f"SELECT count(*) FROM main.sqlite_master WHERE type = 'table' "
        f"AND name IN ({', '.join('?' * len(names))})",
        tuple(names),
    ).fetchone()[0]
    return found == len(names)


def stage_page(db: sqlite3.Connection, page: PullPage | PulledPage) -> tuple[int, int]:
    """Stage one page and save its cursor and progress; returns (rows done, rows total)."""
    apply_changes(db.cursor(), page.changes, staged=True)
    done = db.execute("SELECT staged_rows_done FROM main.sync_state").fetchone()[0]
    done += len(page.changes)
    total = done + (page.remaining if page.has_more else 0)
    db.execute(
        "UPDATE main.sync_state SET staged_cursor = ?, staged_rows_done = ?, staged_rows_total = ?",
        (page.next_cursor, done, total),
    )
    return done, total
