"""The device's enrollment: which server, which terminal, and its bearer token.

Saved by ``kassa enroll`` as ``credentials.json`` in the data directory, readable
only by its owner (the token is a secret; the server keeps only its hash). The
device database lives beside it as ``device.sqlite3``.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

CREDENTIALS_FILE = "credentials.json"
DATABASE_FILE = "device.sqlite3"


class CredentialsError(Exception):
    """The device is not enrolled, or its credentials file cannot be read."""


@dataclass(frozen=True)
class Credentials:
    server_url: str
    token: str
    terminal_id: uuid.UUID
    terminal_code: str
    store_id: uuid.UUID
    store_code: str

    @property
    def label(self) -> str:
        return f"terminal {self.store_code}-{self.terminal_code}"


def credentials_path(data_dir: Path) -> Path:
    return data_dir / CREDENTIALS_FILE


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE


def save_credentials(data_dir: Path, credentials: Credentials) -> Path:
    """Write atomically (temp file + rename), mode 0600."""
    path = credentials_path(data_dir)
    data = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in asdict(credentials).items()}
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=2)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temp, path)
    return path


def load_credentials(data_dir: Path) -> Credentials:
    path = credentials_path(data_dir)
    if not path.exists():
        raise CredentialsError(
            f"this device is not enrolled (no {path}): "
            "run `kassa enroll --server URL --code CODE` first"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(
            server_url=data["server_url"],
            token=data["token"],
            terminal_id=uuid.UUID(data["terminal_id"]),
            terminal_code=data["terminal_code"],
            store_id=uuid.UUID(data["store_id"]),
            store_code=data["store_code"],
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CredentialsError(
            f"{path} is damaged ({exc!r}); enroll this device again with a fresh data directory"
        ) from exc


def configured_server_url() -> str | None:
    """``[sync] server_url`` of this device's config (or ``KASSA_SYNC__SERVER_URL``):
    where head office is now, when it moved after this device enrolled; None to use
    the enrolled address. The same transport security applies to it."""
    from kassa.config import ConfigError, load

    try:
        value = (load().get("sync", {}) or {}).get("server_url")
    except ConfigError:
        return None  # the config error shows elsewhere
    return str(value).rstrip("/") if value else None
