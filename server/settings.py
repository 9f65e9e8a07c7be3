"""The server's settings, read once from the config (``[server]``) at the edge.

``database_url`` defaults to ``server.db`` in the data dir (SQLite);
``KASSA_SERVER__DATABASE_URL=postgresql://...`` moves it to PostgreSQL.
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

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, data_dir: Path) -> ServerSettings:
        section = config.get("server", {}) or {}
        return cls(
            database_url=str(section.get("database_url") or sqlite_url(data_dir / "server.db")),
            host=str(section.get("host", cls.host)),
            port=int(section.get("port", cls.port)),
            enroll_code_hours=int(section.get("enroll_code_hours", cls.enroll_code_hours)),
            pull_limit=int(section.get("pull_limit", cls.pull_limit)),
        )
