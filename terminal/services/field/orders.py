"""Sales orders at the customer's prices, their status from head office, invoice orders.

Saving a draft order records a ``sales_order`` fact (``SO-<store>-<terminal>-<n>``):
the rep has confirmed it with the customer. Head office then moves it on
(``sales_orders`` rows: confirmed, delivered, invoiced, cancelled), pulled back
here. Until that row arrives the order shows as ``waiting to sync`` (not pushed
yet) or ``entered``. A delivered order can be invoiced: an ``invoice_order``
fact (``IO-...``) that head office turns into a numbered invoice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from kassa.core.ids import new_id
from kassa.sync.field_facts import (
    InvoiceOrderFact,
    OfferAcceptance,
    OrderCancelledFact,
    RepRef,
    SalesOrderFact,
    payload_of,
)
from kassa.sync.models import TABLE_MODELS
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import InvalidInput, NotFound
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.drafts import Draft, priced
from kassa.terminal.services.field.own_facts import own_facts
from kassa.terminal.services.field.tables import as_uuid

ORDER_TYPES = ("sales_order", "order_cancelled", "invoice_order")


@dataclass(frozen=True)
class OrderView:
    order: SalesOrderFact
    status: str  # waiting to sync | entered | confirmed | delivered | invoiced | cancelled
    recorded_at: datetime
    invoice_order_number: str = ""

    @property
    def number(self) -> str:
        return self.order.number or ""


def rep_ref(ctx: FieldContext) -> RepRef:
    operator = ctx.rep()
    return RepRef(user_id=operator.user_id, name=operator.name)


class OrderBook:
    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx

    def save(
        self, draft: Draft, *, offer: OfferAcceptance | None = None, line_ids: Any = None
    ) -> OrderView:
        """Record the draft as a confirmed sales order (optional lines are refused)."""
        if draft.kind != "sales_order":
            raise InvalidInput("This draft is an offer: save it as an offer")
        amounts = priced(
            draft.lines, kind="sales_order", currency=draft.currency, price_mode=draft.price_mode
        )
        order = SalesOrderFact(
            order_id=new_id(),
            customer=draft.customer,
            rep=rep_ref(self.ctx),
            currency=draft.currency,
            price_mode=draft.price_mode,  # type: ignore[arg-type]
            lines=amounts.lines,
            taxes=amounts.taxes,
            net_minor=amounts.net_minor,
            tax_minor=amounts.tax_minor,
            total_minor=amounts.total_minor,
            notes=draft.notes,
            deal_id=draft.deal_id,
            offer=offer,
            delivery_date=draft.delivery_date,
        )
        fact = self.ctx.record("sales_order", payload_of(order), number_kind="sales_order")
        return self.get(uuid.UUID(fact.payload["order_id"]))

    def list(self, *, customer_id: uuid.UUID | None = None) -> list[OrderView]:
        """The rep's orders on this tablet, newest first, with their status."""
        views, customer_id = self._views(), as_uuid(customer_id)
        if customer_id is not None:
            views = [v for v in views if v.order.customer.customer_id == customer_id]
        return sorted(views, key=lambda v: v.recorded_at, reverse=True)

    def get(self, order_id: uuid.UUID) -> OrderView:
        order_id = as_uuid(order_id)
        for view in self._views():
            if view.order.order_id == order_id:
                return view
        raise NotFound("That order is not on this tablet")

    def cancel(self, order_id: uuid.UUID, *, reason: str) -> OrderView:
        view = self.get(order_id)
        order_id = view.order.order_id
        if view.status in ("delivered", "invoiced", "cancelled"):
            raise InvalidInput(f"Order {view.number} is {view.status}: it cannot be cancelled")
        if not reason.strip():
            raise InvalidInput("Say why the order is cancelled, then confirm")
        fact = OrderCancelledFact(order_id=order_id, reason=reason.strip(), rep=rep_ref(self.ctx))
        self.ctx.record("order_cancelled", payload_of(fact))
        return self.get(order_id)

    def request_invoice(self, order_id: uuid.UUID) -> OrderView:
        """An invoice order for a delivered order; head office issues the invoice."""
        view = self.get(order_id)
        if view.invoice_order_number:
            raise InvalidInput(
                f"Order {view.number} already has invoice order {view.invoice_order_number}"
            )
        if view.status != "delivered":
            raise InvalidInput(
                f"Order {view.number} is {view.status}: only a delivered order is invoiced"
            )
        order = view.order
        fact = InvoiceOrderFact(
            invoice_order_id=new_id(), order_id=order.order_id, customer=order.customer,
            rep=rep_ref(self.ctx), currency=order.currency, price_mode=order.price_mode,
            lines=order.lines, taxes=order.taxes, net_minor=order.net_minor,
            tax_minor=order.tax_minor, total_minor=order.total_minor,
            notes=f"Order {order.number}",
        )  # fmt: skip
        self.ctx.record("invoice_order", payload_of(fact), number_kind="invoice_order")
        return self.get(order_id)

    # -- internals --------------------------------------------------------------------
    def _views(self) -> list[OrderView]:
        with reading(self.ctx.replica) as connection:
            facts = own_facts(connection, ORDER_TYPES)
            statuses = _head_office_statuses(connection)
        cancelled = {f.payload["order_id"] for f in facts if f.type == "order_cancelled"}
        invoiced = {
            f.payload["order_id"]: f.number or ""
            for f in facts
            if f.type == "invoice_order" and "order_id" in f.payload
        }
        views = []
        for f in facts:
            if f.type != "sales_order":
                continue
            order = SalesOrderFact.model_validate(f.payload)
            key = str(order.order_id)
            status = statuses.get(order.order_id) or (
                "waiting to sync" if f.state == "pending" else "entered"
            )
            if key in cancelled and status != "invoiced":
                status = "cancelled"
            views.append(OrderView(order, status, f.device_time, invoiced.get(key, "")))
        return views


def _head_office_statuses(connection) -> dict[uuid.UUID, str]:
    """Order statuses head office sent back (the ``sales_orders`` table), if any."""
    model = TABLE_MODELS.get("sales_orders")
    if model is None:
        return {}
    table = model.__table__  # type: ignore[attr-defined]
    try:
        rows = connection.execute(select(table.c.id, table.c.status)).all()
    except OperationalError:  # the device database has no such table yet (older migration)
        return {}
    return {row.id: row.status for row in rows}
