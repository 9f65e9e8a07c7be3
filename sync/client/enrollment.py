"""Enrolling a device: trade a one-time code for a terminal identity and a token.

The device database is created (migrated) first, so a device whose disk or
schema is broken fails before the one-time code is spent. Then the server
answers, and the identity goes into the device database and the token into
the credentials file. A device that is already enrolled is refused: its facts
carry the old terminal's sequence, so a new identity needs a fresh data dir.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

from kassa.sync.client.credentials import (
    Credentials,
    CredentialsError,
    credentials_path,
    database_path,
    save_credentials,
)
from kassa.sync.client.transport import HttpTransport
from kassa.sync.protocol import EnrollRequest
from kassa.sync.replica.identity import DeviceIdentity, load_identity, save_identity
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.unit_of_work import UnitOfWork, reading


def enroll_device(
    *,
    data_dir: Path,
    server_url: str,
    code: str,
    device_name: str | None = None,
    transport: HttpTransport | None = None,
) -> Credentials:
    """Enroll this device; raises ``CredentialsError`` or a transport error with advice."""
    if credentials_path(data_dir).exists():
        raise CredentialsError(
            f"this device is already enrolled ({credentials_path(data_dir)}); to enroll it "
            "as another terminal use a fresh data directory (set KASSA_DATA_DIR)"
        )
    replica = open_replica(database_path(data_dir))
    try:
        with reading(replica) as connection:
            known = load_identity(connection)
        if known is not None:
            raise CredentialsError(
                f"the device database already belongs to terminal {known.store_code}-"
                f"{known.terminal_code}; use a fresh data directory (set KASSA_DATA_DIR)"
            )
        request = EnrollRequest(code=code.strip(), device_name=device_name or socket.gethostname())
        own = transport is None
        transport = transport or HttpTransport(base_url=server_url)
        try:
            answer = transport.enroll(request)
        finally:
            if own:
                transport.close()
        credentials = Credentials(
            server_url=server_url.rstrip("/"),
            token=answer.token,
            terminal_id=answer.terminal_id,
            terminal_code=answer.terminal_code,
            store_id=answer.store_id,
            store_code=answer.store_code,
        )
        with UnitOfWork(replica) as uow:
            save_identity(
                uow.connection,
                DeviceIdentity(
                    terminal_id=answer.terminal_id,
                    terminal_code=answer.terminal_code,
                    store_id=answer.store_id,
                    store_code=answer.store_code,
                    server_url=credentials.server_url,
                    enrolled_at=datetime.now(UTC),
                ),
            )
            uow.commit()
        save_credentials(data_dir, credentials)
        return credentials
    finally:
        replica.dispose()
