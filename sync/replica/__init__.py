"""The device replica: the local SQLite database a terminal or tablet works from.

One file per device (``<data dir>/device.sqlite`` by convention), WAL,
``synchronous=FULL``, writers start with ``BEGIN IMMEDIATE``; migrated by
Alembic (``sync/migrations``). It holds the replicated master data
(``kassa.sync.models``, pulled from head office), the device's facts with
their journal and outbox, document counters, the sync state and the device's
identity.

Opening it (composition root)::

    replica = open_replica(data_dir / "device.sqlite")   # creates / migrates
    # busy_timeout_ms= (default 10 000): how long a writer waits for another
    # connection's write lock before "database is locked"

Recording a completed fact from a use case (one transaction, durable on
commit; the sequence, the journal hash and the document number are taken
inside it, so a crash before the commit leaves neither the fact nor a gap)::

    with UnitOfWork(replica, clock=clock) as uow:
        fact = record_fact(
            uow, type="receipt", payload={"lines": [...], "total_minor": 1250, ...},
            number_kind="receipt",      # optional: adds payload["number"]
        )
        uow.commit()
    fact.number       # "S01-T02-000042" (store code, terminal code, gapless per kind)
    fact.seq, fact.id, fact.hash

``take_number(uow.connection, kind=...)`` gives a number alone (same
transaction rules). ``record_fact`` refuses unknown fact types
(``protocol.FACT_TYPES``) and floats; UUIDs, Decimals, dates and aware
datetimes in the payload are stored as text.

Reading the catalog (indexed, on demand)::

    with reading(replica) as conn:
        item = lookup_barcode(conn, "4006381333931", price_list_ids=[store_list_id])
        hits = search_products(conn, "creme bru", limit=50, price_list_ids=[...])
        # SQLModel queries work too: Session(replica.engine).exec(select(Product)...)

Syncing (the client engine, ``kassa.sync.client``)::

    outbox = FactOutbox(replica, clock=clock)     # next_batch / acknowledge / pending_count
    puller = CatalogPuller(replica, clock=clock)  # cursor / apply_page / reset / progress

``CatalogPuller.apply_page`` applies a page and saves its cursor in one
transaction. Until the device has a complete catalog (first sync), and after
``reset()``, pages are staged in ``stage_<table>`` copies and the last page
swaps them in at once, so a half-done full pull is never what the terminal
sells from; it resumes from ``cursor()`` after a crash. Ask the server for big
pages (5000 rows): each page is one commit.

State for the UI: ``load_sync_state(conn)`` (cursor, catalog_ready, last push /
pull / success, last error, staged pull progress rows done / total),
``pending_count(conn)``, ``quarantined_facts(conn)``, ``verify_journal(conn)``
(``None`` when the hash chain is intact). Enrollment stores the identity with
``save_identity(conn, DeviceIdentity(...))``; numbers need it (``NotEnrolled``).

Connections must come from this package's engine: the search triggers call the
``kassa_fold`` SQL function it registers (a bare ``sqlite3`` connection can
read the file, but writing ``products`` through it fails).
"""

from kassa.sync.replica.catalog import (
    CatalogItem,
    CatalogPrice,
    lookup_barcode,
    lookup_sku,
    search_products,
)
from kassa.sync.replica.engine import Replica, connect_replica
from kassa.sync.replica.facts import InvalidFact, RecordedFact, record_fact
from kassa.sync.replica.fold import fold
from kassa.sync.replica.identity import (
    DeviceIdentity,
    NotEnrolled,
    load_identity,
    save_identity,
)
from kassa.sync.replica.journal import verify_journal
from kassa.sync.replica.migrate import open_replica, upgrade_replica
from kassa.sync.replica.numbering import format_number, last_number, take_number
from kassa.sync.replica.outbox import (
    FactOutbox,
    QuarantinedFact,
    pending_batch,
    pending_count,
    quarantined_facts,
    record_push_results,
)
from kassa.sync.replica.pull import CatalogPuller, PullProgress
from kassa.sync.replica.rows import BadRow
from kassa.sync.replica.sync_state import (
    StoredSyncState,
    clear_error,
    load_sync_state,
    note_error,
    note_pull,
    note_push,
)
from kassa.sync.replica.unit_of_work import UnitOfWork, reading

__all__ = [
    "BadRow",
    "CatalogItem",
    "CatalogPrice",
    "CatalogPuller",
    "DeviceIdentity",
    "FactOutbox",
    "InvalidFact",
    "NotEnrolled",
    "PullProgress",
    "QuarantinedFact",
    "RecordedFact",
    "Replica",
    "StoredSyncState",
    "UnitOfWork",
    "clear_error",
    "connect_replica",
    "fold",
    "format_number",
    "last_number",
    "load_identity",
    "load_sync_state",
    "lookup_barcode",
    "lookup_sku",
    "note_error",
    "note_pull",
    "note_push",
    "open_replica",
    "pending_batch",
    "pending_count",
    "quarantined_facts",
    "reading",
    "record_fact",
    "record_push_results",
    "save_identity",
    "search_products",
    "take_number",
    "upgrade_replica",
    "verify_journal",
]
