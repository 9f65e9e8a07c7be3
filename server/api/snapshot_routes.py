"""The first sync's catalog snapshot: ``GET /api/v1/snapshot`` (``kassa.server.snapshot``).

Device-authenticated and store-scoped: a terminal gets its own store's scope.
The file streams with its size, sha256, cursor and device schema revision in
headers. 404 ``snapshot_unavailable`` when snapshots are off or the device's
schema is not the one this server builds: the device then pulls page by page.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from kassa.server.api.deps import DbDep, TerminalDep
from kassa.server.errors import ServiceError
from kassa.server.snapshot import snapshot_for
from kassa.sync.replica.snapshot_file import schema_revision

router = APIRouter(tags=["sync"])


class SnapshotResponse(FileResponse):
    chunk_size = 1 << 20  # 1 MiB: Starlette's 64 KiB chunks gave about half the loopback rate


@router.get(
    "/snapshot",
    summary="The store's catalog as a ready device database (first sync)",
    response_class=SnapshotResponse,
)
def snapshot(
    terminal: TerminalDep, db: DbDep, request: Request, schema: str = ""
) -> SnapshotResponse:
    folder = request.app.state.settings.snapshot_dir
    if not folder:
        raise ServiceError("snapshot_unavailable", "this server builds no snapshots", status=404)
    if schema != schema_revision():
        raise ServiceError(
            "snapshot_unavailable",
            f"snapshots here are device schema {schema_revision()}, not {schema or 'unknown'}; "
            "pull page by page",
            status=404,
        )
    found = snapshot_for(db, store_id=terminal.store_id, folder=Path(folder))
    return SnapshotResponse(
        found.path,
        media_type="application/vnd.sqlite3",
        headers={
            "X-Kassa-Snapshot-Size": str(found.size),
            "X-Kassa-Snapshot-Sha256": found.sha256,
            "X-Kassa-Snapshot-Cursor": found.cursor,
            "X-Kassa-Snapshot-Schema": found.schema,
            "X-Kassa-Snapshot-Rows": str(found.rows),
        },
    )
