"""The server's settings, read once from the config (``[server]``) at the edge.

``database_url`` defaults to ``server.db`` in the data dir (SQLite);
``KASSA_SERVER__DATABASE_URL=postgresql://...`` moves it to PostgreSQL.
``tls_cert`` + ``tls_key`` (PEM files) make ``kassa server serve`` speak HTTPS;
``max_body_bytes`` caps a request body (413 beyond it). ``snapshot_dir`` (default
``snapshots`` in the data dir) caches the first-sync catalog snapshots; empty
turns them off (devices then pull page by page).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kassa.server.store import sqlite_url


@dataclass(frozen=True)
class ServerSettings:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8765
    enroll_code_hours: int = 24
    pull_limit: int = 1000
    tls_cert: str | None = None
    tls_key: str | None = None
    max_body_bytes: int = 16 * 1024 * 1024
    snapshot_dir: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, data_dir: Path) -> ServerSettings:
        section = config.get("server", {}) or {}
        return cls(
            database_url=str(section.get("database_url") or sqlite_url(data_dir / "server.db")),
            host=str(section.get("host", cls.host)),
            port=int(section.get("port", cls.port)),
            enroll_code_hours=int(section.get("enroll_code_hours", cls.enroll_code_hours)),
            pull_limit=int(section.get("pull_limit", cls.pull_limit)),
            tls_cert=str(section["tls_cert"]) if section.get("tls_cert") else None,
            tls_key=str(section["tls_key"]) if section.get("tls_key") else None,
            max_body_bytes=int(section.get("max_body_bytes", cls.max_body_bytes)),
            snapshot_dir=str(section.get("snapshot_dir", data_dir / "snapshots")) or None,
        )

    def tls_problem(self) -> str | None:
        """Why the TLS files cannot be used, or None (also when TLS is off)."""
        if not self.tls_cert and not self.tls_key:
            return None
        if not (self.tls_cert and self.tls_key):
            return "[server] tls_cert and tls_key go together: set both (PEM files) or neither"
        for key, value in (("tls_cert", self.tls_cert), ("tls_key", self.tls_key)):
            if not Path(value).is_file():
                return f"[server] {key} = {value!r}: no such file"
        return None

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"
