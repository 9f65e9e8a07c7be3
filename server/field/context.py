"""What every field-fact applier needs: the parsed payload and checked references."""

from __future__ import annotations

import uuid
from typing import Any

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.merge import follow_merges
from kassa.sync.field_facts import FieldPayload, parse_field_fact
from kassa.sync.models import Customer
from kassa.sync.protocol import PushFact


def parsed(fact: PushFact) -> Any:
    """The fact's payload as its ``field_facts`` model; a bad one is quarantined."""
    try:
        model: FieldPayload = parse_field_fact(fact.type, fact.payload)
    except ValueError as exc:
        raise ServiceError("invalid_payload", f"not a valid {fact.type}: {exc}") from exc
    return model


def live_customer(changes: ChangeWriter, customer_id: uuid.UUID) -> Customer:
    """The customer (or the one it was merged into); archived customers are still accepted."""
    customer = changes.session.get(Customer, customer_id)
    if customer is None or customer.deleted:
        raise ServiceError(
            "unknown_customer",
            f"customer {customer_id} is not known at head office; "
            "the tablet must push the customer before documents for it",
        )
    return follow_merges(changes, customer)
