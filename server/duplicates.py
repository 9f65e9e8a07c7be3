"""Duplicates created offline, merged at head office; devices follow ``merged_into``."""

from __future__ import annotations

import uuid

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.merge import follow_merges
from kassa.sync.models import Customer


def merge_customers(
    changes: ChangeWriter, *, duplicate_id: uuid.UUID, survivor_id: uuid.UUID
) -> Customer:
    """Head office folds a duplicate into a survivor; devices follow ``merged_into``."""
    session = changes.session
    duplicate, survivor = session.get(Customer, duplicate_id), session.get(Customer, survivor_id)
    if duplicate is None or survivor is None or survivor.deleted:
        raise ServiceError("not_found", "both customers must exist", status=404)
    if duplicate_id == survivor_id or follow_merges(changes, survivor).id == duplicate_id:
        raise ServiceError("merge_loop", "a customer cannot be merged into itself")
    duplicate.merged_into, duplicate.archived = survivor.id, True
    changes.save(duplicate)
    return duplicate
