"""A device as a terminal runs it: enrolled with a one-time code, synced by the real engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from kassa.sync.client.credentials import Credentials, database_path
from kassa.sync.client.enrollment import enroll_device
from kassa.sync.client.service import build_engine
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.migrate import open_replica


def enroll_code(database_url: str, *, store_code: str) -> str:
    """A one-time code made on the server database, as ``kassa server enroll-code`` does."""
    from kassa.server.enrollment import make_enroll_code, store_by_code
    from kassa.server.store import Database
    from kassa.sync.models import utc_now

    db = Database(database_url)
    try:
        with db.write() as session:
            code, _ = make_enroll_code(
                session,
                store=store_by_code(session, store_code),
                now=utc_now(),
                ttl=timedelta(hours=2),
            )
    finally:
        db.dispose()
    return code


@dataclass
class Device:
    data_dir: Path
    credentials: Credentials
    replica: Replica

    @classmethod
    def enroll(cls, *, data_dir: Path, server_url: str, database_url: str, store: str) -> Device:
        code = enroll_code(database_url, store_code=store)
        credentials = enroll_device(
            data_dir=data_dir, server_url=server_url, code=code, device_name="bench"
        )
        return cls(data_dir, credentials, open_replica(database_path(data_dir)))

    def engine(self, **options):
        return build_engine(replica=self.replica, credentials=self.credentials, **options)

    def close(self) -> None:
        self.replica.dispose()
