"""What the services need from the rest of Kassa, as small Protocols.

The real adapters (the device replica of ``kassa.sync.replica``, the print
queue and drawer of ``kassa.devices``, the sync engine) are wired to these in
``kassa.terminal.bootstrap``; tests pass real SQLite-backed adapters or the
device simulators. Records crossing a port are plain frozen dataclasses.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from kassa.core.money import Money


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""


@dataclass(frozen=True)
class UserRecord:
    """A synced user able to sign in on a terminal (PIN hash: argon2 encoded string)."""

    id: uuid.UUID
    name: str
    role: str  # "cashier" | "manager" | "rep" | "admin"
    pin_hash: str
    active: bool = True


class UserDirectory(Protocol):
    def users(self) -> Sequence[UserRecord]:
        """Every user of this store (inactive ones included; the service filters)."""


@dataclass(frozen=True)
class CatalogItem:
    """A sellable product at the price resolved for this terminal (gross, tax included)."""

    product_id: uuid.UUID
    sku: str
    name: str
    price: Money
    tax_rate: Decimal  # percent, e.g. Decimal("20")
    group_id: uuid.UUID | None = None
    unit: str = "pc"
    weighed: bool = False  # sold by weight: quantity has decimals
    tax_code: str = ""


@dataclass(frozen=True)
class GroupRecord:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class CustomerRecord:
    id: uuid.UUID
    name: str
    tax_id: str = ""
    archived: bool = False
    price_list_id: uuid.UUID | None = None  # the customer's own prices, if any


class Customers(Protocol):
    def search(self, text: str, *, limit: int = 30) -> Sequence[CustomerRecord]: ...

    def by_id(self, customer_id: uuid.UUID) -> CustomerRecord | None: ...


@dataclass(frozen=True)
class PriceBreak:
    min_quantity: float  # a count compared as SQLite compares it (REAL), not money
    price: Money  # gross unit price


@dataclass(frozen=True)
class PriceBreaks:
    """Every price that may apply to a product for one customer's list (or none), read
    with the product, in precedence order: ``at`` is what ``Catalog.price`` answers."""

    product_id: uuid.UUID
    price_list_id: uuid.UUID | None
    breaks: tuple[PriceBreak, ...] = ()

    def at(self, quantity: Decimal) -> Money | None:
        """The first break whose minimum quantity ``quantity`` reaches; None if none."""
        wanted = float(abs(quantity))
        for found in self.breaks:
            if found.min_quantity <= wanted:
                return found.price
        return None


@dataclass(frozen=True)
class BarcodeHit:
    """A barcode's product and how many units one scan means (a 6-pack: 6), with the
    prices read along with it (``prices``; None when the catalog does not give them)."""

    item: CatalogItem
    quantity: Decimal = Decimal(1)
    prices: PriceBreaks | None = None


class Catalog(Protocol):
    def by_barcode(self, code: str, *, price_list_id: uuid.UUID | None = None) -> BarcodeHit | None:
        """The product of ``code`` at the shelf price (``item.price``: quantity 1, no
        customer list); ``prices`` for the customer's ``price_list_id``."""

    def by_id(self, product_id: uuid.UUID) -> CatalogItem | None: ...

    def search(self, text: str, *, limit: int = 50) -> Sequence[CatalogItem]: ...

    def groups(self) -> Sequence[GroupRecord]: ...

    def in_group(self, group_id: uuid.UUID, *, limit: int = 100) -> Sequence[CatalogItem]: ...

    def price(
        self, product_id: uuid.UUID, *, quantity: Decimal, price_list_id: uuid.UUID | None = None
    ) -> Money | None:
        """The gross unit price for ``quantity`` (quantity breaks), with the customer's
        price list first when ``price_list_id`` is given; None when nothing applies."""


@dataclass(frozen=True)
class ScannedCode:
    """A decoded scan: the code to look up, and a weight or price it carried (GS1
    variable measure, e.g. EAN-13 prefixes 20-29), with the price's currency unknown
    (``price_minor``) until the product is known."""

    lookup: str
    weight: Decimal | None = None  # kg
    price_minor: int | None = None


class BarcodeDecoder(Protocol):
    def decode(self, raw: str) -> ScannedCode:
        """Raises ValueError with a clear message for an unreadable code."""


@dataclass(frozen=True)
class RecordedFact:
    """A fact as stored: durable (committed, synchronous=FULL) when returned."""

    id: uuid.UUID
    type: str
    seq: int
    number: str | None  # "<store>-<terminal>-<seq>" for numbered kinds
    device_time: datetime
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class StoredShiftSums:
    """A shift's running sums as stored with its facts (``ShiftSums`` JSON): every
    fact of the shift up to ``through_seq`` is counted in them."""

    opened_seq: int
    through_seq: int
    sums: str


class FactLog(Protocol):
    def record(
        self, *, type: str, payload: dict[str, Any], number_kind: str | None = None
    ) -> RecordedFact:
        """Commit fact + outbox + journal (+ a gapless number of ``number_kind``) at once."""

    def by_number(self, number: str) -> RecordedFact | None: ...

    def by_id(self, fact_id: uuid.UUID) -> RecordedFact | None: ...

    def of_types(self, types: Sequence[str], *, after_seq: int = 0) -> Sequence[RecordedFact]:
        """Facts of these types in sequence order."""

    def last(self, types: Sequence[str]) -> RecordedFact | None:
        """The latest fact of one of these types."""

    def referring(self, *, type: str, key: str, value: str) -> Sequence[RecordedFact]:
        """Facts of ``type`` whose payload field ``key`` equals ``value`` (e.g. the
        returns naming a receipt), in sequence order."""

    def shift_sums(self, shift_id: str) -> StoredShiftSums | None:
        """The running sums kept with the facts of shift ``shift_id``; None if none."""


class LocalState(Protocol):
    """Device-only JSON documents that are not facts: parked sales, a close in progress."""

    def put(self, *, kind: str, key: str, value: Mapping[str, Any]) -> None: ...

    def get(self, *, kind: str, key: str) -> Mapping[str, Any] | None: ...

    def take(self, *, kind: str, key: str) -> Mapping[str, Any] | None:
        """Get and delete in one transaction (recall a parked sale exactly once)."""

    def list(self, *, kind: str) -> Sequence[tuple[str, Mapping[str, Any]]]: ...


@dataclass(frozen=True)
class PaymentMethodRecord:
    """A tender the terminal offers: ``kind`` "cash" rounds and gives change."""

    code: str
    name: str
    kind: str  # "cash" | "card" | "voucher" | "on_account" | "other"
    opens_drawer: bool = False


class PaymentMethods(Protocol):
    def methods(self) -> Sequence[PaymentMethodRecord]: ...


class PrintQueue(Protocol):
    def submit(self, *, kind: str, document: Mapping[str, Any]) -> str:
        """Queue a receipt/report for printing; returns a job id. Never raises for a
        printer fault: a failed job stays queued and can be retried."""


class CashDrawer(Protocol):
    def open(self) -> bool:
        """Kick the drawer; False (never an exception) when it could not."""


class SyncNudge(Protocol):
    def nudge(self) -> None:
        """Ask the sync engine to push soon (non-blocking)."""
