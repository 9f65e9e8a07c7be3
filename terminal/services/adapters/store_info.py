"""The store as paper and screens show it: name, address, tax number, local time.

``ReplicaStorePaper`` reads the synced ``stores`` row of this device's store
(and the terminal's name) from the device replica. The row is re-read at most
once a minute, from the thread that prints (``current()``); ``zone`` and
``cached`` only return what was read last, so the UI thread can call them.
An unknown or empty time zone falls back to UTC (and is logged), an unreadable
replica to the last good read: a printout is never refused for this.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from kassa.devices.layout.inputs import PaperFormat, StoreInfo
from kassa.sync.models import Store, Terminal
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.unit_of_work import reading

log = logging.getLogger(__name__)
REFRESH_SECONDS = 60.0


@dataclass(frozen=True)
class StorePaper:
    """What every printout of this till shares: the store header, the till, the zone."""

    store: StoreInfo = field(default_factory=lambda: StoreInfo(name="Kassa"))
    zone: tzinfo = UTC
    terminal: str = ""

    @property
    def fmt(self) -> PaperFormat:
        """Amounts as the screen writes them (``12.50``), times in the store's zone."""
        return PaperFormat(decimal=".", group=",", zone=self.zone)


def zone_named(name: str) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("store time zone %r is unknown: times are shown in UTC", name)
        return UTC


def address_lines(address: str) -> tuple[str, ...]:
    """``"Hauptstraße 1, 1010 Wien"`` -> two lines; new lines are kept as they are."""
    parts = address.splitlines() if "\n" in address else address.split(",")
    return tuple(part.strip() for part in parts if part.strip())


def store_paper(
    row, *, terminal: str = "", header: Sequence[str] = (), footer: Sequence[str] = ()
) -> StorePaper:
    """A ``StorePaper`` from a stores row (name, address, tax_number, timezone)."""
    extra = tuple(line for line in header if line and line != row.name)
    info = StoreInfo(
        name=row.name,
        address=address_lines(row.address or "") + extra,
        tax_id=f"Tax no. {row.tax_number}" if row.tax_number else "",
        **({"footer": tuple(footer)} if footer else {}),
    )
    return StorePaper(store=info, zone=zone_named(row.timezone or ""), terminal=terminal)


class ReplicaStorePaper:
    def __init__(
        self,
        replica: Replica,
        *,
        store_id: uuid.UUID,
        terminal_id: uuid.UUID | None = None,
        header: Sequence[str] = (),
        footer: Sequence[str] = (),
    ) -> None:
        self.replica, self.store_id, self.terminal_id = replica, store_id, terminal_id
        self.header, self.footer = tuple(header), tuple(footer)
        self._lock = threading.Lock()
        self._read_at = float("-inf")
        self.cached = StorePaper(store=StoreInfo(name=" ".join(self.header) or "Kassa"))
        self.current()

    @property
    def zone(self) -> tzinfo:
        return self.cached.zone

    def current(self) -> StorePaper:
        with self._lock:
            if time.monotonic() - self._read_at >= REFRESH_SECONDS:
                self._read_at = time.monotonic()
                try:
                    self.cached = self._read() or self.cached
                except Exception:
                    log.exception("could not read the store row; printing with the last one")
            return self.cached

    def _read(self) -> StorePaper | None:
        stores, terminals = Store.__table__.c, Terminal.__table__.c  # type: ignore[attr-defined]
        with reading(self.replica) as connection:
            row = connection.execute(select(stores).where(stores.id == self.store_id)).first()
            till = None
            if self.terminal_id is not None:
                till = connection.execute(
                    select(terminals.code).where(terminals.id == self.terminal_id)
                ).first()
        if row is None:
            log.warning("store %s is not in the replica yet: no address printed", self.store_id)
            return None
        terminal = till.code if till is not None else ""  # printed as "Till T01"
        return store_paper(row, terminal=terminal, header=self.header, footer=self.footer)
