"""Tables only the device has: its facts, outbox, counters, sync state and identity.

The replicated master data (products, prices, ...) are S's SQLModel tables in
``kassa.sync.models``; these live beside them in the same file, in their own
``MetaData`` so the server never creates them. Times are UTC ISO 8601 text.

- ``fact``: the device's fact log and journal, one row per completed fact,
  ``seq`` gapless from 1, ``hash`` chaining to the previous row. Immutable:
  triggers (created by the migration) refuse UPDATE and DELETE.
- ``outbox``: one entry per fact, written in the same transaction; the push
  worker sends ``pending`` entries in ``seq`` order and marks them ``sent`` or
  ``quarantined`` only after the server answered.
- ``document_counter``: the last number given per document kind (receipt, ...).
- ``sync_state``: one row: pull cursor, last push / pull / success, last error,
  whether the catalog is complete, and a staged full pull's cursor and progress.
- ``device_identity``: one row: which terminal of which store this device is.
- ``shift_totals``: the open shift's running sums (the terminal's ``ShiftSums`` as
  JSON), written in the same transaction as each fact of the shift; ``through_seq``
  is the last fact folded in. Derived: the facts can always recompute it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SEARCH_TABLE = "product_search"  # FTS5 over product names and SKUs (made by hand in SQL)

DEVICE_METADATA = MetaData()

fact = Table(
    "fact",
    DEVICE_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("id", String(36), nullable=False, unique=True),
    Column("type", String(40), nullable=False),
    Column("device_time", String(40), nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON, exactly as hashed
    Column("number", String(80), nullable=True, unique=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("seq >= 1", name="fact_seq_positive"),
    Index("ix_fact_type_seq", "type", "seq"),  # the last fact of a type (the open shift)
)

OUTBOX_STATES = ("pending", "sent", "quarantined")

outbox = Table(
    "outbox",
    DEVICE_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("state", String(12), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("answered_at", String(40), nullable=True),
    Column("reason", Text, nullable=True),
    CheckConstraint("state IN ('pending', 'sent', 'quarantined')", name="outbox_state_known"),
    Index("ix_outbox_state_seq", "state", "seq"),
)

document_counter = Table(
    "document_counter",
    DEVICE_METADATA,
    Column("kind", String(40), primary_key=True),
    Column("value", Integer, nullable=False),
)

sync_state = Table(
    "sync_state",
    DEVICE_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("cursor", Text, nullable=False, server_default=""),
    Column("catalog_ready", Boolean, nullable=False, server_default="0"),
    Column("last_pull_at", String(40), nullable=True),
    Column("last_push_at", String(40), nullable=True),
    Column("last_success_at", String(40), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("last_error_at", String(40), nullable=True),
    Column("staged_pull", Boolean, nullable=False, server_default="0"),
    Column("staged_cursor", Text, nullable=False, server_default=""),
    Column("staged_rows_done", Integer, nullable=False, server_default="0"),
    Column("staged_rows_total", Integer, nullable=False, server_default="0"),
    CheckConstraint("id = 1", name="sync_state_single_row"),
)

device_identity = Table(
    "device_identity",
    DEVICE_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("terminal_id", String(36), nullable=False),
    Column("terminal_code", String(40), nullable=False),
    Column("store_id", String(36), nullable=False),
    Column("store_code", String(40), nullable=False),
    Column("server_url", Text, nullable=True),
    Column("enrolled_at", String(40), nullable=False),
    CheckConstraint("id = 1", name="device_identity_single_row"),
)

shift_totals = Table(
    "shift_totals",
    DEVICE_METADATA,
    Column("shift_id", String(36), primary_key=True),
    Column("opened_seq", Integer, nullable=False),  # the shift_opened fact
    Column("through_seq", Integer, nullable=False),  # facts up to here are in ``sums``
    Column("sums", Text, nullable=False),  # JSON, integers only (minor units, counts)
)
