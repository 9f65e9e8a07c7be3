"""``FieldSales``: every use case of a rep's tablet, and ``build_field_services`` wiring it.

Built from the till's ``Pos`` (same sign-in, fact log, replica, clock, print
queue and sync nudge), so one app serves both; call it off the UI thread like
``Pos``. ``field_sales_for(pos)`` is what the terminal's UI and the e2e tests use.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kassa.sync.models import Store
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.field.activities import Agenda
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.customer_360 import Customer360, customer_360
from kassa.terminal.services.field.customers import CustomerBook
from kassa.terminal.services.field.deals import Pipeline
from kassa.terminal.services.field.documents import Documents
from kassa.terminal.services.field.draft_desk import DraftDesk
from kassa.terminal.services.field.invoices import InvoiceShelf
from kassa.terminal.services.field.offers import OfferDesk
from kassa.terminal.services.field.orders import OrderBook
from kassa.terminal.services.field.prices import CustomerPrices
from kassa.terminal.services.field.targets import Targets


@dataclass
class FieldSales:
    ctx: FieldContext
    customers: CustomerBook
    prices: CustomerPrices
    drafts: DraftDesk
    agenda: Agenda
    orders: OrderBook
    offers: OfferDesk
    pipeline: Pipeline
    invoices: InvoiceShelf
    targets: Targets
    documents: Documents

    def customer_360(self, customer_id: uuid.UUID) -> Customer360:
        return customer_360(self, customer_id)


def build_field_services(ctx: FieldContext) -> FieldSales:
    customers = CustomerBook(ctx)
    prices = CustomerPrices(ctx)
    drafts = DraftDesk(ctx, customers, prices)
    orders = OrderBook(ctx)
    offers = OfferDesk(ctx, drafts, orders)
    invoices = InvoiceShelf(ctx)
    return FieldSales(
        ctx=ctx,
        customers=customers,
        prices=prices,
        drafts=drafts,
        agenda=Agenda(ctx),
        orders=orders,
        offers=offers,
        pipeline=Pipeline(ctx, offers, orders),
        invoices=invoices,
        targets=Targets(ctx, orders),
        documents=Documents(
            ctx, customers=customers, offers=offers, orders=orders, invoices=invoices
        ),
    )


def field_sales_for(
    pos: Any, *, documents: Any = None, pdf_dir: Path | None = None, zone: tzinfo | None = None
) -> FieldSales:
    """The field services on a built ``Pos`` (``kassa.terminal.bootstrap.build_pos``);
    days and times in ``zone`` (default: the tablet's local time zone)."""
    extras = pos.extras
    replica, identity = extras["replica"], extras["identity"]
    devices = extras.get("devices")
    with reading(replica) as connection:
        store = connection.execute(
            select(Store.__table__.c.name).where(Store.__table__.c.id == identity.store_id)  # type: ignore[attr-defined]
        ).first()
    ctx = FieldContext(
        auth=pos.auth,
        facts=pos.sale.ctx.facts,
        replica=replica,
        clock=pos.sale.ctx.clock,
        currency=pos.currency,
        store_id=identity.store_id,
        store_name=store.name if store else "",
        documents=documents or (devices.queue if devices is not None else None),
        nudge=pos.sale.ctx.outputs.nudge_sync,
        pdf_dir=pdf_dir or Path(extras.get("data_dir", ".")) / "documents",
        zone=zone or datetime.now().astimezone().tzinfo,
    )
    return build_field_services(ctx)
