"""Sales orders: stored from ``sales_order`` facts, moved on by head office.

Statuses (``ORDER_STATUSES``): a pushed order is ``entered``; head office
confirms it, delivers it (which makes its invoice order) or cancels it; a rep's
``order_cancelled`` fact cancels it while it is not delivered. Every change is a
replicated write, so the rep's tablet pulls the new status.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import select

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError, not_found
from kassa.server.field.context import live_customer, parsed
from kassa.server.field.invoice_orders import invoice_order_for_order
from kassa.server.field.lines import from_doc_lines
from kassa.server.tables import OfferRevision
from kassa.sync.field_facts import OrderCancelledFact, SalesOrderFact
from kassa.sync.models import SalesOrder, Terminal
from kassa.sync.protocol import PushFact

# head office's moves: from -> the statuses it may go to
NEXT = {
    "entered": ("confirmed", "delivered", "cancelled"),
    "confirmed": ("delivered", "cancelled"),
    "delivered": (),
    "cancelled": (),
    "invoiced": (),
}


def apply_sales_order(
    changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime
) -> None:
    order: SalesOrderFact = parsed(fact)
    if changes.session.get(SalesOrder, order.order_id) is not None:
        raise ServiceError("duplicate_order", f"sales order {order.order_id} is already stored")
    customer = live_customer(changes, order.customer.customer_id, terminal=terminal)
    if order.offer is not None:
        _check_acceptance(changes, order)
    row = SalesOrder(
        id=order.order_id,
        number=order.number or "",
        customer_id=customer.id,
        deal_id=order.deal_id,
        offer_id=order.offer.offer_id if order.offer else None,
        offer_revision=order.offer.revision if order.offer else None,
        rep_user_id=order.rep.user_id,
        terminal_id=terminal.id,
        store_id=terminal.store_id,
        fact_id=fact.id,
        ordered_at=fact.device_time,
        status="entered",
        status_at=now,
        currency=order.currency,
        net_minor=order.net_minor,
        tax_minor=order.tax_minor,
        total_minor=order.total_minor,
        lines=from_doc_lines(order.lines),
    )
    changes.save(row)


def _check_acceptance(changes: ChangeWriter, order: SalesOrderFact) -> None:
    assert order.offer is not None
    offer = changes.session.exec(
        select(OfferRevision).where(
            OfferRevision.offer_id == order.offer.offer_id,
            OfferRevision.revision == order.offer.revision,
        )
    ).first()
    if offer is None:
        raise ServiceError(
            "unknown_offer",
            f"offer {order.offer.offer_id} revision {order.offer.revision} is not stored; "
            "push the offer before the order made from it",
        )
    offered = {line["line_id"] for line in offer.payload["lines"]}
    accepted = set(order.offer.accepted_line_ids)
    if not accepted <= offered:
        missing = ", ".join(sorted(accepted - offered))
        raise ServiceError("unknown_offer_line", f"the offer has no line(s) {missing}")
    ordered = {line.line_id for line in order.lines}
    if ordered != accepted:
        raise ServiceError(
            "order_lines_mismatch",
            "the order's lines must be exactly the accepted offer lines "
            f"(accepted {sorted(accepted)}, ordered {sorted(ordered)})",
        )


def apply_order_cancelled(
    changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime
) -> None:
    cancel: OrderCancelledFact = parsed(fact)
    row = changes.session.get(SalesOrder, cancel.order_id)
    if row is None:
        raise ServiceError("unknown_order", f"sales order {cancel.order_id} is not stored")
    if row.status == "cancelled":
        return  # cancelled already (by head office): nothing more to do
    if row.status not in ("entered", "confirmed"):
        raise ServiceError(
            "order_not_cancellable",
            f"sales order {row.number or row.id} is {row.status}; it can no longer be cancelled",
        )
    _move(changes, row, "cancelled", note=cancel.reason, now=now)


def set_order_status(
    changes: ChangeWriter, *, order_id: uuid.UUID, status: str, note: str, now: datetime
) -> SalesOrder:
    """Head office confirms, delivers or cancels an order; delivering makes its invoice order."""
    row = changes.session.get(SalesOrder, order_id)
    if row is None or row.deleted:
        raise not_found("sales order", order_id)
    allowed = NEXT.get(row.status, ())
    if status not in allowed:
        can = ", ".join(allowed) or "nothing (it is final)"
        raise ServiceError(
            "invalid_status",
            f"sales order {row.number or row.id} is {row.status}; it can go to {can}",
            status=409,
        )
    _move(changes, row, status, note=note, now=now)
    if status == "delivered":
        invoice_order_for_order(changes, row, source="head_office", now=now)
    return row


def _move(changes: ChangeWriter, row: SalesOrder, status: str, *, note: str, now: datetime) -> None:
    row.status, row.status_at, row.status_note = status, now, note[:500]
    changes.save(row)
