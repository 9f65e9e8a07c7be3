"""The opaque pull cursor: server epoch, store, and the position (version, row id)."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass


class BadCursor(ValueError):
    """The cursor text is not one this server wrote."""


@dataclass(frozen=True)
class Cursor:
    epoch: uuid.UUID
    store_id: uuid.UUID
    version: int
    row_id: uuid.UUID | None  # None: before every row of ``version``

    def encode(self) -> str:
        raw = json.dumps(
            [str(self.epoch), str(self.store_id), self.version, self.row_id and str(self.row_id)],
            separators=(",", ":"),
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            epoch, store, version, row = json.loads(raw)
            if not isinstance(version, int) or version < 0:
                raise ValueError("version")
            return cls(uuid.UUID(epoch), uuid.UUID(store), version, uuid.UUID(row) if row else None)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise BadCursor(f"not a cursor from this server: {text[:40]!r}") from exc

    def key(self) -> tuple[int, int]:
        return (self.version, self.row_id.int if self.row_id else -1)
