"""What every field-sales service shares: who is signed in, the device's files, the clock.

``FieldContext`` is built once by ``build_field_services`` (``bundle``) from the
till's own parts (its ``Auth``, ``FactLog``, replica, clock, print queue and
sync nudge), so a rep's tablet is the same app as the cashier's terminal.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, Protocol

from kassa.sync.replica.engine import Replica
from kassa.terminal.services.errors import NotAllowed
from kassa.terminal.services.ports import Clock, FactLog, RecordedFact
from kassa.terminal.services.roles import Operator, Role

FIELD_ROLES = (Role.REP, Role.MANAGER, Role.ADMIN)


class Signer(Protocol):
    def require(self) -> Operator: ...


class DocumentQueue(Protocol):
    """The durable print queue (``kassa.devices.print_queue.PrintQueue``)."""

    def submit(self, document: Any) -> str: ...


@dataclass
class FieldContext:
    auth: Signer
    facts: FactLog
    replica: Replica
    clock: Clock
    currency: str
    store_id: uuid.UUID | None
    store_name: str = ""
    documents: DocumentQueue | None = None  # None: no printer on this device
    nudge: Callable[[], None] = lambda: None
    pdf_dir: Path = Path(".")
    zone: tzinfo | None = None  # the rep's local time zone for day views (None: UTC)

    def rep(self) -> Operator:
        """The signed-in operator, who must be allowed to do field sales."""
        operator = self.auth.require()
        if operator.role not in FIELD_ROLES:
            raise NotAllowed(
                f"{operator.name} ({operator.role}) may not do field sales; a rep signs in here"
            )
        return operator

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        moment = self.now()
        return (moment.astimezone(self.zone) if self.zone else moment).date()

    def record(
        self, type: str, payload: Mapping[str, Any], *, number_kind: str | None = None
    ) -> RecordedFact:
        """Record a fact durably (journal + outbox) and ask sync to push it soon."""
        fact = self.facts.record(type=type, payload=dict(payload), number_kind=number_kind)
        with suppress(Exception):  # a sync hiccup never undoes a recorded fact
            self.nudge()
        return fact
