"""Offers: every revision a rep pushes is kept (``OfferRevision``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Session, select

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.field.context import live_customer, parsed
from kassa.server.tables import OfferRevision
from kassa.sync.field_facts import OfferFact
from kassa.sync.models import SalesOrder, Terminal
from kassa.sync.protocol import PushFact


def apply_offer(
    changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime
) -> None:
    offer: OfferFact = parsed(fact)
    session = changes.session
    clash = session.exec(
        select(OfferRevision.id).where(
            OfferRevision.offer_id == offer.offer_id, OfferRevision.revision == offer.revision
        )
    ).first()
    if clash is not None:
        raise ServiceError(
            "duplicate_revision",
            f"offer {offer.offer_id} already has revision {offer.revision} (fact {clash}); "
            "a revision is a new fact with the next number",
        )
    customer = live_customer(changes, offer.customer.customer_id, terminal=terminal)
    session.add(
        OfferRevision(
            id=fact.id,
            offer_id=offer.offer_id,
            revision=offer.revision,
            number=offer.number or "",
            terminal_id=terminal.id,
            store_id=terminal.store_id,
            customer_id=customer.id,
            deal_id=offer.deal_id,
            rep_user_id=offer.rep.user_id,
            valid_until=offer.valid_until,
            currency=offer.currency,
            net_minor=offer.net_minor,
            tax_minor=offer.tax_minor,
            total_minor=offer.total_minor,
            device_time=fact.device_time,
            received_at=now,
            payload=fact.payload,
        )
    )


def offer_revisions(session: Session, offer_id: uuid.UUID) -> list[OfferRevision]:
    query = select(OfferRevision).where(OfferRevision.offer_id == offer_id)
    return list(session.exec(query.order_by(OfferRevision.revision)))


def offer_status(session: Session, revisions: list[OfferRevision], *, today: date) -> str:
    """``accepted`` once an order names it, else ``open`` (or ``expired`` past its date)."""
    ids = {r.offer_id for r in revisions}
    ordered = session.exec(select(SalesOrder.id).where(SalesOrder.offer_id.in_(ids))).first()
    if ordered is not None:
        return "accepted"
    latest = revisions[-1]
    return "expired" if latest.valid_until < today else "open"
