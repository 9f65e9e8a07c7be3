"""Sync figures: initial sync over loopback, incremental pulls, and their limits.

- Limits measured here: the loopback HTTP round trip, the raw local load of the
  same rows (``replica_load``), JSON decode of the very bytes the pull received.
- The initial sync is the real engine (``build_engine``) on a freshly enrolled
  device, through whatever path a real device takes: the store's prebuilt
  catalog snapshot (built first with ``kassa server snapshot``, as head office
  does after an import; its build time is reported beside the figure), then a
  pull from the snapshot's cursor; or the paged pull (httpx, pages, staging,
  swap) when the server offers no snapshot. Capped at ``cap`` seconds: when the
  cap stops it, the figure is the rate so far, extrapolated to the whole scope.
- Incremental pulls run on a second enrolled device whose replica is the raw
  load (what a completed initial sync leaves) with its cursor at the server's
  head, so they do not depend on the initial sync finishing.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench import edits, loopback, profiles
from bench.device import Device
from bench.replica_load import RawLoad, make_ready
from bench.report import Figure, Report
from bench.timing import measure, summarize

SECTION = "Sync (loopback, real server process)"


class CapReached(Exception):
    pass


@dataclass
class InitialSync:
    seconds: float
    rows: int
    total: int
    finished: bool
    bodies: list[bytes]
    snapshot: bool = False  # the catalog came as the prebuilt snapshot
    snapshot_bytes: int = 0
    download_seconds: float = 0.0  # first to last byte of the snapshot

    @property
    def projected(self) -> float:
        if self.finished or not self.rows:
            return self.seconds
        return self.seconds * self.total / self.rows


def initial_sync(device: Device, *, cap: float) -> InitialSync:
    bodies: list[bytes] = []

    def keep(response) -> None:
        response.read()
        if response.request.url.path.endswith("/pull"):
            bodies.append(response.content)

    engine = device.engine()
    engine.transport._client.event_hooks["response"].append(keep)
    seen = {"done": 0, "total": 0}
    download: dict[str, float] = {}
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        seen.update(done=done, total=total)
        if time.perf_counter() - start > cap:
            raise CapReached()

    def downloaded(done: int, total: int) -> None:
        download.setdefault("first", time.perf_counter())
        download.update(last=time.perf_counter(), bytes=done)

    finished, report = True, None
    try:
        report = engine.pull(on_progress=progress, on_download=downloaded)
    except CapReached:
        finished = False
    seconds = time.perf_counter() - start
    engine.transport.close()
    return InitialSync(
        seconds,
        seen["done"],
        max(seen["total"], seen["done"]),
        finished,
        bodies,
        snapshot=bool(report and report.snapshot),
        snapshot_bytes=int(download.get("bytes", 0)),
        download_seconds=download.get("last", 0.0) - download.get("first", 0.0),
    )


def head_cursor(server_db: Path, *, store_id: uuid.UUID) -> str:
    """The cursor a device holds right after a complete initial sync (after every row)."""
    from kassa.server.cursor import Cursor

    db = sqlite3.connect(server_db)
    try:
        epoch = db.execute("SELECT epoch FROM server_state WHERE id = 1").fetchone()[0]
        version = db.execute("SELECT value FROM change_counter WHERE id = 1").fetchone()[0]
    finally:
        db.close()
    last = uuid.UUID(int=(1 << 128) - 1)
    return Cursor(uuid.UUID(hex=epoch), store_id, version, last).encode()


def synced_device(
    *, server, server_db: Path, url: str, raw_file: Path, work: Path, store: str
) -> Device:
    """An enrolled device whose replica is the raw load, cursor at the server's head."""
    from kassa.sync.replica.migrate import open_replica
    from kassa.sync.replica.sync_state import update_sync_state
    from kassa.sync.replica.unit_of_work import UnitOfWork

    device = Device.enroll(data_dir=work, server_url=server.url, database_url=url, store=store)
    device.close()
    target = device.replica.path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(raw_file, target)
    credentials = device.credentials
    make_ready(
        target,
        store_id=credentials.store_id.hex,
        store_code=credentials.store_code,
        terminal_id=credentials.terminal_id,
        terminal_code=credentials.terminal_code,
    )
    replica = open_replica(target)
    with UnitOfWork(replica) as uow:
        cursor = head_cursor(server_db, store_id=credentials.store_id)
        update_sync_state(uow.connection, cursor=cursor, catalog_ready=True)
        uow.commit()
    device.replica = replica
    return device


def run(
    report: Report,
    *,
    server,
    server_db: Path,
    url: str,
    raw: RawLoad,
    raw_file: Path,
    work: Path,
    cap: float,
    runs: int,
    log=print,
) -> None:
    rtt = loopback.round_trip(runs=max(200, runs * 5))
    rtt_text = f"loopback HTTP round trip p50 {rtt.median * 1e3:.2f} ms, p99 {rtt.p99 * 1e3:.2f} ms"
    report.add(
        Figure(
            SECTION,
            "loopback HTTP round trip (limit)",
            "ms",
            judged="median",
            stats=rtt,
            note=f"{rtt.runs} GETs, httpx, keep-alive, asyncio answerer",
        )
    )

    build_seconds, built = server.build_snapshot("S01")
    log(f"snapshot prebuilt in {build_seconds:.1f} s: {built}")
    log(f"initial sync of store S01 ({raw.rows:,} rows), capped at {cap:.0f} s")
    first = Device.enroll(
        data_dir=work / "fresh", server_url=server.url, database_url=url, store="S01"
    )
    spy_seconds = max(2.0, min(20.0, cap / 3))
    server_spy = profiles.Spy(server.process.pid, seconds=spy_seconds).start()
    client_spy = profiles.Spy(os.getpid(), seconds=spy_seconds).start()
    result = initial_sync(first, cap=cap)
    sync_profile = f"server: {server_spy.summary()}. Device: {client_spy.summary()}"
    first.close()
    size = sum(map(len, result.bodies))
    start = time.perf_counter()
    for body in result.bodies:
        json.loads(body)
    decode = time.perf_counter() - start
    if result.rows and not result.finished:  # the same bytes per row, for every row
        decode = decode * result.total / result.rows
        size = size * result.total / result.rows
    projected = "" if result.finished else " (projected to every row)"
    rate = result.rows / result.seconds if result.seconds else 0.0
    ratio = result.projected / raw.seconds if raw.seconds else 0.0
    how = (
        "finished"
        if result.finished
        else (
            f"stopped by the {cap:.0f} s cap at {result.rows:,} of {result.total:,} rows; "
            "result projected at the rate so far"
        )
    )
    initial_figure = report.add(
        Figure(
            SECTION,
            "initial sync, fresh terminal, whole store scope",
            "s",
            judged="value",
            value=result.projected,
            target=20.0,
            limit=(
                f"raw local executemany of the same {raw.rows:,} rows: {raw.seconds:.2f} s into "
                f"the device schema (ratio {ratio:.1f}x), {raw.bare_seconds:.2f} s into bare "
                f"tables; "
                + (
                    f"snapshot {result.snapshot_bytes / 1e6:.0f} MB downloaded in "
                    f"{result.download_seconds:.2f} s, checked and swapped in + pull from its "
                    f"cursor in {result.seconds - result.download_seconds:.2f} s"
                    if result.snapshot
                    else f"JSON decode of the {size / 1e6:.0f} MB{projected}: {decode:.2f} s"
                )
            ),
            note=(
                f"{how}; {rate:,.0f} rows/s; real engine, "
                + (
                    "prebuilt snapshot (sha256-checked, swapped in atomically) then a pull "
                    f"from its cursor; the snapshot was built beforehand by `kassa server "
                    f"snapshot --store S01` in {build_seconds:.1f} s (the next row: a "
                    "terminal that waits for it)"
                    if result.snapshot
                    else "paged pull (httpx, 1,000-row pages, staging, swap)"
                )
            ),
        )
    )
    if result.snapshot:
        report.add(
            Figure(
                SECTION,
                "initial sync, first terminal after a catalog change (snapshot built on demand)",
                "s",
                judged="value",
                value=build_seconds + result.projected,
                target=20.0,
                limit=f"the build {build_seconds:.1f} s + the sync above {result.projected:.2f} s",
                note=(
                    "when nobody ran `kassa server snapshot` after the change, the first "
                    "terminal's request builds it and waits; later terminals get the row above"
                ),
            )
        )
    report.add(
        Figure(
            SECTION,
            "initial sync / raw local load",
            "x",
            judged="value",
            value=round(ratio, 1),
            note="same rows, same device schema and indexes",
        )
    )

    device = synced_device(
        server=server,
        server_db=server_db,
        url=url,
        raw_file=raw_file,
        work=work / "incremental",
        store="S01",
    )
    engine = device.engine()
    if initial_figure.status == "MISSED":
        initial_figure.profile = sync_profile
    try:
        nothing = measure(lambda _: engine.pull(), runs=runs, warmup=3)
        nothing_figure = report.add(
            Figure(
                SECTION,
                "incremental pull, nothing new",
                "ms",
                judged="p95",
                stats=nothing,
                target=20.0,
                limit=rtt_text,
                note=f"{nothing.runs} pulls by the real engine",
            )
        )
        if nothing_figure.status == "MISSED":
            spy = profiles.Spy(server.process.pid, seconds=3).start()
            pulls = max(10, int(3 / max(nothing.median, 1e-3)))
            device_side = profiles.in_process(lambda _: engine.pull(), runs=pulls)
            nothing_figure.profile = f"server: {spy.summary()}. Device: {device_side}"
        samples, decode_ms, page_bytes = [], [], 0
        changes = max(3, runs // 5)
        for n in range(changes):
            ids = edits.base_price_ids(server_db, count=1000, offset=n * 1000)
            edits.change_rows(
                server_db,
                table="price_list_items",
                ids=ids,
                assignment="price_minor = ?",
                values=[1000 + n + i for i in range(len(ids))],
            )
            start = time.perf_counter()
            pulled = engine.pull()
            samples.append(time.perf_counter() - start)
            if pulled.rows != len(ids):
                raise RuntimeError(f"expected {len(ids)} changed prices, pulled {pulled.rows}")
        body = _page_bytes(server.url, device, size=1000)
        page_bytes = len(body)
        start = time.perf_counter()
        json.loads(body)
        decode_ms.append((time.perf_counter() - start) * 1e3)
        stats = summarize(samples)
        report.add(
            Figure(
                SECTION,
                "incremental pull, 1,000 changed prices",
                "ms",
                judged="p95",
                stats=stats,
                target=300.0,
                limit=(
                    f"JSON decode of a 1,000-row page ({page_bytes / 1e3:.0f} kB): "
                    f"{decode_ms[0]:.1f} ms; {rtt_text}"
                ),
                note=f"{stats.runs} runs, each after a head-office change of 1,000 base prices",
            )
        )
    finally:
        engine.transport.close()
        device.close()


def _page_bytes(base_url: str, device: Device, *, size: int) -> bytes:
    """One full page as the server sends it (from the start of the scope)."""
    import httpx

    headers = {"Authorization": f"Bearer {device.credentials.token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        return client.get("/api/v1/pull", params={"cursor": "", "limit": size}).content
