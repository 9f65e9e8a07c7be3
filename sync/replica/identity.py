"""Which terminal of which store this device is (saved once, at enrollment).

``kassa enroll`` saves it with :func:`save_identity` after the server answered;
document numbers (``<store>-<terminal>-<seq>``) are built from it. The bearer
token is a secret and is not kept here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from kassa.sync.replica.schema import device_identity


class NotEnrolled(RuntimeError):
    """The device has no terminal identity yet."""

    def __init__(self) -> None:
        super().__init__(
            "this device is not enrolled: run `kassa enroll --server URL --code CODE` first"
        )


@dataclass(frozen=True)
class DeviceIdentity:
    terminal_id: uuid.UUID
    terminal_code: str
    store_id: uuid.UUID
    store_code: str
    server_url: str | None
    enrolled_at: datetime


def save_identity(connection: Connection, identity: DeviceIdentity) -> None:
    """Set (or replace) the device's identity; commit with the caller's transaction."""
    values = {
        "terminal_id": str(identity.terminal_id),
        "terminal_code": identity.terminal_code,
        "store_id": str(identity.store_id),
        "store_code": identity.store_code,
        "server_url": identity.server_url,
        "enrolled_at": identity.enrolled_at.isoformat(),
    }
    statement = insert(device_identity).values(id=1, **values)
    connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_=values))


def load_identity(connection: Connection) -> DeviceIdentity | None:
    row = connection.execute(select(device_identity)).mappings().first()
    if row is None:
        return None
    return DeviceIdentity(
        terminal_id=uuid.UUID(row["terminal_id"]),
        terminal_code=row["terminal_code"],
        store_id=uuid.UUID(row["store_id"]),
        store_code=row["store_code"],
        server_url=row["server_url"],
        enrolled_at=datetime.fromisoformat(row["enrolled_at"]),
    )


def require_identity(connection: Connection) -> DeviceIdentity:
    identity = load_identity(connection)
    if identity is None:
        raise NotEnrolled()
    return identity
