"""What every field-fact applier needs: the parsed payload and checked references."""

from __future__ import annotations

import uuid
from typing import Any

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.merge import follow_merges
from kassa.sync.field_facts import FieldPayload, parse_field_fact
from kassa.sync.models import Customer, Terminal
from kassa.sync.protocol import PushFact


def parsed(fact: PushFact) -> Any:
    """The fact's payload as its ``field_facts`` model; a bad one is quarantined."""
    try:
        model: FieldPayload = parse_field_fact(fact.type, fact.payload)
    except ValueError as exc:
        raise ServiceError("invalid_payload", f"not a valid {fact.type}: {exc}") from exc
    return model


def live_customer(changes: ChangeWriter, customer_id: uuid.UUID, *, terminal: Terminal) -> Customer:
    """The customer (or the one it was merged into), if the terminal's store serves it.

    Archived customers are still accepted (DESIGN.md: a sale for an archived
    customer is kept); another store's customer is not.
    """
    customer = changes.session.get(Customer, customer_id)
    if customer is None or customer.deleted:
        raise ServiceError(
            "unknown_customer",
            f"customer {customer_id} is not known at head office; "
            "the tablet must push the customer before documents for it",
        )
    customer = follow_merges(changes, customer)
    if customer.store_id not in (None, terminal.store_id):
        raise ServiceError(
            "foreign_customer", f"customer {customer.name} is served by another store"
        )
    return customer
