"""The opaque pull cursor: server epoch, store, the position (version, row id),
and, in the middle of a pull, the estimate of the rows still to come.

The estimate is counted once, on the first page of a pull, and carried from
page to page in the cursor (the server keeps no state per device); a cursor
without one (the first page, or a caught-up pull) makes the server count again.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass


class BadCursor(ValueError):
    """The cursor text is not one this server wrote."""


AFTER_ALL = uuid.UUID(int=(1 << 128) - 1)  # a cursor row id after every row of a version


@dataclass(frozen=True)
class Cursor:
    epoch: uuid.UUID
    store_id: uuid.UUID
    version: int
    row_id: uuid.UUID | None  # None: before every row of ``version``
    remaining: int | None = None  # rows of this pull after the position (an estimate)

    def encode(self) -> str:
        fields = [
            str(self.epoch),
            str(self.store_id),
            self.version,
            self.row_id and str(self.row_id),
        ]
        if self.remaining is not None:
            fields.append(self.remaining)
        raw = json.dumps(fields, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            epoch, store, version, row, *rest = json.loads(raw)
            remaining = rest[0] if len(rest) == 1 else None
            if len(rest) > 1 or not _count(version) or not (remaining is None or _count(remaining)):
                raise ValueError("version")
            return cls(
                uuid.UUID(epoch),
                uuid.UUID(store),
                version,
                uuid.UUID(row) if row else None,
                remaining,
            )
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise BadCursor(f"not a cursor from this server: {text[:40]!r}") from exc

    def key(self) -> tuple[int, int]:
        return (self.version, self.row_id.int if self.row_id else -1)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
