"""Issuing invoices for pending invoice orders, numbered per legal series, with no gaps.

Each invoice is issued in its own write transaction, which:

1. locks the invoice order (``SELECT ... FOR UPDATE``; SQLite's ``BEGIN
   IMMEDIATE`` already holds the database) and skips it if another issuer got
   there first;
2. takes the series' next number by ``UPDATE invoice_series SET last_number =
   last_number + 1 ... RETURNING``, which holds that row locked until commit;
3. writes the invoice (a replicated row, pulled by the devices of the store that
   serves the customer) and marks the invoice order, and its sales order, invoiced.

A failure anywhere rolls the number back with the rest, so a series never has a
gap, and two issuers running at once never share a number or invoice twice.
The default series is ``<store code>-<year>`` of the store the order came from.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.store import Database
from kassa.server.tables import InvoiceOrder, InvoiceSeries
from kassa.sync.models import Customer, Invoice, SalesOrder, Store, utc_now

SERIES_MAX = 20


@dataclass(frozen=True)
class IssuedInvoice:
    id: uuid.UUID
    series: str
    number: int
    invoice_order_id: uuid.UUID
    customer_id: uuid.UUID
    currency: str
    total_minor: int


def pending_invoice_orders(session: Session) -> list[InvoiceOrder]:
    query = select(InvoiceOrder).where(InvoiceOrder.status == "pending")
    return list(session.exec(query.order_by(InvoiceOrder.created_at, InvoiceOrder.id)))


def issue_pending(
    db: Database, *, clock: Callable[[], datetime] = utc_now, series: str | None = None
) -> list[IssuedInvoice]:
    """Invoice every pending invoice order, oldest first; returns what this call issued."""
    if series is not None:
        check_series(series)
    with db.read() as session:
        waiting = [order.id for order in pending_invoice_orders(session)]
    issued = []
    for order_id in waiting:
        with db.write() as session:
            invoice = issue_one(
                ChangeWriter(session, clock=clock), invoice_order_id=order_id, series=series
            )
        if invoice is not None:
            issued.append(invoice)
    return issued


def check_series(series: str) -> str:
    if not series or len(series) > SERIES_MAX or not series.replace("-", "").isalnum():
        raise ServiceError(
            "invalid_series",
            f"invoice series {series!r} must be 1-{SERIES_MAX} letters, digits or '-'",
            status=422,
        )
    return series


def issue_one(
    changes: ChangeWriter, *, invoice_order_id: uuid.UUID, series: str | None = None
) -> IssuedInvoice | None:
    session = changes.session
    order = session.exec(
        select(InvoiceOrder).where(InvoiceOrder.id == invoice_order_id).with_for_update()
    ).first()
    if order is None or order.status != "pending":
        return None  # issued meanwhile by another issuer
    now = changes.clock()
    store = session.get(Store, order.store_id)
    name = check_series(series or f"{store.code if store else 'INV'}-{now.year}")
    number = next_number(session, name)
    customer = session.get(Customer, order.customer_id)
    invoice = Invoice(
        series=name,
        number=number,
        invoice_order_id=order.id,
        customer_id=order.customer_id,
        store_id=(customer.store_id if customer and customer.store_id else order.store_id),
        issued_at=now,
        due_date=now.date() + timedelta(days=customer.payment_terms_days if customer else 0),
        currency=order.currency,
        price_mode=order.price_mode,
        net_minor=order.net_minor,
        tax_minor=order.tax_minor,
        total_minor=order.total_minor,
        lines=list(order.lines),
        tax_lines=list(order.tax_lines),
    )
    changes.save(invoice)
    order.status, order.invoice_id = "invoiced", invoice.id
    session.add(order)
    if order.order_id is not None:
        sales_order = session.get(SalesOrder, order.order_id)
        if sales_order is not None and sales_order.status != "invoiced":
            sales_order.status, sales_order.status_at = "invoiced", now
            sales_order.status_note = f"invoice {name}/{number}"
            changes.save(sales_order)
    return IssuedInvoice(
        id=invoice.id,
        series=name,
        number=number,
        invoice_order_id=order.id,
        customer_id=order.customer_id,
        currency=order.currency,
        total_minor=order.total_minor,
    )


def next_number(session: Session, series: str) -> int:
    """The series' next number; its counter row stays locked until this transaction ends."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(InvoiceSeries)
        .values(series=series, last_number=0)
        .on_conflict_do_nothing(index_elements=["series"])
    )
    result = session.execute(
        text(
            "UPDATE invoice_series SET last_number = last_number + 1 "
            "WHERE series = :series RETURNING last_number"
        ),
        {"series": series},
    )
    return int(result.scalar_one())
