"""Invoice orders: what head office is asked to invoice.

From a till's ``invoice_order`` (a receipt and a customer), from a rep's
``invoice_order`` for a sales order, or made by head office when it delivers an
order. A sales order and a receipt each get one invoice order at most: a
second request for the same one is stored as a fact and changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, select

from kassa.core.ids import new_id
from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.field.context import live_customer, parsed
from kassa.server.field.lines import from_receipt, taxes_of
from kassa.server.tables import Fact, InvoiceOrder
from kassa.sync.field_facts import InvoiceOrderFact
from kassa.sync.models import SalesOrder, Terminal
from kassa.sync.protocol import PushFact


def apply_invoice_order(
    changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime
) -> None:
    if "receipt_id" in fact.payload:
        _from_till(changes, terminal=terminal, fact=fact, now=now)
        return
    request: InvoiceOrderFact = parsed(fact)
    order = changes.session.get(SalesOrder, request.order_id)
    if order is None:
        raise ServiceError("unknown_order", f"sales order {request.order_id} is not stored")
    if order.status == "cancelled":
        raise ServiceError("order_cancelled", f"sales order {order.number} is cancelled")
    if order.status in ("entered", "confirmed"):  # the rep saw it delivered
        order.status, order.status_at = "delivered", now
        changes.save(order)
    invoice_order_for_order(
        changes,
        order,
        source="field",
        now=now,
        order_id=request.invoice_order_id,
        fact=fact,
    )


def invoice_order_for_order(
    changes: ChangeWriter,
    order: SalesOrder,
    *,
    source: str,
    now: datetime,
    order_id: uuid.UUID | None = None,
    fact: PushFact | None = None,
) -> InvoiceOrder:
    """The order's invoice order, made once."""
    session = changes.session
    found = session.exec(select(InvoiceOrder).where(InvoiceOrder.order_id == order.id)).first()
    if found is not None:
        return found
    row = InvoiceOrder(
        id=order_id or new_id(),
        source=source,
        fact_id=fact.id if fact else None,
        order_id=order.id,
        number=str(fact.payload.get("number", "")) if fact else "",
        customer_id=order.customer_id,
        store_id=order.store_id,
        terminal_id=order.terminal_id,
        currency=order.currency,
        price_mode=_price_mode(session, order),
        net_minor=order.net_minor,
        tax_minor=order.tax_minor,
        total_minor=order.total_minor,
        lines=list(order.lines),
        tax_lines=taxes_of(order.lines),
        created_at=now,
    )
    session.add(row)
    return row


def _price_mode(session: Session, order: SalesOrder) -> str:
    """The order fact's price mode (its lines' unit prices include tax or not)."""
    fact = session.get(Fact, order.fact_id) if order.fact_id else None
    return str(fact.payload.get("price_mode", "net")) if fact else "net"


def _from_till(changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime) -> None:
    payload = fact.payload
    try:
        receipt_id = uuid.UUID(str(payload["receipt_id"]))
        customer_id = uuid.UUID(str(payload["customer"]["id"]))
        lines, taxes = from_receipt(payload)
        currency, total = str(payload["currency"]), int(payload["total"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ServiceError("invalid_payload", f"not a valid till invoice order: {exc}") from exc
    session = changes.session
    if session.exec(select(InvoiceOrder).where(InvoiceOrder.receipt_id == receipt_id)).first():
        return  # that receipt is being invoiced already
    customer = live_customer(changes, customer_id, terminal=terminal)
    session.add(
        InvoiceOrder(
            id=fact.id,
            source="till",
            fact_id=fact.id,
            receipt_id=receipt_id,
            number=str(payload.get("number", "")),
            customer_id=customer.id,
            store_id=terminal.store_id,
            terminal_id=terminal.id,
            currency=currency,
            price_mode="gross",
            net_minor=sum(line["net_minor"] for line in lines),
            tax_minor=sum(line["tax_minor"] for line in lines),
            total_minor=total,
            lines=lines,
            tax_lines=taxes or taxes_of(lines),
            created_at=now,
        )
    )
