"""Kassa beside PouchDB on the same product documents, both over loopback.

The peer holds the first N products of the generated catalog as documents
(the very JSON a Kassa pull page carries for each product row, ``_id`` = row
id) in pouchdb-server; a local PouchDB on LevelDB replicates them. Kassa
serves the same products from a server database that holds only them (plus
the store, taxes, units and groups they refer to) and a freshly enrolled
device pulls them through the real engine. Then 1,000 documents change on
each side, and then nothing changes.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from bench import edits, peer, profiles
from bench.catalog import Sizes
from bench.dataset import server_database
from bench.device import Device
from bench.processes import KassaServer
from bench.report import Figure, Report

SECTION = "Peer: PouchDB replication vs Kassa sync (same product documents)"


def peer_sizes(products: int) -> Sizes:
    return Sizes(products, 0, 0, 1, 0, 1, 0)


def export_docs(server_db: Path, target: Path) -> int:
    """The products as JSON documents, one per line, as a pull page serialises them."""
    from sqlmodel import select

    from kassa.server.store import Database, sqlite_url
    from kassa.sync.models import Product

    db = Database(sqlite_url(server_db))
    count = 0
    try:
        with db.read() as session, target.open("w", encoding="utf-8") as out:
            for row in session.exec(select(Product).order_by(Product.sku)):
                data = row.model_dump(mode="json")  # what a pull page carries (pull_rows.py)
                out.write(json.dumps({"_id": data["id"], **data}) + "\n")
                count += 1
    finally:
        db.dispose()
    return count


def _kassa(server_db: Path, work: Path, count: int, spy_seconds: float) -> dict:
    url = f"sqlite:///{server_db}"
    server = KassaServer(url, work / "kassa-server").start()
    try:
        # The store's snapshot is built before the timed sync (as with `kassa server
        # snapshot` after an import; otherwise the first terminal's request builds it):
        # timed apart and reported as the cold figure beside the judged one.
        build_seconds, _ = server.build_snapshot("S01")
        device = Device.enroll(
            data_dir=work / "kassa-device", server_url=server.url, database_url=url, store="S01"
        )
        engine = device.engine()
        server_spy = profiles.Spy(server.process.pid, seconds=spy_seconds).start()
        device_spy = profiles.Spy(os.getpid(), seconds=spy_seconds).start()
        start = time.perf_counter()
        first = engine.pull()
        initial = time.perf_counter() - start
        if not first.snapshot:
            raise RuntimeError("the fresh Kassa device did not get the catalog snapshot")
        profile = f"server: {server_spy.summary()}. Device: {device_spy.summary()}"
        ids = edits.product_ids(server_db, count=count)
        edits.change_rows(
            server_db,
            table="products",
            ids=ids,
            assignment="description = ?",
            values=[f"changed {n}" for n in range(len(ids))],
        )
        start = time.perf_counter()
        changed = engine.pull()
        changed_s = time.perf_counter() - start
        start = time.perf_counter()
        engine.pull()
        nothing = time.perf_counter() - start
        engine.transport.close()
        device.close()
        if changed.rows != len(ids):
            raise RuntimeError(f"Kassa pulled {changed.rows} changed products, not {len(ids)}")
        return {
            "initial": initial,
            "rows": first.rows,
            "changed": changed_s,
            "nothing": nothing,
            "profile": profile,
            "build": build_seconds,
        }
    finally:
        server.stop()


def _pouch(docs: Path, work: Path, count: int) -> dict[str, float]:
    pouch = peer.PouchPeer(work / "pouch").start()
    try:
        loaded = pouch.load(docs)
        local = work / "pouch" / "local"
        first = pouch.replicate(local)
        pouch.change(count)
        changed = pouch.replicate(local)
        nothing = pouch.replicate(local)
        if changed["docs_written"] != count:
            raise RuntimeError(f"PouchDB wrote {changed['docs_written']} changed docs, not {count}")
        return {
            "initial": first["ms"] / 1e3,
            "docs": first["docs_written"],
            "load": loaded["ms"] / 1e3,
            "changed": changed["ms"] / 1e3,
            "nothing": nothing["ms"] / 1e3,
        }
    finally:
        pouch.stop()


def run(report: Report, *, products: int, seed: int, work: Path, log=print) -> None:
    why = peer.ensure_installed(log=log)
    names = [
        ("initial replication", "initial", 0.1),
        ("1,000 changed documents", "changed", None),
        ("nothing changed", "nothing", None),
    ]
    if why:
        for title, _, target in names:
            report.add(
                Figure(
                    SECTION,
                    f"{title}: Kassa / PouchDB",
                    "x",
                    judged="value",
                    target=target,
                    missing=why,
                )
            )
        return
    server_db = server_database(
        sizes=peer_sizes(products), seed=seed, into=work / "peer.sqlite", log=log
    )
    docs = work / "products.ndjson"
    count = export_docs(server_db, docs)
    changes = min(1000, count)
    log(f"peer: PouchDB with {count:,} product documents")
    pouch = _pouch(docs, work, changes)
    log("peer: Kassa on the same products")
    kassa = _kassa(server_db, work, changes, spy_seconds=5.0 if count < 10_000 else 20.0)
    for title, key, target in names:
        ratio = kassa[key] / pouch[key] if pouch[key] else float("nan")
        report.add(
            Figure(
                SECTION,
                f"{title} ({count:,} products): Kassa / PouchDB",
                "x",
                judged="value",
                value=round(ratio, 3),
                target=target,
                limit=f"PouchDB {pouch[key]:.3f} s, Kassa {kassa[key]:.3f} s",
                note=(
                    f"{peer.installed_versions()}; local PouchDB on LevelDB, batch_size "
                    f"{peer.BATCH_SIZE}; Kassa: real engine, {int(kassa['rows']):,} rows, "
                    "prebuilt store snapshot downloaded and swapped in, then a pull from its "
                    f"cursor (snapshot built beforehand in {kassa['build']:.1f} s)"
                    if key == "initial"
                    else f"{changes:,} docs changed on each side"
                    if key == "changed"
                    else "a pull / replication with no change"
                ),
                profile=kassa["profile"] if key == "initial" and ratio > 0.1 else "",
            )
        )
        if key == "initial":
            cold = kassa["build"] + kassa["initial"]
            report.add(
                Figure(
                    SECTION,
                    f"{title}, snapshot built on demand ({count:,} products): Kassa / PouchDB",
                    "x",
                    judged="value",
                    value=round(cold / pouch[key], 3) if pouch[key] else float("nan"),
                    limit=f"PouchDB {pouch[key]:.3f} s, Kassa {cold:.3f} s",
                    note=(
                        "the first terminal after a catalog change when nobody ran `kassa "
                        f"server snapshot`: it waits for the build ({kassa['build']:.1f} s), "
                        "every later terminal gets the row above"
                    ),
                )
            )
