"""After a soak: what the server holds against what the terminals recorded.

Facts are counted on the server by id and by (terminal, seq): ``lost`` are
sales a terminal recorded that the server does not have, ``duplicated`` are
extra copies (by id, or a second fact at a terminal's seq), ``gaps`` are seqs
missing from a terminal's 1..n, ``out_of_order`` are terminals whose facts sit
at other seqs than the terminal gave them, ``unexpected`` are facts no terminal
recorded. Prices are compared by SKU between head office's last import, the
server's price list rows and each device's replica.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import create_engine, text

_PRICES = """
    SELECT p.sku, i.price_minor FROM price_list_items i
    JOIN products p ON p.id = i.product_id
    JOIN price_lists l ON l.id = i.price_list_id
    WHERE NOT i.deleted AND l.code = :code
"""


@dataclass(frozen=True)
class Ledger:
    pushed: int
    recorded: int
    lost: int
    duplicated_by_id: int
    duplicated_by_seq: int
    gaps: int
    out_of_order: int
    unexpected: int
    not_stored: int  # quarantined or otherwise not "stored"


def _engine(database_url: str):
    return create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))


def count_facts(database_url: str, sold: dict[uuid.UUID, list[uuid.UUID]]) -> Ledger:
    engine = _engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT terminal_id, seq, id, status FROM facts"))
            facts = [(_uuid(r[0]), int(r[1]), _uuid(r[2]), r[3]) for r in rows]
    finally:
        engine.dispose()
    by_id = Counter(fid for _, _, fid, _ in facts)
    by_seq = Counter((tid, seq) for tid, seq, _, _ in facts)
    recorded = {fid for ids in sold.values() for fid in ids}
    gaps = out_of_order = 0
    for terminal_id, ids in sold.items():
        mine = sorted({(seq, fid) for tid, seq, fid, _ in facts if tid == terminal_id})
        seqs = {seq for seq, _ in mine}
        gaps += len(set(range(1, max(seqs, default=0) + 1)) - seqs)
        out_of_order += [fid for _, fid in mine] != ids
    return Ledger(
        pushed=len(by_id),
        recorded=len(recorded),
        lost=len(recorded - set(by_id)),
        duplicated_by_id=sum(n - 1 for n in by_id.values()),
        duplicated_by_seq=sum(n - 1 for n in by_seq.values()),
        gaps=gaps,
        out_of_order=out_of_order,
        unexpected=len(set(by_id) - recorded),
        not_stored=sum(1 for *_, status in facts if status != "stored"),
    )


def server_prices(database_url: str, *, store: str) -> dict[str, int]:
    """{sku: price} of ``store``'s price list (``PL-<store>``) on the server."""
    engine = _engine(database_url)
    try:
        with engine.connect() as connection:
            return dict(connection.execute(text(_PRICES), {"code": f"PL-{store}"}).all())
    finally:
        engine.dispose()


def device_prices(replica_engine, *, store: str) -> dict[str, int]:
    """{sku: price} of ``store``'s price list in a device's replica."""
    with replica_engine.connect() as connection:
        return dict(connection.execute(text(_PRICES), {"code": f"PL-{store}"}).all())


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
